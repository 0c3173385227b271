/**
 * What a person's hands send: keystrokes, pastes and mouse clicks as terminal
 * bytes. The driver feeds them through the embedded renderer's input handling,
 * so the INPUT messages an app gets (`value_change` per keystroke, focus,
 * click, scroll) are exactly those of the terminal viewer. This is the one
 * place that decides how typing and filling are done.
 *
 * @module
 */
import { graphemes } from "../render/ansi/line_editor.ts";
import { keyBytes } from "./keys.ts";

/**
 * One chunk of terminal input per keystroke of `text`: each character as
 * typed, a newline as Enter, a tab as Tab.
 *
 * @example
 * ```ts
 * import { keystrokes } from "./typing.ts";
 * import assert from "node:assert/strict";
 * assert.equal(keystrokes("hé\n").join("|"), "h|é|\r");
 * ```
 */
export function keystrokes(text: string): string[] {
  const out: string[] = [];
  for (const g of graphemes(text.replace(/\r\n?/g, "\n"))) {
    if (g === "\n") out.push(keyBytes("enter"));
    else if (g === "\t") out.push(keyBytes("tab"));
    else out.push(g);
  }
  return out;
}

/**
 * The input that replaces a focused field's value with `value` in one edit:
 * to the start, delete to the end (only when there is something to delete),
 * then a bracketed paste of the whole value.
 *
 * @example
 * ```ts
 * import { fillInput } from "./typing.ts";
 * import assert from "node:assert/strict";
 * assert.equal(fillInput("old", "new").join("|"), "\x1b[H|\x0b|\x1b[200~new\x1b[201~");
 * assert.equal(fillInput("", "").length, 0);
 * ```
 */
export function fillInput(current: string, value: string): string[] {
  const out: string[] = [];
  if (current !== "") out.push(keyBytes("home"), keyBytes("ctrl+k"));
  if (value !== "") out.push(`\x1b[200~${value.replaceAll("\x1b", "")}\x1b[201~`);
  return out;
}

/**
 * A mouse click (press and release, SGR encoding) at a 0-based cell.
 *
 * @example
 * ```ts
 * import { mouseClick } from "./typing.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mouseClick(2, 4), "\x1b[<0;3;5M\x1b[<0;3;5m");
 * ```
 */
export function mouseClick(x: number, y: number, button: 0 | 1 | 2 = 0): string {
  const at = `${button};${x + 1};${y + 1}`;
  return `\x1b[<${at}M\x1b[<${at}m`;
}
