/**
 * Vector 2D canvas drawings rasterized into Braille cells: each cell shows a
 * 2 x 4 grid of dots in one color (the last color drawn in it).
 *
 * Commands are the HTML Canvas 2D calls in snake_case: `set_fill`,
 * `set_stroke`, `set_line_width`, `fill_rect`, `stroke_rect`, `clear_rect`,
 * `begin_path`, `move_to`, `line_to`, `rect`, `arc`, `close_path`, `stroke`,
 * `fill`, `fill_text`, `clear`. Coordinates are in the canvas's `width` x
 * `height` units, scaled to the cells it was given.
 *
 * @module
 */
import type { CanvasDrawing } from "../../model/viewport_model.ts";
import type { CellBuffer } from "./cells.ts";
import type { Rect, RNode } from "./scene.ts";
import type { Pen, Styles } from "./style.ts";
import { segment } from "./width.ts";

// Bit of each dot in a Braille cell, by [row][column] (Unicode 2800 block).
const DOT: readonly (readonly number[])[] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [
  0x40,
  0x80,
]];

/** A rasterized drawing: dot bits and a color per cell, plus text cells. */
export interface Raster {
  cols: number;
  rows: number;
  bits: Uint8Array;
  color: Int32Array;
  /** A cell's background (-1: none): set where a fill_rect covers whole cells. */
  bg: Int32Array;
  text: Map<number, { g: string; w: number; color: number }>;
}

const cache = new WeakMap<CanvasDrawing, { key: string; raster: Raster }>();

/**
 * Rasterizes a drawing to `cols` x `rows` cells.
 *
 * @example
 * ```ts
 * import { rasterize } from "./braille.ts";
 * const r = rasterize({ mode: "vector2d", commands: [["fill_rect", 0, 0, 5, 5]] }, 10, 10, 5, 3,
 *   () => 7, 0);
 * // Whole cells take the fill as their background; cut cells get dots.
 * if (r.bg[0] !== 0 || r.bits[0] !== 0) throw new Error("cell 0 should be filled");
 * if (r.bits[5] === 0) throw new Error("the cut cell below should have dots");
 * ```
 */
export function rasterize(
  drawing: CanvasDrawing,
  width: number,
  height: number,
  cols: number,
  rows: number,
  color: (value: unknown) => number | undefined,
  defaultColor: number,
): Raster {
  const r: Raster = {
    cols,
    rows,
    bits: new Uint8Array(cols * rows),
    color: new Int32Array(cols * rows),
    bg: new Int32Array(cols * rows).fill(-1),
    text: new Map(),
  };
  const dw = cols * 2, dh = rows * 4;
  const sx = dw / width, sy = dh / height;
  let fill = defaultColor, stroke = defaultColor, lineWidth = 1;
  let path: [number, number][][] = [];
  let current: [number, number][] = [];
  const dot = (x: number, y: number, c: number, on = true) => {
    if (x < 0 || y < 0 || x >= dw || y >= dh) return;
    const cell = (y >> 2) * cols + (x >> 1);
    const bit = DOT[y & 3][x & 1];
    if (on) {
      r.bits[cell] |= bit;
      r.color[cell] = c;
    } else r.bits[cell] &= ~bit;
  };
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  // A filled rectangle paints the background of the cells it covers whole (lit
  // dots there would show as a grid of points) and dots in the cells it cuts.
  // Clearing does the same with "no background" and dots off.
  const rect = (x: number, y: number, w: number, h: number, c: number, on: boolean) => {
    let x0 = Math.round(num(x) * sx), y0 = Math.round(num(y) * sy);
    let x1 = Math.round((num(x) + num(w)) * sx), y1 = Math.round((num(y) + num(h)) * sy);
    if (x1 < x0) [x0, x1] = [x1, x0];
    if (y1 < y0) [y0, y1] = [y1, y0];
    x0 = Math.max(0, x0), y0 = Math.max(0, y0), x1 = Math.min(dw, x1), y1 = Math.min(dh, y1);
    const cx0 = (x0 + 1) >> 1, cx1 = x1 >> 1, cy0 = (y0 + 3) >> 2, cy1 = y1 >> 2;
    for (let cy = cy0; cy < cy1; cy++) {
      for (let cx = cx0; cx < cx1; cx++) {
        const cell = cy * cols + cx;
        r.bits[cell] = 0;
        r.bg[cell] = on ? c : -1;
        r.text.delete(cell);
      }
    }
    for (let yy = y0; yy < y1; yy++) {
      const wholeRow = yy >= cy0 * 4 && yy < cy1 * 4;
      for (let xx = x0; xx < x1; xx++) {
        if (wholeRow && xx >= cx0 * 2 && xx < cx1 * 2) continue;
        dot(xx, yy, c, on);
      }
    }
  };
  const line = (x0: number, y0: number, x1: number, y1: number, c: number) => {
    const brush = Math.max(1, Math.round(lineWidth * Math.min(sx, sy)));
    let ax = Math.round(x0 * sx), ay = Math.round(y0 * sy);
    const bx = Math.round(x1 * sx), by = Math.round(y1 * sy);
    const dx = Math.abs(bx - ax), dy = -Math.abs(by - ay);
    const stepX = ax < bx ? 1 : -1, stepY = ay < by ? 1 : -1;
    let err = dx + dy;
    for (let guard = 0; guard < 100_000; guard++) {
      for (let i = 0; i < brush; i++) for (let j = 0; j < brush; j++) dot(ax + i, ay + j, c);
      if (ax === bx && ay === by) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        ax += stepX;
      }
      if (e2 <= dx) {
        err += dx;
        ay += stepY;
      }
    }
  };
  const fillPath = (c: number) => {
    // Even-odd scanline fill over dot rows.
    const edges: [number, number, number, number][] = [];
    for (const poly of [...path, current]) {
      for (let i = 0; i < poly.length; i++) {
        const [x0, y0] = poly[i], [x1, y1] = poly[(i + 1) % poly.length];
        edges.push([x0 * sx, y0 * sy, x1 * sx, y1 * sy]);
      }
    }
    for (let y = 0; y < dh; y++) {
      const yc = y + 0.5;
      const xs: number[] = [];
      for (const [x0, y0, x1, y1] of edges) {
        if ((y0 <= yc && y1 > yc) || (y1 <= yc && y0 > yc)) {
          xs.push(x0 + ((yc - y0) / (y1 - y0)) * (x1 - x0));
        }
      }
      xs.sort((a, b) => a - b);
      for (let i = 0; i + 1 < xs.length; i += 2) {
        for (let x = Math.max(0, Math.ceil(xs[i] - 0.5)); x < Math.min(dw, xs[i + 1] - 0.5); x++) {
          dot(x, y, c);
        }
      }
    }
  };
  const commands = drawing.commands.length > 100_000
    ? drawing.commands.slice(0, 100_000)
    : drawing.commands;
  for (const cmd of commands) {
    if (!Array.isArray(cmd)) continue;
    const [op, a, b, c, d, e] = cmd;
    switch (op) {
      case "set_fill":
      case "fill_style":
        fill = color(a) ?? fill;
        break;
      case "set_stroke":
      case "stroke_style":
        stroke = color(a) ?? stroke;
        break;
      case "set_line_width":
      case "line_width":
        lineWidth = Math.max(0, num(a));
        break;
      case "clear":
        r.bits.fill(0);
        r.bg.fill(-1);
        r.text.clear();
        break;
      case "fill_rect":
        rect(num(a), num(b), num(c), num(d), fill, true);
        break;
      case "clear_rect":
        rect(num(a), num(b), num(c), num(d), 0, false);
        break;
      case "stroke_rect": {
        const x = num(a), y = num(b), w = num(c), h = num(d);
        line(x, y, x + w, y, stroke);
        line(x + w, y, x + w, y + h, stroke);
        line(x + w, y + h, x, y + h, stroke);
        line(x, y + h, x, y, stroke);
        break;
      }
      case "begin_path":
        path = [];
        current = [];
        break;
      case "move_to":
        if (current.length > 0) path.push(current);
        current = [[num(a), num(b)]];
        break;
      case "line_to":
        current.push([num(a), num(b)]);
        break;
      case "rect":
        if (current.length > 0) path.push(current);
        path.push([
          [num(a), num(b)],
          [num(a) + num(c), num(b)],
          [num(a) + num(c), num(b) + num(d)],
          [
            num(a),
            num(b) + num(d),
          ],
        ]);
        current = [];
        break;
      case "arc": {
        const cx = num(a), cy = num(b), rad = Math.abs(num(c));
        const start = num(d), end = num(e);
        const sweep = Math.min(Math.abs(end - start), Math.PI * 2) * (end < start ? -1 : 1);
        const steps = Math.max(8, Math.ceil(Math.abs(sweep) * rad * Math.max(sx, sy)));
        for (let i = 0; i <= Math.min(steps, 4096); i++) {
          const t = start + (sweep * i) / steps;
          current.push([cx + rad * Math.cos(t), cy + rad * Math.sin(t)]);
        }
        break;
      }
      case "close_path":
        if (current.length > 0) current.push(current[0]);
        break;
      case "stroke":
        for (const poly of [...path, current]) {
          for (let i = 0; i + 1 < poly.length; i++) {
            line(poly[i][0], poly[i][1], poly[i + 1][0], poly[i + 1][1], stroke);
          }
          if (poly.length === 1) line(poly[0][0], poly[0][1], poly[0][0], poly[0][1], stroke);
        }
        break;
      case "fill":
        fillPath(fill);
        break;
      case "fill_text": {
        if (typeof a !== "string") break;
        const col = Math.floor((num(b) * sx) / 2);
        const row = Math.max(0, Math.ceil((num(c) * sy) / 4) - 1);
        const g: string[] = [], w: number[] = [];
        segment(a, g, w);
        let x = col;
        for (let i = 0; i < g.length && x + w[i] <= cols; i++) {
          if (x >= 0 && row < rows) r.text.set(row * cols + x, { g: g[i], w: w[i], color: fill });
          x += w[i];
        }
        break;
      }
    }
  }
  return r;
}

/** Paints a canvas node's latest drawing (cached while drawing and size stay the same). */
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
  const pw = typeof rn.props.width === "number" && rn.props.width > 0 ? rn.props.width : 400;
  const ph = typeof rn.props.height === "number" && rn.props.height > 0 ? rn.props.height : 200;
  const key = `${cols}x${rows}:${pw}x${ph}:${styles.epoch}:${pen.fg}`;
  let hit = cache.get(drawing);
  if (!hit || hit.key !== key) {
    hit = { key, raster: rasterize(drawing, pw, ph, cols, rows, (v) => styles.color(v), pen.fg) };
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
      const bits = r.bits[cell];
      if (bits !== 0) buf.put(x, y, String.fromCharCode(0x2800 + bits), 1, r.color[cell], bg, 0);
      else if (r.bg[cell] !== -1) buf.put(x, y, " ", 1, pen.fg, bg, 0);
    }
  }
}

function bgAt(buf: CellBuffer, pen: Pen, x: number, y: number): number {
  return pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg;
}
