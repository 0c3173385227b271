/**
 * Path geometry for the terminal's vector2d rasterizer: the current transform,
 * paths built from the Canvas 2D calls and flattened to polylines in device
 * pixels (curves, arcs and ellipses included), dashes, and stroke outlines.
 *
 * @module
 */

/** An affine transform `[a, b, c, d, e, f]`: x' = a x + c y + e, y' = b x + d y + f. */
export type Matrix = [number, number, number, number, number, number];

/** The identity transform. */
export const IDENTITY: Readonly<Matrix> = [1, 0, 0, 1, 0, 0];

/** `m` then `n` applied to a point (`m * n` as canvas's `transform()` does). */
export function multiply(m: Readonly<Matrix>, n: Readonly<Matrix>): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** The inverse of `m`, or `null` when it has none. */
export function invert(m: Readonly<Matrix>): Matrix | null {
  const det = m[0] * m[3] - m[1] * m[2];
  if (!det || !Number.isFinite(det)) return null;
  return [
    m[3] / det,
    -m[1] / det,
    -m[2] / det,
    m[0] / det,
    (m[2] * m[5] - m[3] * m[4]) / det,
    (m[1] * m[4] - m[0] * m[5]) / det,
  ];
}

/** How much `m` scales lengths (the geometric mean of its axes). */
export function scaleOf(m: Readonly<Matrix>): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}

/** One subpath: flat `[x0, y0, x1, y1, ...]` in device pixels. */
export interface Subpath {
  pts: number[];
  closed: boolean;
}

/** Most points a path may hold; beyond it, points are dropped (a hostile path stays bounded). */
const MAX_POINTS = 200_000;

/**
 * A path under construction, in device pixels. Points given in user space are
 * mapped through the transform current at each call, as Canvas 2D does.
 */
export class PathBuilder {
  subpaths: Subpath[] = [];
  #cur: Subpath | null = null;
  #points = 0;

  /** Forgets everything (`begin_path`). */
  reset(): void {
    this.subpaths = [];
    this.#cur = null;
    this.#points = 0;
  }

  /** The last point, in device pixels. */
  last(): [number, number] | null {
    const p = this.#cur?.pts;
    return p && p.length >= 2 ? [p[p.length - 2], p[p.length - 1]] : null;
  }

  #push(x: number, y: number): void {
    if (this.#points >= MAX_POINTS) return;
    this.#points++;
    this.#cur!.pts.push(x, y);
  }

  moveTo(m: Readonly<Matrix>, x: number, y: number): void {
    this.#cur = { pts: [], closed: false };
    this.subpaths.push(this.#cur);
    this.#push(...apply(m, x, y));
  }

  lineTo(m: Readonly<Matrix>, x: number, y: number): void {
    if (!this.#cur) return this.moveTo(m, x, y);
    this.#push(...apply(m, x, y));
  }

  closePath(): void {
    const c = this.#cur;
    if (!c || c.pts.length === 0) return;
    c.closed = true;
    const x = c.pts[0], y = c.pts[1];
    this.#cur = { pts: [x, y], closed: false };
    this.subpaths.push(this.#cur);
  }

  quadTo(m: Readonly<Matrix>, cx: number, cy: number, x: number, y: number): void {
    const p0 = this.last() ?? apply(m, cx, cy);
    if (!this.#cur) this.moveTo(m, cx, cy);
    const [c1x, c1y] = apply(m, cx, cy), [p2x, p2y] = apply(m, x, y);
    const n = steps(Math.hypot(c1x - p0[0], c1y - p0[1]) + Math.hypot(p2x - c1x, p2y - c1y));
    for (let i = 1; i <= n; i++) {
      const t = i / n, u = 1 - t;
      this.#push(
        u * u * p0[0] + 2 * u * t * c1x + t * t * p2x,
        u * u * p0[1] + 2 * u * t * c1y + t * t * p2y,
      );
    }
  }

  cubicTo(
    m: Readonly<Matrix>,
    c1x: number,
    c1y: number,
    c2x: number,
    c2y: number,
    x: number,
    y: number,
  ): void {
    const p0 = this.last() ?? apply(m, c1x, c1y);
    if (!this.#cur) this.moveTo(m, c1x, c1y);
    const a = apply(m, c1x, c1y), b = apply(m, c2x, c2y), e = apply(m, x, y);
    const len = Math.hypot(a[0] - p0[0], a[1] - p0[1]) + Math.hypot(b[0] - a[0], b[1] - a[1]) +
      Math.hypot(e[0] - b[0], e[1] - b[1]);
    const n = steps(len);
    for (let i = 1; i <= n; i++) {
      const t = i / n, u = 1 - t;
      const k0 = u * u * u, k1 = 3 * u * u * t, k2 = 3 * u * t * t, k3 = t * t * t;
      this.#push(
        k0 * p0[0] + k1 * a[0] + k2 * b[0] + k3 * e[0],
        k0 * p0[1] + k1 * a[1] + k2 * b[1] + k3 * e[1],
      );
    }
  }

  /** `ellipse` (and `arc` with rx = ry): a line to the start, then the arc. */
  ellipse(
    m: Readonly<Matrix>,
    cx: number,
    cy: number,
    rx: number,
    ry: number,
    rotation: number,
    start: number,
    end: number,
    ccw: boolean,
  ): void {
    const TAU = Math.PI * 2;
    let sweep = end - start;
    if (!ccw && sweep >= TAU) sweep = TAU;
    else if (ccw && -sweep >= TAU) sweep = -TAU;
    else {
      if (!ccw) sweep = ((sweep % TAU) + TAU) % TAU;
      else sweep = -((((-sweep) % TAU) + TAU) % TAU);
    }
    const cos = Math.cos(rotation), sin = Math.sin(rotation);
    const point = (t: number): [number, number] => {
      const x = rx * Math.cos(t), y = ry * Math.sin(t);
      return [cx + x * cos - y * sin, cy + x * sin + y * cos];
    };
    const n = steps(Math.abs(sweep) * Math.max(rx, ry) * scaleOf(m), 4);
    const [sx, sy] = point(start);
    this.lineTo(m, sx, sy);
    for (let i = 1; i <= n; i++) {
      const [x, y] = point(start + (sweep * i) / n);
      this.#push(...apply(m, x, y));
    }
  }

  /** `arc_to`: a line to where the corner's circle starts, then the arc. */
  arcTo(
    m: Readonly<Matrix>,
    inv: Readonly<Matrix> | null,
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    r: number,
  ): void {
    const last = this.last();
    if (!last || !inv) return this.moveTo(m, x1, y1);
    const [x0, y0] = apply(inv, last[0], last[1]);
    const v0x = x0 - x1, v0y = y0 - y1, v2x = x2 - x1, v2y = y2 - y1;
    const l0 = Math.hypot(v0x, v0y), l2 = Math.hypot(v2x, v2y);
    const cross = v0x * v2y - v0y * v2x;
    if (l0 === 0 || l2 === 0 || r === 0 || Math.abs(cross) < 1e-9) return this.lineTo(m, x1, y1);
    const angle = Math.acos(Math.max(-1, Math.min(1, (v0x * v2x + v0y * v2y) / (l0 * l2))));
    const d = r / Math.tan(angle / 2);
    const t0x = x1 + (v0x / l0) * d, t0y = y1 + (v0y / l0) * d;
    const t2x = x1 + (v2x / l2) * d, t2y = y1 + (v2y / l2) * d;
    // The center is off the corner along the bisector, at r from both tangents.
    const nx = cross > 0 ? -v0y / l0 : v0y / l0, ny = cross > 0 ? v0x / l0 : -v0x / l0;
    const cx = t0x + nx * r, cy = t0y + ny * r;
    const a0 = Math.atan2(t0y - cy, t0x - cx), a2 = Math.atan2(t2y - cy, t2x - cx);
    let sweep = a2 - a0;
    while (sweep > Math.PI) sweep -= 2 * Math.PI;
    while (sweep < -Math.PI) sweep += 2 * Math.PI;
    this.ellipse(m, cx, cy, r, r, 0, a0, a0 + sweep, sweep < 0);
  }

  rect(m: Readonly<Matrix>, x: number, y: number, w: number, h: number): void {
    this.moveTo(m, x, y);
    this.lineTo(m, x + w, y);
    this.lineTo(m, x + w, y + h);
    this.lineTo(m, x, y + h);
    this.closePath();
  }

  roundRect(
    m: Readonly<Matrix>,
    x: number,
    y: number,
    w: number,
    h: number,
    radii: number | readonly number[] | undefined,
  ): void {
    const list = radii === undefined ? [0] : typeof radii === "number" ? [radii] : radii;
    const [tl, tr, br, bl] = list.length === 1
      ? [list[0], list[0], list[0], list[0]]
      : list.length === 2
      ? [list[0], list[1], list[0], list[1]]
      : list.length === 3
      ? [list[0], list[1], list[2], list[1]]
      : list;
    // Radii that do not fit shrink together, as in the Canvas spec.
    const k = Math.min(
      1,
      Math.abs(w) / Math.max(tl + tr, bl + br, 1e-9),
      Math.abs(h) / Math.max(tl + bl, tr + br, 1e-9),
    );
    const [a, b, c, d] = [tl * k, tr * k, br * k, bl * k];
    const H = Math.PI / 2;
    this.moveTo(m, x + a, y);
    this.lineTo(m, x + w - b, y);
    if (b > 0) this.ellipse(m, x + w - b, y + b, b, b, 0, -H, 0, false);
    this.lineTo(m, x + w, y + h - c);
    if (c > 0) this.ellipse(m, x + w - c, y + h - c, c, c, 0, 0, H, false);
    this.lineTo(m, x + d, y + h);
    if (d > 0) this.ellipse(m, x + d, y + h - d, d, d, 0, H, Math.PI, false);
    this.lineTo(m, x, y + a);
    if (a > 0) this.ellipse(m, x + a, y + a, a, a, 0, Math.PI, Math.PI + H, false);
    this.closePath();
  }
}

/** `m` applied to a point. */
export function apply(m: Readonly<Matrix>, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function steps(length: number, min = 1): number {
  return Math.max(min, Math.min(1024, Math.ceil(length / 2)));
}

/**
 * Cuts polylines into dashes: `pattern` lengths (device pixels) alternate on
 * and off, starting `offset` into the pattern. An empty or all-zero pattern
 * returns the input.
 */
export function dashed(paths: Subpath[], pattern: readonly number[], offset: number): Subpath[] {
  const pat = pattern.length % 2 === 1 ? [...pattern, ...pattern] : pattern;
  const total = pat.reduce((a, b) => a + b, 0);
  if (pat.length === 0 || !(total > 0)) return paths;
  const out: Subpath[] = [];
  for (const sp of paths) {
    const pts = sp.closed && sp.pts.length >= 4 ? [...sp.pts, sp.pts[0], sp.pts[1]] : sp.pts;
    let idx = 0;
    let left = pat[0];
    let skip = ((offset % total) + total) % total;
    while (skip > 0) {
      if (skip >= left) {
        skip -= left;
        idx = (idx + 1) % pat.length;
        left = pat[idx];
      } else {
        left -= skip;
        skip = 0;
      }
    }
    let cur: number[] | null = idx % 2 === 0 ? [pts[0], pts[1]] : null;
    for (let i = 2; i + 1 < pts.length; i += 2) {
      let ax = pts[i - 2], ay = pts[i - 1];
      const bx = pts[i], by = pts[i + 1];
      let seg = Math.hypot(bx - ax, by - ay);
      let guard = 0;
      while (seg > 0 && guard++ < 100_000) {
        const step = Math.min(seg, left);
        const t = step / seg;
        const px = ax + (bx - ax) * t, py = ay + (by - ay) * t;
        if (cur) cur.push(px, py);
        seg -= step;
        left -= step;
        ax = px;
        ay = py;
        if (left <= 1e-9) {
          if (cur) {
            out.push({ pts: cur, closed: false });
            cur = null;
          } else cur = [px, py];
          idx = (idx + 1) % pat.length;
          left = pat[idx];
        }
      }
    }
    if (cur && cur.length >= 4) out.push({ pts: cur, closed: false });
  }
  return out;
}

/**
 * The outline of a stroke of width `w` (device pixels) as polygons to fill
 * (nonzero): one quad per segment and a round disc at every joint and end.
 */
export function strokeOutline(paths: Subpath[], w: number): number[][] {
  const r = w / 2;
  const polys: number[][] = [];
  const disc = (x: number, y: number) => {
    const n = Math.max(8, Math.min(64, Math.ceil(r * 2)));
    const p: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = (i / n) * Math.PI * 2;
      p.push(x + r * Math.cos(t), y + r * Math.sin(t));
    }
    polys.push(p);
  };
  for (const sp of paths) {
    const pts = sp.closed && sp.pts.length >= 4 ? [...sp.pts, sp.pts[0], sp.pts[1]] : sp.pts;
    if (pts.length === 2) {
      disc(pts[0], pts[1]);
      continue;
    }
    for (let i = 2; i + 1 < pts.length; i += 2) {
      const ax = pts[i - 2], ay = pts[i - 1], bx = pts[i], by = pts[i + 1];
      const len = Math.hypot(bx - ax, by - ay);
      if (len === 0) continue;
      const nx = (-(by - ay) / len) * r, ny = ((bx - ax) / len) * r;
      polys.push([ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny]);
      disc(bx, by);
    }
    if (!sp.closed) disc(pts[0], pts[1]);
  }
  return polys;
}
