/**
 * No work while idle: once what changed is drawn, the ANSI host sets no timer,
 * draws no frame and writes nothing until input or a change arrives, whatever
 * happened before (a first frame, a burst of changes at the frame-rate cap,
 * keys and a lone ESC, mouse motion, a resize, the text projection file), and
 * an SDK app in ansi mode likewise. Timers are counted by wrapping
 * `setTimeout` and `setInterval`, frames by wrapping the renderer's `render`.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { connect, text } from "../../src/mod.ts";
import type { ViewportModel } from "../../src/model/mod.ts";
import { type AnsiHost, type AnsiHostOptions, runAnsi } from "../../src/render/ansi/host.ts";
import { modelOf } from "./_util.ts";

const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;
const sleep = (ms: number) => new Promise((r) => realSetTimeout(r, ms));
// Long enough for a 30 fps host to have drawn several frames, had it wanted to.
const IDLE_MS = 250;

/** Counts timers set and bytes written while `body` runs; restores the globals after. */
async function withCounters(
  body: (c: { timers: () => number; writes: () => number; stdout: StdoutSpy }) => Promise<void>,
): Promise<void> {
  let timers = 0;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    timers++;
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout;
  globalThis.setInterval = ((fn: () => void, ms?: number) => {
    timers++;
    return realSetInterval(fn, ms);
  }) as typeof setInterval;
  const stdout = new StdoutSpy();
  try {
    await body({ timers: () => timers, writes: () => stdout.writes, stdout });
  } finally {
    globalThis.setTimeout = realSetTimeout;
    globalThis.setInterval = realSetInterval;
  }
}

class StdoutSpy {
  writes = 0;
  bytes = 0;
  writeSync(b: Uint8Array): number {
    this.writes++;
    this.bytes += b.length;
    return b.length;
  }
  write(b: Uint8Array): number {
    return this.writeSync(b);
  }
}

function input(): { readable: ReadableStream<Uint8Array>; push(s: string): void } {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const readable = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
  return { readable, push: (s) => ctl.enqueue(new TextEncoder().encode(s)) };
}

/** A host on a 30x5 injected terminal, with its frames counted. */
function start(
  stdout: StdoutSpy,
  options: Partial<AnsiHostOptions> & { model: ViewportModel },
): { host: AnsiHost; frames: () => number } {
  const host = runAnsi({
    stdin: input(),
    stdout,
    env: {},
    size: { columns: 30, rows: 5 },
    signals: false,
    onInput() {},
    ...options,
  });
  return { host, frames: countFrames(host) };
}

/** Counts the renderer's frames (each `frame()` goes through `render()`). */
function countFrames(host: AnsiHost): () => number {
  let frames = 0;
  const r = host.renderer;
  const render = r.render.bind(r);
  r.render = () => {
    frames++;
    return render();
  };
  return () => frames;
}

function app(): ViewportModel {
  return modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "text", content: "Count: 0" },
      { id: 3, type: "input", placeholder: "name" },
      {
        id: 4,
        type: "box",
        interactive: "clickable",
        children: [{ id: 5, type: "text", content: "[+]" }],
      },
    ],
  });
}

/** Asserts that nothing at all happens for IDLE_MS. */
async function assertIdle(
  what: string,
  c: { timers: () => number; writes: () => number },
  frames: () => number,
): Promise<void> {
  const t = c.timers(), w = c.writes(), f = frames();
  await sleep(IDLE_MS);
  assertEquals(c.timers() - t, 0, `${what}: no timer set while idle`);
  assertEquals(frames() - f, 0, `${what}: no frame rendered while idle`);
  assertEquals(c.writes() - w, 0, `${what}: nothing written while idle`);
}

Deno.test("idle: after the first frame the host sets no timer, renders and writes nothing", async () => {
  await withCounters(async (c) => {
    const { host, frames } = start(c.stdout, { model: app() });
    assert(c.writes() > 0, "the first frame was written at start");
    await assertIdle("after the first frame", c, frames);
    await host.close();
  });
});

Deno.test("idle: changes draw at most fps frames, then the host goes quiet again", async () => {
  await withCounters(async (c) => {
    const model = app();
    const { host, frames } = start(c.stdout, { model, fps: 30 });
    const t0 = c.timers();
    const began = performance.now();
    for (let i = 1; i <= 20; i++) {
      model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: `Count: ${i}` } }] });
      await sleep(2);
    }
    await host.drawn();
    // The burst lasts 40 ms on an idle machine and longer on a loaded one: the
    // bound is what 30 fps allows over the time it really took, plus the first.
    const most = Math.ceil((performance.now() - began) / (1000 / 30)) + 1;
    assert(frames() >= 1 && frames() <= most, `${frames()} frames for a burst at 30 fps`);
    assert(c.timers() - t0 <= frames(), "at most one timer per frame");
    await assertIdle("after a burst of changes", c, frames);
    // A change that shows nothing new renders once and writes nothing.
    const w = c.writes();
    model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: "Count: 20" } }] });
    await host.drawn();
    assertEquals(c.writes(), w, "an unchanged screen writes nothing");
    await assertIdle("after a change that showed nothing new", c, frames);
    await host.close();
  });
});

Deno.test("idle: keys, a lone ESC, mouse motion and a resize leave no timer behind", async () => {
  await withCounters(async (c) => {
    const stdin = input();
    const kinds: string[] = [];
    const { host, frames } = start(c.stdout, {
      model: app(),
      stdin,
      hover: true,
      onInput: (m) => void kinds.push(m.kind),
    });
    stdin.push("abc\t");
    await sleep(20);
    await host.drawn();
    await assertIdle("after typing", c, frames);
    // A lone ESC waits briefly for the rest of a sequence: one timer, then quiet.
    const t = c.timers();
    stdin.push("\x1b");
    await sleep(80);
    assert(kinds.includes("key"), "the ESC became a key event");
    assertEquals(c.timers() - t, 1, "one timer resolved the lone ESC");
    await host.drawn();
    await assertIdle("after ESC", c, frames);
    stdin.push("\x1b[<35;3;2M\x1b[<35;4;2M");
    await sleep(20);
    await host.drawn();
    assert(kinds.includes("hover"), "motion over the button reported hover");
    await assertIdle("after mouse motion", c, frames);
    host.resize(40, 6);
    await host.drawn();
    await assertIdle("after a resize", c, frames);
    await host.close();
  });
});

Deno.test("idle: keeping the text projection file adds no work while idle", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await withCounters(async (c) => {
      const model = app();
      const { host, frames } = start(c.stdout, { model, textPath: `${dir}/screen.txt` });
      model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: "Count: 1" } }] });
      await host.drawn();
      assert((await Deno.readTextFile(`${dir}/screen.txt`)).includes("Count: 1"));
      const stat = await Deno.stat(`${dir}/screen.txt`);
      await assertIdle("with a text projection file", c, frames);
      assertEquals((await Deno.stat(`${dir}/screen.txt`)).mtime, stat.mtime, "file untouched");
      await host.close();
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("idle: an SDK app in ansi mode does nothing between changes", async () => {
  await withCounters(async (c) => {
    const conn = await connect({
      env: { VIEWPORT: "ansi:", COLORTERM: "truecolor" },
      stdout: c.stdout,
      size: { columns: 30, rows: 5 },
    });
    const label = text("Count: 0");
    conn.setTree(label);
    await conn.flush();
    const written = c.writes();
    assert(written > 0, "the tree was drawn");
    const t = c.timers();
    await sleep(IDLE_MS);
    assertEquals(c.timers() - t, 0, "no timer while idle");
    assertEquals(c.writes(), written, "nothing written while idle");
    conn.set(label, { content: "Count: 1" });
    await conn.flush();
    assert(c.writes() > written, "a change is drawn");
    const t2 = c.timers(), w2 = c.writes();
    await sleep(IDLE_MS);
    assertEquals(c.timers() - t2, 0, "quiet again after the change");
    assertEquals(c.writes(), w2, "nothing written after the change was drawn");
    await conn.close();
  });
});
