/**
 * The layout tree's node: style, children, a measurement for leaves, results,
 * and the cache of earlier measurements that makes re-layout cheap.
 *
 * @module
 */
import { defaultFlexStyle, type FlexStyle } from "./flex_style.ts";

/** Sizing mode: no constraint (max-content). */
export const UNDEF = 0;
/** Sizing mode: exactly the given size. */
export const EXACT = 1;
/** Sizing mode: at most the given size (fit-content). */
export const AT_MOST = 2;

/**
 * Measures a leaf's content box and writes `[width, height]` into `out`
 * (reused between calls, so that measuring allocates nothing).
 */
export type MeasureFn = (
  width: number,
  widthMode: number,
  height: number,
  heightMode: number,
  out: Float64Array,
) => void;

/** Where leaves write their measurements (one shared scratch array). */
export const MEASURED: Float64Array = new Float64Array(2);

/**
 * A node of the layout tree.
 *
 * @example
 * ```ts
 * import { computeLayout, FlexNode } from "./flex.ts";
 * import { ROW } from "./flex_style.ts";
 * import assert from "node:assert/strict";
 * const root = new FlexNode();
 * root.style.dir = ROW;
 * const a = new FlexNode(), b = new FlexNode();
 * a.style.grow = 1;
 * b.measure = (_w, _wm, _h, _hm, out) => out.set([3, 1]);
 * root.setChildren([a, b]);
 * computeLayout(root, 10, 2);
 * assert.equal(a.width, 7);
 * assert.equal(b.left, 7);
 * ```
 */
export class FlexNode {
  style: FlexStyle;
  children: FlexNode[] = [];
  parent: FlexNode | null = null;
  /** Leaf content measurement (text, inputs...). */
  measure: MeasureFn | null = null;
  /** A leaf's min-content width (its longest unbreakable run). */
  minContentWidth: (() => number) | null = null;
  /** CSS automatic minimum sizes and fit-content shrinking (see the module doc). */
  css = true;
  /** Clips and scrolls vertically; its content is laid out without a height limit. */
  scroll = false;
  /** Reserve a column for a scrollbar when the content overflows. */
  scrollbar = true;
  /** Rows of content below the children that are not nodes (data tables). */
  extraContent = 0;
  /** Declared total content height (virtualized scrolls). */
  virtualHeight = 0;
  /** Anything the owner wants to keep with the node. */
  data: unknown = null;

  /** Results, relative to the parent's border box. */
  left = 0;
  top = 0;
  width = 0;
  height = 0;
  /** Scroll nodes: height of the children, and of everything scrollable. */
  childrenHeight = 0;
  contentHeight = 0;
  hasScrollbar = false;

  // Per-layout scratch, set by the parent. NaN: no minimum / maximum.
  _minW = NaN;
  _maxW = NaN;
  _minH = NaN;
  _maxH = NaN;
  _basis = 0;
  _basisFromContent = false;
  _autoMin = NaN;
  _gutter = 0;
  // The latest measurement; width/height/hasScrollbar are only set by performed layouts.
  _mw = 0;
  _mh = 0;
  _bar = false;

  // Up to four measurements (aw, wm, ah, hm, w, h, bar), made on first use: a
  // plain array, since a typed array per node cost a tenth of a first layout.
  #cache: number[] | null = null;
  #cacheCount = 0;
  #cacheNext = 0;
  // A measurement was dropped for a newer one since the last forget: the
  // cache no longer lists everything the ancestors' layouts were built on.
  #evicted = false;
  // The performed layout's inputs and result.
  #performed = false;
  #pAw = 0;
  #pWm = 0;
  #pAh = 0;
  #pHm = 0;
  #pW = 0;
  #pH = 0;
  #pBar = false;

  /** A node with `style` (default: a fresh default style). */
  constructor(style?: FlexStyle) {
    this.style = style ?? defaultFlexStyle();
  }

  /** Replaces the children. */
  setChildren(children: FlexNode[]): void {
    for (const c of children) c.parent = this;
    this.children = children;
    this.markDirty();
  }

  /** Forgets cached layouts of this node and its ancestors. */
  markDirty(): void {
    this.#forget();
    for (let n = this.parent; n; n = n.parent) {
      if (n.#cacheCount === 0 && !n.#performed) break;
      n.#forget();
    }
  }

  #forget(): void {
    this.#cacheCount = 0;
    this.#cacheNext = 0;
    this.#performed = false;
    this.#evicted = false;
    this._autoMin = NaN;
  }

  /**
   * @internal Calls `check` with the inputs and result of every measurement
   * the cache holds, the performed one included; false at the first false,
   * and false when measurements were dropped (they cannot be checked).
   */
  _everyMeasurement(
    check: (aw: number, wm: number, ah: number, hm: number, w: number, h: number) => boolean,
  ): boolean {
    if (this.#evicted) return false;
    const c = this.#cache;
    for (let i = 0, to = c === null ? 0 : this.#cacheCount; i < to; i++) {
      const o = i * 7;
      if (!check(c![o], c![o + 1], c![o + 2], c![o + 3], c![o + 4], c![o + 5])) return false;
    }
    return !this.#performed ||
      check(this.#pAw, this.#pWm, this.#pAh, this.#pHm, this.#pW, this.#pH);
  }

  /** @internal Looks up a cached result; on a hit, restores it and returns true. */
  _cached(aw: number, wm: number, ah: number, hm: number, perform: boolean): boolean {
    if (perform) {
      if (
        !this.#performed || this.#pWm !== wm || this.#pHm !== hm || !same(this.#pAw, aw) ||
        !same(this.#pAh, ah)
      ) return false;
      this._mw = this.#pW;
      this._mh = this.#pH;
      this._bar = this.#pBar;
      return true;
    }
    const c = this.#cache;
    if (c === null) return false;
    for (let i = 0, to = this.#cacheCount; i < to; i++) {
      const o = i * 7;
      if (c[o + 1] === wm && c[o + 3] === hm && same(c[o], aw) && same(c[o + 2], ah)) {
        this._mw = c[o + 4];
        this._mh = c[o + 5];
        this._bar = c[o + 6] === 1;
        return true;
      }
    }
    return false;
  }

  /** @internal The measured size becomes the laid-out size. */
  _commit(): void {
    this.width = this._mw;
    this.height = this._mh;
    this.hasScrollbar = this._bar;
  }

  /** @internal */
  _store(aw: number, wm: number, ah: number, hm: number, perform: boolean): void {
    if (perform) {
      this.#performed = true;
      this.#pAw = aw;
      this.#pWm = wm;
      this.#pAh = ah;
      this.#pHm = hm;
      this.#pW = this._mw;
      this.#pH = this._mh;
      this.#pBar = this._bar;
      return;
    }
    const c = this.#cache ??= [];
    const i = this.#cacheNext;
    this.#cacheNext = (i + 1) & 3;
    if (this.#cacheCount < 4) this.#cacheCount++;
    else this.#evicted = true;
    const o = i * 7;
    c[o] = aw;
    c[o + 1] = wm;
    c[o + 2] = ah;
    c[o + 3] = hm;
    c[o + 4] = this._mw;
    c[o + 5] = this._mh;
    c[o + 6] = this._bar ? 1 : 0;
  }
}

/** Equal, NaN included. */
export function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * Sizes `n` (border box, margins excluded); with `perform`, positions its
 * subtree. Passed to the helpers that recurse, so that they need not import
 * the module that defines it.
 */
export type LayoutFn = (
  n: FlexNode,
  aw: number,
  wm: number,
  ah: number,
  hm: number,
  perform: boolean,
) => void;
