// Attacks by a client that knows the format (issue: "No client can stall,
// bloat or impersonate"), each run against the real session host (in this
// process, over memory pairs or unix sockets) or the `viewport` CLI (a process
// whose memory is read from /proc), with bounded input. Bounds are asserted
// through counted work and counted frames, or memory with a wide margin; the
// times are in bench/hostile_bench.ts.
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { emptyByteStrings, emptyChunks, nestedKeys } from "../_util/hostile_payloads.ts";
import { encodeCbor } from "../../src/protocol/cbor/encode.ts";
import { encodeFrame } from "../../src/protocol/frame.ts";
import { FrameDecoder } from "../../src/protocol/frame_decoder.ts";
import type { Message, Patch } from "../../src/protocol/messages/types.ts";
import { slot } from "../../src/protocol/slot_ref.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import { listen, type Listener } from "../../src/transport/mod.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { FakeApp, textTree, until } from "./_harness.ts";
import { viewer } from "./_cli.ts";

const MiB = 1024 * 1024;
const PATCH = 0x03;
const DATA = 0x04;

/** A raw unix-socket client: sends what it is told, reads only when asked. */
class RawClient {
  constructor(readonly conn: Deno.UnixConn) {}

  static async open(path: string): Promise<RawClient> {
    return new RawClient(await Deno.connect({ transport: "unix", path }));
  }

  async send(bytes: Uint8Array): Promise<void> {
    for (let off = 0; off < bytes.length;) off += await this.conn.write(bytes.subarray(off));
  }

  /** Reads until the viewer closes; returns the messages it sent. */
  async readAll(ms = 20_000): Promise<Message[]> {
    const out: Message[] = [];
    const decoder = new FrameDecoder();
    const buf = new Uint8Array(65536);
    const end = Date.now() + ms;
    for (;;) {
      const n = await Promise.race([
        this.conn.read(buf),
        new Promise<"timeout">((r) =>
          setTimeout(() => r("timeout"), Math.max(1, end - Date.now()))
        ),
      ]);
      if (n === "timeout") throw new Error("the viewer did not close the connection");
      if (n === null) return out;
      decoder.write(buf.slice(0, n), (f) => out.push(decodeFrame(f)));
    }
  }

  close(): void {
    try {
      this.conn.close();
    } catch { /* closed */ }
  }
}

/** Resident memory of a process, in bytes. */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return Number(m![1]) * 1024;
}

function frame(message: Message): Uint8Array {
  return encodeMessage(message);
}

async function socketReady(path: string, what: () => string): Promise<void> {
  const end = Date.now() + 30_000;
  while (!(await Deno.lstat(path).then(() => true, () => false))) {
    if (Date.now() > end) throw new Error(`no socket at ${path}: ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A good app that keeps patching its counter; resolves with how many patches were applied. */
function goodApp(host: SessionHost, id: string): { app: FakeApp; tick(n: number): Promise<void> } {
  const app = new FakeApp(host);
  const tick = async (n: number) => {
    await app.send({ type: "PATCH", patches: [{ target: 2, set: { content: String(n) } }] });
  };
  void app.send({ type: "REGION", action: "attach", session: id });
  void app.send(textTree("0"));
  return { app, tick };
}

Deno.test("hostile: maps nested as keys (up to 16 MiB) are refused at their first key; others keep updating", async () => {
  const host = new SessionHost();
  const { app: good, tick } = goodApp(host, "good");
  const bad = new FakeApp(host, {}, 16 * MiB);
  await bad.send({ type: "REGION", action: "attach", session: "bad" });
  for (const size of [1 * MiB, 16 * MiB - 1100]) {
    await bad.sendRaw(encodeFrame(PATCH, nestedKeys(size)));
  }
  for (let i = 1; i <= 50; i++) await tick(i);
  await until(() => bad.of("ERROR").length >= 2, "both refused", 30_000);
  for (const err of bad.of("ERROR")) {
    assertEquals(err.code, "bad_cbor");
    assertMatch(err.message, /map keys must be text strings at offset 1/);
  }
  await until(() => host.session("good")?.text() === "50", "good app kept updating", 30_000);
  assertEquals(bad.closedByPeer, false);
  await good.close();
  await bad.close();
  await host.close();
});

Deno.test("hostile: a 12 MiB frame is decoded in slices: another app is served before it is done", async () => {
  const host = new SessionHost();
  const { app: good, tick } = goodApp(host, "good");
  await until(() => host.session("good")?.text() === "0", "good app up");
  const big = new FakeApp(host, {}, 16 * MiB);
  await big.send({ type: "REGION", action: "attach", session: "big" });
  await big.send({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "n", type: "string" }] });
  await until(() => host.session("big")?.model.data.schema(200) !== undefined, "schema");
  const order: string[] = [];
  host.observe({
    sessionChanged(s, e) {
      if (e.type === "message") order.push(`${s.id}:${e.message.type}`);
    },
  });
  const rows = Array.from({ length: 400_000 }, (_, i) => [`row ${i} of a large table, padded`]);
  const bytes = frame({ type: "DATA", schema: slot(200), rows });
  assert(bytes.length > 12 * MiB, `${bytes.length}`);
  await big.sendRaw(bytes);
  await tick(1);
  await until(() => order.includes("big:DATA"), "the large frame applied", 120_000);
  // The good app's PATCH, sent after the large frame, was applied before it.
  assert(order.indexOf("good:PATCH") < order.indexOf("big:DATA"), order.join(" "));
  assertEquals(host.session("big")!.model.data.schema(200)!.rows.length, 10_000);
  await good.close();
  await big.close();
  await host.close();
});

Deno.test({
  name:
    "hostile: empty byte strings, empty chunks and 64 KiB rows stay within the viewer's memory (real viewer)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "hostile-mem-" });
    const sock = `${dir}/vp.sock`;
    const proc = viewer([
      "--headless",
      "--listen",
      `unix://${sock}`,
      "--max-session-bytes",
      "64M",
      "--max-viewer-bytes",
      "256M",
    ]);
    try {
      await socketReady(sock, () => proc.stderr);
      const pid = proc.child.pid;
      const base = rss(pid);
      // Four sessions, each sent DATA {row: [4,000,000 x h'']} (3.8 MB): before,
      // each took about 1.5 GB and was kept; now each is refused by the decoder's
      // allocation budget.
      for (let i = 0; i < 4; i++) {
        const c = await RawClient.open(sock);
        await c.send(frame({ type: "REGION", action: "attach", session: `bytes-${i}` }));
        await c.send(encodeFrame(DATA, emptyByteStrings(4_000_000)));
        // 16M empty chunks in one indefinite byte string: counted as items.
        await c.send(encodeFrame(DATA, emptyChunks(16 * MiB - 16)));
        await c.send(frame({ type: "REGION", action: "close" }));
        c.conn.closeWrite();
        const replies = (await c.readAll(120_000)).filter((m) => m.type === "ERROR");
        assertEquals(replies.map((m) => m.type === "ERROR" && m.code), ["too_large", "too_large"]);
        c.close();
      }
      // 10,000 rows of 64 KiB strings into one session: kept within --max-session-bytes.
      const rows = await RawClient.open(sock);
      await rows.send(frame({ type: "REGION", action: "attach", session: "rows" }));
      await rows.send(frame({
        type: "SCHEMA",
        slot: 200,
        columns: [{ id: 0, name: "s", type: "string" }],
      }));
      const wide = "x".repeat(64 * 1024);
      for (let i = 0; i < 10_000; i += 10) {
        const batch = Array.from({ length: 10 }, () => [wide]);
        await rows.send(frame({ type: "DATA", schema: slot(200), rows: batch }));
      }
      await rows.send(frame({ type: "REGION", action: "close" }));
      rows.conn.closeWrite();
      await rows.readAll(120_000);
      rows.close();
      const grown = rss(pid) - base;
      // Before: about 6.2 GB for the four sessions, 650 MB more for the rows.
      assert(grown < 700 * MiB, `RSS grew by ${Math.round(grown / MiB)} MiB`);
    } finally {
      proc.kill("SIGTERM");
      await proc.status();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("hostile: retained rows are bounded in bytes per session and across the viewer", async () => {
  const host = new SessionHost({ limits: { maxSessionBytes: 8 * MiB, maxViewerBytes: 20 * MiB } });
  const wide = "y".repeat(64 * 1024);
  const apps: FakeApp[] = [];
  for (let s = 0; s < 4; s++) {
    const app = new FakeApp(host);
    apps.push(app);
    await app.send({ type: "REGION", action: "attach", session: `s${s}` });
    await app.send({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "s", type: "string" }] });
    for (let i = 0; i < 400; i++) await app.send({ type: "DATA", schema: slot(200), row: [wide] });
  }
  await until(() => host.sessions.every((s) => s.applied >= 401), "rows applied", 60_000);
  for (const s of host.sessions) {
    assert(s.model.bytes <= 8 * MiB, `${s.id}: ${s.model.bytes}`);
    const rows = s.model.data.schema(200)!.rows;
    assertEquals(rows.length + rows.dropped, 400, "dropped rows are counted");
  }
  assert(host.bytes <= 20 * MiB, `viewer: ${host.bytes}`);
  // Unconnected sessions give way first when the viewer needs room.
  await apps[0].close();
  const late = new FakeApp(host);
  await late.send({ type: "REGION", action: "attach", session: "late" });
  await late.send({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "s", type: "string" }] });
  for (let i = 0; i < 200; i++) await late.send({ type: "DATA", schema: slot(200), row: [wide] });
  await until(() => (host.session("late")?.applied ?? 0) >= 201, "late rows", 60_000);
  assertEquals(host.session("s0"), undefined, "the unconnected session was evicted");
  assert(host.bytes <= 20 * MiB, `viewer: ${host.bytes}`);
  for (const app of [...apps.slice(1), late]) await app.close();
  await host.close();
});

Deno.test("hostile: clients that never read get a few ERRORs, not one per bad frame", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile-noread-" });
  const host = new SessionHost();
  const listener = await listen(`unix://${dir}/vp.sock`);
  const served = host.serve(listener);
  // Each bad frame would get an ERROR reply: 3,000 of them per client (a PATCH
  // for an unknown node, and a frame that is not CBOR, in turn).
  const frames = [
    frame({ type: "PATCH", patches: [{ target: 4242, set: { content: "x" } }] }),
    encodeFrame(PATCH, new Uint8Array([0xa1, 0x61, 0x78, 0x01, 0xff])),
  ];
  const clients = await Promise.all(
    Array.from({ length: 20 }, () => RawClient.open(`${dir}/vp.sock`)),
  );
  const started = performance.now();
  await Promise.all(clients.map(async (c, i) => {
    const parts = [frame({ type: "REGION", action: "attach", session: `deaf-${i}` })];
    for (let k = 0; k < 3000; k++) parts.push(frames[k % 2]);
    const burst = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (burst.set(p, at), at + p.length), 0);
    await c.send(burst);
  }));
  await until(
    () => host.sessions.length === 20 && host.sessions.every((s) => s.rejected === 3000),
    "all rejected",
    60_000,
  );
  // Only now read what each got: a burst of 20, then "N more errors" summaries.
  const counts = await Promise.all(clients.map(async (c) => {
    const errors: string[] = [];
    const decoder = new FrameDecoder();
    const buf = new Uint8Array(65536);
    const end = Date.now() + 2500; // a summary comes at most a second after the last error
    while (Date.now() < end) {
      const n = await Promise.race([
        c.conn.read(buf),
        new Promise<"idle">((r) => setTimeout(() => r("idle"), end - Date.now())),
      ]);
      if (n === "idle" || n === null) break;
      decoder.write(buf.slice(0, n), (f) => {
        const m = decodeFrame(f);
        if (m.type === "ERROR") errors.push(m.message);
      });
    }
    return errors;
  }));
  // A burst of 20, then 10 a second plus a summary a second, for as long as it took.
  const seconds = Math.ceil((performance.now() - started) / 1000);
  const allowed = 22 + 11 * seconds;
  for (const errors of counts) {
    // Before: 3,000 ERROR frames each.
    assert(
      errors.length > 20 && errors.length <= Math.min(allowed, 300),
      `${errors.length} ERRORs`,
    );
    assert(errors.some((m) => /^\d+ more errors not sent/.test(m)), errors.at(-1));
  }
  for (const c of clients) c.close();
  await host.close();
  await served;
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hostile: an app that does not read what the viewer sends is closed past the send cap", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile-cap-" });
  const lines: string[] = [];
  const host = new SessionHost({ limits: { maxSendQueue: 64 * 1024 }, log: (l) => lines.push(l) });
  const listener = await listen(`unix://${dir}/vp.sock`);
  const served = host.serve(listener);
  const c = await RawClient.open(`${dir}/vp.sock`);
  await c.send(frame({ type: "REGION", action: "attach", session: "deaf" }));
  await until(() => host.session("deaf")?.state === "live", "attached");
  const session = host.session("deaf")!;
  let sent = 0;
  // The user types into it: INPUT after INPUT, never read. Once the backlog
  // passes the cap, sending fails: the viewer closed the connection.
  while (await session.input({ kind: "key", target: 1, key: "a".repeat(200) })) {
    if (++sent > 100_000) throw new Error("never closed");
  }
  // 64 KiB in the queue plus what the socket buffers took.
  assert(sent * 230 < 16 * MiB, `${sent} inputs before the cap`);
  assert(
    lines.some((l) => /it has not read are queued, over the limit of 65536/.test(l)),
    lines.join("\n"),
  );
  await until(() => session.state !== "live", "closed", 30_000);
  c.close();
  await host.close();
  await served;
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hostile: silent connections cannot lock out apps; handshake and idle timeouts close them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile-slots-" });
  const path = `${dir}/vp.sock`;
  const lines: string[] = [];
  const host = new SessionHost({
    limits: { maxConnections: 100, maxPending: 10, handshakeTimeoutMs: 600_000 },
    log: (l) => lines.push(l),
  });
  const listener: Listener = await listen(`unix://${path}`);
  const served = host.serve(listener);
  const silent: RawClient[] = [];
  // A burst: connections a second old or younger are not taken for silent ones.
  for (let i = 0; i < 60; i++) silent.push(await RawClient.open(path));
  await until(() => host.connectionCount === 60, "a burst is accepted");
  await new Promise((r) => setTimeout(r, 1100));
  // Then they are: a real app still gets in, and the silent ones give way.
  const app = await RawClient.open(path);
  await app.send(frame({ type: "REGION", action: "attach", session: "real" }));
  await app.send(frame(textTree("real app")));
  await until(() => host.session("real")?.text() === "real app", "real app served");
  assert(host.pendingCount <= 10, `${host.pendingCount} pending`);
  // Silent connections keep coming; those older than a second keep giving way.
  for (let i = 0; i < 40; i++) silent.push(await RawClient.open(path));
  await new Promise((r) => setTimeout(r, 1100));
  silent.push(await RawClient.open(path));
  await until(() => host.pendingCount <= 10, "pending capped again");
  assert(host.connectionCount <= 12, `${host.connectionCount} connections`);
  for (const c of silent) c.close();
  app.close();
  await host.close();
  await served;

  // Timeouts: nothing sent; only valid frames that never name a session.
  const strict = new SessionHost({
    limits: { handshakeTimeoutMs: 200, idleTimeoutMs: 400 },
    log: (l) => lines.push(l),
  });
  const listener2 = await listen(`unix://${dir}/b.sock`);
  const served2 = strict.serve(listener2);
  const quiet = await RawClient.open(`${dir}/b.sock`);
  const chatty = await RawClient.open(`${dir}/b.sock`);
  await chatty.send(frame({ type: "ERROR", code: "bad_message", message: "just talking" }));
  const [q, ch] = await Promise.all([quiet.readAll(), chatty.readAll()]);
  const last = (ms: Message[]) => ms.filter((m) => m.type === "ERROR").at(-1);
  assertMatch(
    String(last(q)?.type === "ERROR" && last(q)!.message),
    /no valid frame within 200 ms/,
  );
  assertMatch(String(last(ch)?.type === "ERROR" && last(ch)!.message), /no session/);
  quiet.close();
  chatty.close();
  await strict.close();
  await served2;
  await Deno.remove(dir, { recursive: true });
});

function moves(count: number, n: number): Patch[] {
  return Array.from({ length: count }, (_, i) => ({
    target: 1,
    children_move: { from: (i * 7919) % n, to: (i * 104_729) % n },
  }));
}

Deno.test("hostile: 99,000 children_move in one PATCH stop at the work budget; state unchanged", async () => {
  const host = new SessionHost();
  const { app: good, tick } = goodApp(host, "good");
  const bad = new FakeApp(host);
  await bad.send({ type: "REGION", action: "attach", session: "movers" });
  const n = 99_000;
  await bad.send({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: Array.from({ length: n }, (_, i) => ({
        id: i + 2,
        type: "text" as const,
        props: { content: `${i}` },
      })),
    },
  });
  await until(() => host.session("movers")?.model.tree.size === n + 1, "tree", 60_000);
  const tree = host.session("movers")!.model.tree;
  const before = tree.get(1)!.children.map((c) => c.id).join();
  await bad.send({ type: "PATCH", patches: moves(n, n) });
  // With a failing last op: everything undone.
  await bad.send({
    type: "PATCH",
    patches: [...moves(8000, n), { target: 4_242_424, set: { content: "x" } }],
  });
  for (let i = 1; i <= 20; i++) await tick(i);
  await until(() => bad.of("ERROR").length >= 2, "both refused", 60_000);
  const [budget, failing] = bad.of("ERROR");
  assertEquals(budget.code, "too_large");
  assertMatch(budget.message, /more work than the limit/);
  assertEquals(failing.code, "unknown_target");
  assert(tree.lastUndoWork <= tree.lastWork, `undo ${tree.lastUndoWork} > ${tree.lastWork}`);
  assertEquals(tree.get(1)!.children.map((c) => c.id).join(), before);
  await until(() => host.session("good")?.text() === "20", "good app kept updating");
  await good.close();
  await bad.close();
  await host.close();
});

Deno.test({
  name:
    "hostile: the text dir never writes through a symlink; files 0600, new dirs 0700 (real viewer)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "hostile-textdir-" });
    const shared = `${dir}/shared`;
    Deno.mkdirSync(shared, { mode: 0o755 });
    Deno.chmodSync(shared, 0o755);
    const victim = `${dir}/victim`;
    Deno.writeTextFileSync(victim, "precious\n");
    // The target name and the temporary name the writer used to pick.
    Deno.symlinkSync(victim, `${shared}/app.txt`);
    for (let pid = 1; pid < 64; pid++) {
      try {
        Deno.symlinkSync(victim, `${shared}/.app.txt.${pid}.tmp`);
      } catch { /* exists */ }
    }
    const sock = `${dir}/vp.sock`;
    const proc = viewer(["--headless", "--listen", `unix://${sock}`, "--text-dir", shared]);
    const fresh = viewer([
      "--headless",
      "--listen",
      `unix://${dir}/b.sock`,
      "--text-dir",
      `${dir}/made/here`,
    ]);
    try {
      await socketReady(sock, () => proc.stderr);
      await socketReady(`${dir}/b.sock`, () => fresh.stderr);
      for (const path of [sock, `${dir}/b.sock`]) {
        const c = await RawClient.open(path);
        await c.send(frame({ type: "REGION", action: "attach", session: "app" }));
        await c.send(frame(textTree("written by the app")));
        await c.send(frame({ type: "REGION", action: "close" }));
        c.conn.closeWrite();
        await c.readAll();
        c.close();
      }
      for (const file of [`${shared}/app.txt`, `${dir}/made/here/app.txt`]) {
        await until(
          () => {
            try {
              return Deno.readTextFileSync(file) === "written by the app\n";
            } catch {
              return false;
            }
          },
          file,
          20_000,
        );
        const info = Deno.lstatSync(file);
        assert(info.isFile && !info.isSymlink, `${file} is a regular file`);
        assertEquals((info.mode ?? 0) & 0o777, 0o600);
      }
      assertEquals(Deno.readTextFileSync(victim), "precious\n", "the symlink target is untouched");
      assertEquals((Deno.statSync(`${dir}/made/here`).mode ?? 0) & 0o777, 0o700);
      await until(() => /mode 0755/.test(proc.stderr), "warning about the shared dir", 20_000);
    } finally {
      proc.kill("SIGTERM");
      fresh.kill("SIGTERM");
      await proc.status();
      await fresh.status();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("hostile: a session's name cannot be taken without its resume secret", async () => {
  // A transport that proves nothing about the peer (tcp, ws...): secrets apply.
  const host = new SessionHost({ trusted: () => false });
  const owner = new FakeApp(host);
  await owner.send({ type: "REGION", action: "attach", session: "mine" });
  await owner.send(textTree("owner's state"));
  const env = await owner.next("ENV", 2);
  assertEquals(env.session, "mine");
  const secret = env.resume as string;
  assert(typeof secret === "string" && secret.length >= 20, "a resume secret came with ENV");
  await owner.close();
  assertEquals(host.session("mine")?.state, "disconnected");

  const thief = new FakeApp(host);
  await thief.send({ type: "REGION", action: "attach", session: "mine" });
  await thief.send(textTree("thief"));
  const refused = await thief.next("ERROR");
  assertEquals(refused.code, "unauthorized");
  const renamed = await thief.next("ENV", 2);
  assert(renamed.session !== "mine", `the thief got ${renamed.session}`);
  await until(() => host.sessions.some((s) => s.text() === "thief"), "thief's own session");
  assertEquals(host.session("mine")?.text(), "owner's state");
  // A wrong secret is refused the same way.
  const guess = new FakeApp(host);
  await guess.send({ type: "REGION", action: "attach", session: "mine", resume: "x".repeat(24) });
  assertEquals((await guess.next("ERROR")).code, "unauthorized");

  const back = new FakeApp(host);
  await back.send({ type: "REGION", action: "attach", session: "mine", resume: secret });
  await back.send(textTree("owner again"));
  await until(() => host.session("mine")?.text() === "owner again", "the owner is back");
  assertEquals(back.of("ERROR"), []);
  for (const a of [thief, guess, back]) await a.close();
  await host.close();
});

Deno.test("hostile: sessions without a connection expire; the spawned app's does not", async () => {
  const host = new SessionHost({ limits: { sessionTtlMs: 300 } });
  const gone = new FakeApp(host);
  await gone.send({ type: "REGION", action: "attach", session: "gone" });
  const spawned = new FakeApp(host, { session: "spawned" });
  await spawned.send(textTree("child"));
  await until(() => host.session("spawned") !== undefined && host.session("gone") !== undefined);
  await gone.close();
  await spawned.close();
  await until(() => host.session("gone") === undefined, "expired", 20_000);
  assert(host.session("spawned") !== undefined, "the spawned app's session stays");
  await host.close();
});

Deno.test("hostile: a bad frame still gets an ERROR naming the problem, and applied state is kept", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "s" });
  await app.send(textTree("kept"));
  await app.sendRaw(encodeFrame(PATCH, encodeCbor(new Map([[1, 2]]))));
  const err = await app.next("ERROR");
  assertEquals(err.code, "bad_cbor");
  assertMatch(
    err.message,
    /PATCH frame at byte \d+: map key of major type 0: map keys must be text/,
  );
  assertEquals(host.session("s")?.text(), "kept");
  await app.close();
  await host.close();
});

Deno.test("hostile: a text that cannot be built or is too long leaves a visible marker, not a stale file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile-marker-" });
  const { TextDirWriter } = await import("../../viewer/shared/text_dir.ts");
  const host = new SessionHost();
  const writer = new TextDirWriter(dir, { maxTextBytes: 1024 });
  host.observe(writer);
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "big" });
  await app.send(textTree("x".repeat(5000)));
  await until(() => host.session("big")?.applied === 1, "applied");
  await writer.flush();
  const cut = Deno.readTextFileSync(`${dir}/big.txt`);
  assertEquals(cut.slice(0, 1024), "x".repeat(1024));
  assertMatch(
    cut,
    /\[viewport: the text of session "big" is cut here: 3976 more bytes \(of 5000\)/,
  );
  // A projection past V8's string limit throws: the file says so instead of
  // keeping its last text.
  const session = host.session("big")!;
  session.text = () => {
    throw new RangeError("Invalid string length");
  };
  await app.send({ type: "PATCH", patches: [{ target: 2, set: { content: "y" } }] });
  await until(() => session.applied === 2, "applied");
  await writer.flush();
  assertEquals(
    Deno.readTextFileSync(`${dir}/big.txt`),
    '[viewport: the text of session "big" could not be built: Invalid string length]\n',
  );
  await app.close();
  await host.close();
  await writer.flush(); // the close's last write, before the directory goes
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hostile: a PATCH of 99,000 sets is applied in slices: other apps are served meanwhile, readers see no partial frame, a failing last op changes nothing", async () => {
  const host = new SessionHost();
  const { app: good, tick } = goodApp(host, "good");
  const big = new FakeApp(host, {}, 16 * MiB);
  await big.send({ type: "REGION", action: "attach", session: "big" });
  const n = 99_000;
  await big.send({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: Array.from({ length: n }, (_, i) => ({
        id: i + 2,
        type: "text" as const,
        props: { content: `old ${i}` },
      })),
    },
  });
  await until(() => host.session("big")?.model.tree.size === n + 1, "tree", 60_000);
  const session = host.session("big")!;
  const oldText = session.text();
  // Instrumented: is the big frame being applied (staged) right now?
  const model = session.model;
  const applySteps = model.applySteps.bind(model);
  let applying = false;
  model.applySteps = function* (message, origin) {
    applying = true;
    try {
      return yield* applySteps(message, origin);
    } finally {
      applying = false;
    }
  };
  // What readers see whenever the good app's frames are applied during the big one.
  const seen = new Set<string>();
  let texts = 0;
  host.observe({
    sessionChanged(s, e) {
      if (s.id !== "good" || e.type !== "message" || !applying) return;
      const tree = session.model.tree;
      seen.add(`${tree.get(2)!.props.content}|${tree.get(n + 1)!.props.content}`);
      if (texts++ < 3) assertEquals(session.text(), oldText, "the text showed a partial frame");
    },
  });
  const sets = (value: string): Patch[] =>
    Array.from({ length: n }, (_, i) => ({ target: i + 2, set: { content: `${value} ${i}` } }));
  let ticks = 0;
  let stop = false;
  const ticking = (async () => {
    while (!stop) {
      await tick(++ticks);
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  const applied = session.applied;
  await big.send({ type: "PATCH", patches: sets("new") });
  await until(() => session.applied > applied, "the big PATCH applied", 120_000);
  assertEquals(
    [...seen],
    [`old 0|old ${n - 1}`],
    "frames of the good app were not applied during the big one, or a reader saw it partly",
  );
  assertEquals(session.model.tree.get(n + 1)!.props.content, `new ${n - 1}`);
  // The same with a failing last op: an ERROR naming it, nothing applied.
  seen.clear();
  await big.send({
    type: "PATCH",
    patches: [...sets("bad"), { target: 4_242_424, set: { content: "x" } }],
  });
  await until(() => big.of("ERROR").length >= 1, "the failing PATCH refused", 120_000);
  const [err] = big.of("ERROR");
  assertEquals(err.code, "unknown_target");
  assertMatch(err.message, /patch 99000 of 99001: unknown target id 4242424/);
  assertEquals([...seen], [`new 0|new ${n - 1}`]);
  assertEquals(session.model.tree.get(2)!.props.content, "new 0");
  stop = true;
  await ticking;
  await until(() => host.session("good")!.text() === String(ticks), "the good app's last patch");
  await good.close();
  await big.close();
  await host.close();
});
