/**
 * The vector2d rasterizer's state machine: the pixel buffer, the graphics
 * state stack, the current path, scan conversion, blending and the work
 * budget. The op table that drives it is in `raster2d.ts`.
 *
 * @module
 */
import { parseCssColor } from "../../media/css_color.ts";
import { isSlotRef } from "../../protocol/slot_ref.ts";
import { gradientAt, type Paint, rgbOf, type Stop } from "./_raster2d_paint.ts";
import { TRUE } from "./color.ts";
import {
  apply,
  dashed,
  invert,
  type Matrix,
  PathBuilder,
  scaleOf,
  strokeOutline,
  type Subpath,
} from "./raster_path.ts";

/** Text to draw as characters, anchored in device pixels. */
export interface TextItem {
  x: number;
  y: number;
  text: string;
  color: number;
  align: string;
  baseline: string;
  /** Most device pixels wide (max_width through the transform), or Infinity. */
  maxWidth: number;
  /** Order among paints: a cell painted later than this hides it. */
  serial: number;
}

/** A rasterized drawing. */
export interface Raster2d {
  width: number;
  height: number;
  /** Packed color per pixel (meaningful where alpha > 0). */
  color: Int32Array;
  alpha: Uint8Array;
  /** Serial of the last op that painted each pixel. */
  serial: Uint32Array;
  /** 1 where the last paint was a thin stroke (drawn as Braille dots, not blocks). */
  line: Uint8Array;
  texts: TextItem[];
  /** Commands that were skipped and why (at most 5). */
  problems: string[];
}

/** How to rasterize. */
export interface Raster2dOptions {
  /** Pixel grid size. */
  width: number;
  height: number;
  /** Canvas units to pixels (the canvas's width and height prop map onto the grid). */
  scaleX: number;
  scaleY: number;
  /** Resolves a color value (text or slot reference) to a packed color, if the terminal knows it. */
  color: (value: unknown) => number | undefined;
  /** The default fill and stroke color (the node's foreground). */
  defaultColor: number;
  /** Most pixel writes before the rest of the drawing is skipped (default 20 million). */
  budget?: number;
}

/** The graphics state that save and restore keep. */
export interface GState {
  m: Matrix;
  fill: Paint;
  stroke: Paint;
  lineWidth: number;
  dash: number[];
  dashOffset: number;
  alpha: number;
  align: string;
  baseline: string;
  clip: Uint8Array | null;
}

/** Runs ops into a pixel buffer. */
export class Machine {
  readonly r: Raster2d;
  readonly o: Raster2dOptions;
  st: GState;
  stack: GState[] = [];
  path = new PathBuilder();
  serial = 0;
  work = 0;
  mask: Uint8Array;
  stopped = false;
  /** True while a thin stroke is being painted. */
  thin = false;

  constructor(o: Raster2dOptions) {
    this.o = o;
    const n = o.width * o.height;
    this.r = {
      width: o.width,
      height: o.height,
      color: new Int32Array(n),
      alpha: new Uint8Array(n),
      serial: new Uint32Array(n),
      line: new Uint8Array(n),
      texts: [],
      problems: [],
    };
    this.mask = new Uint8Array(n);
    const solid: Paint = { kind: "solid", color: o.defaultColor, a: 255 };
    this.st = {
      m: [o.scaleX, 0, 0, o.scaleY, 0, 0],
      fill: solid,
      stroke: solid,
      lineWidth: 1,
      dash: [],
      dashOffset: 0,
      alpha: 1,
      align: "start",
      baseline: "alphabetic",
      clip: null,
    };
  }

  problem(text: string): void {
    if (this.r.problems.length < 5) this.r.problems.push(text);
  }

  /** A style value to a paint; `undefined` leaves the current one. */
  paint(v: unknown): Paint | undefined {
    if (typeof v === "string" || isSlotRef(v)) {
      const c = this.colorOf(v);
      return c && { kind: "solid", color: c[0], a: c[1] };
    }
    const g = v as { linear?: number[]; radial?: number[]; stops: [number, unknown][] };
    const stops: Stop[] = [];
    for (const [t, cv] of g.stops) {
      const c = this.colorOf(cv);
      if (c) stops.push({ t, rgb: rgbOf(c[0]), a: c[1] });
    }
    if (stops.length === 0) return undefined;
    stops.sort((a, b) => a.t - b.t);
    return g.linear
      ? { kind: "linear", g: g.linear, stops }
      : { kind: "radial", g: g.radial!, stops };
  }

  colorOf(v: unknown): [number, number] | undefined {
    const packed = this.o.color(v);
    if (packed !== undefined) return [packed, 255];
    if (typeof v === "string") {
      const css = parseCssColor(v);
      if (css) return [TRUE | css[0], css[1]];
    }
    return undefined;
  }

  /** Writes `paint` at pixel `i` with coverage `a` (0-255), through the clip. */
  put(i: number, px: number, py: number, paint: Paint, inv: Matrix | null, a = 255): void {
    const clip = this.st.clip;
    if (clip && clip[i] === 0) return;
    let color: number, pa: number;
    if (paint.kind === "solid") {
      color = paint.color;
      pa = paint.a;
    } else {
      if (!inv) return;
      const [ux, uy] = apply(inv, px + 0.5, py + 0.5);
      const s = gradientAt(paint, ux, uy);
      color = TRUE | s.rgb;
      pa = s.a;
    }
    const alpha = Math.round((pa * a * this.st.alpha) / 255);
    this.blend(i, color, alpha);
  }

  blend(i: number, color: number, alpha: number): void {
    this.work++;
    const r = this.r;
    if (alpha <= 0) return;
    r.serial[i] = this.serial;
    r.line[i] = this.thin ? 1 : 0;
    if (alpha >= 255 || r.alpha[i] === 0) {
      r.color[i] = color;
      r.alpha[i] = Math.min(255, alpha);
      return;
    }
    const da = r.alpha[i];
    const oa = alpha + Math.round((da * (255 - alpha)) / 255);
    const s = rgbOf(color), d = rgbOf(r.color[i]);
    const mix = (shift: number) => {
      const sc = (s >> shift) & 255, dc = (d >> shift) & 255;
      return Math.round((sc * alpha + (dc * da * (255 - alpha)) / 255) / oa) & 255;
    };
    r.color[i] = TRUE | (mix(16) << 16) | (mix(8) << 8) | mix(0);
    r.alpha[i] = oa;
  }

  /** Calls `span(y, x0, x1)` for the pixels inside `polys` (centers sampled). */
  scan(polys: number[][], rule: string, span: (y: number, x0: number, x1: number) => void): void {
    const { width: W, height: H } = this.o;
    let minY = Infinity, maxY = -Infinity;
    const edges: number[] = [];
    for (const p of polys) {
      const n = p.length >> 1;
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const x0 = p[i * 2], y0 = p[i * 2 + 1], x1 = p[j * 2], y1 = p[j * 2 + 1];
        if (y0 === y1 || !Number.isFinite(x0 + y0 + x1 + y1)) continue;
        edges.push(x0, y0, x1, y1);
        minY = Math.min(minY, y0, y1);
        maxY = Math.max(maxY, y0, y1);
      }
    }
    if (edges.length === 0) return;
    const ys = Math.max(0, Math.floor(minY)), ye = Math.min(H - 1, Math.ceil(maxY));
    const xs: number[] = [], ws: number[] = [];
    for (let y = ys; y <= ye && !this.stopped; y++) {
      const yc = y + 0.5;
      xs.length = 0;
      ws.length = 0;
      for (let e = 0; e < edges.length; e += 4) {
        const y0 = edges[e + 1], y1 = edges[e + 3];
        if ((y0 <= yc && y1 > yc) || (y1 <= yc && y0 > yc)) {
          const x0 = edges[e], x1 = edges[e + 2];
          xs.push(x0 + ((yc - y0) / (y1 - y0)) * (x1 - x0));
          ws.push(y1 > y0 ? 1 : -1);
        }
      }
      this.work += xs.length;
      const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
      let wind = 0;
      for (let k = 0; k + 1 < order.length; k++) {
        wind += ws[order[k]];
        const inside = rule === "evenodd" ? k % 2 === 0 : wind !== 0;
        if (!inside) continue;
        const x0 = Math.max(0, Math.ceil(xs[order[k]] - 0.5));
        const x1 = Math.min(W, Math.ceil(xs[order[k + 1]] - 0.5));
        if (x1 > x0) span(y, x0, x1);
      }
      if (this.work > (this.o.budget ?? 20_000_000)) this.stop();
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.problem("the drawing exceeds the terminal's work budget; the rest is skipped");
  }

  fillPolys(polys: number[][], rule: string, paint: Paint): void {
    const W = this.o.width;
    const inv = paint.kind === "solid" ? null : invert(this.st.m);
    this.serial++;
    this.scan(polys, rule, (y, x0, x1) => {
      for (let x = x0; x < x1; x++) this.put(y * W + x, x, y, paint, inv);
    });
  }

  /** Strokes device-space subpaths with the current style. */
  strokePaths(paths: Subpath[]): void {
    const st = this.st;
    const s = scaleOf(st.m);
    let list = paths;
    if (st.dash.length > 0) {
      list = dashed(paths, st.dash.map((d) => d * s), st.dashOffset * s);
    }
    const w = st.lineWidth * s;
    if (!(w > 0)) return;
    const W = this.o.width, H = this.o.height;
    const mask = this.mask;
    let touched: number[] = [];
    const mark = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= W || y >= H) return;
      const i = y * W + x;
      if (mask[i] === 0) {
        mask[i] = 1;
        touched.push(i);
      }
    };
    if (w <= 1.5) {
      for (const sp of list) {
        const p = sp.closed && sp.pts.length >= 4 ? [...sp.pts, sp.pts[0], sp.pts[1]] : sp.pts;
        if (p.length === 2) mark(Math.floor(p[0]), Math.floor(p[1]));
        for (let i = 2; i + 1 < p.length && !this.stopped; i += 2) {
          line(p[i - 2], p[i - 1], p[i], p[i + 1], mark);
          this.work += 4;
        }
      }
    } else {
      for (const poly of strokeOutline(list, w)) {
        if (this.stopped) break;
        this.scan([poly], "nonzero", (y, x0, x1) => {
          for (let x = x0; x < x1; x++) mark(x, y);
        });
      }
    }
    const inv = st.stroke.kind === "solid" ? null : invert(st.m);
    this.serial++;
    this.thin = w <= 1.5;
    for (const i of touched) {
      mask[i] = 0;
      this.put(i, i % W, Math.floor(i / W), st.stroke, inv);
    }
    this.thin = false;
    touched = [];
  }

  clearPolys(polys: number[][]): void {
    const W = this.o.width;
    const clip = this.st.clip;
    this.serial++;
    this.scan(polys, "nonzero", (y, x0, x1) => {
      for (let x = x0; x < x1; x++) {
        const i = y * W + x;
        if (clip && clip[i] === 0) continue;
        this.r.alpha[i] = 0;
        this.r.serial[i] = this.serial;
      }
    });
  }

  rectPoly(x: number, y: number, w: number, h: number): number[] {
    const m = this.st.m;
    return [
      ...apply(m, x, y),
      ...apply(m, x + w, y),
      ...apply(m, x + w, y + h),
      ...apply(m, x, y + h),
    ];
  }

  text(args: unknown[], paint: Paint): void {
    const [text, x, y, maxWidth] = args as [string, number, number, number | undefined];
    const m = this.st.m;
    const [px, py] = apply(m, x, y);
    if (px < -1e6 || py < -1e6 || px > 1e6 || py > 1e6) return;
    const W = this.o.width, H = this.o.height;
    const ix = Math.floor(px), iy = Math.floor(py);
    if (this.st.clip && ix >= 0 && iy >= 0 && ix < W && iy < H && this.st.clip[iy * W + ix] === 0) {
      return;
    }
    const color = paint.kind === "solid" ? paint.color : TRUE | paint.stops[0].rgb;
    this.serial++;
    this.r.texts.push({
      x: px,
      y: py,
      text,
      color,
      align: this.st.align,
      baseline: this.st.baseline,
      maxWidth: maxWidth === undefined ? Infinity : Math.max(0, maxWidth * Math.abs(m[0])),
      serial: this.serial,
    });
    if (this.r.texts.length > 10_000) this.r.texts.shift();
  }

  clipTo(rule: string): void {
    const W = this.o.width, H = this.o.height;
    const next = new Uint8Array(W * H);
    const old = this.st.clip;
    this.scan(this.path.subpaths.map((s) => s.pts), rule, (y, x0, x1) => {
      for (let x = x0; x < x1; x++) {
        const i = y * W + x;
        if (!old || old[i]) next[i] = 1;
      }
    });
    this.st.clip = next;
  }
}

/** Bresenham from (ax, ay) to (bx, by), pixel centers. */
function line(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  mark: (x: number, y: number) => void,
): void {
  let x = Math.floor(ax), y = Math.floor(ay);
  const x1 = Math.floor(bx), y1 = Math.floor(by);
  if (!Number.isFinite(x + y + x1 + y1)) return;
  const dx = Math.abs(x1 - x), dy = -Math.abs(y1 - y);
  const stepX = x < x1 ? 1 : -1, stepY = y < y1 ? 1 : -1;
  let err = dx + dy;
  for (let guard = 0; guard < 100_000; guard++) {
    mark(x, y);
    if (x === x1 && y === y1) break;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += stepX;
    }
    if (e2 <= dx) {
      err += dx;
      y += stepY;
    }
  }
}
