/**
 * The screen as the embedded ANSI renderer drew it: lines of text, and cells
 * with their colors and attributes on request.
 *
 * @module
 */
import {
  BOLD,
  type CellBuffer,
  DIM,
  INVERSE,
  ITALIC,
  STRIKE,
  UNDERLINE,
  WIDE_TAIL,
} from "../render/ansi/cells.ts";
import { ANSI, PALETTE, paletteRgb, TRUE } from "../render/ansi/color.ts";

/** One cell: its character and its style. */
export interface Cell {
  /** The grapheme ("" for the second half of a wide one). */
  char: string;
  /** `"default"`, `"#rrggbb"`, or `"ansi:N"` (one of the terminal's 16 theme colors). */
  fg: string;
  bg: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  strike: boolean;
}

/**
 * A copy of the screen at one moment (later frames do not change it).
 *
 * @example
 * ```ts
 * import { CellBuffer } from "../render/ansi/cells.ts";
 * import { ScreenShot } from "./screen.ts";
 * import assert from "node:assert/strict";
 * const b = new CellBuffer(4, 2);
 * b.put(0, 0, "h", 1, 0, 0, 1);
 * b.put(1, 0, "i", 1, 0, 0, 0);
 * const shot = new ScreenShot(b);
 * assert.equal(shot.text, "hi");
 * assert.ok(shot.cell(0, 0).bold);
 * ```
 */
export class ScreenShot {
  readonly width: number;
  readonly height: number;
  /** Each row's text, trailing spaces trimmed; as many rows as the screen has. */
  readonly lines: readonly string[];
  #buf: CellBuffer | null;

  constructor(
    buf: CellBuffer | null,
    width: number = buf?.width ?? 0,
    height: number = buf?.height ?? 0,
  ) {
    this.width = width;
    this.height = height;
    this.#buf = buf ? copy(buf) : null;
    const lines: string[] = [];
    for (let y = 0; y < height; y++) {
      lines.push(buf && y < buf.height ? buf.rowText(y).trimEnd() : "");
    }
    this.lines = lines;
  }

  /** The rows joined by newlines, trailing empty rows dropped. */
  get text(): string {
    return this.lines.join("\n").replace(/\n+$/, "");
  }

  /** The cell at column `x`, row `y` (0-based). Throws a RangeError off the screen. */
  cell(x: number, y: number): Cell {
    const b = this.#buf;
    if (
      !b || !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= b.width ||
      y >= b.height
    ) {
      throw new RangeError(`cell ${x},${y} is off the ${this.width}x${this.height} screen`);
    }
    const i = y * b.width + x;
    const a = b.attr[i];
    return {
      char: b.chars[i] === WIDE_TAIL ? "" : b.chars[i],
      fg: colorName(b.fg[i]),
      bg: colorName(b.bg[i]),
      bold: (a & BOLD) !== 0,
      dim: (a & DIM) !== 0,
      italic: (a & ITALIC) !== 0,
      underline: (a & UNDERLINE) !== 0,
      inverse: (a & INVERSE) !== 0,
      strike: (a & STRIKE) !== 0,
    };
  }

  /** The cells of row `y`. */
  row(y: number): Cell[] {
    const out: Cell[] = [];
    for (let x = 0; x < this.width; x++) out.push(this.cell(x, y));
    return out;
  }

  /**
   * Where `text` first appears: `{x, y}` of its first character, or null.
   * Columns count cells (a wide character takes two).
   */
  find(text: string): { x: number; y: number } | null {
    const b = this.#buf;
    if (!b) return null;
    for (let y = 0; y < b.height; y++) {
      const cells: string[] = [];
      for (let x = 0; x < b.width; x++) cells.push(b.chars[y * b.width + x]);
      const at = cells.join("").indexOf(text);
      if (at < 0) continue;
      // Back from string offsets to cells: wide tails are empty strings.
      let len = 0;
      for (let x = 0; x < cells.length; x++) {
        if (len === at) return { x, y };
        len += cells[x].length;
      }
    }
    return null;
  }
}

function copy(b: CellBuffer): CellBuffer {
  const c = Object.create(Object.getPrototypeOf(b)) as CellBuffer;
  c.width = b.width;
  c.height = b.height;
  c.chars = b.chars.slice();
  c.fg = b.fg.slice();
  c.bg = b.bg.slice();
  c.attr = b.attr.slice();
  return c;
}

/**
 * A packed renderer color as text.
 *
 * @example
 * ```ts
 * import { colorName } from "./screen.ts";
 * import { TRUE } from "../render/ansi/color.ts";
 * import assert from "node:assert/strict";
 * assert.equal(colorName(TRUE | 0x3fb950), "#3fb950");
 * assert.equal(colorName(0), "default");
 * ```
 */
export function colorName(c: number): string {
  if (c === 0) return "default";
  const tag = c & (0xff << 24);
  if (tag === TRUE) return hex(c & 0xffffff);
  if (tag === PALETTE) return hex(paletteRgb(c & 0xff));
  if (tag === ANSI) return `ansi:${c & 0xff}`;
  return "default";
}

function hex(rgb: number): string {
  return "#" + rgb.toString(16).padStart(6, "0");
}

/**
 * A screen for failure messages: numbered rows in a frame, so that blank rows
 * and trailing spaces show.
 *
 * @example
 * ```ts
 * import { frameScreen } from "./screen.ts";
 * import assert from "node:assert/strict";
 * assert.ok(frameScreen(["hi", ""], 4).includes("1 │hi  │"));
 * ```
 */
export function frameScreen(lines: readonly string[], width: number): string {
  const pad = String(lines.length).length;
  const out = [`${" ".repeat(pad)} ┌${"─".repeat(width)}┐`];
  lines.forEach((l, i) => {
    out.push(`${String(i + 1).padStart(pad)} │${l}${" ".repeat(Math.max(0, width - cells(l)))}│`);
  });
  out.push(`${" ".repeat(pad)} └${"─".repeat(width)}┘`);
  return out.join("\n");
}

function cells(s: string): number {
  // Good enough for a frame: wide characters make the right edge ragged, not wrong.
  return [...s].length;
}
