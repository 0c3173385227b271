/**
 * SGR (Select Graphic Rendition) sequences: the shortest change from one pen
 * (colors + attributes) to another.
 *
 * @module
 */
import { ANSI, PALETTE, TRUE } from "./color.ts";
import { BOLD, DIM, INVERSE, ITALIC, STRIKE, UNDERLINE } from "./cells.ts";

const TAG = 0xff << 24;

function colorParams(c: number, bg: boolean): string {
  if (c === 0) return bg ? "49" : "39";
  const tag = c & TAG;
  if (tag === ANSI) {
    const i = c & 15;
    return String((i < 8 ? (bg ? 40 : 30) : (bg ? 92 : 82)) + i);
  }
  if (tag === PALETTE) return `${bg ? 48 : 38};5;${c & 255}`;
  if (tag === TRUE) return `${bg ? 48 : 38};2;${(c >> 16) & 255};${(c >> 8) & 255};${c & 255}`;
  return bg ? "49" : "39";
}

/**
 * The SGR sequence that changes the pen `(fg0, bg0, a0)` into `(fg, bg, a)`,
 * or `""` when they are the same. A `fg0` of -1 means the current pen is
 * unknown: the sequence then starts with a reset.
 *
 * @example
 * ```ts
 * import { sgr } from "./sgr.ts";
 * import { ANSI } from "./color.ts";
 * import { BOLD } from "./cells.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sgr(0, 0, 0, ANSI | 1, 0, BOLD), "\x1b[1;31m");
 * assert.equal(sgr(ANSI | 1, 0, BOLD, 0, 0, 0), "\x1b[22;39m");
 * ```
 */
export function sgr(
  fg0: number,
  bg0: number,
  a0: number,
  fg: number,
  bg: number,
  a: number,
): string {
  if (fg0 === fg && bg0 === bg && a0 === a) return "";
  // Built as one string (no array and join): this runs at every pen change of every frame.
  let p = "";
  if (fg0 === -1) {
    p = ";0";
    fg0 = bg0 = 0;
    a0 = 0;
  }
  const off = a0 & ~a;
  let on = a & ~a0;
  if (off !== 0) {
    if (off & (BOLD | DIM)) {
      // 22 turns off both bold and faint; turn back on whichever stays.
      p += ";22";
      on |= a & (BOLD | DIM);
    }
    if (off & ITALIC) p += ";23";
    if (off & UNDERLINE) p += ";24";
    if (off & INVERSE) p += ";27";
    if (off & STRIKE) p += ";29";
  }
  if (on !== 0) {
    if (on & BOLD) p += ";1";
    if (on & DIM) p += ";2";
    if (on & ITALIC) p += ";3";
    if (on & UNDERLINE) p += ";4";
    if (on & INVERSE) p += ";7";
    if (on & STRIKE) p += ";9";
  }
  if (fg !== fg0) p += ";" + colorParams(fg, false);
  if (bg !== bg0) p += ";" + colorParams(bg, true);
  return p === "" ? "" : `\x1b[${p.slice(1)}m`;
}
