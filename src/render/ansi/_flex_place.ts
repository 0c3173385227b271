/**
 * Placing items outside the main flex pass: stretching an item of a wrapped
 * line to the line's height, and absolute children.
 *
 * @module
 */
import { AT_MOST, EXACT, type FlexNode, type LayoutFn } from "./_flex_node.ts";
import { resolve, setMinMax } from "./_flex_box.ts";

/** Re-lays out a stretched item of a wrapping container to its line's height. */
export function stretchInLine(
  n: FlexNode,
  c: FlexNode,
  isRow: boolean,
  lineHeight: number,
  layout: LayoutFn,
): void {
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

export function placeAbsolute(
  n: FlexNode,
  c: FlexNode,
  width: number,
  height: number,
  layout: LayoutFn,
): void {
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
