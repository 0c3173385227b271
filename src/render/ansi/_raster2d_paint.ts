/**
 * Paints of the vector2d rasterizer: solid colors and gradients, resolved to
 * RGB where they blend.
 *
 * @module
 */
import { ANSI, PALETTE, paletteRgb, TRUE } from "./color.ts";

/** A color stop of a gradient, resolved. */
export interface Stop {
  t: number;
  rgb: number;
  a: number;
}

/** What fills or strokes: a packed color with alpha, or a gradient (user space). */
export type Paint =
  | { kind: "solid"; color: number; a: number }
  | { kind: "linear"; g: number[]; stops: Stop[] }
  | { kind: "radial"; g: number[]; stops: Stop[] };

/** The RGB of a packed color (palette and ANSI colors as xterm shows them). */
export function rgbOf(color: number): number {
  const tag = color & (0xff << 24);
  if (tag === TRUE) return color & 0xffffff;
  if (tag === PALETTE || tag === ANSI) return paletteRgb(color & 0xff);
  return 0xc0c0c0; // the terminal's default foreground, roughly
}

/** The color and alpha of a gradient at user-space point (x, y). */
export function gradientAt(
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
