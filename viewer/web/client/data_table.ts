/// <reference lib="dom" />
/**
 * The data rows of a schema-bound scroll node as a virtualized table: only
 * the rows in view (plus a margin) exist in the DOM, so 10,000 retained rows
 * cost as much as 40. Follows the tail while scrolled to the bottom.
 *
 * @module
 */
import type { SchemaEntry } from "../../../src/model/data_store.ts";
import { formatValue, TIME_DEPENDENT_FORMATS } from "../../../src/projection/format.ts";

/** Height of one row in CSS pixels (client.css uses the same value). */
export const ROW_HEIGHT = 24;
const OVERSCAN = 8;

/**
 * A virtualized table inside a scrolling element.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM).
 * import { DataTable } from "./data_table.ts";
 * const table = new DataTable(scroller);
 * scroller.append(table.el);
 * table.update(model.data.schema(100));
 * ```
 */
export class DataTable {
  readonly el: HTMLElement;
  #scroller: HTMLElement;
  #header: HTMLElement;
  #body: HTMLElement;
  #entry: SchemaEntry | undefined;
  #columns: unknown = null;
  #rows = new Map<number, HTMLElement>();
  #timeDependent = false;
  #follow = true;
  /** The scroll node's `follow`: false keeps the view where it is as rows arrive. */
  followTail = true;
  #setTop = -1;
  #count = 0;

  constructor(scroller: HTMLElement) {
    this.#scroller = scroller;
    this.el = document.createElement("div");
    this.el.className = "vp-table";
    this.el.setAttribute("role", "table");
    this.#header = document.createElement("div");
    this.#header.className = "vp-row vp-header";
    this.#header.setAttribute("role", "row");
    this.#header.setAttribute("aria-rowindex", "1");
    this.#body = document.createElement("div");
    this.#body.className = "vp-rows";
    this.#body.setAttribute("role", "rowgroup");
    this.el.append(this.#header, this.#body);
  }

  /** True when some column formats relative to now (re-render every second). */
  get timeDependent(): boolean {
    return this.#timeDependent;
  }

  /**
   * Takes `entry`'s rows (the schema changed, or rows arrived). Call
   * {@linkcode DataTable.layout} once the table is in the document.
   */
  update(entry: SchemaEntry | undefined): void {
    const s = this.#scroller;
    // Follow the tail (as a terminal does) unless the user scrolled up.
    if (s.isConnected && s.clientHeight > 0) this.#follow = this.#atBottom();
    this.#entry = entry;
    if (entry?.columns !== this.#columns) {
      this.#columns = entry?.columns;
      this.#clearRows();
      const cols = entry?.columns ?? [];
      this.#header.replaceChildren(...cols.map((c) => cell(c.name, "columnheader")));
      this.el.style.setProperty("--vp-cols", String(Math.max(1, cols.length)));
      this.#timeDependent = cols.some((c) =>
        c.format !== undefined && TIME_DEPENDENT_FORMATS.has(c.format)
      );
    }
    const n = entry?.rows.length ?? 0;
    this.#count = n;
    this.el.setAttribute("aria-rowcount", String(n + 1));
    this.#body.style.height = `${n * ROW_HEIGHT}px`;
  }

  /** Scrolls to the tail if following, and renders the rows in view. */
  layout(): void {
    if (this.#follow && this.followTail) {
      this.#scroller.scrollTop = this.#scroller.scrollHeight;
      this.#setTop = this.#scroller.scrollTop;
    }
    this.render();
  }

  /** The scroller scrolled: follow the tail again only from the bottom. */
  scrolled(): void {
    // The scroll event of our own tail-following may arrive after more rows
    // did: it says nothing about what the user wants.
    if (this.#scroller.scrollTop !== this.#setTop) this.#follow = this.#atBottom();
    this.render();
  }

  #atBottom(): boolean {
    const s = this.#scroller;
    return s.scrollTop + s.clientHeight >= s.scrollHeight - ROW_HEIGHT / 2;
  }

  /** Renders the rows in view; call on scroll and resize. */
  render(refresh = false): void {
    const entry = this.#entry;
    if (!entry) return this.#clearRows();
    const rows = entry.rows;
    const s = this.#scroller;
    const top = s.scrollTop - this.#body.offsetTop;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    // The model may hold rows that arrived after the last update: show only
    // the ones the body is sized for, or they would overflow it.
    const last = Math.min(this.#count, Math.ceil((top + s.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const base = rows.dropped;
    for (const [abs, el] of this.#rows) {
      const i = abs - base;
      if (i < first || i >= last || refresh) {
        el.remove();
        this.#rows.delete(abs);
      }
    }
    const now = Date.now();
    const cols = entry.columns;
    for (let i = first; i < last; i++) {
      const abs = base + i;
      let el = this.#rows.get(abs);
      if (!el) {
        const row = rows.at(i);
        el = document.createElement("div");
        el.className = "vp-row";
        el.setAttribute("role", "row");
        for (let c = 0; c < cols.length; c++) {
          el.append(cell(formatValue(row[c], cols[c], now), "cell"));
        }
        this.#rows.set(abs, el);
        this.#body.append(el);
      }
      el.style.top = `${i * ROW_HEIGHT}px`;
      el.setAttribute("aria-rowindex", String(i + 2));
    }
  }

  #clearRows(): void {
    for (const el of this.#rows.values()) el.remove();
    this.#rows.clear();
  }
}

function cell(text: string, role: string): HTMLElement {
  const el = document.createElement("div");
  el.className = "vp-cell";
  el.setAttribute("role", role);
  el.textContent = text;
  return el;
}
