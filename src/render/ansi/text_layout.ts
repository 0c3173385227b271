/**
 * Text as cells: grapheme clusters with widths and a pen per cluster, wrapped
 * by display width at word boundaries, or truncated with an ellipsis.
 *
 * @module
 */
import { isSimpleText, segment } from "./width.ts";

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
 * A text of one run whose every UTF-16 unit is one cell (most of what apps
 * show: ASCII, bullets, box drawing) is not split into per-cluster arrays:
 * its lines are computed from the string itself, and `g`, `w` and `p` are
 * made only if something asks for them. Scrolling a list changes the text of
 * every row in view on every step, so this is most of a frame's allocation.
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
  readonly mode: TextWrap;
  /**
   * The text when it is one run of single-cell units (see above), else null.
   * Cluster `i` is then `simple[i]`, of width 1 and pen `simplePen`.
   */
  readonly simple: string | null = null;
  /** The pen of every cluster of a simple text. */
  readonly simplePen: number = 0;
  #g: string[] | null = null;
  #w: number[] | null = null;
  #p: number[] | null = null;
  #runs: readonly TextRun[];
  #maxWidth = -1;
  #minContent = -1;
  #cacheWidth = -2;
  #cacheLines: Line[] = [];
  #whole: Line[] | null = null;

  constructor(runs: readonly TextRun[], mode: TextWrap = "wrap") {
    this.mode = mode;
    this.#runs = runs;
    if (runs.length === 1 && isSimpleText(runs[0].text)) {
      this.simple = runs[0].text;
      this.simplePen = runs[0].pen;
    } else this.#segment();
  }

  /** Grapheme clusters; `"\n"` marks a hard line break. */
  get g(): string[] {
    return this.#g ?? this.#segment()[0];
  }

  /** Width in cells of each cluster (0 for a line break). */
  get w(): number[] {
    return this.#w ?? this.#segment()[1];
  }

  /** Pen index of each cluster. */
  get p(): number[] {
    return this.#p ?? this.#segment()[2];
  }

  /** Number of clusters (line breaks included). */
  get length(): number {
    return this.simple !== null ? this.simple.length : this.#g!.length;
  }

  #segment(): [string[], number[], number[]] {
    const g: string[] = [], w: number[] = [], p: number[] = [];
    this.#g = g;
    this.#w = w;
    this.#p = p;
    let column = 0;
    for (const run of this.#runs) {
      const parts = run.text.split(/\r\n|\r|\n/);
      for (let i = 0; i < parts.length; i++) {
        if (i > 0) {
          g.push(NEWLINE);
          w.push(0);
          p.push(run.pen);
          column = 0;
        }
        const before = g.length;
        column = segment(parts[i], g, w, column);
        for (let k = before; k < g.length; k++) p.push(run.pen);
      }
    }
    return [g, w, p];
  }

  /** Width of the widest hard line (max-content width). */
  get maxWidth(): number {
    if (this.simple !== null) return this.simple.length;
    if (this.#maxWidth < 0) {
      const g = this.g, w = this.w;
      let max = 0, cur = 0;
      for (let i = 0; i < g.length; i++) {
        if (g[i] === NEWLINE) cur = 0;
        else if ((cur += w[i]) > max) max = cur;
      }
      this.#maxWidth = max;
    }
    return this.#maxWidth;
  }

  /** Number of hard lines. */
  get hardLines(): number {
    if (this.simple !== null) return 1;
    let n = 1;
    for (const g of this.g) if (g === NEWLINE) n++;
    return this.g.length === 0 ? 1 : n;
  }

  /** The widest unbreakable run (min-content width); 1 for truncated text. */
  get minContentWidth(): number {
    if (this.#minContent < 0) {
      if (this.mode !== "wrap") this.#minContent = Math.min(1, this.maxWidth);
      else if (this.simple !== null) {
        const t = this.simple;
        let max = 0, cur = 0;
        for (let i = 0; i < t.length; i++) {
          if (t.charCodeAt(i) === 32) cur = 0;
          else if (++cur > max) max = cur;
        }
        this.#minContent = max;
      } else {
        const gs = this.g, ws = this.w;
        let max = 0, cur = 0;
        for (let i = 0; i < gs.length; i++) {
          const g = gs[i];
          if (g === NEWLINE || g === " ") cur = 0;
          else if ((cur += ws[i]) > max) max = cur;
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
    const t = this.simple;
    if (t !== null && (wInt < 0 || t.length <= wInt)) {
      // Fits: the same one line at every such width. Layout asks for the
      // max-content width and the offered width in turns; neither allocates.
      return this.#whole ??= [{ start: 0, end: t.length, width: t.length }];
    }
    const out: Line[] = [];
    if (this.simple !== null) this.#fitSimple(wInt, out);
    else {
      const g = this.g;
      let start = 0;
      for (let i = 0; i <= g.length; i++) {
        if (i === g.length || g[i] === NEWLINE) {
          this.#fit(start, i, wInt, out);
          start = i + 1;
        }
      }
    }
    this.#cacheWidth = wInt;
    this.#cacheLines = out;
    return out;
  }

  /** The plain text of a line. */
  lineText(line: Line): string {
    if (this.simple !== null && !line.prefix && !line.suffix && line.mid === undefined) {
      return this.simple.slice(line.start, line.end);
    }
    let s = "";
    this.forEachCell(line, (g) => s += g);
    return s;
  }

  /** Visits the cells of a line in order: cluster, width, pen (ellipses use the nearest pen). */
  forEachCell(line: Line, visit: (g: string, w: number, pen: number) => void): void {
    const t = this.simple;
    if (t !== null) {
      const pen = this.simplePen, n = t.length;
      // As below: an ellipsis takes the pen of the cluster next to it, if any.
      if (line.prefix) visit(line.prefix, 1, line.start < n ? pen : 0);
      for (let i = line.start; i < line.end; i++) {
        if (line.mid !== undefined && i >= line.mid && i < line.midEnd!) {
          if (i === line.mid) visit(ELLIPSIS, 1, pen);
          continue;
        }
        visit(t[i], 1, pen);
      }
      if (line.suffix) visit(line.suffix, 1, Math.max(line.start, line.end - 1) < n ? pen : 0);
      return;
    }
    const p = this.p, g = this.g, w = this.w;
    if (line.prefix) visit(line.prefix, 1, p[line.start] ?? 0);
    for (let i = line.start; i < line.end; i++) {
      if (line.mid !== undefined && i >= line.mid && i < line.midEnd!) {
        if (i === line.mid) visit(ELLIPSIS, 1, p[i]);
        continue;
      }
      visit(g[i], w[i], p[i]);
    }
    if (line.suffix) visit(line.suffix, 1, p[Math.max(line.start, line.end - 1)] ?? 0);
  }

  /** `#fit` of a simple text: every cluster one cell, no hard breaks. */
  #fitSimple(width: number, out: Line[]): void {
    const t = this.simple!, n = t.length;
    if (width < 0 || n <= width) {
      out.push({ start: 0, end: n, width: n });
      return;
    }
    switch (this.mode) {
      case "wrap":
        this.#wrap(0, n, width, out);
        return;
      case "clip":
        out.push({ start: 0, end: width, width });
        return;
      case "truncate":
        out.push(this.#truncateEnd(0, n, width));
        return;
      case "truncate_start":
        out.push(
          width < 1
            ? { start: 0, end: 0, width: 0 }
            : { start: n - (width - 1), end: n, width, prefix: ELLIPSIS },
        );
        return;
      case "truncate_middle": {
        if (width < 3) {
          out.push(this.#truncateEnd(0, n, width));
          return;
        }
        const room = width - 1, head = Math.ceil(room / 2);
        out.push({ start: 0, end: n, width, mid: head, midEnd: n - (room - head) });
        return;
      }
    }
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
    if (this.simple !== null) {
      const e = Math.min(end, start + Math.max(0, Math.floor(width)));
      return { start, end: e, width: e - start };
    }
    const ws = this.w;
    let w = 0, i = start;
    while (i < end && w + ws[i] <= width) w += ws[i++];
    return { start, end: i, width: w };
  }

  #truncateEnd(start: number, end: number, width: number): Line {
    if (width < 1) return { start, end: start, width: 0 };
    const head = this.#head(start, end, width - 1);
    // No space before the ellipsis: "hello …" reads worse than "hello…".
    while (head.end > start && this.#isSpace(head.end - 1)) {
      head.end--;
      head.width--;
    }
    return { ...head, suffix: ELLIPSIS, width: head.width + 1 };
  }

  #isSpace(i: number): boolean {
    return this.simple !== null ? this.simple.charCodeAt(i) === 32 : this.g[i] === " ";
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
  // The spellings apps use, without a lowercased copy per text node and update.
  if (value === "truncate" || value === "wrap" || value === "clip") return value;
  const v = value.toLowerCase().replace(/-/g, "_");
  if (v === "truncate" || v === "truncate_end" || v === "ellipsis") return "truncate";
  if (v === "truncate_start" || v === "truncate_middle" || v === "clip") return v;
  return "wrap";
}
