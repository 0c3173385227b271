/**
 * Text as cells: grapheme clusters with widths and a pen per cluster, wrapped
 * by display width at word boundaries, or truncated with an ellipsis.
 *
 * @module
 */
import { segment } from "./width.ts";

/** How a text node fits its width. */
export type TextWrap = "wrap" | "truncate" | "truncate_start" | "truncate_middle" | "clip";

/** One run of styled text: its string and a pen index. */
export interface TextRun {
  text: string;
  pen: number;
}

const NEWLINE = "\n";
const ELLIPSIS = "…";

/**
 * A text segmented once, wrapped per width on demand (the last width's lines
 * are kept).
 *
 * @example
 * ```ts
 * import { TextLayout } from "./text_layout.ts";
 * import assert from "node:assert/strict";
 * const t = new TextLayout([{ text: "hello wide world", pen: 0 }], "wrap");
 * const lines = t.lines(11);
 * assert.equal(lines.length, 2);
 * assert.equal(t.lineText(lines[0]), "hello wide");
 * ```
 */
export class TextLayout {
  /** Grapheme clusters; `"\n"` marks a hard line break. */
  readonly g: string[] = [];
  /** Width in cells of each cluster (0 for a line break). */
  readonly w: number[] = [];
  /** Pen index of each cluster. */
  readonly p: number[] = [];
  readonly mode: TextWrap;
  #maxWidth = -1;
  #minContent = -1;
  #cacheWidth = -2;
  #cacheLines: Line[] = [];

  constructor(runs: readonly TextRun[], mode: TextWrap = "wrap") {
    this.mode = mode;
    let column = 0;
    for (const run of runs) {
      const parts = run.text.split(/\r\n|\r|\n/);
      for (let i = 0; i < parts.length; i++) {
        if (i > 0) {
          this.g.push(NEWLINE);
          this.w.push(0);
          this.p.push(run.pen);
          column = 0;
        }
        const before = this.g.length;
        column = segment(parts[i], this.g, this.w, column);
        for (let k = before; k < this.g.length; k++) this.p.push(run.pen);
      }
    }
  }

  /** Width of the widest hard line (max-content width). */
  get maxWidth(): number {
    if (this.#maxWidth < 0) {
      let max = 0, cur = 0;
      for (let i = 0; i < this.g.length; i++) {
        if (this.g[i] === NEWLINE) cur = 0;
        else if ((cur += this.w[i]) > max) max = cur;
      }
      this.#maxWidth = max;
    }
    return this.#maxWidth;
  }

  /** Number of hard lines. */
  get hardLines(): number {
    let n = 1;
    for (const g of this.g) if (g === NEWLINE) n++;
    return this.g.length === 0 ? 1 : n;
  }

  /** The widest unbreakable run (min-content width); 1 for truncated text. */
  get minContentWidth(): number {
    if (this.#minContent < 0) {
      if (this.mode !== "wrap") this.#minContent = Math.min(1, this.maxWidth);
      else {
        let max = 0, cur = 0;
        for (let i = 0; i < this.g.length; i++) {
          const g = this.g[i];
          if (g === NEWLINE || g === " ") cur = 0;
          else if ((cur += this.w[i]) > max) max = cur;
        }
        this.#minContent = max;
      }
    }
    return this.#minContent;
  }

  /** The lines at `width` cells (`Infinity`: hard lines only). */
  lines(width: number): Line[] {
    const wInt = width === Infinity ? -1 : Math.max(0, Math.floor(width + 1e-6));
    if (wInt === this.#cacheWidth) return this.#cacheLines;
    const out: Line[] = [];
    let start = 0;
    for (let i = 0; i <= this.g.length; i++) {
      if (i === this.g.length || this.g[i] === NEWLINE) {
        this.#fit(start, i, wInt, out);
        start = i + 1;
      }
    }
    this.#cacheWidth = wInt;
    this.#cacheLines = out;
    return out;
  }

  /** The plain text of a line. */
  lineText(line: Line): string {
    let s = "";
    this.forEachCell(line, (g) => s += g);
    return s;
  }

  /** Visits the cells of a line in order: cluster, width, pen (ellipses use the nearest pen). */
  forEachCell(line: Line, visit: (g: string, w: number, pen: number) => void): void {
    const p = this.p;
    if (line.prefix) visit(line.prefix, 1, p[line.start] ?? 0);
    for (let i = line.start; i < line.end; i++) {
      if (line.mid !== undefined && i >= line.mid && i < line.midEnd!) {
        if (i === line.mid) visit(ELLIPSIS, 1, p[i]);
        continue;
      }
      visit(this.g[i], this.w[i], p[i]);
    }
    if (line.suffix) visit(line.suffix, 1, p[Math.max(line.start, line.end - 1)] ?? 0);
  }

  #fit(start: number, end: number, width: number, out: Line[]): void {
    let total = 0;
    for (let i = start; i < end; i++) total += this.w[i];
    if (width < 0 || total <= width) {
      out.push({ start, end, width: total });
      return;
    }
    switch (this.mode) {
      case "wrap":
        this.#wrap(start, end, width, out);
        return;
      case "clip":
        out.push(this.#head(start, end, width));
        return;
      case "truncate":
        out.push(this.#truncateEnd(start, end, width));
        return;
      case "truncate_start":
        out.push(this.#truncateStart(start, end, width));
        return;
      case "truncate_middle":
        out.push(this.#truncateMiddle(start, end, width));
        return;
    }
  }

  #head(start: number, end: number, width: number): Line {
    let w = 0, i = start;
    while (i < end && w + this.w[i] <= width) w += this.w[i++];
    return { start, end: i, width: w };
  }

  #truncateEnd(start: number, end: number, width: number): Line {
    if (width < 1) return { start, end: start, width: 0 };
    const head = this.#head(start, end, width - 1);
    // No space before the ellipsis: "hello …" reads worse than "hello…".
    while (head.end > start && this.g[head.end - 1] === " ") {
      head.end--;
      head.width--;
    }
    return { ...head, suffix: ELLIPSIS, width: head.width + 1 };
  }

  #truncateStart(start: number, end: number, width: number): Line {
    if (width < 1) return { start, end: start, width: 0 };
    let w = 0, i = end;
    while (i > start && w + this.w[i - 1] <= width - 1) w += this.w[--i];
    return { start: i, end, width: w + 1, prefix: ELLIPSIS };
  }

  #truncateMiddle(start: number, end: number, width: number): Line {
    if (width < 3) return this.#truncateEnd(start, end, width);
    const room = width - 1;
    const headRoom = Math.ceil(room / 2);
    let hw = 0, h = start;
    while (h < end && hw + this.w[h] <= headRoom) hw += this.w[h++];
    let tw = 0, t = end;
    while (t > h && tw + this.w[t - 1] <= room - hw) tw += this.w[--t];
    // The line is stored as a range with a hole: cells [start, h) then [t, end).
    return { start, end, width: hw + tw + 1, mid: h, midEnd: t };
  }

  #wrap(start: number, end: number, width: number, out: Line[]): void {
    const g = this.g, w = this.w;
    let lineStart = start;
    // Continuation lines do not start with the spaces they broke at.
    while (lineStart < end) {
      let cur = 0, i = lineStart, lastBreak = -1, content = false;
      for (; i < end; i++) {
        if (g[i] === " ") {
          if (content) lastBreak = i;
        } else content = true;
        if (cur + w[i] > width) break;
        cur += w[i];
      }
      if (i >= end) {
        out.push({ start: lineStart, end, width: cur });
        return;
      }
      let lineEnd: number, next: number;
      if (g[i] === " ") {
        lineEnd = i;
        next = i;
      } else if (lastBreak > lineStart) {
        lineEnd = lastBreak;
        next = lastBreak;
      } else {
        lineEnd = i === lineStart ? i + 1 : i; // a cluster wider than the line
        next = lineEnd;
      }
      let lw = 0;
      while (lineEnd > lineStart && g[lineEnd - 1] === " ") lineEnd--;
      for (let k = lineStart; k < lineEnd; k++) lw += w[k];
      out.push({ start: lineStart, end: lineEnd, width: lw });
      while (next < end && g[next] === " ") next++;
      lineStart = next;
    }
  }
}

/** One laid-out line: clusters `[start, end)` plus an optional ellipsis. */
export interface Line {
  start: number;
  end: number;
  /** Width in cells, ellipsis included. */
  width: number;
  prefix?: string;
  suffix?: string;
  /** Middle truncation: the clusters `[mid, midEnd)` are replaced by an ellipsis. */
  mid?: number;
  midEnd?: number;
}

/**
 * Parses a text node's `wrap` prop.
 *
 * @example
 * ```ts
 * import { parseTextWrap } from "./text_layout.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseTextWrap(false), "truncate");
 * assert.equal(parseTextWrap("truncate-start"), "truncate_start");
 * ```
 */
export function parseTextWrap(value: unknown): TextWrap {
  if (value === false || value === "none" || value === "nowrap") return "truncate";
  if (typeof value !== "string") return "wrap";
  const v = value.toLowerCase().replace(/-/g, "_");
  if (v === "truncate" || v === "truncate_end" || v === "ellipsis") return "truncate";
  if (v === "truncate_start" || v === "truncate_middle" || v === "clip") return v;
  return "wrap";
}
