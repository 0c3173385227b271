/**
 * Tree views: an outline whose branches expand and collapse, scrolled like a
 * list (only the rows in view are rendered).
 *
 * @module
 */
import type { KeyEvent } from "../sdk/input_events.ts";
import { box, column, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { VirtualWindow, windowFrame } from "./_virtual.ts";
import { renderContext } from "./context.ts";
import { colors } from "./theme.ts";

/** A node of a tree: a label and, for a branch, children. */
export interface TreeItem {
  label: string;
  children?: readonly TreeItem[];
}

interface Row {
  item: TreeItem;
  depth: number;
  parent: number;
}

/**
 * The state of a {@linkcode treeView}: the items, which branches are open,
 * the cursor and the scroll position. Keep one per tree across renders.
 *
 * @example
 * ```ts
 * import { TreeState } from "./tree_view.ts";
 * import assert from "node:assert/strict";
 * const t = new TreeState([{ label: "src", children: [{ label: "main.ts" }] }]);
 * t.key("right");
 * assert.equal(t.visible().length, 2, "expanded");
 * ```
 */
export class TreeState extends VirtualWindow {
  #roots: readonly TreeItem[];
  /** The open branches. */
  readonly expanded: Set<TreeItem> = new Set();
  #rows: Row[] | null = null;

  constructor(roots: readonly TreeItem[], options: { expanded?: Iterable<TreeItem> } = {}) {
    super();
    this.#roots = roots;
    for (const x of options.expanded ?? []) this.expanded.add(x);
    this.#flatten();
  }

  /** Replaces the items (open branches that remain stay open). */
  setItems(roots: readonly TreeItem[]): void {
    this.#roots = roots;
    this.#rows = null;
    this.#flatten();
    this.moveTo(this.cursor);
  }

  /** The rows shown: every root and the children of open branches, in order. */
  visible(): readonly { item: TreeItem; depth: number }[] {
    return this.#flatten();
  }

  /** The item under the cursor. */
  current(): TreeItem | undefined {
    return this.#flatten()[this.cursor]?.item;
  }

  #flatten(): Row[] {
    if (this.#rows) return this.#rows;
    const rows: Row[] = [];
    const walk = (items: readonly TreeItem[], depth: number, parent: number) => {
      for (const item of items) {
        const at = rows.length;
        rows.push({ item, depth, parent });
        if (item.children && this.expanded.has(item)) walk(item.children, depth + 1, at);
      }
    };
    walk(this.#roots, 0, -1);
    this.#rows = rows;
    this.count = rows.length;
    return rows;
  }

  /** Opens or closes a branch. */
  setExpanded(item: TreeItem, open: boolean): void {
    if (!item.children) return;
    if (open) this.expanded.add(item);
    else this.expanded.delete(item);
    const cur = this.current();
    this.#rows = null;
    const rows = this.#flatten();
    const at = cur ? rows.findIndex((r) => r.item === cur) : 0;
    this.moveTo(at < 0 ? 0 : at);
  }

  /**
   * Handles a key: navigation; right opens a branch (or steps into it), left
   * closes it (or steps out to the parent); space flips it. Returns true when
   * the key was used.
   */
  key(key: string): boolean {
    if (this.navigate(key)) return true;
    const rows = this.#flatten();
    const row = rows[this.cursor];
    if (!row) return false;
    const branch = !!row.item.children?.length;
    const open = this.expanded.has(row.item);
    switch (key) {
      case "right":
      case "l":
        if (branch && !open) this.setExpanded(row.item, true);
        else if (branch) this.moveTo(this.cursor + 1);
        return true;
      case "left":
      case "h":
        if (branch && open) this.setExpanded(row.item, false);
        else if (row.parent >= 0) this.moveTo(row.parent);
        return true;
      case "space":
        if (branch) this.setExpanded(row.item, !open);
        return branch;
    }
    return false;
  }
}

/** Options of {@linkcode treeView}. */
export interface TreeViewOptions {
  /** The node id of the focusable frame. */
  id?: number;
  /** Shown above the tree; also its accessible name. */
  label?: string;
  /** Rows in view (default 10). */
  height?: number;
  /** Width in cells (default: its container's). */
  width?: number;
  /** Enter on an item, or a click on a leaf. */
  onActivate?: (item: TreeItem) => void;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
}

function prefix(item: TreeItem, depth: number, open: boolean): string {
  const mark = item.children?.length ? (open ? "▾ " : "▸ ") : "  ";
  return "  ".repeat(depth) + mark;
}

/**
 * A framed tree view. Rows are indented two cells per level, branches marked
 * `▸` (closed) or `▾` (open). Its text projection is the rows in view as such
 * an outline; in a pipe (not interactive), every row of the open branches.
 *
 * @example
 * ```ts
 * import { treeView, TreeState } from "./tree_view.ts";
 * import assert from "node:assert/strict";
 * const node = treeView(new TreeState([{ label: "README.md" }]), { height: 3 });
 * assert.equal(node.props.role, "tree");
 * ```
 */
export function treeView(state: TreeState, o: TreeViewOptions = {}): VNode {
  state.height = Math.max(1, Math.floor(o.height ?? 10));
  const rows = state.visible();
  state.clamp();
  if (!renderContext().interactive) {
    const lines = rows.map((r) =>
      prefix(r.item, r.depth, state.expanded.has(r.item)) + r.item.label
    );
    return column({ width: o.width }, [
      o.label ? text(o.label, { bold: true }) : null,
      text(lines.join("\n"), { role: "tree" }),
    ]);
  }
  const activate = (item: TreeItem) => o.onActivate?.(item);
  // A key the tree does not use bubbles (returns false).
  const onKey = (e: KeyEvent): boolean => {
    const key = e.key ?? "";
    if (key === "enter") {
      const item = state.current();
      if (item?.children?.length) state.setExpanded(item, !state.expanded.has(item));
      else if (item) activate(item);
      return true;
    }
    return state.key(key);
  };
  const click = (i: number) => {
    const { item } = rows[i];
    state.moveTo(i);
    if (item.children?.length) state.setExpanded(item, !state.expanded.has(item));
    else activate(item);
  };
  const row = (i: number): VNode => {
    const { item, depth } = rows[i];
    const cur = i === state.cursor;
    const open = state.expanded.has(item);
    const branch = !!item.children?.length;
    return box({
      interactive: "clickable",
      focusable: false,
      role: "treeitem",
      expanded: branch ? open : undefined,
      level: depth + 1,
      selected: cur,
      dir: "row",
      background: cur && state.focused ? colors.accent : undefined,
      color: cur && state.focused ? colors.background : cur ? colors.accent : undefined,
    }, [
      // Monospaced: a browser lines the indents and marks up as a terminal does.
      text(prefix(item, depth, open) + item.label, { wrap: "truncate", grow: 1, mono: true }),
    ]);
  };
  const frame = windowFrame(state, {
    id: o.id,
    role: "tree",
    label: o.label,
    width: o.width,
    tabIndex: o.tabIndex,
    onKey,
    onRowClick: click,
  }, row);
  if (!o.label) return frame;
  return column({ width: o.width, align_self: o.width ? "start" : undefined }, [
    text(o.label, { bold: true }),
    frame,
  ]);
}
