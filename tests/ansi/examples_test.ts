/**
 * Every example in a terminal in ansi mode: each runs in a pseudo-terminal
 * through the SDK, gets keys, mouse and resizes, and the screen is read back
 * through a headless xterm.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { ENTER } from "../../src/render/ansi/terminal.ts";
import { assertRestored, PtyApp } from "./_pty.ts";
import { counterScreen } from "./_util.ts";
import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";

const ANSI = { VIEWPORT: "ansi:", TERM: "xterm-256color", COLORTERM: "truecolor" };

/** Runs an example; the test body gets the app; it is always cleaned up. */
async function withExample(
  name: string,
  size: { cols: number; rows: number },
  body: (app: PtyApp) => Promise<void>,
  options: { env?: Record<string, string>; args?: string[] } = {},
): Promise<void> {
  const app = new PtyApp(`examples/${name}.ts`, {
    ...size,
    env: { ...ANSI, ...options.env },
    args: options.args,
  });
  try {
    await body(app);
  } finally {
    app.dispose();
  }
}

const pty = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "examples in ansi mode: hello draws, ends by itself, and leaves its text",
  ...pty,
  async fn() {
    await withExample("hello", { cols: 40, rows: 6 }, async (app) => {
      assertEquals((await app.exit()).exitCode, 0);
      assert(app.raw.startsWith(ENTER.altScreen), "drawn on the alternate screen");
      assertRestored(app.raw);
      assertEquals(await app.text(), "Hello, Viewport!");
    });
  },
});

Deno.test({
  name: "examples in ansi mode: files lists a directory and leaves the table as text",
  ...pty,
  async fn() {
    // Tall enough for the whole listing of examples/ and its heading.
    await withExample("files", { cols: 60, rows: 24 }, async (app) => {
      assertEquals((await app.exit()).exitCode, 0);
      assertRestored(app.raw);
      const text = await app.text();
      assertMatch(text, /^Files in examples\nname\s+size\s+modified\n/);
      assertMatch(text, /\ncounter\.ts\s+[0-9.]+ (?:B|KiB)\s+\S+ ago\n/);
    }, { args: ["examples"] });
  },
});

Deno.test({
  name: "examples in ansi mode: counter counts on Enter and a click; SIGTERM restores the terminal",
  ...pty,
  async fn() {
    await withExample("counter", { cols: 30, rows: 8 }, async (app) => {
      await app.waitFor("Counter: 0");
      const lines = await app.lines();
      assertEquals(lines.slice(0, 6), counterScreen(30));
      app.type("\r");
      await app.waitFor("Counter: 1");
      app.click(3, 4);
      await app.waitFor("Counter: 2");
      app.kill("SIGTERM");
      assertEquals((await app.exit()).exitCode, 143);
      assertRestored(app.raw);
      assertEquals((await app.lines()).slice(0, 2), ["Counter: 2", "[+1]"]);
    });
  },
});

Deno.test({
  name: "examples in ansi mode: dashboard is live, colored, and relayouts on resize",
  ...pty,
  async fn() {
    await withExample("dashboard", { cols: 80, rows: 24 }, async (app) => {
      const first = await app.waitFor((s) => s.includes("dashboard started"));
      const lines = first.split("\n");
      assertEquals(lines[0], " Dashboard");
      assert(app.screen.cell(1, 0).bold, "the heading is bold");
      assertMatch(lines[2], /^ [\u2800-\u28ff ]+ service\s+rps\s+p99 ms$/);
      assertMatch(first, /\n deploy [█▏▎▍▌▋▊▉]*░* +\d+%\n/);
      assertMatch(first, /\n ─{78}\n/);
      // The chart: Braille dots in the accent slot on the background slot.
      const row = lines.findIndex((l) => /[\u2801-\u28ff]/.test(l));
      const x = lines[row].search(/[\u2801-\u28ff]/);
      assertEquals(app.screen.cell(x, row).fg, STANDARD_SLOTS.get(2)!.value);
      assertEquals(app.screen.cell(x, row).bg, STANDARD_SLOTS.get(0)!.value);
      // Live: the progress moves by itself.
      const progress = (s: string) => /deploy [█▏▎▍▌▋▊▉░]+ +(\d+)%/.exec(s)?.[1];
      await app.waitFor((s) => progress(s) !== undefined && progress(s) !== progress(first));
      app.resize(50, 20);
      const small = await app.waitFor((s) => s.split("\n").some((l) => /^ ─{48}$/.test(l)));
      assert(small.split("\n").every((l) => l.length <= 50), small);
      assert(small.includes("service"), small);
      app.type("\x03");
      assertEquals((await app.exit()).exitCode, 130);
      assertRestored(app.raw);
      assertMatch(await app.text(), /^Dashboard\nload \d+%/);
    });
  },
});

Deno.test({
  name: "examples in ansi mode: chat takes typed text (wide characters too) and answers",
  ...pty,
  async fn() {
    await withExample("chat", { cols: 80, rows: 12 }, async (app) => {
      await app.waitFor("Welcome!");
      await app.waitFor("Say something and press Enter");
      app.type("héllo 日本");
      await app.waitFor("héllo 日本");
      app.type("\r");
      const screen = await app.waitFor('you said "héllo 日本" (8 characters)');
      assertMatch(screen, /\byou\s+héllo 日本\n/);
      // The field is empty again: its placeholder is back.
      await app.waitFor("Say something and press Enter");
      app.type("\x03");
      assertEquals((await app.exit()).exitCode, 130);
    });
  },
});

Deno.test({
  name: "examples in ansi mode: form moves by Tab, validates, and submits with a click",
  ...pty,
  async fn() {
    await withExample("form", { cols: 60, rows: 16 }, async (app) => {
      await app.waitFor("Fill in the form and press Submit.");
      app.type("Ada\t");
      app.type("ada-at-example\t");
      app.type("36\r");
      await app.waitFor("Please fix: email needs an @");
      // shift+tab: back from the age field to the email field.
      app.type("\x1b[Z");
      app.type("\x7f".repeat(14) + "ada@example.com\r");
      const done = await app.waitFor("Submitted: Ada <ada@example.com>, 36");
      const lines = done.split("\n");
      const row = lines.findIndex((l) => l.includes("Submit") && l.includes("│"));
      assert(row > 0, done);
      app.type("\x1b[Z\x7f\x7f\x7f"); // the name field, emptied
      app.click(lines[row].indexOf("Submit"), row);
      await app.waitFor("Please fix: name is required");
      app.type("\x03");
      assertEquals((await app.exit()).exitCode, 130);
    });
  },
});
