/**
 * Lists: a framed, scrolling list of items with a cursor, single or multiple
 * selection, the keyboard and the mouse. Only the rows in view are rendered,
 * so 100,000 items cost what a screenful costs.
 *
 * @module
 */
import type { KeyEvent } from "../sdk/input_events.ts";
import { box, column, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { VirtualWindow, windowFrame } from "./_virtual.ts";
import { renderContext } from "./context.ts";
import { colors } from "./theme.ts";

/** Options of {@linkcode ListState}. */
export interface ListStateOptions {
  /** Several items may be selected (Space toggles, Ctrl+A selects all). */
  multiple?: boolean;
  /** Indices selected at the start. */
  selected?: Iterable<number>;
}

/**
 * The state of a {@linkcode list}: its items, cursor, scroll position and
 * selection. Keep one per list across renders.
 *
 * @example
 * ```ts
 * import { ListState } from "./list.ts";
 * import assert from "node:assert/strict";
 * const s = new ListState(["a", "b", "c"], { multiple: true });
 * s.key("down");
 * s.key("space");
 * assert.equal(s.cursor, 1);
 * assert.equal([...s.selected].join(), "1");
 * ```
 */
export class ListState<T = string> extends VirtualWindow {
  #items: readonly T[];
  readonly multiple: boolean;
  /** Selected indices (for a single-selection list, the cursor's item once chosen). */
  readonly selected: Set<number> = new Set();
  #anchor = 0;

  constructor(items: readonly T[], options: ListStateOptions = {}) {
    super();
    this.#items = items;
    this.count = items.length;
    this.multiple = options.multiple ?? false;
    for (const i of options.selected ?? []) this.selected.add(i);
    if (!this.multiple && this.selected.size > 0) this.moveTo(Math.min(...this.selected));
  }

  /** The items. */
  get items(): readonly T[] {
    return this.#items;
  }

  /** Replaces the items (cursor and selection are kept within range). */
  setItems(items: readonly T[]): void {
    this.#items = items;
    this.count = items.length;
    for (const i of [...this.selected]) if (i >= items.length) this.selected.delete(i);
    this.moveTo(this.cursor);
  }

  /** The selected items, in order. */
  selectedItems(): T[] {
    return [...this.selected].sort((a, b) => a - b).map((i) => this.#items[i]);
  }

  /**
   * Handles a key: navigation moves the cursor (and, in a single-selection
   * list, the selection); Space toggles (multiple) or selects; shift with a
   * navigation key extends the selection; Ctrl+A selects all. Returns what
   * happened: `"move"`, `"select"` or null.
   */
  key(key: string): "move" | "select" | null {
    const shift = key.startsWith("shift+") && this.multiple;
    const base = shift ? key.slice(6) : key;
    if (this.navigate(base)) {
      if (shift) {
        this.selected.clear();
        const [a, b] = [Math.min(this.#anchor, this.cursor), Math.max(this.#anchor, this.cursor)];
        for (let i = a; i <= b; i++) this.selected.add(i);
        return "select";
      }
      this.#anchor = this.cursor;
      if (!this.multiple) return this.select(this.cursor);
      return "move";
    }
    if (key === "space" && this.count > 0) return this.toggle(this.cursor);
    if (key === "ctrl+a" && this.multiple) {
      for (let i = 0; i < this.count; i++) this.selected.add(i);
      return "select";
    }
    return null;
  }

  /** Selects item `i` alone (single) or flips it (multiple). */
  toggle(i: number): "select" {
    this.moveTo(i);
    this.#anchor = this.cursor;
    if (!this.multiple) return this.select(i);
    if (this.selected.has(i)) this.selected.delete(i);
    else this.selected.add(i);
    return "select";
  }

  /** Makes item `i` the only selected item. */
  select(i: number): "select" {
    this.selected.clear();
    if (i >= 0 && i < this.count) this.selected.add(i);
    return "select";
  }
}

/** Options of {@linkcode list}. */
export interface ListOptions<T> {
  /** The node id of the focusable frame. */
  id?: number;
  /** Shown above the list; also its accessible name. */
  label?: string;
  /** Rows in view (default 10). */
  height?: number;
  /** Width in cells (default: its container's). */
  width?: number;
  /** An item's text (default `String(item)`). */
  format?: (item: T, index: number) => string;
  /** The selection changed (indices in order). */
  onSelect?: (selected: number[]) => void;
  /** Enter on an item, or a click on the item under the cursor. */
  onActivate?: (index: number, item: T) => void;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
  /** Take focus when it appears. */
  autofocus?: boolean;
  /** A click activates the item at once (a popup's choice). */
  activateOnClick?: boolean;
  /** Focus left the list (a popup closes then). */
  onBlur?: () => void;
  /**
   * Keys the list does not use itself (Escape...). Return false for one this
   * does not use either: it goes on to the enclosing widget.
   */
  onKey?: (key: string) => void | boolean;
}

/**
 * A framed list. The cursor's row is highlighted (accent background while
 * the list has focus) and marked `›`; in a multiple-selection list each row
 * starts with `[x]` or `[ ]`. Its text projection is the rows in view, one
 * per line, with those marks; in a pipe (not interactive), every item.
 *
 * @example
 * ```ts
 * import { list, ListState } from "./list.ts";
 * import assert from "node:assert/strict";
 * const s = new ListState(["Apple", "Banana"]);
 * const l = list(s, { height: 2 });
 * assert.equal(l.props.role, "listbox");
 * ```
 */
export function list<T>(state: ListState<T>, o: ListOptions<T> = {}): VNode {
  state.height = Math.max(1, Math.floor(o.height ?? 10));
  state.clamp();
  const format = o.format ?? ((item: T) => String(item));
  const items = state.items;
  const mark = (i: number) =>
    state.multiple ? (state.selected.has(i) ? "[x] " : "[ ] ") : i === state.cursor ? "› " : "  ";
  if (!renderContext().interactive) {
    const lines = items.map((item, i) => mark(i) + format(item, i));
    return column({ width: o.width }, [
      o.label ? text(o.label, { bold: true }) : null,
      text(lines.join("\n"), { role: "list" }),
    ]);
  }
  const changed = () => o.onSelect?.([...state.selected].sort((a, b) => a - b));
  const activate = (i: number) => {
    if (i >= 0 && i < state.count) o.onActivate?.(i, items[i]);
  };
  // A key the list does not use bubbles (returns false): Left or Escape
  // reach the tabs or the dialog around it.
  const onKey = (e: KeyEvent): boolean => {
    const key = e.key ?? "";
    if (key === "enter") {
      activate(state.cursor);
      return true;
    }
    const before = state.cursor;
    const what = state.key(key);
    if (what === "select") changed();
    else if (what === null && before === state.cursor) return o.onKey?.(key) ?? false;
    return true;
  };
  const click = (i: number) => {
    const again = (i === state.cursor || o.activateOnClick) && !state.multiple;
    state.toggle(i);
    changed();
    if (again) activate(i);
  };
  const row = (i: number): VNode => {
    const cur = i === state.cursor;
    const on = state.selected.has(i);
    return box({
      interactive: "clickable",
      focusable: false,
      role: "option",
      selected: on,
      background: cur && state.focused ? colors.accent : undefined,
      color: cur && state.focused ? colors.background : cur ? colors.accent : undefined,
    }, [
      state.multiple
        ? text({
          // A browser draws a check box here instead (from the row's `selected`).
          spans: [{ text: mark(i), mono: true, decor: true }, { text: format(items[i], i) }],
          wrap: "truncate",
          bold: on || undefined,
        })
        : text(mark(i) + format(items[i], i), { wrap: "truncate", bold: on || undefined }),
    ]);
  };
  const frame = windowFrame(state, {
    id: o.id,
    role: "listbox",
    label: o.label,
    width: o.width,
    tabIndex: o.tabIndex,
    autofocus: o.autofocus,
    extra: { multiselectable: state.multiple || undefined },
    onKey,
    onBlur: o.onBlur,
    onRowClick: click,
  }, row);
  if (!o.label) return frame;
  return column({ width: o.width, align_self: o.width ? "start" : undefined }, [
    text(o.label, { bold: true }),
    frame,
  ]);
}
