/**
 * Resolving flexible lengths along the main axis (Yoga's two passes, or CSS
 * 9.7's freeze-and-redistribute loop) and laying out each item at its size.
 *
 * @module
 */
import { STRETCH } from "./flex_style.ts";
import { AT_MOST, EXACT, type FlexNode, type LayoutFn, UNDEF } from "./_flex_node.ts";
import { minContentWidth } from "./_flex_basis.ts";
import {
  alignOf,
  cMode,
  constrainMax,
  cSize,
  definite,
  growOf,
  hypothetical,
  marginCross,
  minMax,
  pbCol,
  pbRow,
  resolve,
} from "./_flex_box.ts";

export interface FlexContext {
  isRow: boolean;
  availMain: number;
  availCross: number;
  crossMode: number;
  overflows: boolean;
  perform: boolean;
  /** The layout pass, for the items. */
  layout: LayoutFn;
  /** Scratch of the CSS resolution, per item of the line. */
  size: number[];
  frozen: boolean[];
}

/** The main-axis minimum of an item while shrinking (CSS automatic minimum in css mode). */
export function shrinkMin(n: FlexNode, c: FlexNode, ctx: FlexContext): number {
  const explicit = ctx.isRow ? c._minW : c._minH;
  if (explicit === explicit || !n.css || c.scroll) return explicit;
  if (c._autoMin === c._autoMin) return c._autoMin;
  const cs = c.style;
  const specified = ctx.isRow ? resolve(cs.width, NaN) : resolve(cs.height, NaN);
  let content: number;
  if (ctx.isRow) content = minContentWidth(c);
  else if (c._basisFromContent) content = c._basis;
  else {
    const iw = ctx.availCross;
    ctx.layout(
      c,
      iw === iw ? iw - marginCross(c, false) : NaN,
      iw === iw ? AT_MOST : UNDEF,
      NaN,
      UNDEF,
      false,
    );
    content = c._mh;
  }
  c._autoMin = specified === specified ? Math.min(content, specified) : content;
  return c._autoMin;
}

export function boundMain(
  n: FlexNode,
  c: FlexNode,
  v: number,
  ctx: FlexContext,
  shrinking: boolean,
) {
  const isRow = ctx.isRow;
  const min = shrinking ? shrinkMin(n, c, ctx) : (isRow ? c._minW : c._minH);
  const b = minMax(v, min, isRow ? c._maxW : c._maxH);
  const pb = isRow ? pbRow(c) : pbCol(c);
  return b > pb ? b : pb;
}

/**
 * Yoga's resolveFlexibleLength (two passes), then lays out each item with its
 * main size. Returns the free space left over.
 */
export function resolveFlexible(
  n: FlexNode,
  line: FlexNode[],
  remaining: number,
  totalGrow: number,
  totalShrink: number,
  ctx: FlexContext,
): number {
  const isRow = ctx.isRow;
  if (n.css) return cssResolveFlexible(n, line, remaining, ctx);
  const original = remaining;
  // First pass: items whose min/max trigger leave the distribution.
  let delta = 0;
  for (const c of line) {
    const basis = hypothetical(c, isRow);
    if (remaining < 0) {
      const scaled = -c.style.shrink * basis;
      if (scaled !== 0) {
        const base = basis + (remaining / totalShrink) * scaled;
        const b = boundMain(n, c, base, ctx, true);
        if (base === base && b !== base) {
          delta += b - basis;
          totalShrink -= -c.style.shrink * c._basis;
        }
      }
    } else if (remaining > 0) {
      const g = growOf(c, isRow);
      if (g !== 0) {
        const base = basis + (remaining / totalGrow) * g;
        const b = boundMain(n, c, base, ctx, false);
        if (base === base && b !== base) {
          delta += b - basis;
          totalGrow -= g;
        }
      }
    }
  }
  remaining -= delta;
  // Second pass: sizes, and each item's layout at its size.
  let distributed = 0;
  const wrap = n.style.wrap;
  for (const c of line) {
    const basis = hypothetical(c, isRow);
    let size = basis;
    if (remaining < 0) {
      const scaled = -c.style.shrink * basis;
      if (scaled !== 0) {
        const target = totalShrink === 0
          ? basis + scaled
          : basis + (remaining / totalShrink) * scaled;
        size = boundMain(n, c, target, ctx, true);
      }
    } else if (remaining > 0) {
      const g = growOf(c, isRow);
      if (g !== 0) size = boundMain(n, c, basis + (remaining / totalGrow) * g, ctx, false);
    }
    distributed += size - basis;
    layoutItem(n, c, size, ctx, wrap);
  }
  return original - distributed;
}

/**
 * CSS 9.7 "resolve the flexible lengths": freeze items that hit their min or
 * max and redistribute until nothing moves (Yoga's two passes can leave space
 * unused when several items hit their minimum).
 */
export function cssResolveFlexible(
  n: FlexNode,
  line: FlexNode[],
  remaining: number,
  ctx: FlexContext,
): number {
  const isRow = ctx.isRow;
  const k = line.length;
  const size = ctx.size, frozen = ctx.frozen;
  let space = remaining;
  for (let i = 0; i < k; i++) space += hypothetical(line[i], isRow);
  const growing = remaining > 0;
  let unfrozen = 0;
  for (let i = 0; i < k; i++) {
    const c = line[i];
    size[i] = hypothetical(c, isRow);
    const f = growing ? growOf(c, isRow) : c.style.shrink;
    frozen[i] = remaining === 0 || f === 0;
    if (!frozen[i]) unfrozen++;
  }
  for (let round = 0; unfrozen > 0 && round <= k; round++) {
    let free = space, sumGrow = 0, sumScaled = 0;
    for (let i = 0; i < k; i++) {
      const c = line[i];
      if (frozen[i]) free -= size[i];
      else {
        free -= c._basis;
        sumGrow += growOf(c, isRow);
        sumScaled += c.style.shrink * c._basis;
      }
    }
    // Yoga floors the total grow factor at 1, so that factors below 1 leave space.
    if (growing && sumGrow < 1) sumGrow = 1;
    let violation = 0;
    for (let i = 0; i < k; i++) {
      if (frozen[i]) continue;
      const c = line[i];
      let target = c._basis;
      if (growing) target += (free * growOf(c, isRow)) / sumGrow;
      else if (sumScaled > 0) target += (free * c.style.shrink * c._basis) / sumScaled;
      const clamped = boundMain(n, c, target, ctx, !growing);
      violation += clamped - target;
      size[i] = clamped;
    }
    if (Math.abs(violation) < 1e-9) break;
    for (let i = 0; i < k; i++) {
      if (frozen[i]) continue;
      const c = line[i];
      const target = size[i];
      const atMin = target <= boundMain(n, c, -Infinity, ctx, !growing) + 1e-9;
      const atMax = target >= boundMain(n, c, Infinity, ctx, !growing) - 1e-9;
      if ((violation > 0 && atMin) || (violation < 0 && atMax)) {
        frozen[i] = true;
        unfrozen--;
      }
    }
  }
  let used = 0;
  for (let i = 0; i < k; i++) {
    used += size[i] - hypothetical(line[i], isRow);
    layoutItem(n, line[i], size[i], ctx, n.style.wrap);
  }
  return remaining - used;
}

export function layoutItem(
  n: FlexNode,
  c: FlexNode,
  mainSize: number,
  ctx: FlexContext,
  wrap: boolean,
) {
  const { isRow, availCross, crossMode } = ctx;
  const cs = c.style;
  const crossLen = isRow ? cs.height : cs.width;
  const mc = marginCross(c, isRow);
  const align = alignOf(n.style, c, isRow);
  const crossDefinite = definite(crossLen, availCross);
  let cross: number, crossM: number;
  if (
    availCross === availCross && !crossDefinite && crossMode === EXACT &&
    !(wrap && ctx.overflows) && align === STRETCH
  ) {
    cross = availCross - mc;
    crossM = EXACT;
  } else if (!crossDefinite) {
    cross = availCross - mc;
    crossM = cross !== cross ? UNDEF : AT_MOST;
  } else {
    cross = resolve(crossLen, availCross);
    crossM = crossLen.pct && crossMode !== EXACT ? UNDEF : EXACT;
  }
  let main = mainSize, mainM = EXACT;
  constrainMax(isRow ? c._maxW : c._maxH, main, mainM);
  main = cSize;
  mainM = cMode;
  constrainMax(isRow ? c._maxH : c._maxW, cross, crossM);
  cross = cSize;
  crossM = cMode;
  const requiresStretch = !crossDefinite && align === STRETCH;
  const doPerform = ctx.perform && !requiresStretch;
  if (isRow) ctx.layout(c, main, mainM, cross, crossM, doPerform);
  else ctx.layout(c, cross, crossM, main, mainM, doPerform);
}
