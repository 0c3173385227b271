/**
 * A burst of real apps, more than the pending limit, over a unix socket: every
 * one is served, while connections that never sent anything still give way.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { encodeMessage } from "../../src/protocol/wire.ts";
import { listen } from "../../src/transport/mod.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { textTree, until } from "./_harness.ts";

async function write(conn: Deno.UnixConn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

Deno.test("burst: more real apps than maxPending at once are all served; silent connections still give way", async () => {
  const dir = await Deno.makeTempDir({ prefix: "conns-burst-" });
  const path = `${dir}/vp.sock`;
  const lines: string[] = [];
  const maxPending = 8;
  const host = new SessionHost({
    limits: { maxConnections: 400, maxPending, handshakeTimeoutMs: 600_000 },
    log: (l) => lines.push(l),
  });
  const listener = await listen(`unix://${path}`);
  const served = host.serve(listener);
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
  const apps = 120;
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
    60_000,
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
});
