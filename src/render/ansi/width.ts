/**
 * Display width of text in terminal cells: grapheme clusters measured with
 * `string-width` (East Asian wide, emoji, combining marks), with a fast path for
 * printable ASCII and common single-cell symbols. Control characters never reach the terminal: they are
 * dropped here (tabs become spaces), so app text cannot inject escape sequences.
 *
 * @module
 */
import stringWidth from "string-width";

// Outside the fast path: anything but printable ASCII and the single-cell
// symbols UIs draw with (bullet, ellipsis, the angle quotes lists mark rows
// with, box drawing, block elements for bars, Braille for canvases). A string
// made only of these is one cell per UTF-16 unit: none combines, none is wide.
const NOT_SIMPLE = /[^\x20-\x7e\u2022\u2026\u2039\u203a\u2500-\u259f\u2800-\u28ff]/;
const segmenter = new Intl.Segmenter();
const widthCache = new Map<string, number>();
const TAB_WIDTH = 4;

/** Width in cells of one grapheme cluster (0, 1 or 2). */
export function graphemeWidth(g: string): number {
  if (g.length === 1) {
    const c = g.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) return 1;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  }
  let w = widthCache.get(g);
  if (w === undefined) {
    w = Math.min(2, stringWidth(g));
    // Bounded: the cache is a speed-up, not a store of everything ever shown.
    if (widthCache.size > 8192) widthCache.clear();
    widthCache.set(g, w);
  }
  return w;
}

/**
 * Splits `text` into printable grapheme clusters and their widths, appending to
 * `out` (and `widths`). Tabs expand to spaces up to the next multiple of four
 * columns counted from `column`; other control characters and zero-width
 * clusters are dropped. Returns the column after the text.
 *
 * @example
 * ```ts
 * import { segment } from "./width.ts";
 * import assert from "node:assert/strict";
 * const g: string[] = [], w: number[] = [];
 * segment("a日\x1b[31m", g, w);
 * assert.equal(g.join(""), "a日[31m");
 * assert.equal(w[1], 2);
 * ```
 */
export function segment(text: string, out: string[], widths: number[], column = 0): number {
  if (!NOT_SIMPLE.test(text)) {
    for (let i = 0; i < text.length; i++) {
      out.push(text[i]);
      widths.push(1);
    }
    return column + text.length;
  }
  for (const { segment: g } of segmenter.segment(text)) {
    if (g === "\t") {
      const n = TAB_WIDTH - (column % TAB_WIDTH);
      for (let i = 0; i < n; i++) {
        out.push(" ");
        widths.push(1);
      }
      column += n;
      continue;
    }
    const w = graphemeWidth(g);
    if (w === 0) continue;
    out.push(g);
    widths.push(w);
    column += w;
  }
  return column;
}

/**
 * True when every UTF-16 unit of `text` is one printable cell on its own (no
 * wide, combining or control characters): its width is its length and
 * {@linkcode segment} would split it into single units.
 *
 * @example
 * ```ts
 * import { isSimpleText } from "./width.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isSimpleText("› photo-1.jpg"), true);
 * assert.equal(isSimpleText("日本"), false);
 * assert.equal(isSimpleText("a\tb"), false);
 * ```
 */
export function isSimpleText(text: string): boolean {
  return !NOT_SIMPLE.test(text);
}

/**
 * Display width of `text` in cells, as {@linkcode segment} lays it out.
 *
 * @example
 * ```ts
 * import { textWidth } from "./width.ts";
 * import assert from "node:assert/strict";
 * assert.equal(textWidth("ab"), 2);
 * assert.equal(textWidth("日本"), 4);
 * assert.equal(textWidth("e\u0301"), 1);
 * ```
 */
export function textWidth(text: string): number {
  if (!NOT_SIMPLE.test(text)) return text.length;
  let column = 0;
  for (const { segment: g } of segmenter.segment(text)) {
    if (g === "\t") column += TAB_WIDTH - (column % TAB_WIDTH);
    else column += graphemeWidth(g);
  }
  return column;
}
