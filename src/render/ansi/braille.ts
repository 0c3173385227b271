/**
 * Canvas drawings in terminal cells. The display list is rasterized
 * (`raster2d.ts`) at two pixels per cell across and four down, then each cell
 * becomes the character that shows its pixels best: a blank with a
 * background for one color, a half or quadrant block for area edges, a
 * Braille pattern for thin lines, and for cells of many colors (images,
 * gradients) an upper half block with the averaged colors of its two halves.
 * Text ops become characters. What a cell cannot show (font sizes, rotated
 * text, jpeg images) is skipped without an error; `src/media/vector2d.ts`
 * says what for each op.
 *
 * @module
 */
import { decodeImage, imageOfProps } from "../../media/image.ts";
import type { CanvasDrawing } from "../../model/viewport_model.ts";
import type { CellBuffer } from "./cells.ts";
import { reduceColor, TRUE } from "./color.ts";
import { paintRgba } from "./pixels.ts";
import { type Raster2d, rasterize2d, rgbOf } from "./raster2d.ts";
import type { Rect, RNode } from "./scene.ts";
import type { Pen, Styles } from "./style.ts";
import { segment } from "./width.ts";

// Bit of each dot in a Braille cell, by [row][column] (Unicode 2800 block).
const DOT: readonly (readonly number[])[] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [
  0x40,
  0x80,
]];
// Quadrants as dot masks: upper-left, upper-right, lower-left, lower-right.
const UL = 0x03, UR = 0x18, LL = 0x44, LR = 0xa0;
const QUADRANT: ReadonlyMap<number, string> = new Map([
  [UL, "▘"],
  [UR, "▝"],
  [LL, "▖"],
  [LR, "▗"],
  [UL | UR, "▀"],
  [LL | LR, "▄"],
  [UL | LL, "▌"],
  [UR | LR, "▐"],
  [UL | LR, "▚"],
  [UR | LL, "▞"],
  [UL | UR | LL, "▛"],
  [UL | UR | LR, "▜"],
  [UL | LL | LR, "▙"],
  [UR | LL | LR, "▟"],
]);

/** A drawing as cells: a character, colors (-1: the node's background) and text. */
export interface Raster {
  cols: number;
  rows: number;
  /** The character of each cell ("" for nothing drawn). */
  chars: string[];
  fg: Int32Array;
  bg: Int32Array;
  /** Text characters by cell index (they win over pixels). */
  text: Map<number, { g: string; w: number; color: number }>;
  /** Commands skipped, with the reason (the first five). */
  problems: string[];
}

const cache = new WeakMap<CanvasDrawing, { key: string; raster: Raster }>();

/**
 * Rasterizes a vector2d drawing of `width` x `height` canvas units into
 * `cols` x `rows` cells.
 *
 * @example
 * ```ts
 * import { rasterize } from "./braille.ts";
 * import { TRUE } from "./color.ts";
 * const r = rasterize(
 *   [["set_fill", "#ff0000"], ["fill_rect", 0, 0, 5, 10], ["set_stroke", "#00ff00"],
 *    ["begin_path"], ["move_to", 5, 2], ["line_to", 10, 2], ["stroke"]],
 *   10, 10, 5, 3, () => undefined, 0, "truecolor",
 * );
 * // Whole cells take the fill as their background; a thin line is Braille dots.
 * if (r.chars[0] !== " " || r.bg[0] !== (TRUE | 0xff0000)) throw new Error("filled cell");
 * if (!(r.chars[3] >= "\u2801" && r.chars[3] <= "\u28ff")) throw new Error(r.chars[3]);
 * ```
 */
export function rasterize(
  commands: readonly unknown[],
  width: number,
  height: number,
  cols: number,
  rows: number,
  color: (value: unknown) => number | undefined,
  defaultColor: number,
  depth: Styles["depth"],
): Raster {
  const raster = rasterize2d(commands, {
    width: cols * 2,
    height: rows * 4,
    scaleX: (cols * 2) / width,
    scaleY: (rows * 4) / height,
    color,
    defaultColor,
  });
  return cellsOf(raster, cols, rows, depth);
}

/** Turns a raster of 2 x 4 pixels per cell into cells. */
export function cellsOf(r: Raster2d, cols: number, rows: number, depth: Styles["depth"]): Raster {
  const out: Raster = {
    cols,
    rows,
    chars: new Array(cols * rows).fill(""),
    fg: new Int32Array(cols * rows),
    bg: new Int32Array(cols * rows).fill(-1),
    text: new Map(),
    problems: r.problems,
  };
  const W = r.width;
  const px = new Int32Array(8), lines = new Uint8Array(8);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const cell = cy * cols + cx;
      let opaque = 0;
      for (let dy = 0; dy < 4; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const i = (cy * 4 + dy) * W + cx * 2 + dx;
          const k = dy * 2 + dx;
          px[k] = r.alpha[i] >= 128 ? r.color[i] : -1;
          lines[k] = r.line[i];
          if (px[k] !== -1) opaque++;
        }
      }
      if (opaque === 0) continue;
      // The two most frequent colors (transparency counts as a color).
      const counts = new Map<number, number>();
      for (let k = 0; k < 8; k++) counts.set(px[k], (counts.get(px[k]) ?? 0) + 1);
      if (counts.size > 2) {
        halfBlock(out, cell, px, depth);
        continue;
      }
      if (counts.size === 1) {
        out.chars[cell] = " ";
        out.bg[cell] = reduceColor(px[0], depth);
        continue;
      }
      // Two values: transparency is the background if present, else the majority.
      const [[a], [b]] = [...counts].sort((x, y) => y[1] - x[1]);
      const back = b === -1 ? -1 : a, fore = b === -1 ? a : b;
      let bits = 0, thin = true;
      for (let k = 0; k < 8; k++) {
        if (px[k] !== fore) continue;
        bits |= DOT[k >> 1][k & 1];
        if (!lines[k]) thin = false;
      }
      out.fg[cell] = reduceColor(fore, depth);
      out.bg[cell] = back === -1 ? -1 : reduceColor(back, depth);
      const block = thin ? undefined : QUADRANT.get(bits);
      out.chars[cell] = block ?? String.fromCharCode(0x2800 + bits);
    }
  }
  placeText(r, out, 2, 4);
  return out;
}

/** Cells of many colors: `▀` with the average of the top and bottom halves. */
function halfBlock(out: Raster, cell: number, px: Int32Array, depth: Styles["depth"]): void {
  const avg = (from: number): number => {
    let r = 0, g = 0, b = 0, n = 0;
    for (let k = from; k < from + 4; k++) {
      if (px[k] === -1) continue;
      const c = rgbOf(px[k]);
      r += (c >> 16) & 255;
      g += (c >> 8) & 255;
      b += c & 255;
      n++;
    }
    if (n < 2) return -1;
    return TRUE | (Math.round(r / n) << 16) | (Math.round(g / n) << 8) | Math.round(b / n);
  };
  const top = avg(0), bottom = avg(4);
  if (top === -1 && bottom === -1) return;
  if (top === -1) {
    out.chars[cell] = "▄";
    out.fg[cell] = reduceColor(bottom, depth);
    return;
  }
  out.chars[cell] = "▀";
  out.fg[cell] = reduceColor(top, depth);
  out.bg[cell] = bottom === -1 ? -1 : reduceColor(bottom, depth);
}

/**
 * Places text items on cells of `cw` x `ch` pixels: the anchor's cell by
 * alignment and baseline; a cell painted after the text hides that character.
 */
export function placeText(r: Raster2d, out: Raster, cw: number, ch: number): void {
  const { cols, rows } = out;
  for (const t of r.texts) {
    const g: string[] = [], w: number[] = [];
    segment(t.text, g, w);
    let total = 0;
    const maxCells = Number.isFinite(t.maxWidth) ? Math.floor(t.maxWidth / cw) : Infinity;
    let count = 0;
    while (count < g.length && total + w[count] <= maxCells) total += w[count++];
    const anchor = t.x / cw;
    let col: number;
    if (t.align === "center") col = Math.round(anchor - total / 2);
    else if (t.align === "right" || t.align === "end") col = Math.round(anchor) - total;
    else col = Math.floor(anchor);
    let row: number;
    if (t.baseline === "top" || t.baseline === "hanging" || t.baseline === "middle") {
      row = Math.floor(t.y / ch);
    } else row = Math.ceil(t.y / ch) - 1;
    if (row < 0 || row >= rows) continue;
    let x = col;
    for (let i = 0; i < count; i++) {
      if (x >= 0 && x + w[i] <= cols && !paintedAfter(r, x, row, w[i], cw, ch, t.serial)) {
        const cell = row * cols + x;
        out.text.set(cell, { g: g[i], w: w[i], color: t.color });
      }
      x += w[i];
    }
  }
}

function paintedAfter(
  r: Raster2d,
  col: number,
  row: number,
  w: number,
  cw: number,
  ch: number,
  serial: number,
): boolean {
  for (let y = row * ch; y < (row + 1) * ch && y < r.height; y++) {
    for (let x = col * cw; x < (col + w) * cw && x < r.width; x++) {
      const i = y * r.width + x;
      if (r.alpha[i] > 0 && r.serial[i] > serial) return true;
    }
  }
  return false;
}

/** The canvas's size in canvas units (`width` x `height` props; 400 x 200 by default). */
export function canvasUnits(props: Record<string, unknown>): [number, number] {
  const pw = typeof props.width === "number" && props.width > 0 ? props.width : 400;
  const ph = typeof props.height === "number" && props.height > 0 ? props.height : 200;
  return [pw, ph];
}

/**
 * Paints a canvas node: a vector2d drawing as cells (cached while drawing and
 * size stay the same), a stream's poster frame as half blocks, and otherwise
 * (no drawing yet, WebGPU) the node's alt text.
 */
export function rasterizeCanvas(
  buf: CellBuffer,
  styles: Styles,
  drawing: CanvasDrawing | undefined,
  rn: RNode,
  content: Rect,
  vis: Rect,
  pen: Pen,
): void {
  const cols = content.x1 - content.x0, rows = content.y1 - content.y0;
  if (cols <= 0 || rows <= 0) return;
  if (drawing?.mode === "stream" && drawing.poster) {
    const src = imageOfProps(drawing.poster);
    let img = null;
    try {
      img = src ? decodeImage(src) : null;
    } catch {
      img = null;
    }
    if (img) return paintRgba(buf, styles, img, content, vis);
  }
  if (!drawing || drawing.mode !== "vector2d") {
    const alt = typeof rn.props.alt === "string" ? rn.props.alt : "[canvas]";
    const g: string[] = [], w: number[] = [];
    segment(alt, g, w);
    let x = content.x0;
    const y = content.y0;
    for (let i = 0; i < g.length && x + w[i] <= content.x1; i++) {
      if (y >= vis.y0 && y < vis.y1 && x >= vis.x0 && x + w[i] <= vis.x1) {
        buf.put(x, y, g[i], w[i], pen.fg, bgAt(buf, pen, x, y), pen.attrs);
      }
      x += w[i];
    }
    return;
  }
  const [pw, ph] = canvasUnits(rn.props);
  const key = `${cols}x${rows}:${pw}x${ph}:${styles.epoch}:${pen.fg}:${styles.depth}`;
  let hit = cache.get(drawing);
  if (!hit || hit.key !== key) {
    hit = {
      key,
      raster: rasterize(
        drawing.commands,
        pw,
        ph,
        cols,
        rows,
        (v) => styles.color(v),
        pen.fg,
        styles.depth,
      ),
    };
    cache.set(drawing, hit);
  }
  const r = hit.raster;
  for (let y = Math.max(vis.y0, content.y0); y < Math.min(vis.y1, content.y1); y++) {
    for (let x = Math.max(vis.x0, content.x0); x < Math.min(vis.x1, content.x1); x++) {
      const cell = (y - content.y0) * cols + (x - content.x0);
      const bg = r.bg[cell] === -1 ? bgAt(buf, pen, x, y) : r.bg[cell];
      const t = r.text.get(cell);
      if (t) {
        if (x + t.w <= vis.x1) buf.put(x, y, t.g, t.w, t.color, bg, pen.attrs);
        continue;
      }
      const ch = r.chars[cell];
      if (ch !== "") buf.put(x, y, ch, 1, ch === " " ? pen.fg : r.fg[cell], bg, 0);
    }
  }
}

function bgAt(buf: CellBuffer, pen: Pen, x: number, y: number): number {
  return pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg;
}
