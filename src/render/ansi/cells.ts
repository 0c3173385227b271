/**
 * A grid of terminal cells: one grapheme per cell (a wide one spans two, the
 * second holding `""`), a foreground, a background and attribute bits.
 *
 * @module
 */

/** Attribute bits of a cell. */
export const BOLD = 1;
/** Faint text. */
export const DIM = 2;
/** Italic text. */
export const ITALIC = 4;
/** Underlined text. */
export const UNDERLINE = 8;
/** Swapped foreground and background. */
export const INVERSE = 16;
/** Struck-through text. */
export const STRIKE = 32;

/** The second cell of a wide grapheme. */
export const WIDE_TAIL = "";

/**
 * A width x height grid of cells.
 *
 * @example
 * ```ts
 * import { CellBuffer } from "./cells.ts";
 * import assert from "node:assert/strict";
 * const b = new CellBuffer(4, 1);
 * b.put(0, 0, "日", 2, 0, 0, 0);
 * b.put(2, 0, "x", 1, 0, 0, 0);
 * assert.equal(b.rowText(0), "日x ");
 * ```
 */
export class CellBuffer {
  width: number;
  height: number;
  chars: string[];
  fg: Int32Array;
  bg: Int32Array;
  attr: Uint16Array;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    const n = width * height;
    this.chars = new Array<string>(n).fill(" ");
    this.fg = new Int32Array(n);
    this.bg = new Int32Array(n);
    this.attr = new Uint16Array(n);
  }

  /** Blanks every cell (space, default colors, no attributes). */
  clear(): void {
    this.chars.fill(" ");
    this.fg.fill(0);
    this.bg.fill(0);
    this.attr.fill(0);
  }

  /** Copies another buffer of the same size. */
  copyFrom(other: CellBuffer): void {
    for (let i = 0; i < other.chars.length; i++) this.chars[i] = other.chars[i];
    this.fg.set(other.fg);
    this.bg.set(other.bg);
    this.attr.set(other.attr);
  }

  /**
   * Writes a grapheme of width `w` (1 or 2) at (x, y). A wide grapheme that
   * does not fit before the right edge becomes a space; half of a wide
   * grapheme that gets overwritten becomes a space.
   */
  put(x: number, y: number, g: string, w: number, fg: number, bg: number, attr: number): void {
    const width = this.width;
    if (x < 0 || y < 0 || x >= width || y >= this.height) return;
    const i = y * width + x;
    const chars = this.chars;
    if (chars[i] === WIDE_TAIL && x > 0) chars[i - 1] = " ";
    if (w === 2 && x + 1 >= width) {
      g = " ";
      w = 1;
    }
    const end = i + w;
    if (end < y * width + width && chars[end] === WIDE_TAIL) chars[end] = " ";
    chars[i] = g;
    this.fg[i] = fg;
    this.bg[i] = bg;
    this.attr[i] = attr;
    if (w === 2) {
      chars[i + 1] = WIDE_TAIL;
      this.fg[i + 1] = fg;
      this.bg[i + 1] = bg;
      this.attr[i + 1] = attr;
    }
  }

  /** Sets the background of a rectangle (clipped) and blanks its text. */
  fill(x0: number, y0: number, x1: number, y1: number, bg: number): void {
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    x1 = Math.min(this.width, x1);
    y1 = Math.min(this.height, y1);
    for (let y = y0; y < y1; y++) {
      const row = y * this.width;
      if (x0 > 0 && this.chars[row + x0] === WIDE_TAIL) this.chars[row + x0 - 1] = " ";
      if (x1 < this.width && this.chars[row + x1] === WIDE_TAIL) this.chars[row + x1] = " ";
      for (let x = x0; x < x1; x++) {
        const i = row + x;
        this.chars[i] = " ";
        this.fg[i] = 0;
        this.bg[i] = bg;
        this.attr[i] = 0;
      }
    }
  }

  /** The text of row `y` (wide graphemes once). */
  rowText(y: number): string {
    let s = "";
    for (let x = 0; x < this.width; x++) s += this.chars[y * this.width + x];
    return s;
  }
}
