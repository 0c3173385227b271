/**
 * Byte-exact golden frames: the first frame at each color depth, a one-cell
 * change, and a wide-character replacement. Each is also replayed through
 * xterm, so a golden is only ever updated to bytes that still show the same
 * screen. When an encoder change is intended, print the new frame with
 * `JSON.stringify` and paste it here after checking the replay.
 */
import { assertEquals } from "../_util/assert.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import type { ColorDepth } from "../../src/render/ansi/color.ts";
import { modelOf } from "./_util.ts";
import { Screen } from "./_xterm.ts";

const SYNC_ON = "\x1b[?2026h", SYNC_OFF = "\x1b[?2026l";
const CLEAR = "\x1b[0m\x1b[H\x1b[2J";

function app() {
  return modelOf({
    id: 1,
    type: "box",
    border: "round",
    title: "Hi",
    padding: [0, 1],
    children: [
      { id: 2, type: "text", content: "Count: 0", bold: true, color: "#ff8800" },
      {
        id: 3,
        type: "text",
        spans: [{ text: "ok " }, { text: "err", style: { color: "red", underline: true } }],
      },
    ],
  });
}

const SCREEN = [
  "╭─ Hi ─────────╮",
  "│ Count: 0     │",
  "│ ok err       │",
  "╰──────────────╯",
];

/** The first frame's bytes between the clear and the end, per depth. */
const FIRST: Record<ColorDepth, string> = {
  truecolor: "\x1b[38;2;69;71;90m╭─ Hi ─────────╮\x1b[2H│\x1b[C\x1b[1;38;2;255;136;0mCount: 0" +
    "\x1b[5C\x1b[22;38;2;69;71;90m│\x1b[3H│\x1b[C\x1b[39mok \x1b[4;31merr\x1b[7C" +
    "\x1b[24;38;2;69;71;90m│\x1b[4H╰──────────────╯",
  "256": "\x1b[38;5;239m╭─ Hi ─────────╮\x1b[2H│\x1b[C\x1b[1;38;5;208mCount: 0" +
    "\x1b[5C\x1b[22;38;5;239m│\x1b[3H│\x1b[C\x1b[39mok \x1b[4;31merr\x1b[7C" +
    "\x1b[24;38;5;239m│\x1b[4H╰──────────────╯",
  "16": "\x1b[90m╭─ Hi ─────────╮\x1b[2H│\x1b[C\x1b[1;33mCount: 0" +
    "\x1b[5C\x1b[22;90m│\x1b[3H│\x1b[C\x1b[39mok \x1b[4;31merr\x1b[7C" +
    "\x1b[24;90m│\x1b[4H╰──────────────╯",
  none: "╭─ Hi ─────────╮\x1b[2H│ \x1b[1mCount: 0\x1b[5C\x1b[22m│\x1b[3H│ ok \x1b[4merr" +
    "\x1b[7C\x1b[24m│\x1b[4H╰──────────────╯",
};

const decode = (b: Uint8Array | null) => b === null ? "<null>" : new TextDecoder().decode(b);

for (const depth of ["truecolor", "256", "16", "none"] as const) {
  Deno.test(`golden: the first frame at color depth ${depth}`, async () => {
    const r = new Renderer({ model: app(), width: 16, height: 4, colorDepth: depth });
    const bytes = decode(r.frame());
    r.close();
    assertEquals(bytes, SYNC_ON + CLEAR + FIRST[depth] + SYNC_OFF);
    const screen = new Screen(16, 4);
    await screen.write(bytes);
    assertEquals(screen.lines(), SCREEN);
    screen.dispose();
  });
}

Deno.test("golden: a one-cell change writes one cursor move and one cell", async () => {
  const model = app();
  const r = new Renderer({ model, width: 16, height: 4, colorDepth: "truecolor" });
  const screen = new Screen(16, 4);
  await screen.write(r.frame());
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: "Count: 1" } }] });
  const change = decode(r.frame());
  assertEquals(change, SYNC_ON + "\x1b[2;10H\x1b[1;38;2;255;136;0m1" + SYNC_OFF);
  await screen.write(change);
  assertEquals(screen.lines()[1], "│ Count: 1     │");
  // Wide characters replace narrow ones; the rest of the old text is blanked.
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: "日本" } }] });
  const wide = decode(r.frame());
  assertEquals(wide, SYNC_ON + "\x1b[2;3H日本\x1b[22;39m    " + SYNC_OFF);
  await screen.write(wide);
  assertEquals(screen.lines()[1], "│ 日本         │");
  assertEquals(decode(r.frame()), "<null>", "nothing changed: no bytes");
  r.close();
  screen.dispose();
});
