/**
 * The terminal-session helper (`TerminalDriver`) with injected streams: what
 * it turns on and off in each mode, the startup query's replies kept out of
 * the keys (whole or in pieces) and waited for before raw mode ends, and a
 * terminal whose output closed reported as a hang-up instead of throwing.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import {
  ENTER,
  LEAVE,
  TerminalDriver,
  type TerminalSignal,
} from "../../src/render/ansi/terminal.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function fake(options: { terminal?: boolean; failWrites?: () => boolean } = {}) {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const calls: string[] = [];
  let out = "";
  return {
    stdin: {
      readable: new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) }),
      setRaw: (on: boolean) => void calls.push(`raw ${on}`),
      isTerminal: () => options.terminal ?? false,
    },
    stdout: {
      writeSync(b: Uint8Array): number {
        if (options.failWrites?.()) throw new Deno.errors.BrokenPipe("gone");
        out += dec.decode(b);
        calls.push("write");
        return b.length;
      },
    },
    type: (s: string) => ctl.enqueue(enc.encode(s)),
    out: () => out,
    calls,
  };
}

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

Deno.test("terminal session: input off draws only (no raw mode, no queries), then restores the cursor", async () => {
  const f = fake();
  const t = new TerminalDriver({ ...f, altScreen: false, input: false, signals: false });
  t.start();
  assertEquals(f.out(), ENTER.hideCursor);
  t.write("drawn");
  await t.restore();
  assertEquals(f.out(), ENTER.hideCursor + "drawn" + LEAVE.reset + LEAVE.showCursor);
  assert(!f.calls.some((c) => c.startsWith("raw")), "raw mode untouched");
});

Deno.test("terminal session: replies to the startup query are not keys, even in pieces", async () => {
  const f = fake();
  const keys: string[] = [];
  const t = new TerminalDriver({ ...f, signals: false });
  t.onInput((b) => keys.push(dec.decode(b)));
  t.start();
  assert(f.out().startsWith(ENTER.altScreen + ENTER.hideCursor + ENTER.mouse + ENTER.paste));
  assert(f.out().endsWith(ENTER.kittyQuery));
  assertEquals(f.calls[0], "raw true");
  f.type("a\x1b[?1u\x1b[?6");
  await tick();
  f.type("2;22cb");
  await tick();
  f.type("\x1b"); // a lone ESC is a key, passed on at once
  await tick();
  assertEquals(keys, ["a", "b", "\x1b"]);
  assert(t.kittyKeyboard, "the kitty reply turned the protocol on");
  assert(f.out().includes(ENTER.kittyPush));
  // After the answer, bytes go through untouched.
  f.type("\x1b[?2004h");
  await tick();
  assertEquals(keys.at(-1), "\x1b[?2004h");
  await t.restore();
  assert(
    f.out().endsWith(
      LEAVE.kittyPop + LEAVE.mouse + LEAVE.paste + LEAVE.reset + LEAVE.showCursor + LEAVE.altScreen,
    ),
  );
  assertEquals(f.calls.at(-1), "raw false");
});

Deno.test("terminal session: restoring waits for the query's answer before raw mode ends", async () => {
  const f = fake({ terminal: true });
  const t = new TerminalDriver({ ...f, signals: false });
  t.start();
  const restored = t.restore();
  await tick(20);
  assert(!f.calls.includes("raw false"), "still raw: the answer has not come");
  f.type("\x1b[?62c");
  await restored;
  assertEquals(f.calls.at(-1), "raw false");
});

Deno.test("terminal session: an output that closed is a hang-up, reported once, never thrown", async () => {
  let fail = false;
  const f = fake({ failWrites: () => fail });
  const signals: TerminalSignal[] = [];
  const t = new TerminalDriver({ ...f, signals: false, onSignal: (s) => signals.push(s) });
  t.start();
  fail = true;
  t.write("frame");
  t.write("another");
  await tick();
  assertEquals(signals, ["SIGHUP"]);
  assert(t.restored, "given up on");
  await t.restore();
  assertEquals(f.calls.at(-1), "raw false", "raw mode still put back");
});
