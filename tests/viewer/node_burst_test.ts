/**
 * The burst of tests/viewer/burst_test.ts against a listener served by
 * `node:net` (src/transport/io/node_accept.ts: what systemd and launchd
 * socket activation, mutual-TLS `tls://` and Windows pipes use): every real
 * app is served and only connections that never sent anything give way.
 *
 * Deno's `node:net` takes a whole backlog in a loop nodeServerInto cannot
 * pause (see its comment for the numbers of `bench/accept_burst.ts`); what
 * keeps a burst harmless is that those accepts are cheap. This checks the
 * outcome a viewer needs with the real path and 1,000 apps at once.
 */
import net from "node:net";
import { assert, assertEquals } from "../_util/assert.ts";
import { encodeMessage } from "../../src/protocol/wire.ts";
import { StreamTransport } from "../../src/transport/core/mod.ts";
import { nodeServerInto, serverListening } from "../../src/transport/io/node_accept.ts";
import { nodeSocketChannel } from "../../src/transport/io/node_socket_channel.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { textTree, until } from "./_harness.ts";

async function write(conn: Deno.UnixConn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

Deno.test("node accept burst: 1,000 real apps at once are all served; silent connections still give way", async () => {
  const dir = await Deno.makeTempDir({ prefix: "node-burst-" });
  const path = `${dir}/vp.sock`;
  const lines: string[] = [];
  const host = new SessionHost({
    limits: { maxConnections: 1100, maxPending: 8, handshakeTimeoutMs: 600_000 },
    log: (l) => lines.push(l),
  });
  const server = net.createServer();
  await serverListening(server, { path, backlog: 2048 } as net.ListenOptions);
  const info = { scheme: "systemd", local: "vp.sock (test)" };
  const listener = nodeServerInto(server, `systemd://test`, info, {
    wrap: (socket) => new StreamTransport(nodeSocketChannel(socket), info),
  });
  const served = host.serve(listener);
  const silentCount = 30;
  const silent: Deno.UnixConn[] = [];
  for (let i = 0; i < silentCount; i++) {
    silent.push(await Deno.connect({ transport: "unix", path }));
  }
  await until(() => host.connectionCount === silentCount, "the silent ones are accepted");
  // Past the grace period a connection that sent nothing counts as silent.
  await new Promise((r) => setTimeout(r, 1100));

  const apps = 1000;
  const conns = await Promise.all(Array.from({ length: apps }, async (_, i) => {
    const conn = await Deno.connect({ transport: "unix", path });
    await write(conn, encodeMessage({ type: "REGION", action: "attach", session: `app-${i}` }));
    await write(conn, encodeMessage(textTree(`app ${i}`)));
    return conn;
  }));
  await until(
    () =>
      Array.from({ length: apps }, (_, i) => host.session(`app-${i}`)).every((s, i) =>
        s?.text() === `app ${i}`
      ),
    "every app in the burst served",
    120_000,
  );
  for (let i = 0; i < apps; i++) assertEquals(host.session(`app-${i}`)!.state, "live", `app-${i}`);
  const madeRoom = lines.filter((l) => l.includes("closed to make room"));
  assert(madeRoom.length > 0, lines.join("\n"));
  assert(madeRoom.length <= silentCount, `${madeRoom.length} closed to make room`);
  assertEquals(host.connectionCount, apps + silentCount - madeRoom.length);

  for (const c of [...silent, ...conns]) {
    try {
      c.close();
    } catch { /* closed by the viewer */ }
  }
  await host.close();
  await served;
  await Deno.remove(dir, { recursive: true });
});
