import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { acceptedNoDelay, setListenerNoDelay, shutdownConnection } from "./linux_sockets.ts";

const linux = Deno.build.os === "linux";

Deno.test({
  name: "setListenerNoDelay: connections accepted afterwards start with TCP_NODELAY",
  ignore: !linux,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = listener.addr.port;
    const before = await Deno.connect({ hostname: "127.0.0.1", port });
    const first = await listener.accept();
    assertEquals(acceptedNoDelay(port), [false], "the kernel default");
    assert(setListenerNoDelay(port));
    const after = await Deno.connect({ hostname: "127.0.0.1", port });
    const second = await listener.accept();
    assertEquals(acceptedNoDelay(port).sort(), [false, true], "only the new one inherits it");
    for (const c of [before, first, after, second]) c.close();
    listener.close();
  },
});

Deno.test({
  name: "shutdownConnection: ends exactly the connection named by its ports",
  ignore: !linux,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = listener.addr.port;
    const a = await Deno.connect({ hostname: "127.0.0.1", port });
    const aServer = await listener.accept();
    const b = await Deno.connect({ hostname: "127.0.0.1", port });
    const bServer = await listener.accept();
    assert(shutdownConnection(port, a.localAddr.port));
    assertEquals(await a.read(new Uint8Array(1)), null, "a sees the end");
    await bServer.write(new Uint8Array([7]));
    const buf = new Uint8Array(1);
    assertEquals(await b.read(buf), 1, "b is untouched");
    assert(!shutdownConnection(port, 1), "no connection from port 1");
    assertEquals(setListenerNoDelay(1), false, "nobody listens on port 1 here");
    for (const c of [a, aServer, b, bServer]) c.close();
    listener.close();
  },
});
