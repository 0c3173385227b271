/**
 * CSS color text to RGBA, for viewers that draw pixels themselves (the
 * terminal rasterizer): hex forms, `rgb()`/`rgba()` (comma or space syntax),
 * `transparent` and the common named colors. Browsers parse colors natively.
 *
 * @module
 */

const NAMED: Readonly<Record<string, number>> = {
  black: 0x000000,
  white: 0xffffff,
  red: 0xff0000,
  lime: 0x00ff00,
  green: 0x008000,
  blue: 0x0000ff,
  yellow: 0xffff00,
  cyan: 0x00ffff,
  aqua: 0x00ffff,
  magenta: 0xff00ff,
  fuchsia: 0xff00ff,
  gray: 0x808080,
  grey: 0x808080,
  silver: 0xc0c0c0,
  maroon: 0x800000,
  olive: 0x808000,
  navy: 0x000080,
  purple: 0x800080,
  teal: 0x008080,
  orange: 0xffa500,
  pink: 0xffc0cb,
  brown: 0xa52a2a,
  gold: 0xffd700,
  indigo: 0x4b0082,
  violet: 0xee82ee,
  coral: 0xff7f50,
  salmon: 0xfa8072,
  tomato: 0xff6347,
  crimson: 0xdc143c,
  steelblue: 0x4682b4,
  skyblue: 0x87ceeb,
  darkgray: 0xa9a9a9,
  darkgrey: 0xa9a9a9,
  lightgray: 0xd3d3d3,
  lightgrey: 0xd3d3d3,
  dimgray: 0x696969,
  dimgrey: 0x696969,
};

/** `[rgb, alpha]`: 0xRRGGBB and 0-255. */
export type Rgba = readonly [rgb: number, alpha: number];

/**
 * Parses CSS color text; `undefined` when it is not one this knows.
 *
 * @example
 * ```ts
 * import { parseCssColor } from "./css_color.ts";
 * const [rgb, a] = parseCssColor("rgba(255, 0, 0, 0.5)")!;
 * if (rgb !== 0xff0000 || a !== 128) throw new Error();
 * if (parseCssColor("#0f08")![1] !== 0x88) throw new Error();
 * ```
 */
export function parseCssColor(text: string): Rgba | undefined {
  const v = text.trim().toLowerCase();
  if (v === "transparent") return [0, 0];
  if (v.startsWith("#")) {
    const h = v.slice(1);
    if (!/^[0-9a-f]+$/.test(h)) return undefined;
    const x = (s: string) => parseInt(s, 16);
    if (h.length === 3 || h.length === 4) {
      const rgb = (x(h[0]) * 17 << 16) | (x(h[1]) * 17 << 8) | x(h[2]) * 17;
      return [rgb, h.length === 4 ? x(h[3]) * 17 : 255];
    }
    if (h.length === 6 || h.length === 8) {
      return [x(h.slice(0, 6)), h.length === 8 ? x(h.slice(6)) : 255];
    }
    return undefined;
  }
  const m = /^rgba?\(\s*([^)]*)\)$/.exec(v);
  if (m) {
    const parts = m[1].split(/\s*[,/]\s*|\s+/).filter((p) => p !== "");
    if (parts.length !== 3 && parts.length !== 4) return undefined;
    const chan = (p: string) => p.endsWith("%") ? (parseFloat(p) * 255) / 100 : parseFloat(p);
    const c = parts.slice(0, 3).map(chan);
    if (c.some((n) => !Number.isFinite(n))) return undefined;
    const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
    let a = 255;
    if (parts.length === 4) {
      const p = parts[3];
      const f = p.endsWith("%") ? parseFloat(p) / 100 : parseFloat(p);
      if (!Number.isFinite(f)) return undefined;
      a = clamp(f * 255);
    }
    return [(clamp(c[0]) << 16) | (clamp(c[1]) << 8) | clamp(c[2]), a];
  }
  const named = NAMED[v];
  return named === undefined ? undefined : [named, 255];
}
