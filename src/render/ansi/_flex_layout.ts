/**
 * The layout pass: the cache lookup per node, leaves, scroll nodes and the
 * flex container algorithm.
 *
 * @module
 */
import { AROUND, BETWEEN, CENTER, END, EVENLY, ROW, STRETCH } from "./flex_style.ts";
import { AT_MOST, EXACT, type FlexNode, MEASURED, UNDEF } from "./_flex_node.ts";
import { computeBasis } from "./_flex_basis.ts";
import {
  alignOf,
  bound,
  constrainMax,
  cSize,
  definite,
  growOf,
  hypothetical,
  innerAvail,
  marginCross,
  marginMain,
  pbCol,
  pbRow,
  resolve,
  setCross,
  setMain,
  setMinMax,
} from "./_flex_box.ts";
import { placeAbsolute, stretchInLine } from "./_flex_place.ts";
import { type FlexContext, resolveFlexible } from "./_flex_resolve.ts";

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
export function layout(
  n: FlexNode,
  aw: number,
  wm: number,
  ah: number,
  hm: number,
  perform: boolean,
) {
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

/**
 * A leaf's measure function now measures something else (a text got new
 * content): true when it gives every measurement the node's cache holds
 * again, so that the node's layout and its ancestors' still hold and need not
 * be forgotten. A scrolled list's rows change their text on every step
 * without changing their size. `oneLine`: both the old and the new content
 * are one line that does not wrap.
 */
export function remeasuresSame(n: FlexNode, oneLine = false): boolean {
  if (!n.measure || n.children.length > 0 || n._autoMin === n._autoMin) return false;
  const mw = n._mw, mh = n._mh;
  const same = n._everyMeasurement((aw, wm, ah, hm, w, h) => {
    // One line either way (`oneLine`): at an exact width the size is that
    // width by one line (or the exact height), whatever the text says.
    if (oneLine && wm === EXACT) return true;
    measureLeaf(n, aw, wm, ah, hm);
    return n._mw === w && n._mh === h;
  });
  n._mw = mw;
  n._mh = mh;
  return same;
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
  const fixedH = guess ? bound(n, false, ah) : 0;
  if (guess && perform && n.virtualHeight > fixedH - pbV + 1e-9) {
    // The bar is certain (the range alone overflows the fixed height): one
    // performed pass is all a scrolled list needs.
    const total = content(1, true);
    n._gutter = 0;
    n._mh = fixedH;
    n._bar = true;
    n.contentHeight = total;
    return;
  }
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

const contexts: FlexContext[] = [];
let depth = 0;

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
  // The items are the children themselves unless some are hidden or absolute
  // (no array per container and layout: a list relays out every row box).
  const kids = n.children;
  let picked: FlexNode[] | null = null;
  let absolute: FlexNode[] | null = null;
  let total = 0;
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i];
    if (!c.style.display || c.style.absolute) {
      picked ??= kids.slice(0, i);
      if (!c.style.display) continue;
    }
    setMinMax(c, iw, ih);
    if (c.style.absolute) {
      (absolute ??= []).push(c);
      continue;
    }
    if (picked !== null) picked.push(c);
    if (c === single) {
      c._basis = 0;
      c._basisFromContent = false;
    } else computeBasis(n, c, iw, wm, ih, hm, isRow, layout);
    total += c._basis + marginMain(c, isRow);
  }
  const items = picked ?? kids;
  if (n.children.length > 1) total += gapMain * (n.children.length - 1);
  const overflows = mainMode !== UNDEF && total > availMain;
  if (s.wrap && overflows && mainMode === AT_MOST) mainMode = EXACT;
  const originalAvailMain = availMain;

  // Steps 4-7, line by line.
  // Kept only for step 8 (wrapping containers); one line is `items` itself.
  const lines: FlexNode[][] | null = s.wrap ? [] : null;
  let lineCount = 0;
  let totalLineCross = 0, maxLineMain = 0;
  let start = 0;
  while (start < items.length) {
    const lineStart = start;
    let consumed = 0, totalGrow = 0, totalShrink = 0;
    for (; start < items.length; start++) {
      const c = items[start];
      const mm = marginMain(c, isRow);
      const gap = start > lineStart ? gapMain : 0;
      const hypo = hypothetical(c, isRow);
      if (consumed + hypo + mm + gap > availMain && s.wrap && start > lineStart) break;
      consumed += hypo + mm + gap;
      const g = growOf(c, isRow), sh = c.style.shrink;
      if (g !== 0 || sh !== 0) {
        totalGrow += g;
        totalShrink += -sh * c._basis;
      }
    }
    const line = lineStart === 0 && start === items.length ? items : items.slice(lineStart, start);
    if (totalGrow > 0 && totalGrow < 1) totalGrow = 1;
    lineCount++;
    lines?.push(line);

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
      // One context per nesting depth, reused (items lay out their own children).
      const ctx = contexts[depth] ??= {
        isRow,
        availMain,
        availCross,
        crossMode,
        overflows,
        perform,
        layout,
        size: [],
        frozen: [],
      };
      ctx.isRow = isRow;
      ctx.availMain = availMain;
      ctx.availCross = availCross;
      ctx.crossMode = crossMode;
      ctx.overflows = overflows;
      ctx.perform = perform;
      depth++;
      try {
        remaining = resolveFlexible(n, line, remaining, totalGrow, totalShrink, ctx);
      } finally {
        depth--;
      }
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
    totalLineCross += lineCross + (lineCount > 1 ? gapCross : 0);
    if (mainDim > maxLineMain) maxLineMain = mainDim;
  }

  // Step 8: lines of a wrapping container, packed at the start.
  if (perform && lines !== null) {
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
              stretchInLine(n, c, isRow, lineHeight, layout);
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
    for (const c of absolute) placeAbsolute(n, c, w, h, layout);
  }
}
