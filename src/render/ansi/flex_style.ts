/**
 * Flexbox style of a layout node, in cells, and its parsing from node props.
 *
 * @module
 */

/** Flex direction: children laid out left to right. */
export const ROW = 0;
/** Flex direction: children laid out top to bottom. */
export const COLUMN = 1;

/** Alignment values (justify and align share the first three). */
export const START = 0;
/** Align or justify to the end. */
export const END = 1;
/** Align or justify to the center. */
export const CENTER = 2;
/** Stretch in the cross axis (align only). */
export const STRETCH = 3;
/** Justify: space between items. */
export const BETWEEN = 4;
/** Justify: space around items. */
export const AROUND = 5;
/** Justify: space evenly. */
export const EVENLY = 6;
/** align_self: use the parent's align. */
export const AUTO = -1;

/** A length: `NaN` is auto; `pct` true means `value` percent of the parent. */
export interface Length {
  value: number;
  pct: boolean;
}

/** The auto length. */
export const AUTO_LENGTH: Readonly<Length> = Object.freeze({ value: NaN, pct: false });

/** Four edges: top, right, bottom, left. */
export type Edges = [number, number, number, number];

/** Flexbox style of one node, already parsed. */
export interface FlexStyle {
  dir: number;
  wrap: boolean;
  justify: number;
  align: number;
  alignSelf: number;
  rowGap: number;
  columnGap: number;
  padding: Edges;
  margin: Edges;
  border: Edges;
  width: Length;
  height: Length;
  minWidth: Length;
  maxWidth: Length;
  minHeight: Length;
  maxHeight: Length;
  grow: number;
  shrink: number;
  basis: Length;
  absolute: boolean;
  /** Offsets for absolute nodes (NaN when unset): top, right, bottom, left. */
  inset: Edges;
  display: boolean;
  /** `width: "grow"`: fill the parent's width (grow in a row, stretch in a column). */
  growWidth: boolean;
  /** `height: "grow"`: fill the parent's height. */
  growHeight: boolean;
}

/**
 * A fresh default style: column, no wrap, start, stretch, shrink 1.
 *
 * @example
 * ```ts
 * import { COLUMN, defaultFlexStyle } from "./flex_style.ts";
 * import assert from "node:assert/strict";
 * assert.equal(defaultFlexStyle().dir, COLUMN);
 * assert.equal(defaultFlexStyle().shrink, 1);
 * ```
 */
export function defaultFlexStyle(): FlexStyle {
  return {
    dir: COLUMN,
    wrap: false,
    justify: START,
    align: STRETCH,
    alignSelf: AUTO,
    rowGap: 0,
    columnGap: 0,
    padding: [0, 0, 0, 0],
    margin: [0, 0, 0, 0],
    border: [0, 0, 0, 0],
    width: AUTO_LENGTH,
    height: AUTO_LENGTH,
    minWidth: AUTO_LENGTH,
    maxWidth: AUTO_LENGTH,
    minHeight: AUTO_LENGTH,
    maxHeight: AUTO_LENGTH,
    grow: 0,
    shrink: 1,
    basis: AUTO_LENGTH,
    absolute: false,
    inset: [NaN, NaN, NaN, NaN],
    display: true,
    growWidth: false,
    growHeight: false,
  };
}

/**
 * True when two styles lay out alike (every field equal, NaN equal to NaN).
 *
 * @example
 * ```ts
 * import { defaultFlexStyle, sameFlexStyle } from "./flex_style.ts";
 * import assert from "node:assert/strict";
 * const a = defaultFlexStyle(), b = defaultFlexStyle();
 * assert.ok(sameFlexStyle(a, b));
 * b.grow = 1;
 * assert.ok(!sameFlexStyle(a, b));
 * ```
 */
export function sameFlexStyle(a: FlexStyle, b: FlexStyle): boolean {
  if (a === b) return true;
  return a.dir === b.dir && a.wrap === b.wrap && a.justify === b.justify &&
    a.align === b.align && a.alignSelf === b.alignSelf && a.rowGap === b.rowGap &&
    a.columnGap === b.columnGap && sameEdges(a.padding, b.padding) &&
    sameEdges(a.margin, b.margin) && sameEdges(a.border, b.border) &&
    sameLength(a.width, b.width) && sameLength(a.height, b.height) &&
    sameLength(a.minWidth, b.minWidth) && sameLength(a.maxWidth, b.maxWidth) &&
    sameLength(a.minHeight, b.minHeight) && sameLength(a.maxHeight, b.maxHeight) &&
    a.grow === b.grow && a.shrink === b.shrink && sameLength(a.basis, b.basis) &&
    a.absolute === b.absolute && sameEdges(a.inset, b.inset) && a.display === b.display &&
    a.growWidth === b.growWidth && a.growHeight === b.growHeight;
}

function sameNumber(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function sameEdges(a: Edges, b: Edges): boolean {
  return sameNumber(a[0], b[0]) && sameNumber(a[1], b[1]) && sameNumber(a[2], b[2]) &&
    sameNumber(a[3], b[3]);
}

function sameLength(a: Length, b: Length): boolean {
  return a === b || (a.pct === b.pct && sameNumber(a.value, b.value));
}

// Both props name edges the same ways (CSS, and row/column words alike).
const EDGE_WORDS: Record<string, number> = {
  start: START,
  flex_start: START,
  left: START,
  top: START,
  end: END,
  flex_end: END,
  right: END,
  bottom: END,
  center: CENTER,
};
const JUSTIFY: Record<string, number> = {
  ...EDGE_WORDS,
  space_between: BETWEEN,
  between: BETWEEN,
  space_around: AROUND,
  around: AROUND,
  space_evenly: EVENLY,
  evenly: EVENLY,
};
const ALIGN: Record<string, number> = { ...EDGE_WORDS, stretch: STRETCH, auto: AUTO };

function keyword(v: unknown): string | undefined {
  return typeof v === "string" ? v.trim().toLowerCase().replace(/-/g, "_") : undefined;
}

function cells(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.min(v, 100_000) : 0;
}

/** Parses a length: a number of cells, `"50%"`, or `"auto"`. */
export function parseLength(v: unknown): Length {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) {
    return { value: Math.min(v, 100_000), pct: false };
  }
  if (typeof v === "string") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    if (m) return { value: Math.min(Number(m[1]), 10_000), pct: true };
  }
  return AUTO_LENGTH;
}

/**
 * Parses edges: a number (all sides), `[vertical, horizontal]`,
 * `[top, horizontal, bottom]` or `[top, right, bottom, left]`, as in CSS.
 */
export function parseEdges(v: unknown): Edges {
  if (Array.isArray(v)) {
    const n = v.map(cells);
    switch (n.length) {
      case 1:
        return [n[0], n[0], n[0], n[0]];
      case 2:
        return [n[0], n[1], n[0], n[1]];
      case 3:
        return [n[0], n[1], n[2], n[1]];
      case 4:
        return [n[0], n[1], n[2], n[3]];
      default:
        return [0, 0, 0, 0];
    }
  }
  const c = cells(v);
  return [c, c, c, c];
}

// Prop names per edge kind, made once: building them per node (template
// strings as keys) was a fifth of the scene's sync time on 10k-node trees.
const EDGE_KEYS = {
  padding: edgeKeys("padding"),
  margin: edgeKeys("margin"),
};

function edgeKeys(name: string): { all: string; x: string; y: string; sides: string[] } {
  const sides = ["top", "right", "bottom", "left"].map((s) => `${name}_${s}`);
  return { all: name, x: `${name}_x`, y: `${name}_y`, sides };
}

function edgesWithSides(props: Record<string, unknown>, name: keyof typeof EDGE_KEYS): Edges {
  const keys = EDGE_KEYS[name];
  const all = props[keys.all];
  const e: Edges = all === undefined ? [0, 0, 0, 0] : parseEdges(all);
  const x = props[keys.x], y = props[keys.y];
  if (x !== undefined) e[1] = e[3] = cells(x);
  if (y !== undefined) e[0] = e[2] = cells(y);
  for (let i = 0; i < 4; i++) {
    const s = props[keys.sides[i]];
    if (s !== undefined) e[i] = cells(s);
  }
  return e;
}

function factor(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/**
 * Parses the layout props of a node (already merged with its style map) into
 * a {@linkcode FlexStyle}. Unknown or malformed values fall back to defaults;
 * `hasBorder` says whether the node draws a border (one cell per side).
 *
 * @example
 * ```ts
 * import { parseFlexStyle, ROW } from "./flex_style.ts";
 * import assert from "node:assert/strict";
 * const s = parseFlexStyle({ dir: "row", padding: [1, 2], width: "50%", grow: 1 }, false);
 * assert.equal(s.dir, ROW);
 * assert.equal(s.padding[1], 2);
 * assert.ok(s.width.pct);
 * assert.equal(s.grow, 1);
 * ```
 */
export function parseFlexStyle(props: Record<string, unknown>, hasBorder: boolean): FlexStyle {
  const s = defaultFlexStyle();
  if (props.dir === "row") s.dir = ROW;
  const wrap = props.wrap;
  s.wrap = wrap === true || wrap === "wrap";
  s.justify = JUSTIFY[keyword(props.justify) ?? ""] ?? START;
  const align = ALIGN[keyword(props.align) ?? ""];
  if (align !== undefined && align !== AUTO) s.align = align;
  s.alignSelf = ALIGN[keyword(props.align_self) ?? ""] ?? AUTO;
  const gap = cells(props.gap);
  s.rowGap = props.row_gap !== undefined ? cells(props.row_gap) : gap;
  s.columnGap = props.column_gap !== undefined ? cells(props.column_gap) : gap;
  s.padding = edgesWithSides(props, "padding");
  s.margin = edgesWithSides(props, "margin");
  if (hasBorder) s.border = [1, 1, 1, 1];
  s.grow = factor(props.grow, 0);
  s.shrink = factor(props.shrink, 1);
  s.basis = parseLength(props.basis);
  const flex = props.flex;
  if (typeof flex === "number" && flex > 0) {
    s.grow = flex;
    s.basis = { value: 0, pct: false };
  }
  const width = props.width, height = props.height;
  s.growWidth = width === "grow";
  s.growHeight = height === "grow";
  s.width = width === "grow" ? AUTO_LENGTH : parseLength(width);
  s.height = height === "grow" ? AUTO_LENGTH : parseLength(height);
  s.minWidth = parseLength(props.min_width);
  s.maxWidth = parseLength(props.max_width);
  s.minHeight = parseLength(props.min_height);
  s.maxHeight = parseLength(props.max_height);
  s.absolute = props.position === "absolute";
  if (s.absolute) {
    const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) ? v : NaN;
    s.inset = [num(props.top), num(props.right), num(props.bottom), num(props.left)];
  }
  s.display = props.display !== "none" && props.hidden !== true;
  return s;
}
