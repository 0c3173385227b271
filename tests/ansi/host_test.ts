/**
 * runAnsi with injected streams: frames, input, frame-rate cap, no timers
 * while idle, the text projection file, interrupt and restore.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import type { InputMessage } from "../../src/protocol/messages/types.ts";
import { runAnsi } from "../../src/render/ansi/host.ts";
import { LEAVE } from "../../src/render/ansi/terminal.ts";
import { modelOf } from "./_util.ts";
import { Screen } from "./_xterm.ts";

function streams() {
  let push!: (bytes: string) => void;
  const readable = new ReadableStream<Uint8Array>({
    start(c) {
      push = (s) => c.enqueue(new TextEncoder().encode(s));
    },
  });
  const writes: Uint8Array[] = [];
  const stdout = {
    writeSync(b: Uint8Array) {
      writes.push(b.slice());
      return b.length;
    },
  };
  const text = () => writes.map((w) => new TextDecoder().decode(w)).join("");
  return { stdin: { readable }, stdout, push: (s: string) => push(s), writes, text };
}

const realSetTimeout = globalThis.setTimeout;
const tick = (ms = 0) => new Promise((r) => realSetTimeout(r, ms));

function counter() {
  return modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "text", content: "Count: 0" },
      {
        id: 3,
        type: "box",
        interactive: "clickable",
        children: [{ id: 4, type: "text", content: "[+]" }],
      },
    ],
  });
}

Deno.test("runAnsi: draws, delivers input, redraws on change, restores on close", async () => {
  const io = streams();
  const model = counter();
  const got: InputMessage[] = [];
  const host = runAnsi({
    model,
    ...io,
    env: { COLORTERM: "truecolor" },
    size: { columns: 20, rows: 4 },
    signals: false,
    onInput(msg) {
      got.push(msg);
      if (msg.kind === "click") {
        model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: "Count: 1" } }] });
      }
    },
  });
  const screen = new Screen(20, 4);
  await screen.write(io.text());
  assertEquals(screen.lines().slice(0, 2).map((l) => l.trimEnd()), ["Count: 0", "[+]"]);
  assert(
    io.text().startsWith("\x1b[?1049h\x1b[?25l\x1b[?1000h"),
    "alternate screen, cursor, mouse",
  );
  let seen = io.writes.length;
  io.push("\r");
  // Poll (the redraw follows on the renderer's frame timer, later under load).
  for (const end = Date.now() + 10_000; Date.now() < end;) {
    await tick(20);
    if (io.writes.length > seen) {
      await screen.write(io.writes.slice(seen).map((w) => new TextDecoder().decode(w)).join(""));
      seen = io.writes.length;
    }
    if (got.length >= 2 && screen.lines()[0] === "Count: 1") break;
  }
  assertEquals(got.map((m) => m.kind), ["focus", "click"]);
  assertEquals(screen.lines()[0], "Count: 1");
  await host.close();
  const tail = io.text().slice(-60);
  for (const seq of [LEAVE.mouse, LEAVE.paste, LEAVE.showCursor, LEAVE.altScreen]) {
    assert(tail.includes(seq), `restore writes ${JSON.stringify(seq)}`);
  }
  screen.dispose();
});

Deno.test("runAnsi: at most fps frames, and no timers at all while idle", async () => {
  const io = streams();
  const model = counter();
  let timers = 0;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    timers++;
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout;
  try {
    const host = runAnsi({
      model,
      ...io,
      env: {},
      fps: 20,
      size: { columns: 20, rows: 4 },
      signals: false,
      onInput() {},
    });
    await tick(100);
    const idleStart = timers;
    const framesBefore = io.writes.length;
    await tick(200);
    assertEquals(timers - idleStart, 0, "no timer was set while nothing changed");
    assertEquals(io.writes.length, framesBefore, "and nothing was written");
    // A burst of 50 changes in 250 ms draws at most ~20/s.
    const start = performance.now();
    for (let i = 0; i < 50; i++) {
      model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: `Count: ${i}` } }] });
      await tick(5);
    }
    await tick(60);
    const elapsed = (performance.now() - start) / 1000;
    const frames = io.writes.length - framesBefore;
    assert(
      frames >= 2 && frames <= Math.ceil(elapsed * 20) + 1,
      `${frames} frames in ${elapsed.toFixed(2)} s`,
    );
    await host.close();
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});

Deno.test("runAnsi: writes the live text projection to textPath", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/screen.txt`;
  const io = streams();
  const model = counter();
  const host = runAnsi({
    model,
    ...io,
    env: {},
    size: { columns: 20, rows: 4 },
    textPath: path,
    signals: false,
    onInput() {},
  });
  assertEquals(await Deno.readTextFile(path), "Count: 0\n[+]\n");
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: "Count: 7" } }] });
  await tick(60);
  assertEquals(await Deno.readTextFile(path), "Count: 7\n[+]\n");
  await host.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runAnsi: ctrl+c restores the terminal, then calls onInterrupt", async () => {
  const io = streams();
  let restoredFirst: boolean | undefined;
  const done = Promise.withResolvers<void>();
  const host = runAnsi({
    model: counter(),
    ...io,
    env: {},
    size: { columns: 20, rows: 4 },
    signals: false,
    onInput() {},
    onInterrupt() {
      restoredFirst = io.text().endsWith(LEAVE.altScreen);
      done.resolve();
    },
  });
  io.push("\x03");
  await done.promise;
  assert(restoredFirst, "the terminal was restored before onInterrupt");
  await host.closed;
});

Deno.test("runAnsi: resize relayouts and tells the app", async () => {
  const io = streams();
  const sizes: [number, number][] = [];
  const host = runAnsi({
    model: modelOf({ id: 1, type: "text", content: "one two three" }),
    ...io,
    env: {},
    size: { columns: 20, rows: 3 },
    signals: false,
    onInput() {},
    onResize: (c, r) => sizes.push([c, r]),
  });
  host.resize(7, 3);
  await tick(60);
  const screen = new Screen(7, 3);
  await screen.write(io.text().slice(io.text().lastIndexOf("\x1b[2J") - 7));
  // The bottom row is the key-hint line.
  assertEquals(screen.lines(), ["one two", "three", " q quit"]);
  assertEquals(sizes, [[7, 2]]);
  await host.close();
  screen.dispose();
});
