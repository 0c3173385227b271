/// <reference lib="dom" />
/**
 * The data rows of a schema-bound scroll node as a virtualized table: only
 * the rows in view (plus a margin) exist in the DOM, so 10,000 retained rows
 * cost as much as 40. A row is one text line tall (`1lh`, as in a terminal:
 * a `height: 6` table shows its header and 5 rows). Columns are as wide as
 * their content (measured as rows arrive, never narrower again), numbers sit
 * on the right, a cut-off cell has its whole text as `title`.
 *
 * Following the tail: with `follow: true` the view sticks to the newest row
 * while it is at the end; with `follow: false` it never moves; without
 * `follow`, it sticks only when it was at the end and already showed rows,
 * so a log keeps scrolling but a listing (which arrives in one batch, or
 * first fills the view) opens at its top.
 *
 * Screen readers: the table has `aria-rowcount` and `aria-rowindex`; a "go
 * to row" field (shown when focused, after the table) scrolls any row into
 * the DOM and focuses it.
 *
 * @module
 */
import type { SchemaEntry } from "../../../src/model/data_store.ts";
import { TIME_DEPENDENT_FORMATS } from "../../../src/projection/format.ts";
import type { Column } from "../../../src/protocol/messages/types.ts";
import { cellElement, cellText, isNumeric } from "./table_cells.ts";

/** A row's height in CSS pixels before the table can measure its line height. */
export const ROW_HEIGHT = 21;
const OVERSCAN = 8;
/** Rows measured for column widths per update (the newest ones). */
const MEASURE_ROWS = 200;
/** The widest a column grows from its content, in pixels (longer text is cut, with a title). */
const MAX_COLUMN_PX = 420;

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
  /** The "go to row" control, placed after {@linkcode DataTable.el} while rows are hidden. */
  readonly jump: HTMLElement;
  #scroller: HTMLElement;
  #header: HTMLElement;
  #body: HTMLElement;
  #jumpInput: HTMLInputElement;
  #entry: SchemaEntry | undefined;
  #columns: unknown = null;
  #numeric: boolean[] = [];
  #widths: number[] = [];
  #measured = -1;
  #rows = new Map<number, HTMLElement>();
  #timeDependent = false;
  #follow = false;
  /** The scroll node's `follow` prop (see the module documentation). */
  followTail: boolean | undefined = undefined;
  #setTop = -1;
  #count = 0;
  #rowHeight = ROW_HEIGHT;
  #focusRow = -1;

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
    [this.jump, this.#jumpInput] = this.#jumpControl();
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
    const before = this.#count;
    if (s.isConnected && s.clientHeight > 0) {
      const atEnd = this.#atBottom();
      this.#follow = this.followTail === true
        ? atEnd
        : this.followTail === undefined && atEnd && before > 0;
    } else if (before === 0) this.#follow = this.followTail === true;
    this.#entry = entry;
    if (entry?.columns !== this.#columns) {
      this.#columns = entry?.columns;
      this.#clearRows();
      const cols = entry?.columns ?? [];
      this.#numeric = cols.map(isNumeric);
      this.#header.replaceChildren(
        ...cols.map((c, i) => cellElement({ text: c.name }, "columnheader", this.#numeric[i])),
      );
      this.el.style.setProperty("--vp-cols", String(Math.max(1, cols.length)));
      this.#timeDependent = cols.some((c) =>
        c.format !== undefined && TIME_DEPENDENT_FORMATS.has(c.format)
      );
      this.#widths = [];
      this.#measured = -1;
    }
    const n = entry?.rows.length ?? 0;
    this.#count = n;
    this.el.setAttribute("aria-rowcount", String(n + 1));
    this.#jumpInput.max = String(Math.max(1, n));
    this.#body.style.height = `${n * this.#rowHeight}px`;
  }

  /** Scrolls to the tail if following, and renders the rows in view. */
  layout(): void {
    this.#measure();
    if (this.#follow) {
      this.#scroller.scrollTop = this.#scroller.scrollHeight;
      this.#setTop = this.#scroller.scrollTop;
    }
    this.render();
  }

  /** The scroller scrolled: follow the tail again only from the bottom. */
  scrolled(): void {
    // The scroll event of our own tail-following may arrive after more rows
    // did: it says nothing about what the user wants.
    if (this.#scroller.scrollTop !== this.#setTop) {
      this.#follow = this.followTail !== false && this.#atBottom();
    }
    this.render();
  }

  #atBottom(): boolean {
    const s = this.#scroller;
    return s.scrollTop + s.clientHeight >= s.scrollHeight - this.#rowHeight / 2;
  }

  /** Renders the rows in view; call on scroll and resize. */
  render(refresh = false): void {
    const entry = this.#entry;
    if (!entry) return this.#clearRows();
    const rows = entry.rows;
    const s = this.#scroller;
    const h = this.#rowHeight;
    const top = s.scrollTop - this.#body.offsetTop;
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    // The model may hold rows that arrived after the last update: show only
    // the ones the body is sized for, or they would overflow it.
    const last = Math.min(this.#count, Math.ceil((top + s.clientHeight) / h) + OVERSCAN);
    const base = rows.dropped;
    const keep = this.#focusRow;
    for (const [abs, el] of this.#rows) {
      const i = abs - base;
      if (
        (i < first || i >= last || refresh) &&
        !(abs === keep && el.contains(document.activeElement))
      ) {
        el.remove();
        this.#rows.delete(abs);
      }
    }
    const now = Date.now();
    const cols = entry.columns;
    const fresh: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const abs = base + i;
      let el = this.#rows.get(abs);
      if (!el) {
        el = this.#row(rows.at(i), cols, now);
        this.#rows.set(abs, el);
        this.#body.append(el);
        fresh.push(el);
      }
      el.style.top = `${i * h}px`;
      el.setAttribute("aria-rowindex", String(i + 2));
    }
    this.#placeJump();
    // Cut-off cells say their whole text on hover (one layout read per render).
    for (const el of fresh) {
      for (const c of el.children as HTMLCollectionOf<HTMLElement>) {
        if (c.scrollWidth > c.clientWidth + 1 && !c.title) c.title = c.textContent ?? "";
      }
    }
  }

  /**
   * "Go to row" is there only while some rows are not in the page (a table
   * whose rows all fit needs no jump, and keeps one input fewer).
   */
  #placeJump(): void {
    const needed = this.#count > this.#rows.size;
    if (needed && this.jump.previousElementSibling !== this.el) this.el.after(this.jump);
    else if (!needed && this.jump.isConnected && !this.jump.contains(document.activeElement)) {
      this.jump.remove();
    }
  }

  #row(row: unknown[], cols: readonly Column[], now: number): HTMLElement {
    const el = document.createElement("div");
    el.className = "vp-row";
    el.setAttribute("role", "row");
    for (let c = 0; c < cols.length; c++) {
      el.append(cellElement(cellText(row[c], cols[c], now), "cell", this.#numeric[c]));
    }
    return el;
  }

  /**
   * Row height from the line height, column widths from the header and the
   * newest rows' text (never narrower than before, so nothing jumps).
   */
  #measure(): void {
    const entry = this.#entry;
    if (!entry || !this.#scroller.isConnected) return;
    const lh = this.#header.getBoundingClientRect().height;
    if (lh > 0 && Math.abs(lh - this.#rowHeight) > 0.01) {
      this.#rowHeight = lh;
      this.#body.style.height = `${this.#count * lh}px`;
      this.#clearRows();
    }
    const rows = entry.rows;
    const total = rows.dropped + rows.length;
    if (total === this.#measured) return;
    const ctx = measureContext(this.#header);
    if (!ctx) return;
    const cols = entry.columns;
    const widths = this.#widths;
    const text = (t: string) => Math.ceil(ctx.measureText(t).width);
    if (this.#measured < 0) {
      ctx.font = fontOf(this.#header);
      cols.forEach((c, i) => widths[i] = text(c.name));
    }
    ctx.font = fontOf(this.#body);
    const now = Date.now();
    const measure = (from: number, to: number) => {
      for (let r = from; r < to; r++) {
        const row = rows.at(r);
        for (let c = 0; c < cols.length; c++) {
          widths[c] = Math.max(widths[c] ?? 0, text(cellText(row[c], cols[c], now).text));
        }
      }
    };
    // The first rows too, the first time: a listing opens at its top.
    const from = Math.max(0, rows.length - MEASURE_ROWS, this.#measured - rows.dropped);
    if (this.#measured < 0) measure(0, Math.min(from, MEASURE_ROWS));
    measure(from, rows.length);
    this.#measured = total;
    // Every column its content's width; the last takes what is left.
    const px = widths.map((w) => `${Math.min(MAX_COLUMN_PX, w + 2)}px`);
    if (px.length > 0) px[px.length - 1] = `minmax(${px[px.length - 1]}, 1fr)`;
    this.el.style.setProperty("--vp-grid", px.join(" "));
  }

  #clearRows(): void {
    for (const el of this.#rows.values()) el.remove();
    this.#rows.clear();
  }

  /** Brings row `n` (1 = the first data row) into the DOM and focuses it. */
  goToRow(n: number): void {
    if (!this.#entry || this.#count === 0) return;
    const i = Math.min(this.#count, Math.max(1, Math.floor(n))) - 1;
    this.#follow = false;
    const h = this.#rowHeight;
    this.#scroller.scrollTop = i * h + this.#body.offsetTop - this.#header.offsetHeight;
    this.render();
    const abs = this.#entry.rows.dropped + i;
    const row = this.#rows.get(abs);
    if (!row) return;
    this.#focusRow = abs;
    row.tabIndex = -1;
    row.focus({ preventScroll: true });
  }

  #jumpControl(): [HTMLElement, HTMLInputElement] {
    const wrap = document.createElement("div");
    wrap.className = "vp-jump";
    wrap.setAttribute("role", "search");
    const label = document.createElement("label");
    label.textContent = "Go to row";
    const input = document.createElement("input");
    input.type = "number";
    input.min = "1";
    input.inputMode = "numeric";
    input.setAttribute("aria-description", "Enter a row number to show it");
    label.append(" ", input);
    wrap.append(label);
    input.addEventListener("keydown", (e) => {
      // The app never sees this control's keys or text.
      e.stopPropagation();
      if (e.key !== "Enter") return;
      e.preventDefault();
      this.goToRow(Number(input.value));
    });
    for (const type of ["input", "keyup", "keypress"]) {
      input.addEventListener(type, (e) => e.stopPropagation());
    }
    return [wrap, input];
  }
}

/** The canvas font of `el` (the `font` shorthand is empty when it cannot say everything). */
function fontOf(el: HTMLElement): string {
  const cs = getComputedStyle(el);
  return `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
}

let canvas: HTMLCanvasElement | undefined;
function measureContext(el: HTMLElement): CanvasRenderingContext2D | null {
  if (!el.isConnected) return null;
  canvas ??= document.createElement("canvas");
  return canvas.getContext("2d");
}
