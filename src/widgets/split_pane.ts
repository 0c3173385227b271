/**
 * Split panes: two panes side by side (or one above the other) with a
 * divider that the keyboard moves.
 *
 * @module
 */
import type { KeyEvent } from "../sdk/input_events.ts";
import { box, type Child, separator } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { renderContext } from "./context.ts";

/** Options of {@linkcode splitPane}. */
export interface SplitPaneOptions {
  /** The node id of the focusable divider. */
  id?: number;
  /** `row`: side by side (default); `column`: one above the other. */
  dir?: "row" | "column";
  /** The first pane's size in cells (width in a row, height in a column). */
  size: number;
  /** Smallest size either pane may get (default 4). */
  min?: number;
  /** Largest size of the first pane (default: unbounded). */
  max?: number;
  /** The divider moved (arrow keys while it has focus; shift moves 5). */
  onResize?: (size: number) => void;
}

/**
 * Two panes and a divider between them. Focus the divider (Tab) and move it
 * with the arrow keys. Its text projection is the first pane, `│`, the second
 * (tab-separated side by side, on lines above one another); in a pipe, the
 * first pane's lines, then the second's.
 *
 * @example
 * ```ts
 * import { splitPane } from "./split_pane.ts";
 * import { text } from "../sdk/components.ts";
 * import assert from "node:assert/strict";
 * const s = splitPane({ size: 20 }, text("files"), text("preview"));
 * assert.equal(s.children?.[0].props.width, 20);
 * assert.equal(s.children?.[1].props.role, "separator");
 * ```
 */
export function splitPane(o: SplitPaneOptions, first: Child, second: Child): VNode {
  const row = (o.dir ?? "row") === "row";
  const min = Math.max(1, o.min ?? 4);
  const max = o.max ?? Infinity;
  // Only the arrows along the split are the divider's; other keys bubble.
  const onKey = (e: KeyEvent): boolean => {
    const key = e.key ?? "";
    const step = key.startsWith("shift+") ? 5 : 1;
    const dir = key.replace(/^shift\+/, "");
    const less = row ? "left" : "up", more = row ? "right" : "down";
    if (dir !== less && dir !== more) return false;
    const next = Math.max(min, Math.min(max, o.size + (dir === more ? step : -step)));
    if (next !== o.size) o.onResize?.(next);
    return true;
  };
  const size = Math.max(min, Math.min(max, o.size));
  // In a pipe the panes follow one another: side by side, their lines would mix.
  if (!renderContext().interactive) return box({ dir: "column" }, [first, second]);
  return box({ dir: row ? "row" : "column", grow: 1, min_height: 0 }, [
    box(
      {
        [row ? "width" : "height"]: size,
        shrink: 0,
        min_width: row ? min : undefined,
        overflow: "hidden",
      },
      [first],
    ),
    box({
      id: o.id,
      interactive: "focusable",
      role: "separator",
      label: "Resize panes",
      value_now: size,
      orientation: row ? "vertical" : "horizontal",
      dir: row ? "row" : "column",
      text_alt: "│",
      onKey,
    }, [separator()]),
    box({ grow: 1, basis: 0, min_width: 0, min_height: 0, overflow: "hidden" }, [second]),
  ]);
}
