/**
 * The cell rectangle the painters share.
 *
 * @module
 */

/** A rectangle of cells: `[x0, y0)` to `[x1, y1)`. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
