/**
 * The lines of a data table's window: each value formatted and measured once,
 * then every row built in one pass as both the line the screen shows (values
 * padded or cut to their columns, numbers on the right) and its values
 * tab-separated (the text projection and a browser's accessible name).
 *
 * @module
 */
import type { Column } from "../protocol/messages/types.ts";
import { formatValue } from "../projection/format.ts";
import { fit, textWidth } from "./_width.ts";

/** Cells between columns. */
export const GAP = 2;
/** The widest a column grows from its content. */
export const MAX_WIDTH = 40;

/** True for columns whose values line up on the right. */
export function numeric(c: Column): boolean {
  return c.type === "int64" || c.type === "uint64" || c.type === "float64" ||
    c.type === "duration" || c.format === "human_bytes" || c.format === "percent";
}

// Padding by length, made once (a column is at most MAX_WIDTH wide).
const PADS: string[] = Array.from({ length: MAX_WIDTH + 1 }, (_, n) => " ".repeat(n));
const pad = (n: number) => n <= MAX_WIDTH ? PADS[n] : " ".repeat(n);
const SEP = PADS[GAP];

/**
 * One table's formatted window, kept across renders so that its arrays are
 * reused.
 *
 * @example
 * ```ts
 * import { TableLines } from "./_table_lines.ts";
 * import assert from "node:assert/strict";
 * const cols = [{ id: 0, name: "name", type: "string" as const }, { id: 1, name: "n", type: "int64" as const }];
 * const lines = new TableLines(cols);
 * const widths = [4, 3];
 * const rows = [["a", 7], ["bcdef", 12]];
 * lines.format({ row: (i) => rows[i] }, 0, 2, widths, 0);
 * assert.deepEqual(widths, [5, 3]);
 * lines.build(1, "›", widths);
 * assert.equal(lines.line, "›  bcdef   12");
 * assert.equal(lines.tsv, "bcdef\t12");
 * ```
 */
export class TableLines {
  readonly #cols: readonly Column[];
  readonly #right: readonly boolean[];
  #values: string[] = [];
  #widths: number[] = [];
  /** The last built row's padded line. */
  line = "";
  /** The last built row's values, tab-separated. */
  tsv = "";

  constructor(columns: readonly Column[]) {
    this.#cols = columns;
    this.#right = columns.map(numeric);
  }

  /**
   * Formats rows `start` to `end` of `rows` (`rows.row(i)`), growing `widths`
   * to fit each value (to at most {@linkcode MAX_WIDTH}).
   */
  format(
    rows: { row(i: number): readonly unknown[] },
    start: number,
    end: number,
    widths: number[],
    now: number,
  ): void {
    const cols = this.#cols, n = cols.length;
    const values = this.#values, ws = this.#widths;
    let k = 0;
    for (let i = start; i < end; i++) {
      const r = rows.row(i);
      for (let c = 0; c < n; c++, k++) {
        const v = formatValue(r[c], cols[c], now);
        const w = textWidth(v);
        values[k] = v;
        ws[k] = w;
        if (w > widths[c]) widths[c] = Math.min(MAX_WIDTH, w);
      }
    }
    values.length = ws.length = k;
  }

  /**
   * Builds the `k`th formatted row (from 0) into {@linkcode TableLines.line}
   * (`mark`, then each value in its column of `widths`) and
   * {@linkcode TableLines.tsv}. `mark` is as wide as the mark column.
   */
  build(k: number, mark: string, widths: readonly number[]): void {
    const n = this.#cols.length, values = this.#values, ws = this.#widths, right = this.#right;
    let line = mark, tsv = "";
    for (let c = 0, at = k * n; c < n; c++, at++) {
      const v = values[at], w = ws[at], width = widths[c];
      line += SEP;
      if (w <= width) line += right[c] ? pad(width - w) + v : v + pad(width - w);
      else line += fit(v, width, right[c]);
      tsv = c === 0 ? v : tsv + "\t" + v;
    }
    this.line = line;
    this.tsv = tsv;
  }
}
