/**
 * The key-hint line the embedded renderer keeps on the bottom row: the app's
 * keybindings and how to quit, so nobody has to guess how to leave.
 *
 * @module
 */
import type { KeyHint } from "./keybindings.ts";
import { segment } from "./width.ts";

const BOLD = "\x1b[1m";
const DIM = "\x1b[2m";
const NORMAL = "\x1b[22m";
const RESET = "\x1b[0m";

/**
 * The line as bytes for one screen row of `width` cells: ` key label  key
 * label`, keys bold and labels dim (attributes only, so `NO_COLOR` terminals
 * show it the same), cut to the width and the rest of the row erased.
 * `plain` drops the attributes (`TERM=dumb`).
 *
 * @example
 * ```ts
 * import { hintLine } from "./hint_line.ts";
 * import assert from "node:assert/strict";
 * const line = hintLine([{ key: "q", label: "quit" }], 20, true);
 * assert.equal(line, "\x1b[0m q quit\x1b[K");
 * ```
 */
export function hintLine(hints: readonly KeyHint[], width: number, plain = false): string {
  let out = RESET;
  let used = 0;
  for (const [i, h] of hints.entries()) {
    const key = clean(h.key), label = clean(h.label);
    const gap = i === 0 ? " " : "  ";
    const cells = segment(gap + key + " " + label, [], []);
    if (used + cells > width) break;
    out += plain ? `${gap}${key} ${label}` : `${gap}${BOLD}${key}${NORMAL} ${DIM}${label}${NORMAL}`;
    used += cells;
  }
  return out + "\x1b[K";
}

function clean(text: string): string {
  // An app's action names reach the terminal here: no control characters.
  // deno-lint-ignore no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, " ");
}
