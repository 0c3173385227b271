/**
 * An item's flex basis (Yoga's computeFlexBasisForChild) and its min-content
 * width.
 *
 * @module
 */
import { ROW, STRETCH } from "./flex_style.ts";
import { AT_MOST, EXACT, type FlexNode, type LayoutFn, UNDEF } from "./_flex_node.ts";
import {
  alignOf,
  cMode,
  constrainMax,
  cSize,
  definite,
  pbCol,
  pbRow,
  resolve,
} from "./_flex_box.ts";

/** Yoga's computeFlexBasisForChild. */
export function computeBasis(
  n: FlexNode,
  c: FlexNode,
  iw: number,
  wm: number,
  ih: number,
  hm: number,
  isRow: boolean,
  layout: LayoutFn,
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

export function minContentWidth(c: FlexNode): number {
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
