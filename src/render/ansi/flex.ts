/**
 * A flexbox layout engine over cells, in plain TypeScript.
 *
 * The algorithm is Yoga's (the engine of Ink and React Native), step for step,
 * so that layouts behave as Ink users expect; `tests/ansi/flex_yoga_test.ts`
 * checks it against `yoga-layout` on random trees. It is not `yoga-layout`
 * itself because crossing into WebAssembly for every node and every text
 * measurement cost 36 ms for a 10,000-node tree against a 16 ms frame budget
 * (see `bench/ansi_layout_bench.ts`).
 *
 * With {@linkcode FlexNode.css} (the default) two CSS rules that matter on a
 * terminal replace Yoga's: an item does not shrink below its content's
 * minimum (its longest word; a text's lines in a column), and a fit-content
 * container shrinks its items to the space it has instead of overflowing it.
 *
 * Sizes are floats; results are relative to the parent's border box and are
 * rounded to cells when painted.
 *
 * @module
 */
import {
  AROUND,
  AUTO,
  BETWEEN,
  CENTER,
  defaultFlexStyle,
  END,
  EVENLY,
  type FlexStyle,
  type Length,
  ROW,
  STRETCH,
} from "./flex_style.ts";

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

const MEASURED = new Float64Array(2);

/**
 * A node of the layout tree.
 *
 * @example
 * ```ts
 * import { computeLayout, FlexNode } from "./flex.ts";
 * import { ROW } from "./flex_style.ts";
 * const root = new FlexNode();
 * root.style.dir = ROW;
 * const a = new FlexNode(), b = new FlexNode();
 * a.style.grow = 1;
 * b.measure = (_w, _wm, _h, _hm, out) => out.set([3, 1]);
 * root.setChildren([a, b]);
 * computeLayout(root, 10, 2);
 * if (a.width !== 7 || b.left !== 7) throw new Error("layout");
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
    this._autoMin = NaN;
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

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function resolve(len: Length, base: number): number {
  if (len.value !== len.value) return NaN;
  return len.pct ? (base === base ? (len.value * base) / 100 : NaN) : len.value;
}

/** Yoga's boundAxisWithinMinAndMax: max first, then min (min wins). */
function minMax(v: number, min: number, max: number): number {
  if (max >= 0 && v > max) v = max;
  if (min >= 0 && v < min) v = min;
  return v;
}

function pbRow(n: FlexNode): number {
  const s = n.style;
  return s.padding[1] + s.padding[3] + s.border[1] + s.border[3] + n._gutter;
}

function pbCol(n: FlexNode): number {
  const s = n.style;
  return s.padding[0] + s.padding[2] + s.border[0] + s.border[2];
}

/** Yoga's boundAxis: within min and max, and never below padding + border. */
function bound(n: FlexNode, row: boolean, v: number): number {
  const b = row ? minMax(v, n._minW, n._maxW) : minMax(v, n._minH, n._maxH);
  const pb = row ? pbRow(n) : pbCol(n);
  return b !== b ? pb : b > pb ? b : pb;
}

function setMinMax(c: FlexNode, baseW: number, baseH: number): void {
  const s = c.style;
  c._minW = resolve(s.minWidth, baseW);
  c._maxW = resolve(s.maxWidth, baseW);
  c._minH = resolve(s.minHeight, baseH);
  c._maxH = resolve(s.maxHeight, baseH);
}

function definite(len: Length, base: number): boolean {
  const v = resolve(len, base);
  return v === v && v >= 0;
}

/**
 * Lays out a tree in a `width` x `height` area. With `heightMode` `AT_MOST`
 * or `UNDEF` the root takes its content's height (inline rendering).
 */
export function computeLayout(
  root: FlexNode,
  width: number,
  height: number,
  widthMode: number = EXACT,
  heightMode: number = EXACT,
): void {
  const s = root.style;
  setMinMax(root, width, height);
  const m = s.margin;
  let w: number, wm: number, h: number, hm: number;
  if (definite(s.width, width)) [w, wm] = [resolve(s.width, width), EXACT];
  else if (root._maxW >= 0) [w, wm] = [root._maxW - m[1] - m[3], AT_MOST];
  else [w, wm] = [width - m[1] - m[3], width === width ? widthMode : UNDEF];
  if (definite(s.height, height)) [h, hm] = [resolve(s.height, height), EXACT];
  else if (root._maxH >= 0) [h, hm] = [root._maxH - m[0] - m[2], AT_MOST];
  else [h, hm] = [height - m[0] - m[2], height === height ? heightMode : UNDEF];
  if (wm === UNDEF) w = NaN;
  if (hm === UNDEF) h = NaN;
  layout(root, w, wm, h, hm, true);
  root.left = m[3];
  root.top = m[0];
}

/** Sizes `n` (border box, margins excluded); with `perform`, positions its subtree. */
function layout(n: FlexNode, aw: number, wm: number, ah: number, hm: number, perform: boolean) {
  if (n._cached(aw, wm, ah, hm, perform)) {
    if (perform) n._commit();
    return;
  }
  if (n.measure) measureLeaf(n, aw, wm, ah, hm);
  else if (n.scroll) layoutScroll(n, aw, wm, ah, hm, perform);
  else if (n.children.length === 0) {
    n._mw = bound(n, true, wm === EXACT ? aw : 0);
    n._mh = bound(n, false, hm === EXACT ? ah : 0);
  } else if (!perform && fixed(aw, wm, ah, hm)) {
    n._mw = bound(n, true, aw !== aw || (wm === AT_MOST && aw < 0) ? 0 : aw);
    n._mh = bound(n, false, ah !== ah || (hm === AT_MOST && ah < 0) ? 0 : ah);
  } else flexLayout(n, aw, wm, ah, hm, perform);
  n._store(aw, wm, ah, hm, perform);
  if (perform) n._commit();
}

/** Yoga 3.2's measureNodeWithFixedSize test: no need to look at the children. */
function fixed(aw: number, wm: number, ah: number, hm: number): boolean {
  return (wm === AT_MOST && aw <= 0) || (hm === AT_MOST && ah <= 0) ||
    (wm === EXACT && hm === EXACT);
}

function measureLeaf(n: FlexNode, aw: number, wm: number, ah: number, hm: number): void {
  if (wm === EXACT && hm === EXACT) {
    n._mw = bound(n, true, aw);
    n._mh = bound(n, false, ah);
    return;
  }
  const pbH = pbRow(n), pbV = pbCol(n);
  const iw = wm === UNDEF ? NaN : Math.max(0, aw - pbH);
  const ih = hm === UNDEF ? NaN : Math.max(0, ah - pbV);
  n.measure!(iw, wm, ih, hm, MEASURED);
  const mw = MEASURED[0], mh = MEASURED[1];
  n._mw = bound(n, true, wm === EXACT ? aw : mw + pbH);
  n._mh = bound(n, false, hm === EXACT ? ah : mh + pbV);
}

function layoutScroll(
  n: FlexNode,
  aw: number,
  wm: number,
  ah: number,
  hm: number,
  perform: boolean,
) {
  // The content is laid out as if the node had no height limit; the node's
  // own min/max height bound the viewport, not the content.
  const minH = n._minH, maxH = n._maxH;
  const content = (gutter: number, doPerform: boolean): number => {
    n._gutter = gutter;
    n._minH = n._maxH = NaN;
    flexLayout(n, aw, wm, NaN, UNDEF, doPerform);
    n._minH = minH;
    n._maxH = maxH;
    if (doPerform) n.childrenHeight = n._mh - pbCol(n);
    return Math.max(n._mh - pbCol(n) + n.extraContent, n.virtualHeight);
  };
  const pbV = pbCol(n);
  const room = wm !== UNDEF && aw - pbRow(n) >= 2;
  // A virtual range taller than a fixed viewport needs the bar: lay the
  // content out for it at once rather than twice (a scrolled list relays out
  // every row it shows).
  const guess = n.scrollbar && room && hm === EXACT && n.virtualHeight > ah - pbV + 1e-9;
  let total = content(guess ? 1 : 0, false);
  const h = bound(
    n,
    false,
    hm === EXACT ? ah : hm === AT_MOST ? Math.min(ah, total + pbV) : total + pbV,
  );
  const bar = n.scrollbar && total > h - pbV + 1e-9 && room;
  if (bar !== guess) total = content(bar ? 1 : 0, false);
  if (perform) total = content(bar ? 1 : 0, true);
  const w = n._mw;
  n._gutter = 0;
  n._mw = w;
  n._mh = h;
  n._bar = bar;
  if (perform) n.contentHeight = total;
}

function alignOf(parent: FlexStyle, c: FlexNode, isRow: boolean): number {
  const cs = c.style;
  if (isRow ? cs.growHeight : cs.growWidth) return STRETCH;
  return cs.alignSelf === AUTO ? parent.align : cs.alignSelf;
}

function growOf(c: FlexNode, isRow: boolean): number {
  const cs = c.style;
  return (isRow ? cs.growWidth : cs.growHeight) ? Math.max(1, cs.grow) : cs.grow;
}

function marginMain(c: FlexNode, isRow: boolean): number {
  const m = c.style.margin;
  return isRow ? m[1] + m[3] : m[0] + m[2];
}

function marginCross(c: FlexNode, isRow: boolean): number {
  const m = c.style.margin;
  return isRow ? m[0] + m[2] : m[1] + m[3];
}

// Results of constrainMax (module scratch: no tuple allocations in the hot path).
let cSize = 0, cMode = 0;

/** Yoga's constrainMaxSizeForMode; the result is in `cSize`, `cMode`. */
function constrainMax(max: number, size: number, mode: number): void {
  cSize = size;
  cMode = mode;
  if (mode === UNDEF) {
    if (max >= 0) {
      cSize = max;
      cMode = AT_MOST;
    }
  } else if (max >= 0 && !(size < max)) cSize = max;
}

/** The flex container algorithm (Yoga's calculateLayoutImpl, steps 1-11). */
function flexLayout(n: FlexNode, aw: number, wm: number, ah: number, hm: number, perform: boolean) {
  const s = n.style;
  const isRow = s.dir === ROW;
  const pbH = pbRow(n), pbV = pbCol(n);
  const pbMain = isRow ? pbH : pbV, pbCross = isRow ? pbV : pbH;
  const leadMain = isRow ? s.padding[3] + s.border[3] : s.padding[0] + s.border[0];
  const leadCross = isRow ? s.padding[0] + s.border[0] : s.padding[3] + s.border[3];

  // Step 2: available inner sizes, within the node's own min and max.
  const iw = innerAvail(aw, pbH, n._minW, n._maxW);
  const ih = innerAvail(ah, pbV, n._minH, n._maxH);
  let availMain = isRow ? iw : ih;
  const availCross = isRow ? ih : iw;
  let mainMode = isRow ? wm : hm;
  const crossMode = isRow ? hm : wm;
  const gapMain = isRow ? s.columnGap : s.rowGap;
  const gapCross = isRow ? s.rowGap : s.columnGap;

  // Step 3: flex basis of each item. As in Yoga, a lone item that can both
  // grow and shrink in an exact main size starts from a basis of 0.
  let single: FlexNode | null = null;
  if (mainMode === EXACT) {
    for (const c of n.children) {
      if (!c.style.display || c.style.absolute) continue;
      const g = growOf(c, isRow), sh = c.style.shrink;
      if (g === 0 && sh === 0) continue;
      if (single !== null || g === 0 || sh === 0) {
        single = null;
        break;
      }
      single = c;
    }
  }
  const items: FlexNode[] = [];
  let absolute: FlexNode[] | null = null;
  let total = 0;
  for (const c of n.children) {
    if (!c.style.display) continue;
    setMinMax(c, iw, ih);
    if (c.style.absolute) {
      (absolute ??= []).push(c);
      continue;
    }
    items.push(c);
    if (c === single) {
      c._basis = 0;
      c._basisFromContent = false;
    } else computeBasis(n, c, iw, wm, ih, hm, isRow);
    total += c._basis + marginMain(c, isRow);
  }
  if (n.children.length > 1) total += gapMain * (n.children.length - 1);
  const overflows = mainMode !== UNDEF && total > availMain;
  if (s.wrap && overflows && mainMode === AT_MOST) mainMode = EXACT;
  const originalAvailMain = availMain;

  // Steps 4-7, line by line.
  const lines: FlexNode[][] = [];
  let totalLineCross = 0, maxLineMain = 0;
  let start = 0;
  while (start < items.length) {
    const line: FlexNode[] = [];
    let consumed = 0, totalGrow = 0, totalShrink = 0;
    for (; start < items.length; start++) {
      const c = items[start];
      const mm = marginMain(c, isRow);
      const gap = line.length ? gapMain : 0;
      const hypo = hypothetical(c, isRow);
      if (consumed + hypo + mm + gap > availMain && s.wrap && line.length) break;
      consumed += hypo + mm + gap;
      const g = growOf(c, isRow), sh = c.style.shrink;
      if (g !== 0 || sh !== 0) {
        totalGrow += g;
        totalShrink += -sh * c._basis;
      }
      line.push(c);
    }
    if (totalGrow > 0 && totalGrow < 1) totalGrow = 1;
    lines.push(line);

    // Step 5: resolve flexible lengths.
    const canSkipFlex = !perform && crossMode === EXACT;
    let basedOnContent = false;
    if (mainMode !== EXACT) {
      const minInner = (isRow ? n._minW : n._minH) - pbMain;
      const maxInner = (isRow ? n._maxW : n._maxH) - pbMain;
      if (minInner === minInner && consumed < minInner) availMain = minInner;
      else if (maxInner === maxInner && consumed > maxInner) availMain = maxInner;
      else if (n.css && mainMode === AT_MOST && consumed > originalAvailMain) {
        // CSS fit-content: shrink the items into the space there is.
        availMain = originalAvailMain;
      } else {
        if (totalGrow === 0 || n.parent === null || s.grow === 0) availMain = consumed;
        basedOnContent = true;
      }
    }
    let remaining = 0;
    if (!basedOnContent && availMain === availMain) remaining = availMain - consumed;
    else if (consumed < 0) remaining = -consumed;
    if (!canSkipFlex) {
      remaining = resolveFlexible(n, line, remaining, totalGrow, totalShrink, {
        isRow,
        availMain,
        availCross,
        crossMode,
        overflows,
        perform,
      });
    }

    // Step 6: justify along the main axis; the line's cross size.
    if (mainMode === AT_MOST && remaining > 0) {
      const min = isRow ? n._minW : n._minH;
      remaining = min === min ? Math.max(0, min - pbMain - (availMain - remaining)) : 0;
    }
    let leading = 0, between = gapMain;
    let justify = s.justify;
    if (remaining < 0 && (justify === BETWEEN || justify === AROUND || justify === EVENLY)) {
      justify = 0;
    }
    const k = line.length;
    switch (justify) {
      case CENTER:
        leading = remaining / 2;
        break;
      case END:
        leading = remaining;
        break;
      case BETWEEN:
        if (k > 1) between += remaining / (k - 1);
        break;
      case EVENLY:
        leading = remaining / (k + 1);
        between += leading;
        break;
      case AROUND:
        leading = (0.5 * remaining) / k;
        between += leading * 2;
        break;
    }
    let mainDim = leadMain + leading;
    let lineCross = 0;
    for (let i = 0; i < k; i++) {
      const c = line[i];
      if (perform) setMain(c, isRow, (isRow ? c.style.margin[3] : c.style.margin[0]) + mainDim);
      if (i < k - 1) mainDim += between;
      if (canSkipFlex) {
        mainDim += marginMain(c, isRow) + c._basis;
        lineCross = availCross;
      } else {
        mainDim += (isRow ? c._mw : c._mh) + marginMain(c, isRow);
        const cc = (isRow ? c._mh : c._mw) + marginCross(c, isRow);
        if (cc > lineCross) lineCross = cc;
      }
    }
    mainDim += isRow ? s.padding[1] + s.border[1] + n._gutter : s.padding[2] + s.border[2];

    let containerCross = availCross;
    if (crossMode !== EXACT) containerCross = bound(n, !isRow, lineCross + pbCross) - pbCross;
    if (!s.wrap && crossMode === EXACT) lineCross = availCross;
    if (!s.wrap) lineCross = bound(n, !isRow, lineCross + pbCross) - pbCross;

    // Step 7: align along the cross axis.
    if (perform) {
      for (const c of line) {
        let lead = leadCross;
        const align = alignOf(s, c, isRow);
        const crossLen = isRow ? c.style.height : c.style.width;
        if (align === STRETCH) {
          if (!definite(crossLen, availCross)) {
            const mx = isRow ? c._maxH : c._maxW;
            const mainSize = isRow ? c._mw : c._mh;
            constrainMax(isRow ? c._maxW : c._maxH, mainSize, EXACT);
            const mainC = cSize;
            constrainMax(mx, lineCross - marginCross(c, isRow), EXACT);
            const crossC = cSize;
            // Yoga measures with the size and max-content together here.
            const crossM = crossC !== crossC || s.wrap ? UNDEF : EXACT;
            if (isRow) layout(c, mainC, EXACT, crossC, crossM, true);
            else layout(c, crossC, crossM, mainC, EXACT, true);
          }
        } else {
          const room = containerCross - ((isRow ? c._mh : c._mw) + marginCross(c, isRow));
          if (align === CENTER) lead += room / 2;
          else if (align === END) lead += room;
        }
        setCross(c, isRow, (isRow ? c.style.margin[0] : c.style.margin[3]) + totalLineCross + lead);
      }
    }
    totalLineCross += lineCross + (lines.length > 1 ? gapCross : 0);
    if (mainDim > maxLineMain) maxLineMain = mainDim;
  }

  // Step 8: lines of a wrapping container, packed at the start.
  if (perform && s.wrap) {
    let lead = leadCross;
    for (let li = 0; li < lines.length; li++) {
      const line = lines[li];
      let lineHeight = 0;
      for (const c of line) {
        const cc = (isRow ? c._mh : c._mw) + marginCross(c, isRow);
        if (cc > lineHeight) lineHeight = cc;
      }
      if (li > 0) lead += gapCross;
      for (const c of line) {
        const m = c.style.margin;
        const mStart = isRow ? m[0] : m[3], mEnd = isRow ? m[2] : m[1];
        const size = isRow ? c._mh : c._mw;
        switch (alignOf(s, c, isRow)) {
          case END:
            setCross(c, isRow, lead + lineHeight - mEnd - size);
            break;
          case CENTER:
            // Yoga centers the border box without the margins; CSS the margin box.
            setCross(
              c,
              isRow,
              lead +
                (n.css
                  ? mStart + (lineHeight - mStart - mEnd - size) / 2
                  : (lineHeight - size) / 2),
            );
            break;
          case STRETCH: {
            setCross(c, isRow, lead + mStart);
            if (!definite(isRow ? c.style.height : c.style.width, availCross)) {
              stretchInLine(n, c, isRow, lineHeight);
            }
            break;
          }
          default:
            // Yoga leaves the start margin out here; CSS keeps it.
            setCross(c, isRow, lead + (n.css ? mStart : 0));
        }
      }
      lead += lineHeight;
    }
  }

  // Step 9: the node's own size.
  let w = bound(n, true, aw), h = bound(n, false, ah);
  const mainSize = bound(n, isRow, maxLineMain);
  const crossSize = bound(n, !isRow, totalLineCross + pbCross);
  if (mainMode !== EXACT) {
    if (isRow) w = mainSize;
    else h = mainSize;
  }
  if (crossMode !== EXACT) {
    if (isRow) h = crossSize;
    else w = crossSize;
  }
  n._mw = w;
  n._mh = h;

  // Step 11: absolute children.
  if (perform && absolute) {
    for (const c of absolute) placeAbsolute(n, c, w, h);
  }
}

/** Re-lays out a stretched item of a wrapping container to its line's height. */
function stretchInLine(n: FlexNode, c: FlexNode, isRow: boolean, lineHeight: number): void {
  const mRow = c.style.margin[1] + c.style.margin[3];
  const mCol = c.style.margin[0] + c.style.margin[2];
  let w: number, h: number;
  if (n.css) {
    w = isRow ? c._mw : lineHeight - mRow;
    h = isRow ? lineHeight - mCol : c._mh;
  } else {
    // Yoga's sizes here include margins, and a column item's height gets the
    // cross-axis (row) margins added.
    const yw = isRow ? c._mw + mRow : lineHeight;
    const yh = isRow ? lineHeight : c._mh + mRow;
    if (Math.abs(yw - c._mw) < 1e-4 && Math.abs(yh - c._mh) < 1e-4) return;
    w = yw - mRow;
    h = yh - mCol;
  }
  if (Math.abs(w - c._mw) < 1e-4 && Math.abs(h - c._mh) < 1e-4) return;
  layout(c, w, EXACT, h, EXACT, true);
}

function innerAvail(avail: number, pb: number, min: number, max: number): number {
  if (avail !== avail) return NaN;
  let v = avail - pb;
  if (max === max && v > max - pb) v = max - pb;
  const lo = min === min ? min - pb : 0;
  return v < lo ? lo : v;
}

function setMain(c: FlexNode, isRow: boolean, v: number): void {
  if (isRow) c.left = v;
  else c.top = v;
}

function setCross(c: FlexNode, isRow: boolean, v: number): void {
  if (isRow) c.top = v;
  else c.left = v;
}

function hypothetical(c: FlexNode, isRow: boolean): number {
  return isRow ? minMax(c._basis, c._minW, c._maxW) : minMax(c._basis, c._minH, c._maxH);
}

/** Yoga's computeFlexBasisForChild. */
function computeBasis(
  n: FlexNode,
  c: FlexNode,
  iw: number,
  wm: number,
  ih: number,
  hm: number,
  isRow: boolean,
): void {
  const cs = c.style;
  const mainAvail = isRow ? iw : ih;
  const basis = resolve(cs.basis, mainAvail);
  c._basisFromContent = false;
  if (basis === basis && mainAvail === mainAvail) {
    c._basis = Math.max(basis, isRow ? pbRow(c) : pbCol(c));
    return;
  }
  const wDef = definite(cs.width, iw), hDef = definite(cs.height, ih);
  if (isRow && wDef) {
    c._basis = Math.max(resolve(cs.width, iw), pbRow(c));
    return;
  }
  if (!isRow && hDef) {
    c._basis = Math.max(resolve(cs.height, ih), pbCol(c));
    return;
  }
  const mRow = c.style.margin[1] + c.style.margin[3];
  const mCol = c.style.margin[0] + c.style.margin[2];
  let cw = NaN, cwm = UNDEF, ch = NaN, chm = UNDEF;
  if (wDef) {
    cw = resolve(cs.width, iw);
    cwm = EXACT;
  }
  if (hDef) {
    ch = resolve(cs.height, ih);
    chm = EXACT;
  }
  if (cw !== cw && iw === iw) {
    cw = iw - mRow;
    cwm = AT_MOST;
  }
  if (ch !== ch && ih === ih) {
    ch = ih - mCol;
    chm = AT_MOST;
  }
  const stretch = alignOf(n.style, c, isRow) === STRETCH;
  if (!isRow && !wDef && iw === iw && wm === EXACT && stretch && cwm !== EXACT) {
    cw = iw - mRow;
    cwm = EXACT;
  }
  if (isRow && !hDef && ih === ih && hm === EXACT && stretch && chm !== EXACT) {
    ch = ih - mCol;
    chm = EXACT;
  }
  constrainMax(c._maxW, cw, cwm);
  cw = cSize;
  cwm = cMode;
  constrainMax(c._maxH, ch, chm);
  ch = cSize;
  chm = cMode;
  layout(c, cw, cwm, ch, chm, false);
  c._basis = Math.max(isRow ? c._mw : c._mh, isRow ? pbRow(c) : pbCol(c));
  c._basisFromContent = true;
}

interface FlexContext {
  isRow: boolean;
  availMain: number;
  availCross: number;
  crossMode: number;
  overflows: boolean;
  perform: boolean;
}

/** The main-axis minimum of an item while shrinking (CSS automatic minimum in css mode). */
function shrinkMin(n: FlexNode, c: FlexNode, ctx: FlexContext): number {
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
    layout(
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

function boundMain(n: FlexNode, c: FlexNode, v: number, ctx: FlexContext, shrinking: boolean) {
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
function resolveFlexible(
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
function cssResolveFlexible(
  n: FlexNode,
  line: FlexNode[],
  remaining: number,
  ctx: FlexContext,
): number {
  const isRow = ctx.isRow;
  const k = line.length;
  const size = new Array<number>(k);
  const frozen = new Array<boolean>(k);
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

function layoutItem(n: FlexNode, c: FlexNode, mainSize: number, ctx: FlexContext, wrap: boolean) {
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
  if (isRow) layout(c, main, mainM, cross, crossM, doPerform);
  else layout(c, cross, crossM, main, mainM, doPerform);
}

function minContentWidth(c: FlexNode): number {
  const s = c.style;
  const pb = pbRow(c);
  if (c.scroll) return pb;
  if (c.measure) return pb + (c.minContentWidth ? c.minContentWidth() : 0);
  let w = 0, k = 0;
  for (const x of c.children) {
    if (!x.style.display || x.style.absolute) continue;
    const m = x.style.margin[1] + x.style.margin[3];
    const explicit = resolve(x.style.width, NaN);
    const cw = (explicit === explicit ? explicit : minContentWidth(x)) + m;
    if (s.dir === ROW) w += cw;
    else if (cw > w) w = cw;
    k++;
  }
  if (s.dir === ROW && k > 1) w += s.columnGap * (k - 1);
  return w + pb;
}

function placeAbsolute(n: FlexNode, c: FlexNode, width: number, height: number): void {
  const s = n.style, cs = c.style;
  const [top, right, bottom, left] = cs.inset;
  // Absolute children are placed against the padding box (inside the border).
  const boxW = width - s.border[1] - s.border[3];
  const boxH = height - s.border[0] - s.border[2];
  setMinMax(c, boxW, boxH);
  let w = resolve(cs.width, boxW), h = resolve(cs.height, boxH);
  if (w !== w && left === left && right === right) w = Math.max(0, boxW - left - right);
  if (h !== h && top === top && bottom === bottom) h = Math.max(0, boxH - top - bottom);
  const m = cs.margin;
  layout(
    c,
    w === w ? w : boxW - m[1] - m[3],
    w === w ? EXACT : AT_MOST,
    h === h ? h : boxH - m[0] - m[2],
    h === h ? EXACT : AT_MOST,
    false,
  );
  layout(c, c._mw, EXACT, c._mh, EXACT, true);
  c.left = s.border[3] +
    (left === left
      ? left + m[3]
      : right === right
      ? boxW - right - m[1] - c._mw
      : s.padding[3] + m[3]);
  c.top = s.border[0] +
    (top === top
      ? top + m[0]
      : bottom === bottom
      ? boxH - bottom - m[2] - c._mh
      : s.padding[0] + m[0]);
}
