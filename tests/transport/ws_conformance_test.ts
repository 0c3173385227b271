/** Conformance of ws:// and wss:// (one frame per binary message). */
import { conformance } from "./conformance.ts";
import { makeTestCerts, query } from "./certs.ts";
import { listenerHarness } from "./harness.ts";
import { wsClientPeer, wsServerPeer } from "./ws_raw.ts";

const portOf = (uri: string) => Number(new URL(uri.replace(/^wss?:/, "http:")).port);
const rawPeer = (conn: Deno.Conn, role: "client" | "server") =>
  role === "client" ? wsClientPeer(conn, "/viewport") : wsServerPeer(conn);

conformance("ws", () =>
  listenerHarness("ws", "ws://127.0.0.1:0/viewport", {
    rawConnect: (l) => Deno.connect({ hostname: "127.0.0.1", port: portOf(l.uri) }),
    rawListen: () => {
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      return { listener, uri: `ws://127.0.0.1:${listener.addr.port}/viewport` };
    },
    rawPeer,
  }));

conformance(
  "ws with a token",
  () => listenerHarness("ws+token", "ws://127.0.0.1:0/viewport?token=ws-token-0123456789", {}),
);

conformance("wss", async () => {
  const c = await makeTestCerts();
  const ca = Deno.readTextFileSync(c.ca);
  return listenerHarness(
    "wss",
    `wss://127.0.0.1:0/viewport${query({ cert: c.serverCert, key: c.serverKey })}`,
    {
      connectUri: (l) => `${l.uri}${query({ ca: c.ca })}`,
      rawConnect: (l) =>
        Deno.connectTls({ hostname: "127.0.0.1", port: portOf(l.uri), caCerts: [ca] }),
      rawListen: () => {
        const listener = Deno.listenTls({
          hostname: "127.0.0.1",
          port: 0,
          cert: Deno.readTextFileSync(c.serverCert),
          key: Deno.readTextFileSync(c.serverKey),
        });
        return {
          listener,
          uri: `wss://127.0.0.1:${listener.addr.port}/viewport${query({ ca: c.ca })}`,
        };
      },
      rawPeer,
      dispose: () => c.remove(),
    },
  );
});
