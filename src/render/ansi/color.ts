/**
 * Terminal colors: depth detection from the environment, parsing of color
 * values, and reduction from truecolor to 256 or 16 colors.
 *
 * A color is packed in one number so that cells compare as integers:
 * `0` is the terminal's default, `TRUE | 0xRRGGBB`, `PALETTE | index` (0-255),
 * `ANSI | index` (0-15, the user's own terminal theme colors).
 *
 * @module
 */

/** How many colors the terminal shows. */
export type ColorDepth = "none" | "16" | "256" | "truecolor";

/** The terminal's default color. */
export const DEFAULT_COLOR = 0;
/** Tag of a 24-bit color. */
export const TRUE = 1 << 24;
/** Tag of a 256-color palette index. */
export const PALETTE = 2 << 24;
/** Tag of one of the 16 ANSI colors. */
export const ANSI = 3 << 24;
const TAG_MASK = 0xff << 24;

/**
 * Picks the color depth from environment variables, never from the process:
 * `FORCE_COLOR` (0 none, 1 16 colors, 2 256, 3 truecolor) wins, then a
 * non-empty `NO_COLOR` turns color off, then `COLORTERM`, `TERM` and
 * `TERM_PROGRAM` are read.
 *
 * @example
 * ```ts
 * import { detectColorDepth } from "./color.ts";
 * import assert from "node:assert/strict";
 * assert.equal(detectColorDepth({ COLORTERM: "truecolor" }), "truecolor");
 * assert.equal(detectColorDepth({ TERM: "xterm-256color", NO_COLOR: "1" }), "none");
 * assert.equal(detectColorDepth({ TERM: "xterm-256color" }), "256");
 * ```
 */
export function detectColorDepth(env: Readonly<Record<string, string | undefined>>): ColorDepth {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    const f = force.trim().toLowerCase();
    if (f === "0" || f === "false") return "none";
    if (f === "2") return "256";
    if (f === "3") return "truecolor";
    const detected = detectFromTerm(env);
    return detected === "none" ? "16" : detected;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return "none";
  return detectFromTerm(env);
}

function detectFromTerm(env: Readonly<Record<string, string | undefined>>): ColorDepth {
  const colorterm = (env.COLORTERM ?? "").toLowerCase();
  if (colorterm === "truecolor" || colorterm === "24bit") return "truecolor";
  const term = (env.TERM ?? "").toLowerCase();
  if (term === "dumb") return "none";
  if (/(?:kitty|wezterm|alacritty|foot|ghostty|direct|truecolor|24bit)/.test(term)) {
    return "truecolor";
  }
  const program = env.TERM_PROGRAM ?? "";
  if (program === "iTerm.app" || program === "WezTerm" || program === "vscode") return "truecolor";
  if (env.WT_SESSION) return "truecolor";
  if (term.includes("256")) return "256";
  return "16";
}

const ANSI_NAMES: Record<string, number> = {
  black: 0,
  red: 1,
  green: 2,
  yellow: 3,
  blue: 4,
  magenta: 5,
  cyan: 6,
  white: 7,
  gray: 8,
  grey: 8,
  bright_black: 8,
  bright_red: 9,
  bright_green: 10,
  bright_yellow: 11,
  bright_blue: 12,
  bright_magenta: 13,
  bright_cyan: 14,
  bright_white: 15,
};

/** Approximate RGB of the 16 ANSI colors (xterm defaults), for reduction. */
const ANSI_RGB: readonly number[] = [
  0x000000,
  0xcd0000,
  0x00cd00,
  0xcdcd00,
  0x0000ee,
  0xcd00cd,
  0x00cdcd,
  0xe5e5e5,
  0x7f7f7f,
  0xff0000,
  0x00ff00,
  0xffff00,
  0x5c5cff,
  0xff00ff,
  0x00ffff,
  0xffffff,
];

/**
 * Parses a color value: `#rgb`, `#rrggbb`, an ANSI color name (`red`,
 * `bright_blue`, `gray`...), or a 256-color index. Returns `undefined` for
 * anything else (the caller then keeps the inherited color).
 *
 * @example
 * ```ts
 * import { ANSI, parseColor, TRUE } from "./color.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseColor("#ff8000"), (TRUE | 0xff8000));
 * assert.equal(parseColor("red"), (ANSI | 1));
 * assert.equal(parseColor("nope"), undefined);
 * ```
 */
export function parseColor(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 && value <= 255 ? PALETTE | value : undefined;
  }
  if (typeof value !== "string") return undefined;
  const v = value.trim().toLowerCase();
  if (v.startsWith("#")) {
    if (/^#[0-9a-f]{6}$/.test(v)) return TRUE | parseInt(v.slice(1), 16);
    if (/^#[0-9a-f]{3}$/.test(v)) {
      const r = parseInt(v[1], 16), g = parseInt(v[2], 16), b = parseInt(v[3], 16);
      return TRUE | (r * 17 << 16) | (g * 17 << 8) | (b * 17);
    }
    return undefined;
  }
  const ansi = ANSI_NAMES[v.replace(/[- ]/g, "_")];
  return ansi === undefined ? undefined : ANSI | ansi;
}

/**
 * Reduces a packed color to what `depth` can show (nearest palette entry).
 *
 * @example
 * ```ts
 * import { ANSI, PALETTE, reduceColor, TRUE } from "./color.ts";
 * import assert from "node:assert/strict";
 * assert.equal(reduceColor(TRUE | 0xff0000, "256"), (PALETTE | 196));
 * assert.equal(reduceColor(TRUE | 0xff0000, "16"), (ANSI | 9));
 * assert.equal(reduceColor(TRUE | 0xff0000, "none"), 0);
 * ```
 */
export function reduceColor(color: number, depth: ColorDepth): number {
  if (color === DEFAULT_COLOR) return color;
  const tag = color & TAG_MASK;
  if (depth === "none") return DEFAULT_COLOR;
  if (tag === ANSI || depth === "truecolor") return color;
  if (tag === TRUE) {
    const rgb = color & 0xffffff;
    return depth === "256" ? PALETTE | nearest256(rgb) : ANSI | nearest16(rgb);
  }
  // A palette index on a 16-color terminal.
  const idx = color & 0xff;
  if (depth === "256") return color;
  return ANSI | (idx < 16 ? idx : nearest16(paletteRgb(idx)));
}

/** The RGB of a 256-color palette index (xterm's palette). */
export function paletteRgb(idx: number): number {
  if (idx < 16) return ANSI_RGB[idx];
  if (idx >= 232) {
    const l = 8 + (idx - 232) * 10;
    return (l << 16) | (l << 8) | l;
  }
  const i = idx - 16;
  const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
  return (level(Math.floor(i / 36)) << 16) | (level(Math.floor(i / 6) % 6) << 8) |
    level(i % 6);
}

function dist(a: number, b: number): number {
  const dr = ((a >> 16) & 255) - ((b >> 16) & 255);
  const dg = ((a >> 8) & 255) - ((b >> 8) & 255);
  const db = (a & 255) - (b & 255);
  // Weighted for perceived brightness (green counts most).
  return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

function nearest256(rgb: number): number {
  const r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  const q = (v: number) => (v < 48 ? 0 : v < 115 ? 1 : Math.floor((v - 35) / 40));
  const cube = 16 + 36 * q(r) + 6 * q(g) + q(b);
  const avg = Math.round((r + g + b) / 3);
  const grayIdx = avg < 4 ? 16 : avg > 246 ? 231 : 232 + Math.min(23, Math.round((avg - 8) / 10));
  return dist(rgb, paletteRgb(grayIdx)) < dist(rgb, paletteRgb(cube)) ? grayIdx : cube;
}

const GRAYS = new Set([0, 7, 8, 15]);

function nearest16(rgb: number): number {
  const r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  // A clearly colored value keeps a hue: it never maps to black, gray or white.
  const colored = Math.max(r, g, b) - Math.min(r, g, b) > 64;
  let best = 0, bestD = Infinity;
  for (let i = 0; i < 16; i++) {
    if (colored && GRAYS.has(i)) continue;
    const d = dist(rgb, ANSI_RGB[i]);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
