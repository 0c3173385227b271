/**
 * The SDK in ansi mode: `connect()` with `VIEWPORT=ansi:` draws the app on the
 * embedded renderer, and keys, mouse and resizes come back as a viewer's
 * messages. The terminal is a headless xterm fed through injected streams.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import {
  box,
  clickable,
  column,
  connect,
  type ConnectOptions,
  input,
  scroll,
  text,
} from "../../src/mod.ts";
import type { InputMessage, RegionMessage } from "../../src/protocol/messages/types.ts";
import { ENTER, LEAVE } from "../../src/render/ansi/terminal.ts";
import { Screen } from "./_xterm.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A fake terminal: input bytes we send, output replayed into xterm. */
function terminal(columns: number, rows: number) {
  const screen = new Screen(columns, rows);
  let input!: ReadableStreamDefaultController<Uint8Array>;
  let raw = "";
  let last: Promise<void> = Promise.resolve();
  const frameTimes: number[] = [];
  return {
    screen,
    stdin: { readable: new ReadableStream<Uint8Array>({ start: (c) => void (input = c) }) },
    stdout: {
      write: (b: Uint8Array) => b.length,
      writeSync(b: Uint8Array): number {
        const s = decoder.decode(b);
        if (s.startsWith("\x1b[?2026h")) frameTimes.push(performance.now());
        raw += s;
        last = screen.write(b.slice());
        return b.length;
      },
    },
    /** Everything written so far. */
    raw: () => raw,
    /** When each frame was written (performance.now()). */
    frameTimes,
    /** Types bytes into the app. */
    type: (s: string) => input.enqueue(encoder.encode(s)),
    /** The screen once xterm has parsed everything written. */
    async lines(): Promise<string[]> {
      await last;
      return screen.lines();
    },
  };
}

type Term = ReturnType<typeof terminal>;

function options(t: Term, env: Record<string, string>, extra: ConnectOptions = {}) {
  return {
    env: { TERM: "xterm-256color", ...env },
    stdin: t.stdin,
    stdout: t.stdout,
    size: { columns: t.screen.term.cols, rows: t.screen.term.rows },
    ...extra,
  };
}

/** Waits (a few ms at a time, up to 5 s) until `test` passes. */
async function until(test: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test("SDK ansi: the tree is drawn; Enter and a click reach the handlers; the last state stays as text", async () => {
  const t = terminal(30, 8);
  const conn = await connect(options(t, { VIEWPORT: "ansi:", COLORTERM: "truecolor" }));
  assertEquals(conn.outputMode, { type: "ansi", altScreen: true, fps: 30 });
  assert(conn.interactive, "ansi mode takes input");
  // The bottom row is the key-hint line: the app gets the rows above it.
  assertEquals(
    [conn.env.display_width, conn.env.display_height, conn.env.color_depth],
    [30, 7, 24],
  );
  let count = 0;
  const label = text("Count: 0", { id: 2, color: "#ff0000" });
  conn.setTree(column({ id: 1 }, [
    label,
    clickable(box({ id: 3, border: "single", padding: [0, 1] }, [text("+1", { id: 4 })]), () => {
      count++;
      conn.set(label, { content: `Count: ${count}` });
    }),
  ]));
  await conn.flush();
  assertEquals((await t.lines()).slice(0, 4), [
    "Count: 0",
    "┌" + "─".repeat(28) + "┐",
    "│ +1" + " ".repeat(25) + "│",
    "└" + "─".repeat(28) + "┘",
  ]);
  assertEquals(t.screen.cell(0, 0).fg, "#ff0000");
  assert(t.raw().startsWith(ENTER.altScreen), "the alternate screen first");

  t.type("\r"); // the button has the focus
  await until(() => count === 1, "the Enter key's click");
  t.type("\x1b[<0;4;3M\x1b[<0;4;3m"); // on "+1"
  await until(() => count === 2, "the mouse click");
  await conn.flush();
  assertEquals((await t.lines())[0], "Count: 2");

  await conn.close();
  const lines = await t.lines();
  assertEquals(lines.slice(0, 3), ["Count: 2", "+1", ""], "the projection on the normal screen");
  assert(
    t.raw().includes(LEAVE.altScreen + "Count: 2\r\n+1\r\n"),
    JSON.stringify(t.raw().slice(-80)),
  );
  assert(t.raw().includes(LEAVE.showCursor), "cursor shown again");
});

Deno.test("SDK ansi: INPUT events arrive as from a viewer (key, focus, value_change)", async () => {
  const t = terminal(30, 6);
  const conn = await connect(options(t, { VIEWPORT: "ansi:" }));
  const seen: InputMessage[] = [];
  conn.on("input", (m) => seen.push(m));
  let typed = "";
  conn.setTree(column({ id: 1 }, [
    text("Name:", { id: 2 }),
    input({ id: 3, width: 20, onChange: (m: InputMessage) => typed = String(m.value) }),
  ]));
  await conn.flush();
  t.type("héllo");
  await until(() => typed === "héllo", "value_change with the typed text");
  assertEquals(seen[0], { type: "INPUT", kind: "focus", target: 3 });
  await conn.close();
});

Deno.test("SDK ansi: a resize relayouts and tells the app (ENV and REGION resize)", async () => {
  const t = terminal(40, 6);
  let size = { columns: 40, rows: 6 };
  const conn = await connect(
    options(t, { VIEWPORT: "ansi:" }, { size: () => size, signals: true, exit: () => {} }),
  );
  const regions: RegionMessage[] = [];
  conn.on("region", (m) => regions.push(m));
  conn.setTree(box({ id: 1, border: "single", height: "100%" }, [text("hi", { id: 2 })]));
  await conn.flush();
  assertEquals((await t.lines())[0], "┌" + "─".repeat(38) + "┐");
  size = { columns: 24, rows: 4 };
  t.screen.term.resize(24, 4);
  Deno.kill(Deno.pid, "SIGWINCH");
  await until(() => regions.length > 0, "the resize");
  assertEquals(regions, [{ type: "REGION", action: "resize", width: 24, height: 3 }]);
  assertEquals([conn.env.display_width, conn.env.display_height], [24, 3]);
  await conn.flush();
  assertEquals(await t.lines(), [
    "┌" + "─".repeat(22) + "┐",
    "│hi" + " ".repeat(20) + "│",
    "└" + "─".repeat(22) + "┘",
    " q quit",
  ]);
  await conn.close();
});

Deno.test("SDK ansi: ?alt=false draws inline and leaves the last frame in place", async () => {
  const t = terminal(20, 6);
  await t.screen.write("$ app\r\n");
  const conn = await connect(options(t, { VIEWPORT: "ansi:?alt=false" }));
  assertEquals(conn.outputMode, { type: "ansi", altScreen: false, fps: 30 });
  conn.setTree(column({ id: 1 }, [text("one", { id: 2 }), text("two", { id: 3 })]));
  await conn.flush();
  conn.set(3, { content: "three" });
  await conn.close();
  assert(!t.raw().includes(ENTER.altScreen), "no alternate screen");
  assertEquals((await t.lines()).slice(0, 4), ["$ app", "one", "three", ""]);
  assertEquals(t.screen.cursor().y, 3, "the cursor below the frame");
});

Deno.test("SDK ansi: ?fps caps the frame rate; nothing is drawn while idle", async () => {
  const t = terminal(20, 3);
  const conn = await connect(options(t, { VIEWPORT: "ansi:?fps=4" }));
  conn.setTree(text("0", { id: 1 }));
  await conn.flush();
  const before = t.frameTimes.length;
  for (let i = 1; i <= 5; i++) conn.set(1, { content: String(i) });
  await conn.flush();
  // Five changes, one frame, no sooner than a quarter second after the one before.
  assertEquals(t.frameTimes.length, before + 1);
  const gap = t.frameTimes[before] - t.frameTimes[before - 1];
  assert(gap >= 200, `frames ${gap} ms apart`);
  assertEquals((await t.lines())[0], "5");
  await new Promise((r) => setTimeout(r, 300));
  assertEquals(t.frameTimes.length, before + 1, "idle: no frames");
  await conn.close();
});

Deno.test("SDK ansi: pointer motion is tracked only while a node listens for hover", async () => {
  const t = terminal(20, 3);
  const conn = await connect(options(t, { VIEWPORT: "ansi:" }));
  const hovers: InputMessage[] = [];
  conn.setTree(column({ id: 1 }, [text("plain", { id: 2 })]));
  await conn.flush();
  assert(!t.raw().includes(ENTER.hover), "no motion tracking without a listener");
  conn.setTree(column({ id: 1 }, [
    clickable(
      box({ id: 3, onHover: (m: InputMessage) => hovers.push(m) }, [text("hover me", { id: 4 })]),
    ),
  ]));
  await conn.flush();
  assert(t.raw().includes(ENTER.hover), "motion tracking on");
  t.type("\x1b[<35;2;1M");
  await until(() => hovers.length > 0, "a hover event");
  assertEquals(hovers[0].target, 3);
  conn.setTree(text("gone", { id: 5 }));
  await conn.flush();
  assert(t.raw().includes(LEAVE.hover), "motion tracking off");
  await conn.close();
});

Deno.test("SDK ansi: ctrl+c closes the connection, prints the last state, then exits with 130", async () => {
  const t = terminal(20, 4);
  const codes: number[] = [];
  const conn = await connect(options(t, { VIEWPORT: "ansi:" }, { exit: (c) => codes.push(c) }));
  let closed = "";
  conn.on("close", (e) => closed = e.reason);
  conn.setTree(text("bye", { id: 1 }));
  await conn.flush();
  t.type("\x03");
  await until(() => codes.length > 0, "the exit");
  assertEquals(codes, [130]);
  assert(conn.closed && closed !== "", "closed before exiting");
  assertEquals((await t.lines())[0], "bye");
});

Deno.test("SDK ansi: NO_COLOR draws without colors; VIEWPORT_TEXT keeps the projection in a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const t = terminal(20, 3);
    const path = `${dir}/screen.txt`;
    const conn = await connect(
      options(t, { VIEWPORT: "ansi:", NO_COLOR: "1", COLORTERM: "truecolor", VIEWPORT_TEXT: path }),
    );
    assertEquals(conn.env.color_depth, 1);
    conn.setTree(column({ id: 1 }, [text("red", { id: 2, color: "red" }), text("b", { id: 3 })]));
    await conn.flush();
    assertEquals(t.screen.cell(0, 0).fg, "default");
    // deno-lint-ignore no-control-regex
    const sgr = [...t.raw().matchAll(/\x1b\[([0-9;]*)m/g)].flatMap((m) => m[1].split(";"));
    assert(!sgr.some((p) => /^(?:3[0-8]|9[0-7])$/.test(p)), `no foreground colors: ${sgr}`);
    assertEquals(await Deno.readTextFile(path), "red\nb\n");
    await conn.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SDK ansi: an app that ends by itself leaves all of its text; one the user quit, a screenful", async () => {
  let code = -1;
  const run = async (
    end: (conn: Awaited<ReturnType<typeof connect>>, t: Term) => Promise<void>,
  ) => {
    const t = terminal(30, 8);
    const conn = await connect(options(t, { VIEWPORT: "ansi:" }, { exit: (c) => code = c }));
    const log = conn.schema(150, [{ name: "n", type: "int64" }]);
    conn.setTree(column({ id: 1 }, [text("Log", { id: 2 }), scroll({ id: 3, schema: 150 })]));
    conn.data(Array.from({ length: 100 }, (_, i) => [i]), { schema: log });
    await conn.flush();
    await end(conn, t);
    const tail = t.raw().slice(t.raw().lastIndexOf(LEAVE.altScreen) + LEAVE.altScreen.length);
    return { tail: tail.split("\r\n") };
  };
  const self = await run((conn) => conn.close());
  assertEquals(self.tail.slice(0, 4), ["Log", "n", "0", "1"], "every row, as in a pipe");
  assertEquals(self.tail.at(-2), "99");
  const quit = await run(async (_conn, t) => {
    t.type("q");
    await until(() => code === 0, "the exit after q");
  });
  // A screenful: the screen's 8 rows less the hint line and two for the title and header.
  assertEquals(quit.tail.slice(0, 4), ["Log", "n", "(95 earlier rows not shown)", "95"]);
  assertEquals(code, 0, "quitting with q exits 0");
});
