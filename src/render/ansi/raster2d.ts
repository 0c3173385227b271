/**
 * The terminal's vector2d rasterizer: runs a CANVAS display list (the op
 * table in `src/media/vector2d.ts`) into a small pixel buffer, at two pixels
 * per cell across and four down for Braille, or at a terminal's cell pixel
 * size for kitty and sixel images. Colors stay packed terminal colors (see
 * `color.ts`) so a named ANSI color stays the user's theme color; blending
 * turns them into RGB. Text is not rasterized: it is kept as anchored items
 * that the cell painter draws as characters.
 *
 * @module
 */
import { parseCssColor } from "../../media/css_color.ts";
import { decodeImage, type ImageSource } from "../../media/image.ts";
import { checkCommand, MAX_VECTOR2D_COMMANDS, type Vector2dOp } from "../../media/vector2d.ts";
import { isSlotRef } from "../../protocol/slot_ref.ts";
import { ANSI, PALETTE, paletteRgb, TRUE } from "./color.ts";
import {
  apply,
  dashed,
  IDENTITY,
  invert,
  type Matrix,
  multiply,
  PathBuilder,
  scaleOf,
  strokeOutline,
  type Subpath,
} from "./raster_path.ts";

/** A color stop of a gradient, resolved. */
interface Stop {
  t: number;
  rgb: number;
  a: number;
}

/** What fills or strokes: a packed color with alpha, or a gradient (user space). */
type Paint =
  | { kind: "solid"; color: number; a: number }
  | { kind: "linear"; g: number[]; stops: Stop[] }
  | { kind: "radial"; g: number[]; stops: Stop[] };

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

interface GState {
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

/** The RGB of a packed color (palette and ANSI colors as xterm shows them). */
export function rgbOf(color: number): number {
  const tag = color & (0xff << 24);
  if (tag === TRUE) return color & 0xffffff;
  if (tag === PALETTE || tag === ANSI) return paletteRgb(color & 0xff);
  return 0xc0c0c0; // the terminal's default foreground, roughly
}

class Machine {
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

  image(args: unknown[]): void {
    const src = args[0] as ImageSource;
    let img;
    try {
      img = decodeImage(src);
    } catch (err) {
      this.problem(`draw_image: ${(err as Error).message}`);
      return;
    }
    if (!img) return; // jpeg, gif, webp: not decodable here (documented)
    const n = args.slice(1) as number[];
    let sx = 0,
      sy = 0,
      sw = img.width,
      sh = img.height,
      dx: number,
      dy: number,
      dw: number,
      dh: number;
    if (n.length === 2) [dx, dy, dw, dh] = [n[0], n[1], img.width, img.height];
    else if (n.length === 4) [dx, dy, dw, dh] = n;
    else [sx, sy, sw, sh, dx, dy, dw, dh] = n;
    if (dw === 0 || dh === 0 || sw === 0 || sh === 0) return;
    const m = this.st.m;
    const inv = invert(m);
    if (!inv) return;
    const W = this.o.width;
    const poly = this.rectPoly(dx, dy, dw, dh);
    // Shrinking a lot: average the source pixels a device pixel covers.
    const axis = m[1] === 0 && m[2] === 0;
    const fx = Math.abs(sw / dw / m[0]), fy = Math.abs(sh / dh / m[3]);
    const box = axis && (fx > 1.5 || fy > 1.5);
    const rgba = img.rgba, iw = img.width, ih = img.height;
    this.serial++;
    this.scan([poly], "nonzero", (y, x0, x1) => {
      for (let x = x0; x < x1; x++) {
        const [ux, uy] = apply(inv, x + 0.5, y + 0.5);
        const u = sx + ((ux - dx) / dw) * sw, v = sy + ((uy - dy) / dh) * sh;
        let r = 0, g = 0, b = 0, a = 0, count = 0;
        if (box) {
          const u0 = Math.max(0, Math.floor(u - fx / 2)), u1 = Math.min(iw, Math.ceil(u + fx / 2));
          const v0 = Math.max(0, Math.floor(v - fy / 2)), v1 = Math.min(ih, Math.ceil(v + fy / 2));
          const su = Math.max(1, Math.floor((u1 - u0) / 8)),
            sv = Math.max(1, Math.floor((v1 - v0) / 8));
          for (let yy = v0; yy < v1; yy += sv) {
            for (let xx = u0; xx < u1; xx += su) {
              const o = (yy * iw + xx) * 4;
              const pa = rgba[o + 3];
              r += rgba[o] * pa;
              g += rgba[o + 1] * pa;
              b += rgba[o + 2] * pa;
              a += pa;
              count++;
            }
          }
          this.work += count;
          if (count === 0 || a === 0) continue;
          r /= a;
          g /= a;
          b /= a;
          a /= count;
        } else {
          const ix = Math.floor(u), iy = Math.floor(v);
          if (ix < 0 || iy < 0 || ix >= iw || iy >= ih) continue;
          const o = (iy * iw + ix) * 4;
          [r, g, b, a] = [rgba[o], rgba[o + 1], rgba[o + 2], rgba[o + 3]];
        }
        const i = y * W + x;
        if (this.st.clip && this.st.clip[i] === 0) continue;
        const color = TRUE | (Math.round(r) << 16) | (Math.round(g) << 8) | Math.round(b);
        this.blend(i, color, Math.round(a * this.st.alpha));
      }
    });
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

function gradientAt(
  p: Exclude<Paint, { kind: "solid" }>,
  x: number,
  y: number,
): { rgb: number; a: number } {
  let t: number;
  const g = p.g;
  if (p.kind === "linear") {
    const dx = g[2] - g[0], dy = g[3] - g[1];
    const len = dx * dx + dy * dy;
    t = len === 0 ? 0 : ((x - g[0]) * dx + (y - g[1]) * dy) / len;
  } else {
    // Concentric approximation: distance from the end circle's center.
    const r0 = g[2], r1 = g[5];
    const d = Math.hypot(x - g[3], y - g[4]);
    t = r1 === r0 ? 0 : (d - r0) / (r1 - r0);
  }
  t = Math.max(0, Math.min(1, t));
  const s = p.stops;
  if (t <= s[0].t) return s[0];
  for (let i = 1; i < s.length; i++) {
    if (t <= s[i].t) {
      const a = s[i - 1], b = s[i];
      const k = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
      const mix = (sh: number) =>
        Math.round(((a.rgb >> sh) & 255) * (1 - k) + ((b.rgb >> sh) & 255) * k);
      return {
        rgb: (mix(16) << 16) | (mix(8) << 8) | mix(0),
        a: Math.round(a.a * (1 - k) + b.a * k),
      };
    }
  }
  return s[s.length - 1];
}

type Handler = (mc: Machine, a: unknown[]) => void;
const n = (v: unknown) => v as number;

/** The terminal's implementation of every vector2d op (typed by the table). */
const OPS: Record<Vector2dOp, Handler> = {
  save(mc) {
    if (mc.stack.length < 256) {
      mc.stack.push({ ...mc.st, m: [...mc.st.m] as Matrix, dash: [...mc.st.dash] });
    }
  },
  restore(mc) {
    const s = mc.stack.pop();
    if (s) mc.st = s;
  },
  clear(mc) {
    mc.r.alpha.fill(0);
    mc.r.texts = [];
    mc.serial++;
  },
  translate: (mc, a) => mc.st.m = multiply(mc.st.m, [1, 0, 0, 1, n(a[0]), n(a[1])]),
  rotate(mc, a) {
    const c = Math.cos(n(a[0])), s = Math.sin(n(a[0]));
    mc.st.m = multiply(mc.st.m, [c, s, -s, c, 0, 0]);
  },
  scale: (mc, a) => mc.st.m = multiply(mc.st.m, [n(a[0]), 0, 0, n(a[1]), 0, 0]),
  transform: (mc, a) => mc.st.m = multiply(mc.st.m, a as Matrix),
  set_transform: (mc, a) => mc.st.m = multiply([mc.o.scaleX, 0, 0, mc.o.scaleY, 0, 0], a as Matrix),
  reset_transform: (mc) => mc.st.m = multiply([mc.o.scaleX, 0, 0, mc.o.scaleY, 0, 0], IDENTITY),
  set_fill(mc, a) {
    const p = mc.paint(a[0]);
    if (p) mc.st.fill = p;
  },
  set_stroke(mc, a) {
    const p = mc.paint(a[0]);
    if (p) mc.st.stroke = p;
  },
  set_line_width(mc, a) {
    if (n(a[0]) > 0) mc.st.lineWidth = n(a[0]);
  },
  set_line_cap() {},
  set_line_join() {},
  set_miter_limit() {},
  set_line_dash: (mc, a) => mc.st.dash = [...(a[0] as number[])],
  set_line_dash_offset: (mc, a) => mc.st.dashOffset = n(a[0]),
  set_global_alpha(mc, a) {
    if (n(a[0]) >= 0 && n(a[0]) <= 1) mc.st.alpha = n(a[0]);
  },
  set_font() {},
  set_text_align: (mc, a) => mc.st.align = a[0] as string,
  set_text_baseline: (mc, a) => mc.st.baseline = a[0] as string,
  begin_path: (mc) => mc.path.reset(),
  close_path: (mc) => mc.path.closePath(),
  move_to: (mc, a) => mc.path.moveTo(mc.st.m, n(a[0]), n(a[1])),
  line_to: (mc, a) => mc.path.lineTo(mc.st.m, n(a[0]), n(a[1])),
  quadratic_curve_to: (mc, a) => mc.path.quadTo(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  bezier_curve_to: (mc, a) =>
    mc.path.cubicTo(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5])),
  arc: (mc, a) =>
    mc.path.ellipse(
      mc.st.m,
      n(a[0]),
      n(a[1]),
      n(a[2]),
      n(a[2]),
      0,
      n(a[3]),
      n(a[4]),
      a[5] === true,
    ),
  arc_to: (mc, a) =>
    mc.path.arcTo(mc.st.m, invert(mc.st.m), n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4])),
  ellipse: (mc, a) =>
    mc.path.ellipse(
      mc.st.m,
      n(a[0]),
      n(a[1]),
      n(a[2]),
      n(a[3]),
      n(a[4]),
      n(a[5]),
      n(a[6]),
      a[7] === true,
    ),
  rect: (mc, a) => mc.path.rect(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  round_rect: (mc, a) =>
    mc.path.roundRect(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3]), a[4] as number | number[]),
  fill: (mc, a) =>
    mc.fillPolys(mc.path.subpaths.map((s) => s.pts), (a[0] as string) ?? "nonzero", mc.st.fill),
  stroke: (mc) => mc.strokePaths(mc.path.subpaths),
  clip: (mc, a) => mc.clipTo((a[0] as string) ?? "nonzero"),
  fill_rect: (mc, a) =>
    mc.fillPolys([mc.rectPoly(n(a[0]), n(a[1]), n(a[2]), n(a[3]))], "nonzero", mc.st.fill),
  stroke_rect(mc, a) {
    const p = mc.rectPoly(n(a[0]), n(a[1]), n(a[2]), n(a[3]));
    mc.strokePaths([{ pts: p, closed: true }]);
  },
  clear_rect: (mc, a) => mc.clearPolys([mc.rectPoly(n(a[0]), n(a[1]), n(a[2]), n(a[3]))]),
  fill_text: (mc, a) => mc.text(a, mc.st.fill),
  stroke_text: (mc, a) => mc.text(a, mc.st.stroke),
  draw_image: (mc, a) => mc.image(a),
};

/**
 * Rasterizes a vector2d display list. Bad commands are skipped and listed in
 * `problems` (the first five); the rest is drawn.
 *
 * @example
 * ```ts
 * import { rasterize2d } from "./raster2d.ts";
 * import { TRUE } from "./color.ts";
 * const r = rasterize2d([["set_fill", "#ff0000"], ["fill_rect", 0, 0, 5, 10]], {
 *   width: 10, height: 10, scaleX: 1, scaleY: 1, color: () => undefined, defaultColor: 0,
 * });
 * if (r.color[0] !== (TRUE | 0xff0000) || r.alpha[0] !== 255 || r.alpha[9] !== 0) throw new Error();
 * ```
 */
export function rasterize2d(commands: readonly unknown[], options: Raster2dOptions): Raster2d {
  const mc = new Machine(options);
  const count = Math.min(commands.length, MAX_VECTOR2D_COMMANDS);
  if (commands.length > count) {
    mc.problem(`${commands.length - count} commands past ${MAX_VECTOR2D_COMMANDS} were not drawn`);
  }
  for (let i = 0; i < count && !mc.stopped; i++) {
    const c = checkCommand(commands[i]);
    if (typeof c === "string") {
      mc.problem(`command ${i}: ${c}`);
      continue;
    }
    OPS[c.op](mc, c.args);
  }
  return mc.r;
}

/** The ops the terminal implements (for tests: the same set as the table). */
export const TERMINAL_VECTOR2D_OPS: readonly string[] = Object.keys(OPS);
