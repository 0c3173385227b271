/**
 * The scrolling window shared by lists, tables, trees and select popups: a
 * cursor over `count` rows, the first row in view, and a `scroll` node whose
 * range is `count` rows (`virtual_height`) but whose children are only the
 * rows around the view. The viewer scrolls locally and reports `scroll`
 * events; the app sets `scroll_top` to bring the cursor into view.
 *
 * @module
 */
import type { KeyEvent } from "../sdk/input_events.ts";
import { box, scroll } from "../sdk/components.ts";
import type { Role } from "../sdk/props.ts";
import type { ComponentProps, VNode } from "../sdk/vnode.ts";
import { renderContext } from "./context.ts";

/** Cursor and scroll position over a number of rows. */
export class VirtualWindow {
  /** Rows in all. */
  count = 0;
  /** The row with the cursor (0 when there are none). */
  cursor = 0;
  /** The first row in view. */
  top = 0;
  /** Rows in view (the widget's height). */
  height = 10;
  /** True while the widget has keyboard focus. */
  focused = false;

  /** Puts the cursor on row `i` (clamped) and scrolls it into view. */
  moveTo(i: number): void {
    this.cursor = Math.max(0, Math.min(this.count - 1, Math.floor(i)));
    if (this.count === 0) this.cursor = 0;
    this.reveal();
  }

  /** Scrolls so that the cursor is in view. */
  reveal(): void {
    if (this.cursor < this.top) this.top = this.cursor;
    else if (this.cursor >= this.top + this.height) this.top = this.cursor - this.height + 1;
    this.clamp();
  }

  /** Keeps `top` within range. */
  clamp(): void {
    this.top = Math.max(0, Math.min(this.top, this.count - this.height));
  }

  /**
   * Moves the cursor for a navigation key (up, down, page up/down, home, end,
   * and vi's j/k); false for any other key.
   */
  navigate(key: string): boolean {
    const page = Math.max(1, this.height - 1);
    switch (key) {
      case "up":
      case "k":
        this.moveTo(this.cursor - 1);
        return true;
      case "down":
      case "j":
        this.moveTo(this.cursor + 1);
        return true;
      case "pageup":
        this.moveTo(this.cursor - page);
        return true;
      case "pagedown":
        this.moveTo(this.cursor + page);
        return true;
      case "home":
      case "ctrl+home":
        this.moveTo(0);
        return true;
      case "end":
      case "ctrl+end":
        this.moveTo(this.count - 1);
        return true;
    }
    return false;
  }

  /** The viewer scrolled to `scrollTop` (a `scroll` event). */
  scrolled(scrollTop: number): void {
    if (!Number.isFinite(scrollTop)) return;
    this.top = Math.round(scrollTop);
    this.clamp();
  }
}

/** The rows to render for a window: those in view, and more around them for a remote viewer. */
export function windowRange(win: VirtualWindow): [number, number] {
  // A remote viewer scrolls before the app answers: give it rows beyond the view.
  const over = renderContext().remote ? win.height : 0;
  return [Math.max(0, win.top - over), Math.min(win.count, win.top + win.height + over)];
}

/** What a windowed widget's frame needs besides its rows. */
export interface FrameOptions {
  id?: number;
  role: Role;
  label?: string;
  width?: number;
  tabIndex?: number;
  autofocus?: boolean;
  /** Extra props for the frame (role-specific states). */
  extra?: ComponentProps<"box">;
  /** Returns false for a key the widget does not use (it bubbles on). */
  onKey: (e: KeyEvent) => void | boolean;
  onBlur?: () => void;
  /** A row was clicked (its index among all rows). */
  onRowClick?: (i: number) => void;
}

/**
 * The focusable frame with the window's scroll node inside: `header` (if any)
 * above the rows, the rows `row(i)` for the rows around the view.
 */
export function windowFrame(
  win: VirtualWindow,
  o: FrameOptions,
  row: (i: number) => VNode,
  header?: VNode,
): VNode {
  const [start, end] = windowRange(win);
  const rows: VNode[] = [];
  for (let i = start; i < end; i++) rows.push(row(i));
  const onBlur = o.onBlur, onRowClick = o.onRowClick;
  return box({
    id: o.id,
    interactive: "focusable",
    role: o.role,
    label: o.label,
    border: "rounded",
    width: o.width,
    align_self: o.width ? "start" : undefined,
    shrink: 0,
    tab_index: o.tabIndex,
    autofocus: o.autofocus || undefined,
    ...o.extra,
    onKey: o.onKey,
    // One handler for every row (clicks bubble up from them): no closure per
    // row and render. The row nodes are this render's own, ids final by now.
    onClick: onRowClick
      ? (e) => {
        const k = rows.findIndex((r) => r.id === e.target);
        if (k >= 0) onRowClick(start + k);
      }
      : undefined,
    onFocus: () => {
      win.focused = true;
    },
    onBlur: () => {
      win.focused = false;
      onBlur?.();
    },
  }, [
    header ?? null,
    scroll({
      focusable: false,
      virtual_height: win.count,
      virtual_offset: start,
      scroll_top: win.top,
      height: win.height,
      grow: 0,
      shrink: 0,
      onScroll: (e) => {
        if (typeof e.scroll_top === "number") win.scrolled(e.scroll_top);
      },
    }, rows),
  ]);
}
