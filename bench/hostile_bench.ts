/**
 * Hostile clients against the session host, each next to a benign client of
 * the same size, in one run.
 *
 *   deno bench -A bench/hostile_bench.ts
 *
 * For every case, a fresh child process runs a `SessionHost` (as
 * `viewport --headless` does) with a good app attached, sends the attack (or
 * the benign load), and reports: the worst stall (the longest the event loop
 * was held, from a 1 ms timer's largest gap), the RSS growth at its peak and
 * after a GC, and what the viewer answered. The summary is printed at the end.
 * `deno bench` also times the host's handling of the 1 MiB frames, side by side.
 * RSS includes pages V8 keeps pooled after a burst of allocation (they are
 * reused, not returned); "heap kept" is the live heap (with the array buffers
 * it refers to) after a full GC, what the viewer still holds.
 *
 * @module
 */
import process from "node:process";
import { encodeFrame } from "../src/protocol/frame.ts";
import { StdioSplitter } from "../src/protocol/stdio_splitter.ts";
import type { Message, Patch } from "../src/protocol/messages/types.ts";
import { slot } from "../src/protocol/slot_ref.ts";
import { decodeFrame, encodeMessage, isDecodablePayload } from "../src/protocol/wire.ts";
import { listen, memoryPair, type Transport } from "../src/transport/mod.ts";
import { yieldTurn } from "../src/protocol/yield_turn.ts";
import { SessionHost } from "../viewer/shared/session_host.ts";
import { emptyByteStrings, emptyChunks, nestedKeys } from "../tests/_util/hostile_payloads.ts";

const MiB = 1024 * 1024;
const SELF = new URL(import.meta.url).pathname;

// --- payloads -------------------------------------------------------------

/**
 * A DATA frame of ordinary rows (number, a path of about 60 characters,
 * number), about `size` bytes: under the work budget even at 16 MiB.
 */
function benignRows(size: number, badLast = false): Uint8Array {
  const rows: unknown[][] = [];
  let bytes = 16;
  for (let i = 0; bytes < size; i++) {
    const name = `/srv/data/archive/${i}/report-${i}.txt`.padEnd(60, "_");
    rows.push([i, name, i * 17]);
    bytes += 4 + 2 + name.length + 9 + 9;
  }
  // The attack: the last row's first value is not a uint64 (all rows are checked first).
  if (badLast) rows[rows.length - 1][0] = "x";
  return encodeMessage({ type: "DATA", schema: slot(200), rows });
}

function moves(n: number): Patch[] {
  return Array.from({ length: n }, (_, i) => ({
    target: 1,
    children_move: { from: (i * 7919) % n, to: (i * 104_729) % n },
  }));
}

function sets(n: number): Patch[] {
  return Array.from({ length: n }, (_, i) => ({ target: 2 + i, set: { content: `v${i % 1000}` } }));
}

/** 99,000 patches whose last one names no node: all of it is worked out, then refused. */
function setsFailingLast(n: number): Patch[] {
  return [...sets(n - 1), { target: 4_242_424, set: { content: "v" } }];
}

function bigTree(n: number, dupLast = false): Message {
  return {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: Array.from({ length: n }, (_, i) => ({
        // The attack repeats an id in the last node: refused after all the others are built.
        id: dupLast && i === n - 1 ? 2 : i + 2,
        type: "text" as const,
        props: { content: `${i}` },
      })),
    },
  };
}

const SCHEMA: Message = {
  type: "SCHEMA",
  slot: 200,
  columns: [
    { id: 0, name: "n", type: "uint64" },
    { id: 1, name: "name", type: "string" },
    { id: 2, name: "size", type: "uint64" },
  ],
};
const WIDE_SCHEMA: Message = {
  type: "SCHEMA",
  slot: 201,
  columns: [{ id: 0, name: "s", type: "string" }],
};

/** A case: frames to send after setup, and how many replies or applies end it. */
interface Load {
  setup: Message[];
  frames: () => Uint8Array[];
}

const FRAME_CASES: Record<string, { attack: Load; benign: Load }> = {
  "nested map keys, 1 MiB": {
    attack: { setup: [SCHEMA], frames: () => [encodeFrame(0x03, nestedKeys(MiB - 1005))] },
    benign: { setup: [SCHEMA], frames: () => [benignRows(MiB)] },
  },
  "nested map keys, 16 MiB": {
    attack: { setup: [SCHEMA], frames: () => [encodeFrame(0x03, nestedKeys(16 * MiB - 1100))] },
    benign: { setup: [SCHEMA], frames: () => [benignRows(16 * MiB - 100)] },
  },
  "4,000,000 empty byte strings (3.8 MB)": {
    attack: { setup: [SCHEMA], frames: () => [encodeFrame(0x04, emptyByteStrings(4_000_000))] },
    benign: { setup: [SCHEMA], frames: () => [benignRows(4_000_010)] },
  },
  "16M empty chunks (16 MiB)": {
    attack: { setup: [SCHEMA], frames: () => [encodeFrame(0x04, emptyChunks(16 * MiB - 16))] },
    benign: { setup: [SCHEMA], frames: () => [benignRows(16 * MiB - 16)] },
  },
  "99,000 children_move in one PATCH": {
    attack: {
      setup: [bigTree(99_000)],
      frames: () => [encodeMessage({ type: "PATCH", patches: moves(99_000) })],
    },
    benign: {
      setup: [bigTree(99_000)],
      frames: () => [encodeMessage({ type: "PATCH", patches: sets(99_000) })],
    },
  },
  "99,000 set in one PATCH, the last one failing": {
    attack: {
      setup: [bigTree(99_000)],
      frames: () => [encodeMessage({ type: "PATCH", patches: setsFailingLast(99_000) })],
    },
    benign: {
      setup: [bigTree(99_000)],
      frames: () => [encodeMessage({ type: "PATCH", patches: sets(99_000) })],
    },
  },
  "TREE of 100,000 nodes, the last id repeated": {
    attack: { setup: [bigTree(99_999)], frames: () => [encodeMessage(bigTree(99_999, true))] },
    benign: { setup: [bigTree(99_999)], frames: () => [encodeMessage(bigTree(99_999))] },
  },
  "16 MiB of DATA rows, the last row bad": {
    attack: { setup: [SCHEMA], frames: () => [benignRows(16 * MiB - 100, true)] },
    benign: { setup: [SCHEMA], frames: () => [benignRows(16 * MiB - 100)] },
  },
  "10,000 rows of 64 KiB": {
    attack: {
      setup: [WIDE_SCHEMA],
      frames: () => {
        const wide = "x".repeat(64 * 1024);
        const f = encodeMessage({
          type: "DATA",
          schema: slot(201),
          rows: Array.from({ length: 10 }, () => [wide]),
        });
        return Array.from({ length: 1000 }, () => f);
      },
    },
    benign: {
      setup: [WIDE_SCHEMA],
      frames: () => {
        const f = encodeMessage({
          type: "DATA",
          schema: slot(201),
          rows: Array.from({ length: 10 }, (_, i) => [`row ${i}`]),
        });
        return Array.from({ length: 1000 }, () => f);
      },
    },
  },
};

// --- the child: one case in a fresh process --------------------------------

interface Result {
  stall: number;
  /** The CPU time the process used in the longest-held stretch (load does not inflate it). */
  stallCpu?: number;
  peak: number;
  after: number;
  /**
   * Live JS heap plus external memory (array buffers) after a full GC, minus
   * before: what the viewer still holds.
   */
  heap: number;
  outcome: string;
  ms: number;
  /** Frames of another app applied meanwhile (frame cases). */
  others?: number;
}

function rssNow(): number {
  const statm = Deno.readTextFileSync("/proc/self/statm").split(" ");
  return Number(statm[1]) * 4096;
}

/** CPU time the process has used (all its threads), in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Live JS heap and external memory (retained rows keep their text in array buffers). */
function kept(): number {
  const m = Deno.memoryUsage();
  return m.heapUsed + m.external;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Runs `work` with a 1 ms timer watching the event loop and sampling RSS.
 * `start` runs just before the watch begins: what the bench's own clients do
 * at once (in real use other processes), which is not the viewer's stall.
 */
async function watched(work: () => Promise<string>, start?: () => void): Promise<Result> {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  const base = rssNow();
  const heapBase = kept();
  start?.();
  let last = performance.now();
  let lastCpu = cpuMs();
  let stall = 0;
  let stallCpu = 0;
  let peak = base;
  const probe = setInterval(() => {
    const now = performance.now();
    const cpu = cpuMs();
    stall = Math.max(stall, now - last);
    stallCpu = Math.max(stallCpu, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
    peak = Math.max(peak, rssNow());
  }, 1);
  const started = performance.now();
  const outcome = await work();
  const ms = performance.now() - started;
  clearInterval(probe);
  stall = Math.max(stall, performance.now() - last);
  peak = Math.max(peak, rssNow());
  // Twice: array buffers found dead are freed by a background sweep, which
  // the second collection waits for.
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
  }
  const heap = kept() - heapBase;
  return { stall, stallCpu, peak: peak - base, after: rssNow() - base, heap, outcome, ms };
}

async function reader(t: Transport, got: Message[]): Promise<void> {
  try {
    for await (const f of t.frames()) got.push(decodeFrame(f));
  } catch { /* closed */ }
}

async function until(cond: () => boolean, ms = 300_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function frameCase(load: Load): Promise<Result> {
  const host = new SessionHost();
  const [good, goodEnd] = memoryPair();
  void host.accept(goodEnd);
  await good.send(encodeMessage({ type: "REGION", action: "attach", session: "good" }));
  await good.send(encodeMessage({
    type: "TREE",
    root: { id: 1, type: "text", props: { content: "0" } },
  }));
  const [app, appEnd] = memoryPair({ maxPayload: 16 * MiB });
  const got: Message[] = [];
  void reader(app, got);
  void host.accept(appEnd);
  await app.send(encodeMessage({ type: "REGION", action: "attach", session: "x" }));
  for (const m of load.setup) await app.send(encodeMessage(m));
  await until(() => (host.session("x")?.applied ?? 0) >= load.setup.length);
  const frames = load.frames();
  const goodApplied = () => host.session("good")?.applied ?? 0;
  const othersBefore = goodApplied();
  const result = await watched(async () => {
    const session = host.session("x")!;
    const applied = session.applied;
    const errors = got.filter((m) => m.type === "ERROR").length;
    // One frame per turn, as frames arriving on a socket would.
    for (const f of frames) {
      await app.send(f);
      await yieldTurn();
    }
    // The good app keeps patching while the frames are handled.
    let n = 0;
    const ticker = setInterval(() => {
      void good.send(encodeMessage({
        type: "PATCH",
        patches: [{ target: 1, set: { content: String(++n) } }],
      })).catch(() => {});
    }, 2);
    await until(() =>
      session.applied + got.filter((m) => m.type === "ERROR").length >=
        applied + errors + frames.length
    );
    clearInterval(ticker);
    const err = got.filter((m) => m.type === "ERROR").slice(errors)[0];
    return err?.type === "ERROR" ? `ERROR ${err.code}` : "applied";
  });
  result.others = goodApplied() - othersBefore;
  await app.close();
  await good.close();
  await host.close();
  return result;
}

/** A viewer's host on a unix socket in a temporary directory, for `use`; closed after. */
async function onUnixHost<T>(
  use: (host: SessionHost, connect: () => Promise<Deno.UnixConn>) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir();
  const host = new SessionHost();
  void host.serve(await listen(`unix://${dir}/vp.sock`));
  try {
    return await use(host, () => Deno.connect({ transport: "unix", path: `${dir}/vp.sock` }));
  } finally {
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function neverRead(kind: string): Promise<Result> {
  return onUnixHost(async (host, connect) => {
    const conns = await Promise.all(Array.from({ length: 50 }, connect));
    const each = kind === "attack"
      ? encodeMessage({ type: "PATCH", patches: [{ target: 4242, set: { content: "x" } }] })
      : encodeMessage({ type: "PATCH", patches: [{ target: 1, set: { content: "x" } }] });
    const bursts = conns.map((_, i) => {
      const parts = [
        encodeMessage({ type: "REGION", action: "attach", session: `s${i}` }),
        encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: { content: "" } } }),
        ...Array.from({ length: 20_000 }, () => each),
      ];
      const burst = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((at, p) => (burst.set(p, at), at + p.length), 0);
      return burst;
    });
    let writes: Promise<unknown> = Promise.resolve();
    // Written in full, never read: whatever the viewer answers piles up. The
    // first writes (50 x 200 KB copied into the sockets, 20-35 ms here) are
    // the clients' work, made before the watch starts.
    const write = () =>
      writes = Promise.all(conns.map(async (c, i) => {
        const mine = bursts[i];
        for (let off = 0; off < mine.length;) off += await c.write(mine.subarray(off));
      }));
    const result = await watched(async () => {
      await writes;
      await until(() =>
        host.sessions.reduce((n, s) => n + s.applied + s.rejected, 0) >= 50 * 20_001
      );
      return `${host.sessions.length} sessions`;
    }, write);
    for (const c of conns) c.close();
    return result;
  });
}

function silent(kind: string): Promise<Result> {
  return onUnixHost(async (host, connect) => {
    const conns: Deno.UnixConn[] = [];
    const result = await watched(async () => {
      for (let i = 0; i < 1023; i++) {
        const c = await connect();
        conns.push(c);
        if (kind === "benign") {
          await c.write(encodeMessage({ type: "REGION", action: "attach", session: `a${i}` }));
        }
      }
      // Then a real app: does it get in?
      const app = await connect();
      conns.push(app);
      await app.write(encodeMessage({ type: "REGION", action: "attach", session: "real" }));
      await app.write(encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: {} } }));
      try {
        await until(() => host.session("real")?.applied === 1, 10_000);
        return `real app served; ${host.connectionCount} connections, ${host.pendingCount} pending`;
      } catch {
        return `real app NOT served; ${host.connectionCount} connections`;
      }
    });
    for (const c of conns) c.close();
    return result;
  });
}

function splitter(kind: string): Promise<Result> {
  const n = 4 * MiB;
  const input = new Uint8Array(n);
  if (kind === "attack") {
    for (let i = 0; i + 16 <= n; i += 16) {
      input.set([0x56, 0x50, 1, 2, 0, 0, 1, 0, 0x9f, 0, 0, 0, 0, 0, 0, 0], i);
    }
  } else {
    const line = new TextEncoder().encode("an ordinary line of terminal output, VPN up\n");
    for (let i = 0; i < n; i += line.length) {
      input.set(line.subarray(0, Math.min(line.length, n - i)), i);
    }
  }
  return watched(async () => {
    const s = new StdioSplitter({ isValidPayload: isDecodablePayload });
    let pieces = 0;
    for (let i = 0; i < n; i += 65536) {
      pieces += s.push(input.subarray(i, i + 65536)).length;
      await new Promise((r) => setTimeout(r, 0)); // one read per turn, as a transport does
    }
    pieces += s.flush().length;
    return `${pieces} pieces, ${(n / MiB).toFixed(0)} MiB`;
  });
}

const OTHER_CASES: Record<string, (kind: string) => Promise<Result>> = {
  "50 clients that never read (20,000 frames each)": neverRead,
  "1,023 connections that send nothing": silent,
  "stdio splitter, 4 MiB of header-like text": splitter,
};

async function child(name: string, kind: "attack" | "benign"): Promise<void> {
  const frame = FRAME_CASES[name];
  const result = frame ? await frameCase(frame[kind]) : await OTHER_CASES[name](kind);
  console.log(JSON.stringify(result));
}

// --- the parent: every case in its own process, then the summary -----------

async function runCase(name: string, kind: string, script = SELF): Promise<Result | string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--v8-flags=--expose-gc", script, "--child", name, kind],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(text) as Result;
  } catch {
    return `failed: ${new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)}`;
  }
}

function fmt(r: Result | string): string[] {
  if (typeof r === "string") return [r, "", "", "", "", "", "", ""];
  const mb = (b: number) => `${(b / MiB).toFixed(0)} MB`;
  return [
    `${r.stall.toFixed(1)} ms`,
    r.stallCpu === undefined ? "" : `${r.stallCpu.toFixed(1)} ms`,
    mb(r.peak),
    mb(r.after),
    mb(r.heap),
    `${r.ms.toFixed(0)} ms`,
    r.others === undefined ? "" : String(r.others),
    r.outcome,
  ];
}

if (Deno.args[0] === "--child") {
  await child(Deno.args[1], Deno.args[2] as "attack" | "benign");
} else {
  // HOSTILE_ONLY="a|b" runs the cases whose names contain a or b. HOSTILE_BASE=DIR
  // also runs DIR/bench/hostile_bench.ts (this file, copied into another
  // checkout, e.g. main) for each case, alternating with this one, and prints
  // its worst stall in a "before" column: a side-by-side run under one load.
  // HOSTILE_ROUNDS=n repeats each case n times and reports the median run.
  const only = Deno.env.get("HOSTILE_ONLY")?.split("|");
  const base = Deno.env.get("HOSTILE_BASE");
  const rounds = Number(Deno.env.get("HOSTILE_ROUNDS") ?? 1);
  const median = (rs: (Result | string)[]): Result | string => {
    const ok = rs.filter((r): r is Result => typeof r !== "string");
    if (ok.length === 0) return rs[0];
    return ok.sort((a, b) => a.stall - b.stall)[ok.length >> 1];
  };
  const rows: string[][] = [];
  for (const name of [...Object.keys(FRAME_CASES), ...Object.keys(OTHER_CASES)]) {
    if (only && !only.some((o) => name.includes(o))) continue;
    for (const kind of ["attack", "benign"]) {
      const mine: (Result | string)[] = [], theirs: (Result | string)[] = [];
      for (let i = 0; i < rounds; i++) {
        if (base) theirs.push(await runCase(name, kind, `${base}/bench/hostile_bench.ts`));
        mine.push(await runCase(name, kind));
      }
      const before = base ? median(theirs) : undefined;
      const was = before === undefined ? [] : typeof before === "string" ? [before, ""] : [
        `${before.stall.toFixed(1)} ms`,
        before.stallCpu === undefined ? "" : `${before.stallCpu.toFixed(1)} ms`,
      ];
      rows.push([name, kind, ...was, ...fmt(median(mine))]);
    }
  }
  if (base) globalThis.addEventListener("unload", () => console.log(`\n"before": ${base}`));
  // Side by side in deno bench: the host handling one 1 MiB frame, attack and benign.
  for (const kind of only ? [] : ["attack", "benign"] as const) {
    const load = FRAME_CASES["nested map keys, 1 MiB"][kind];
    const frames = load.frames();
    const host = new SessionHost();
    const [app, end] = memoryPair({ maxPayload: 16 * MiB });
    const got: Message[] = [];
    void reader(app, got);
    void host.accept(end);
    await app.send(encodeMessage({ type: "REGION", action: "attach", session: "x" }));
    for (const m of load.setup) await app.send(encodeMessage(m));
    Deno.bench({
      name: kind,
      group: "host handles a 1 MiB frame (nested map keys vs ordinary rows)",
      baseline: kind === "benign",
      async fn() {
        const before = host.session("x")!.applied + got.length;
        await app.send(frames[0]);
        await until(() => host.session("x")!.applied + got.length > before);
      },
    });
  }
  globalThis.addEventListener("unload", () => {
    const head = [
      "case",
      "client",
      ...(base ? ["before", "before (CPU)"] : []),
      "worst stall",
      "stall (CPU)",
      "RSS peak",
      "RSS after GC",
      "heap kept",
      "time",
      "other app",
      "answer",
    ];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    console.log(`\n${line(head)}\n${line(widths.map((w) => "-".repeat(w)))}`);
    for (const r of rows) console.log(line(r));
  });
}
