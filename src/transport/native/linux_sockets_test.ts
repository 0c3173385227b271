import net from "node:net";
import { assert, assertEquals } from "../../../tests/_util/assert.ts";
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
    assert(shutdownConnection(port, a.localAddr));
    assertEquals(await a.read(new Uint8Array(1)), null, "a sees the end");
    await bServer.write(new Uint8Array([7]));
    const buf = new Uint8Array(1);
    assertEquals(await b.read(buf), 1, "b is untouched");
    assert(!shutdownConnection(port, { hostname: "127.0.0.1", port: 1 }), "none from port 1");
    assertEquals(setListenerNoDelay(1), false, "nobody listens on port 1 here");
    for (const c of [a, aServer, b, bServer]) c.close();
    listener.close();
  },
});

/** A node:net client bound to `localAddress` (and `localPort`, 0: any). */
async function clientFrom(port: number, localAddress: string, localPort = 0) {
  const socket = net.connect({ host: "127.0.0.1", port, localAddress, localPort });
  await new Promise<void>((resolve, reject) =>
    socket.once("connect", resolve).once("error", reject)
  );
  const ended = new Promise<boolean>((r) => {
    socket.once("end", () => r(true));
    socket.once("close", () => r(true));
  });
  return { socket, ended, localPort: socket.localPort! };
}

Deno.test({
  name: "shutdownConnection: the same port from another address is another connection",
  ignore: !linux,
  async fn() {
    // 127.0.0.2 is loopback too on Linux: two peers with one source port.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = listener.addr.port;
    const a = await clientFrom(port, "127.0.0.1");
    const aServer = await listener.accept();
    const b = await clientFrom(port, "127.0.0.2", a.localPort);
    const bServer = await listener.accept();
    assertEquals((bServer.remoteAddr as Deno.NetAddr).port, a.localPort);
    assert(shutdownConnection(port, aServer.remoteAddr as Deno.NetAddr));
    assert(await a.ended, "a sees the end");
    await bServer.write(new Uint8Array([7]));
    const got = await new Promise<Uint8Array>((r) => b.socket.once("data", r));
    assertEquals([...got], [7], "b, on the same port from 127.0.0.2, is untouched");
    assert(!b.socket.destroyed);
    for (const c of [aServer, bServer]) c.close();
    a.socket.destroy();
    b.socket.destroy();
    listener.close();
  },
});

Deno.test({
  name: "shutdownConnection: IPv6 peers are found by their address too",
  ignore: !linux,
  async fn() {
    let listener: Deno.TcpListener;
    try {
      listener = Deno.listen({ hostname: "::1", port: 0 });
    } catch {
      return; // no IPv6 loopback on this machine
    }
    const port = listener.addr.port;
    const client = await Deno.connect({ hostname: "::1", port });
    const server = await listener.accept();
    const far = server.remoteAddr as Deno.NetAddr;
    assert(!shutdownConnection(port, { hostname: "::2", port: far.port }), "another address");
    assert(shutdownConnection(port, far), `found ${far.hostname}`);
    assertEquals(await client.read(new Uint8Array(1)), null);
    server.close();
    client.close();
    listener.close();
  },
});
