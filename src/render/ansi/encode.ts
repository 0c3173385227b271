/**
 * Turns the difference between two cell buffers into terminal output: only
 * changed cells, with the fewest cursor moves and pen changes.
 *
 * @module
 */
import { type CellBuffer, WIDE_TAIL } from "./cells.ts";
import { sgr } from "./sgr.ts";

/** Where the terminal's cursor is and which pen is set (`x` -1: unknown). */
export interface Cursor {
  x: number;
  y: number;
  fg: number;
  bg: number;
  attr: number;
}

/**
 * A cursor whose position and pen are unknown.
 *
 * @example
 * ```ts
 * import { unknownCursor } from "./encode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(unknownCursor().x, -1);
 * ```
 */
export function unknownCursor(): Cursor {
  return { x: -1, y: -1, fg: -1, bg: -1, attr: -1 };
}

/** How frame coordinates map to the terminal. */
export interface EncodeTarget {
  /** Column and row of the frame's top-left cell on the screen (absolute mode). */
  originX: number;
  originY: number;
  /**
   * Inline mode: the screen row of the frame is unknown, so every move is
   * relative to the cursor (whose `y` is then a frame row).
   */
  relative: boolean;
  /** Screen columns: writing the last one leaves the cursor in limbo. */
  screenWidth: number;
}

/**
 * Appends to `out` the bytes (as a string) that turn `prev` into `next` on
 * screen, tracking the cursor in `cur`. With `prev` null every cell is drawn.
 *
 * @example
 * ```ts
 * import { CellBuffer } from "./cells.ts";
 * import { encodeDiff, unknownCursor } from "./encode.ts";
 * import assert from "node:assert/strict";
 * const a = new CellBuffer(10, 2), b = new CellBuffer(10, 2);
 * b.put(3, 1, "x", 1, 0, 0, 0);
 * const out = encodeDiff(a, b, { x: 0, y: 0, fg: 0, bg: 0, attr: 0 },
 *   { originX: 0, originY: 0, relative: false, screenWidth: 10 });
 * assert.equal(out, "\x1b[2;4Hx");
 * ```
 */
export function encodeDiff(
  prev: CellBuffer | null,
  next: CellBuffer,
  cur: Cursor,
  target: EncodeTarget,
): string {
  let out = "";
  const w = next.width, h = next.height;
  const nc = next.chars, nf = next.fg, nb = next.bg, na = next.attr;
  const pc = prev?.chars, pf = prev?.fg, pb = prev?.bg, pa = prev?.attr;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let x = 0;
    while (x < w) {
      const i = row + x;
      if (
        pc !== undefined && pc[i] === nc[i] && pf![i] === nf[i] && pb![i] === nb[i] &&
        pa![i] === na[i]
      ) {
        x++;
        continue;
      }
      // Start of a wide grapheme: draw from its first cell.
      let start = x;
      if (nc[i] === WIDE_TAIL && x > 0) start = x - 1;
      out += moveTo(cur, start, y, next, target);
      const j = row + start;
      out += sgr(cur.fg, cur.bg, cur.attr, nf[j], nb[j], na[j]);
      cur.fg = nf[j];
      cur.bg = nb[j];
      cur.attr = na[j];
      const g = nc[j];
      const gw = start + 1 < w && nc[j + 1] === WIDE_TAIL ? 2 : 1;
      out += g;
      cur.x = start + gw;
      if (target.originX + cur.x >= target.screenWidth) cur.x = -1; // pending wrap
      x = start + gw;
    }
  }
  return out;
}

/** The shortest move of the cursor to frame cell (x, y), updating `cur`. */
function moveTo(cur: Cursor, x: number, y: number, buf: CellBuffer, t: EncodeTarget): string {
  if (cur.x === x && cur.y === y) return "";
  let s: string;
  if (t.relative) {
    s = "";
    if (cur.x < 0) {
      // Unknown column (pending wrap): the row is still right.
      s += "\r";
      cur.x = 0;
    }
    if (y < cur.y) s += `\x1b[${cur.y - y}A`;
    else if (y > cur.y) s += `\x1b[${y - cur.y}B`;
    if (x < cur.x) s += x === 0 ? "\r" : `\r\x1b[${x}C`;
    else if (x > cur.x) s += forward(cur, x, y, buf);
  } else if (cur.x >= 0 && cur.y === y && x > cur.x) {
    s = forward(cur, x, y, buf);
  } else {
    const row = t.originY + y + 1, col = t.originX + x + 1;
    s = col === 1 ? `\x1b[${row}H` : `\x1b[${row};${col}H`;
  }
  cur.x = x;
  cur.y = y;
  return s;
}

/** Moves right on the same row: rewrites up to 3 unchanged cells if that is shorter. */
function forward(cur: Cursor, x: number, y: number, buf: CellBuffer): string {
  const gap = x - cur.x;
  if (gap <= 3) {
    const row = y * buf.width;
    let s = "";
    let ok = true;
    for (let k = cur.x; k < x; k++) {
      const i = row + k;
      const g = buf.chars[i];
      if (
        g === WIDE_TAIL || buf.fg[i] !== cur.fg || buf.bg[i] !== cur.bg ||
        buf.attr[i] !== cur.attr || (k + 1 < buf.width && buf.chars[i + 1] === WIDE_TAIL)
      ) {
        ok = false;
        break;
      }
      s += g;
    }
    if (ok) return s;
  }
  return gap === 1 ? "\x1b[C" : `\x1b[${gap}C`;
}
