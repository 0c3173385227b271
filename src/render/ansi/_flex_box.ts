/**
 * Box and axis arithmetic of the flex layout: lengths, min/max bounds,
 * padding and border, margins, grow factors and alignment per axis.
 *
 * @module
 */
import { AUTO, type FlexStyle, type Length, STRETCH } from "./flex_style.ts";
import { AT_MOST, type FlexNode, UNDEF } from "./_flex_node.ts";

export function resolve(len: Length, base: number): number {
  if (len.value !== len.value) return NaN;
  return len.pct ? (base === base ? (len.value * base) / 100 : NaN) : len.value;
}

/** Yoga's boundAxisWithinMinAndMax: max first, then min (min wins). */
export function minMax(v: number, min: number, max: number): number {
  if (max >= 0 && v > max) v = max;
  if (min >= 0 && v < min) v = min;
  return v;
}

export function pbRow(n: FlexNode): number {
  const s = n.style;
  return s.padding[1] + s.padding[3] + s.border[1] + s.border[3] + n._gutter;
}

export function pbCol(n: FlexNode): number {
  const s = n.style;
  return s.padding[0] + s.padding[2] + s.border[0] + s.border[2];
}

/** Yoga's boundAxis: within min and max, and never below padding + border. */
export function bound(n: FlexNode, row: boolean, v: number): number {
  const b = row ? minMax(v, n._minW, n._maxW) : minMax(v, n._minH, n._maxH);
  const pb = row ? pbRow(n) : pbCol(n);
  return b !== b ? pb : b > pb ? b : pb;
}

export function setMinMax(c: FlexNode, baseW: number, baseH: number): void {
  const s = c.style;
  c._minW = resolve(s.minWidth, baseW);
  c._maxW = resolve(s.maxWidth, baseW);
  c._minH = resolve(s.minHeight, baseH);
  c._maxH = resolve(s.maxHeight, baseH);
}

export function definite(len: Length, base: number): boolean {
  const v = resolve(len, base);
  return v === v && v >= 0;
}

export function alignOf(parent: FlexStyle, c: FlexNode, isRow: boolean): number {
  const cs = c.style;
  if (isRow ? cs.growHeight : cs.growWidth) return STRETCH;
  return cs.alignSelf === AUTO ? parent.align : cs.alignSelf;
}

export function growOf(c: FlexNode, isRow: boolean): number {
  const cs = c.style;
  return (isRow ? cs.growWidth : cs.growHeight) ? Math.max(1, cs.grow) : cs.grow;
}

export function marginMain(c: FlexNode, isRow: boolean): number {
  const m = c.style.margin;
  return isRow ? m[1] + m[3] : m[0] + m[2];
}

export function marginCross(c: FlexNode, isRow: boolean): number {
  const m = c.style.margin;
  return isRow ? m[0] + m[2] : m[1] + m[3];
}

// Results of constrainMax (module scratch: no tuple allocations in the hot path).
export let cSize = 0, cMode = 0;

/** Yoga's constrainMaxSizeForMode; the result is in `cSize`, `cMode`. */
export function constrainMax(max: number, size: number, mode: number): void {
  cSize = size;
  cMode = mode;
  if (mode === UNDEF) {
    if (max >= 0) {
      cSize = max;
      cMode = AT_MOST;
    }
  } else if (max >= 0 && !(size < max)) cSize = max;
}

export function innerAvail(avail: number, pb: number, min: number, max: number): number {
  if (avail !== avail) return NaN;
  let v = avail - pb;
  if (max === max && v > max - pb) v = max - pb;
  const lo = min === min ? min - pb : 0;
  return v < lo ? lo : v;
}

export function setMain(c: FlexNode, isRow: boolean, v: number): void {
  if (isRow) c.left = v;
  else c.top = v;
}

export function setCross(c: FlexNode, isRow: boolean, v: number): void {
  if (isRow) c.top = v;
  else c.left = v;
}

export function hypothetical(c: FlexNode, isRow: boolean): number {
  return isRow ? minMax(c._basis, c._minW, c._maxW) : minMax(c._basis, c._minH, c._maxH);
}
