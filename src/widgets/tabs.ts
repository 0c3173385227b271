/**
 * Tabs: a row of tab labels and the selected tab's panel. The tab row is one
 * stop in the tab order; left and right switch tabs, a click picks one.
 *
 * @module
 */
import type { KeyEvent } from "../sdk/input_events.ts";
import { box, type Child, column, row, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { colors } from "./theme.ts";

/** Options of {@linkcode tabs}. */
export interface TabsOptions {
  /** The node id of the focusable tab row. */
  id?: number;
  /** The tabs' labels. */
  labels: readonly string[];
  /** Index of the selected tab. */
  selected: number;
  /** Called with the index of the tab the user picked. */
  onChange?: (index: number) => void;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
}

/**
 * A tab row above `panel` (the selected tab's content, which the app picks by
 * `selected`). The selected label is bold, underlined and in the accent
 * colour; its text projection is in brackets: `[General]\tAdvanced`.
 *
 * @example
 * ```ts
 * import { tabs } from "./tabs.ts";
 * import { text } from "../sdk/components.ts";
 * import assert from "node:assert/strict";
 * const t = tabs({ labels: ["General", "Advanced"], selected: 0 }, text("panel"));
 * const bar = t.children![0];
 * assert.equal(bar.props.role, "tablist");
 * assert.equal(bar.children![0].props.text_alt, "[General]");
 * ```
 */
export function tabs(o: TabsOptions, panel: Child): VNode {
  const n = o.labels.length;
  const sel = Math.max(0, Math.min(n - 1, o.selected));
  const pick = (i: number) => {
    if (i !== sel && i >= 0 && i < n) o.onChange?.(i);
  };
  // A key the tab row does not use bubbles (returns false).
  const onKey = (e: KeyEvent): boolean => {
    switch (e.key) {
      case "left":
        pick(sel > 0 ? sel - 1 : n - 1);
        return true;
      case "right":
        pick(sel < n - 1 ? sel + 1 : 0);
        return true;
      case "home":
        pick(0);
        return true;
      case "end":
        pick(n - 1);
        return true;
    }
    return false;
  };
  return column({ grow: 1, min_height: 0 }, [
    row(
      {
        id: o.id,
        interactive: "focusable",
        role: "tablist",
        gap: 1,
        align_self: "start",
        tab_index: o.tabIndex,
        onKey,
      },
      o.labels.map((label, i) =>
        box({
          interactive: "clickable",
          focusable: false,
          role: "tab",
          selected: i === sel,
          label,
          text_alt: i === sel ? `[${label}]` : label,
          padding: [0, 1],
          onClick: () => pick(i),
        }, [
          text(label, {
            wrap: false,
            bold: i === sel || undefined,
            underline: i === sel || undefined,
            color: i === sel ? colors.accent : colors.dim,
          }),
        ])
      ),
    ),
    box({ role: "tabpanel", label: o.labels[sel], grow: 1, min_height: 0, padding: [1, 0, 0, 0] }, [
      panel,
    ]),
  ]);
}
