/**
 * Schema-bound data rows of a scroll node, drawn as a table. Only the rows in
 * view are formatted, so a million rows cost what a screenful costs; column
 * widths come from the header and the rows seen so far, and only grow.
 *
 * @module
 */
import type { SchemaEntry } from "../../model/data_store.ts";
import type { Column } from "../../protocol/messages/types.ts";
import { formatValue } from "../../projection/format.ts";
import { BOLD, type CellBuffer } from "./cells.ts";
import type { Rect, RNode } from "./scene.ts";
import type { Pen, Styles } from "./style.ts";
import { segment, textWidth } from "./width.ts";

/** Where the table goes: its columns and its top row (header) on the frame. */
export interface TableGeometry {
  x0: number;
  x1: number;
  /** Frame row of the header (may be above the viewport). */
  top: number;
  /** First frame row of the scroll's viewport (the header sticks there). */
  viewportTop: number;
}

interface WidthState {
  entry: SchemaEntry;
  widths: number[];
}

const widthStates = new WeakMap<RNode, WidthState>();
const GAP = 2;

/** Rows a table takes in the scroll's content: the header plus one per data row. */
export function tableLines(entry: SchemaEntry | undefined): number {
  return entry ? entry.rows.length + 1 : 0;
}

function rightAligned(c: Column): boolean {
  return c.type === "int64" || c.type === "uint64" || c.type === "float64" ||
    c.type === "duration" || c.format === "human_bytes" || c.format === "percent";
}

/**
 * Paints the visible part of a schema table.
 *
 * @example
 * ```ts
 * import { DataStore } from "../../model/data_store.ts";
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { CellBuffer } from "./cells.ts";
 * import { RNode } from "./scene.ts";
 * import { Styles } from "./style.ts";
 * import { paintTable } from "./table.ts";
 * import assert from "node:assert/strict";
 * const store = new DataStore();
 * const e = store.defineSchema(1, [{ id: 0, name: "name", type: "string" }]);
 * store.append(1, [["a"], ["b"]]);
 * const buf = new CellBuffer(10, 3);
 * const model = new ViewportModel();
 * model.apply({ type: "TREE", root: { id: 1, type: "scroll", props: {} } });
 * paintTable(buf, new Styles(model, "none"), e, new RNode(model.tree.root!),
 *   { x0: 0, x1: 10, top: 0, viewportTop: 0 }, { x0: 0, y0: 0, x1: 10, y1: 3 },
 *   { fg: 0, bg: -1, attrs: 0 }, 0);
 * assert.equal(buf.rowText(2).trim(), "b");
 * ```
 */
export function paintTable(
  buf: CellBuffer,
  styles: Styles,
  entry: SchemaEntry,
  rn: RNode,
  geom: TableGeometry,
  clip: Rect,
  pen: Pen,
  now: number,
): void {
  const cols = entry.columns;
  const rows = entry.rows;
  let state = widthStates.get(rn);
  if (!state || state.entry !== entry) {
    state = { entry, widths: cols.map((c) => textWidth(c.name)) };
    widthStates.set(rn, state);
  }
  const first = Math.max(0, clip.y0 - (geom.top + 1));
  const last = Math.min(rows.length, clip.y1 - (geom.top + 1));
  const cells: string[][] = [];
  for (let r = first; r < last; r++) {
    const row = rows.at(r);
    const line: string[] = new Array(cols.length);
    for (let c = 0; c < cols.length; c++) {
      const s = formatValue(row[c], cols[c], now);
      line[c] = s;
      const w = textWidth(s);
      if (w > state.widths[c]) state.widths[c] = Math.min(w, 200);
    }
    cells.push(line);
  }
  const widths = fitWidths(state.widths, geom.x1 - geom.x0);
  const headerY = Math.max(geom.top, geom.viewportTop);
  const headerPen: Pen = { fg: styles.roleColor("accent"), bg: pen.bg, attrs: pen.attrs | BOLD };
  for (let i = 0; i < cells.length; i++) {
    const y = geom.top + 1 + first + i;
    if (y === headerY) continue; // under the sticky header
    drawRow(buf, cells[i], widths, cols, geom.x0, y, clip, pen);
  }
  if (headerY >= clip.y0 && headerY < clip.y1) {
    drawRow(buf, cols.map((c) => c.name), widths, cols, geom.x0, headerY, clip, headerPen);
  }
}

/** Shrinks the widest columns until everything fits (gaps included). */
function fitWidths(want: number[], room: number): number[] {
  const w = want.slice();
  const gaps = GAP * Math.max(0, w.length - 1);
  let total = gaps;
  for (const x of w) total += x;
  while (total > room) {
    let widest = 0;
    for (let i = 1; i < w.length; i++) if (w[i] > w[widest]) widest = i;
    if (w[widest] <= 3) break;
    w[widest]--;
    total--;
  }
  return w;
}

function drawRow(
  buf: CellBuffer,
  values: string[],
  widths: number[],
  cols: Column[],
  x0: number,
  y: number,
  clip: Rect,
  pen: Pen,
): void {
  if (y < clip.y0 || y >= clip.y1) return;
  let x = x0;
  const g: string[] = [], w: number[] = [];
  for (let c = 0; c < values.length; c++) {
    const width = widths[c];
    g.length = 0;
    w.length = 0;
    segment(values[c], g, w);
    let used = 0;
    for (const k of w) used += k;
    let end = g.length;
    let ellipsis = false;
    if (used > width) {
      ellipsis = true;
      used = 0;
      end = 0;
      while (end < g.length && used + w[end] <= width - 1) used += w[end++];
      used += 1;
    }
    let cx = x + (rightAligned(cols[c]) ? width - used : 0);
    for (let i = 0; i < end; i++) {
      if (cx >= clip.x0 && cx + w[i] <= clip.x1) {
        const bg = pen.bg === -1 ? buf.bg[y * buf.width + cx] : pen.bg;
        buf.put(cx, y, g[i], w[i], pen.fg, bg, pen.attrs);
      }
      cx += w[i];
    }
    if (ellipsis && cx >= clip.x0 && cx < clip.x1) {
      const bg = pen.bg === -1 ? buf.bg[y * buf.width + cx] : pen.bg;
      buf.put(cx, y, "…", 1, pen.fg, bg, pen.attrs);
    }
    x += width + GAP;
    if (x >= clip.x1) break;
  }
}
