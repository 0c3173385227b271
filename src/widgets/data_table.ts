/**
 * Data tables bound to a schema: columns typed and formatted as the schema
 * says (numbers right-aligned), widths by content, sorting by any column, a
 * row cursor and selection, and only the rows in view rendered, so a million
 * rows scroll as fast as a screenful.
 *
 * @module
 */
import type { Column } from "../protocol/messages/types.ts";
import type { KeyEvent } from "../sdk/input_events.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import { formatValue } from "../projection/format.ts";
import { box, column, row, scroll, text } from "../sdk/components.ts";
import type { ColumnInput, Connection } from "../sdk/connection.ts";
import { makeNode, type VNode } from "../sdk/vnode.ts";
import { GAP, MAX_WIDTH, numeric, TableLines } from "./_table_lines.ts";
import { VirtualWindow, windowFrame, windowRange } from "./_virtual.ts";
import { fit, textWidth } from "./_width.ts";
import { currentRender, type RenderContext, renderContext } from "./context.ts";
import { colors } from "./theme.ts";

/**
 * Where a table's rows come from: an array, or anything with `length` and
 * `at(i)` such as the rows a connection keeps for a schema (`dropped` counts
 * rows that went away at the front).
 */
export interface RowSource {
  readonly length: number;
  at(i: number): readonly unknown[];
  readonly dropped?: number;
}

/** Options of {@linkcode TableState}. */
export interface TableStateOptions {
  /** Several rows may be selected (Space toggles, Ctrl+A selects all). */
  multiple?: boolean;
  /** Keep the last row in view as rows arrive, while the view is at the end. */
  follow?: boolean;
}

const SAMPLE = 200;

// Packed sort keys: integers in [-2^31, 2^31) times 2^21 rows stay below 2^53.
const PACK_ROWS = 2 ** 21;
const KEY_BIAS = 2 ** 31;
const KEY_SPAN = 2 ** 32;
const packable = (k: number | string) =>
  typeof k === "number" && Number.isInteger(k) && k >= -KEY_BIAS && k < KEY_BIAS;

function sortKey(v: unknown): number | string {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === null || v === undefined) return Infinity;
  return String(v);
}

/**
 * The state of a {@linkcode dataTable}: columns, rows, sort order, cursor,
 * selection and scroll position. Keep one per table across renders.
 *
 * @example
 * ```ts
 * import { TableState } from "./data_table.ts";
 * import assert from "node:assert/strict";
 * const t = new TableState([{ name: "name", type: "string" }, { name: "size", type: "uint64" }],
 *   [["b", 2], ["a", 10], ["c", 1]]);
 * t.sortBy(1);
 * assert.equal(t.row(0)[0], "c");
 * assert.equal(t.row(2)[0], "a");
 * ```
 */
export class TableState extends VirtualWindow {
  readonly columns: readonly Column[];
  readonly multiple: boolean;
  /** Follow the tail (see {@linkcode TableStateOptions.follow}). */
  follow: boolean;
  /** The sorted column's index, or -1 for the rows' own order. */
  sortColumn = -1;
  descending = false;
  /** Selected rows, by absolute row number (`dropped` + index). */
  readonly selected: Set<number> = new Set();
  /** Column widths in cells: the widest text seen so far (capped). */
  readonly widths: number[];
  #source: RowSource;
  #order: Uint32Array | null = null;
  #orderLength = 0;
  #orderDropped = 0;
  #seenLength = 0;
  #sampled = 0;

  constructor(
    columns: readonly (ColumnInput | Column)[],
    rows: RowSource | readonly (readonly unknown[])[] = [],
    options: TableStateOptions = {},
  ) {
    super();
    this.columns = columns.map((c, i) => ({ ...c, id: c.id ?? i }));
    this.#source = Array.isArray(rows) ? [...rows] : rows as RowSource;
    this.multiple = options.multiple ?? false;
    this.follow = options.follow ?? false;
    this.widths = this.columns.map((c) => Math.min(MAX_WIDTH, textWidth(c.name) + 2));
    this.sync();
  }

  /**
   * A table over the rows a connection keeps for schema `slot` (what
   * `conn.data(rows, {schema})` streamed); columns from the schema.
   */
  static fromSchema(
    conn: Connection,
    slot: number | SlotRef,
    options: TableStateOptions = {},
  ): TableState {
    const n = typeof slot === "number" ? slot : slot.slot;
    const entry = conn.model.data.schema(n);
    if (!entry) throw new RangeError(`no schema in slot ${n}: declare it with conn.schema() first`);
    const t = new TableState(entry.columns, entry.rows, options);
    t.#schema = n;
    return t;
  }
  #schema: number | undefined;

  /** The schema slot the table reads (when made with {@linkcode TableState.fromSchema}). */
  get schemaSlot(): number | undefined {
    return this.#schema;
  }

  /** Appends rows to an array-backed table. */
  append(rows: readonly (readonly unknown[])[]): void {
    if (!Array.isArray(this.#source)) {
      throw new TypeError("append: this table reads its rows from a source; add rows there");
    }
    (this.#source as (readonly unknown[])[]).push(...rows);
    this.sync();
  }

  /** Brings count, sort order and the followed tail up to date with the rows. */
  sync(): void {
    const src = this.#source;
    const n = src.length;
    const grew = n > this.#seenLength;
    const atEnd = this.top + this.height >= this.#seenLength;
    const lastCursor = this.cursor >= this.#seenLength - 1;
    this.count = n;
    this.#seenLength = n;
    if (this.#sampled < Math.min(n, SAMPLE)) {
      for (let i = this.#sampled; i < Math.min(n, SAMPLE); i++) this.measure(src.at(i));
      this.#sampled = Math.min(n, SAMPLE);
    }
    if (
      this.sortColumn >= 0 && (n !== this.#orderLength || (src.dropped ?? 0) !== this.#orderDropped)
    ) {
      this.#sort();
    }
    if (grew && this.follow && atEnd) {
      if (lastCursor) this.cursor = Math.max(0, n - 1);
      this.top = n - this.height;
    }
    this.cursor = Math.max(0, Math.min(this.cursor, n - 1));
    this.clamp();
  }

  /** Grows the column widths to fit a row's formatted values. */
  measure(r: readonly unknown[], now = 0): void {
    this.fitTo(this.columns.map((c, i) => formatValue(r[i], c, now)));
  }

  /** Grows the column widths to fit these formatted values. */
  fitTo(values: readonly string[]): void {
    for (let c = 0; c < values.length; c++) {
      const w = textWidth(values[c]);
      if (w > this.widths[c]) this.widths[c] = Math.min(MAX_WIDTH, w);
    }
  }

  /** The row shown at position `i` (in sort order). */
  row(i: number): readonly unknown[] {
    return this.#source.at(this.#order ? this.#order[i] : i);
  }

  /** The absolute row number of the row shown at position `i`. */
  absolute(i: number): number {
    return (this.#source.dropped ?? 0) + (this.#order ? this.#order[i] : i);
  }

  /**
   * Sorts by column `c` (ascending, or descending when asked; by default a
   * second sort by the same column reverses it). `-1` restores the rows'
   * own order. The cursor stays on its row.
   */
  sortBy(c: number, descending?: boolean): void {
    const keep = this.count > 0 ? this.absolute(this.cursor) : -1;
    if (c < 0 || c >= this.columns.length) {
      this.sortColumn = -1;
      this.#order = null;
    } else {
      this.descending = descending ?? (c === this.sortColumn ? !this.descending : false);
      this.sortColumn = c;
      this.#sort();
    }
    if (keep >= 0) {
      const base = this.#source.dropped ?? 0;
      const rel = keep - base;
      const at = this.#order ? this.#order.indexOf(rel) : rel;
      this.moveTo(at < 0 ? 0 : at);
    }
  }

  #sort(): void {
    const src = this.#source;
    const n = src.length, c = this.sortColumn;
    const keys = new Array<number | string>(n);
    let numbers = true;
    for (let i = 0; i < n; i++) {
      const k = sortKey(src.at(i)[c]);
      keys[i] = k;
      if (typeof k !== "number") numbers = false;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const dir = this.descending ? -1 : 1;
    if (numbers && n <= PACK_ROWS && keys.every(packable)) {
      // Small integers: key and row number packed into one double, sorted natively
      // (a comparator call per comparison costs 5-10 times more on a million rows).
      const packed = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const k = (keys[i] as number) + KEY_BIAS;
        packed[i] = (dir > 0 ? k : KEY_SPAN - 1 - k) * PACK_ROWS + i;
      }
      packed.sort();
      for (let i = 0; i < n; i++) order[i] = packed[i] % PACK_ROWS;
    } else if (numbers) {
      const nk = Float64Array.from(keys as number[]);
      order.sort((a, b) => (nk[a] - nk[b]) * dir || a - b);
    } else {
      const sk = keys.map((k) => typeof k === "number" ? (k === Infinity ? "\uffff" : k) : k);
      order.sort((a, b) => {
        const x = sk[a], y = sk[b];
        const r = typeof x === "number" && typeof y === "number"
          ? x - y
          : typeof x === "number"
          ? -1
          : typeof y === "number"
          ? 1
          : x < y
          ? -1
          : x > y
          ? 1
          : 0;
        return r * dir || a - b;
      });
    }
    this.#order = order;
    this.#orderLength = n;
    this.#orderDropped = src.dropped ?? 0;
  }
}

/** Each table's header as last rendered, with what it was made from. */
const HEADERS = new WeakMap<
  TableState,
  { key: string; cols: readonly Column[]; pass: RenderContext; node: VNode }
>();

/** Each table's formatted window (its arrays reused from render to render). */
const LINES = new WeakMap<TableState, TableLines>();

/** Options of {@linkcode dataTable}. */
export interface DataTableOptions {
  /** The node id of the focusable frame. */
  id?: number;
  /** Shown above the table; also its accessible name. */
  label?: string;
  /** Data rows in view (default 10). */
  height?: number;
  /** Width in cells (default: its container's). */
  width?: number;
  /** Enter on a row, or a click on the row under the cursor. */
  onActivate?: (row: readonly unknown[], absolute: number) => void;
  /** The selection changed (absolute row numbers, ascending). */
  onSelect?: (selected: number[]) => void;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
}

/**
 * A framed data table: a header of column names (click one, or press its
 * number 1-9, to sort; again to reverse), then the rows in view. The cursor's
 * row is marked `›` and highlighted. Its text projection is the header and
 * the rows in view as tab-separated lines; in a pipe (not interactive), every
 * row.
 *
 * @example
 * ```ts
 * import { dataTable, TableState } from "./data_table.ts";
 * import assert from "node:assert/strict";
 * const t = new TableState([{ name: "name", type: "string" }], [["a"], ["b"]]);
 * const node = dataTable(t, { height: 5 });
 * assert.equal(node.props.role, "grid");
 * ```
 */
export function dataTable(state: TableState, o: DataTableOptions = {}): VNode {
  state.height = Math.max(1, Math.floor(o.height ?? 10));
  state.sync();
  const ctx = renderContext();
  const cols = state.columns;
  const header = (c: Column, i: number) =>
    c.name + (state.sortColumn === i ? (state.descending ? " ▼" : " ▲") : "");
  if (!ctx.interactive) {
    const slot = state.schemaSlot;
    if (slot !== undefined) {
      // The connection streams these rows itself (TSV in a pipe).
      return scroll({ schema: new SlotRef(slot), label: o.label });
    }
    const lines = [cols.map((c, i) => header(c, i)).join("\t")];
    for (let i = 0; i < state.count; i++) {
      lines.push(state.row(i).map((v, c) => formatValue(v, cols[c], ctx.now)).join("\t"));
    }
    return column({ width: o.width }, [
      o.label ? text(o.label, { bold: true }) : null,
      text(lines.join("\n"), { role: "table" }),
    ]);
  }
  const [start, end] = windowRange(state);
  let lines = LINES.get(state);
  if (!lines) LINES.set(state, lines = new TableLines(cols));
  // Each value in the window formatted and measured once: for the widths, then for its row.
  lines.format(state, start, end, state.widths, ctx.now);
  const widths = state.widths;
  const markWidth = state.multiple ? 3 : 1;
  const changed = () => o.onSelect?.([...state.selected].sort((a, b) => a - b));
  const activate = (i: number) => {
    if (i >= 0 && i < state.count) o.onActivate?.(state.row(i), state.absolute(i));
  };
  const toggle = (i: number) => {
    state.moveTo(i);
    const abs = state.absolute(i);
    if (!state.multiple) state.selected.clear();
    if (state.selected.has(abs)) state.selected.delete(abs);
    else state.selected.add(abs);
    changed();
  };
  // A key the table does not use bubbles (returns false).
  const onKey = (e: KeyEvent): boolean => {
    const key = e.key ?? "";
    if (key === "enter") activate(state.cursor);
    else if (key === "space" && state.count > 0) toggle(state.cursor);
    else if (key === "ctrl+a" && state.multiple) {
      for (let i = 0; i < state.count; i++) state.selected.add(state.absolute(i));
      changed();
    } else if (/^[1-9]$/.test(key) && Number(key) <= cols.length) state.sortBy(Number(key) - 1);
    else return state.navigate(key);
    return true;
  };
  // The header changes with the sort and the widths only: the same nodes as
  // last render otherwise, which the re-keying and the diff pass over.
  const headerKey = `${state.sortColumn}|${state.descending}|${markWidth}|${widths.join()}`;
  const kept = HEADERS.get(state);
  const pass = currentRender();
  let headerRow: VNode;
  if (
    kept && pass !== null && kept.pass !== pass && kept.key === headerKey && kept.cols === cols
  ) {
    headerRow = kept.node;
    kept.pass = pass;
  } else {
    headerRow = makeHeader();
    if (pass !== null) HEADERS.set(state, { key: headerKey, cols, pass, node: headerRow });
  }
  // Monospaced, so that a browser lines the header's cells up with the rows.
  function makeHeader(): VNode {
    return row({
      role: "row",
      gap: GAP,
      mono: true,
      text_alt: cols.map(header).join("\t"),
    }, [
      text("", { width: markWidth, shrink: 0 }),
      ...cols.map((c, i) =>
        box({
          interactive: "clickable",
          focusable: false,
          role: "columnheader",
          sort: state.sortColumn === i
            ? (state.descending ? "descending" : "ascending")
            : undefined,
          label: c.name,
          width: widths[i],
          shrink: 0,
          onClick: () => state.sortBy(i),
        }, [text(fit(header(c, i), widths[i], numeric(c)), { bold: true, color: colors.accent })])
      ),
    ]);
  }
  const click = (i: number) => {
    const again = i === state.cursor && !state.multiple;
    toggle(i);
    if (again) activate(i);
  };
  // A row is a row box (the click target, its states and colours) holding one
  // text: the line padded to the columns for the screen, the values
  // tab-separated as its `text_alt` (the text projection's TSV and, in a
  // browser, the accessible name). A PgDn sets one text per row; the box
  // changes only with the cursor or the selection.
  const dataRow = (i: number): VNode => {
    const cur = i === state.cursor;
    const on = state.selected.has(state.absolute(i));
    const mark = state.multiple ? (on ? "[x]" : "[ ]") : cur ? "›" : " ";
    lines.build(i - start, mark, widths);
    return box({
      interactive: "clickable",
      focusable: false,
      role: "row",
      selected: on,
      background: cur && state.focused ? colors.accent : undefined,
      color: cur && state.focused ? colors.background : cur ? colors.accent : undefined,
    }, [makeNode("text", { content: lines.line, text_alt: lines.tsv, wrap: false, mono: true })]);
  };
  const frame = windowFrame(
    state,
    {
      id: o.id,
      role: "grid",
      label: o.label,
      width: o.width,
      tabIndex: o.tabIndex,
      extra: { multiselectable: state.multiple || undefined, row_count: state.count },
      onKey,
      onRowClick: click,
    },
    dataRow,
    headerRow,
  );
  if (!o.label) return frame;
  return column({ width: o.width, align_self: o.width ? "start" : undefined }, [
    text(o.label, { bold: true }),
    frame,
  ]);
}
