/**
 * A burst of real apps, more than the pending limit, over a unix socket: every
 * one is served, while connections that never sent anything still give way.
 *
 * Run twice: through `listen()` (Deno's accept, which yields a turn per
 * connection) and through a `node:net` server (src/transport/io/node_accept.ts:
 * what systemd and launchd socket activation, mutual-TLS `tls://` and Windows
 * pipes use). Deno's `node:net` takes a whole backlog in a loop
 * nodeServerInto cannot pause (see its comment for the numbers of
 * `bench/accept_burst.ts`); what keeps a burst harmless there is that those
 * accepts are cheap, so that one gets 1,000 apps at once.
 */
import net from "node:net";
import { assert, assertEquals } from "../_util/assert.ts";
import { encodeMessage } from "../../src/protocol/wire.ts";
import { StreamTransport } from "../../src/transport/core/mod.ts";
import { nodeServerInto, serverListening } from "../../src/transport/io/node_accept.ts";
import { nodeSocketChannel } from "../../src/transport/io/node_socket_channel.ts";
import { listen, type Listener } from "../../src/transport/mod.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { textTree, until } from "./_harness.ts";

async function write(conn: Deno.UnixConn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

/** 30 silent connections, then `apps` apps connecting and sending at once. */
async function burst(
  open: (path: string) => Promise<Listener>,
  apps: number,
  waitMs: number,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "conns-burst-" });
  const path = `${dir}/vp.sock`;
  const lines: string[] = [];
  const host = new SessionHost({
    limits: { maxConnections: apps + 100, maxPending: 8, handshakeTimeoutMs: 600_000 },
    log: (l) => lines.push(l),
  });
  const served = host.serve(await open(path));
  const silentCount = 30;
  const silent: Deno.UnixConn[] = [];
  for (let i = 0; i < silentCount; i++) {
    silent.push(await Deno.connect({ transport: "unix", path }));
  }
  await until(() => host.connectionCount === silentCount, "the silent ones are accepted");
  // Past the grace period a connection that sent nothing counts as silent.
  await new Promise((r) => setTimeout(r, 1100));

  // The burst: every app connects and sends its attach and tree at once, as
  // the SDK does, all before the viewer has read any of them.
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
    waitMs,
  );
  for (let i = 0; i < apps; i++) assertEquals(host.session(`app-${i}`)!.state, "live", `app-${i}`);
  const madeRoom = lines.filter((l) => l.includes("closed to make room"));
  // Only silent connections made room, and they did (the burst filled the pending share).
  assert(madeRoom.length > 0, lines.join("\n"));
  assert(madeRoom.length <= silentCount, `${madeRoom.length} closed to make room`);
  assert(host.pendingCount <= silentCount, `${host.pendingCount} pending`);
  assertEquals(host.connectionCount, apps + silentCount - madeRoom.length);

  for (const c of [...silent, ...conns]) {
    try {
      c.close();
    } catch { /* closed by the viewer */ }
  }
  await host.close();
  await served;
  await Deno.remove(dir, { recursive: true });
}

Deno.test("burst: more real apps than maxPending at once are all served; silent connections still give way", async () => {
  await burst((path) => listen(`unix://${path}`), 120, 60_000);
});

Deno.test("burst through node:net: 1,000 real apps at once are all served; silent connections still give way", async () => {
  await burst(
    async (path) => {
      const server = net.createServer();
      await serverListening(server, { path, backlog: 2048 } as net.ListenOptions);
      const info = { scheme: "systemd", local: "vp.sock (test)" };
      return nodeServerInto(server, `systemd://test`, info, {
        wrap: (socket) => new StreamTransport(nodeSocketChannel(socket), info),
      });
    },
    1000,
    120_000,
  );
});
