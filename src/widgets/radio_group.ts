/**
 * Radio groups: one choice among a few, shown all at once. The group is one
 * stop in the tab order; arrow keys move the choice, a click picks one.
 *
 * @module
 */
import type { KeyEvent } from "../sdk/input_events.ts";
import { box, column, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { colors } from "./theme.ts";

/** One choice of a {@linkcode radioGroup}. */
export interface RadioOption<V> {
  value: V;
  label: string;
}

/** Options of {@linkcode radioGroup}. */
export interface RadioGroupOptions<V> {
  /** The node id of the focusable group. */
  id?: number;
  /** Shown above the group; also its accessible name. */
  label?: string;
  options: readonly RadioOption<V>[];
  /** The chosen value (none chosen when it matches no option). */
  value: V | undefined;
  /** Called with the newly chosen value. */
  onChange?: (value: V) => void;
  /** Lay the choices out in a row instead of a column. */
  horizontal?: boolean;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
}

const PREV = new Set(["up", "left", "k", "h"]);
const NEXT = new Set(["down", "right", "j", "l"]);

/**
 * A radio group in a frame. Its text projection is the label, then one line
 * per choice: `(•) Medium` for the chosen one, `( ) Small` for the others.
 *
 * @example
 * ```ts
 * import { radioGroup } from "./radio_group.ts";
 * import assert from "node:assert/strict";
 * const g = radioGroup({ label: "Size", value: "m", options: [
 *   { value: "s", label: "Small" }, { value: "m", label: "Medium" }] });
 * assert.equal(g.props.text_alt, "Size:\n( ) Small\n(•) Medium");
 * ```
 */
export function radioGroup<V>(o: RadioGroupOptions<V>): VNode {
  const at = o.options.findIndex((x) => x.value === o.value);
  const pick = (i: number) => {
    const opt = o.options[i];
    if (opt && i !== at) o.onChange?.(opt.value);
  };
  // A key the group does not use bubbles (returns false).
  const onKey = (e: KeyEvent): boolean => {
    const n = o.options.length;
    if (n === 0) return false;
    if (PREV.has(e.key ?? "")) pick(at <= 0 ? n - 1 : at - 1);
    else if (NEXT.has(e.key ?? "")) pick(at < 0 || at >= n - 1 ? 0 : at + 1);
    else if (e.key === "home") pick(0);
    else if (e.key === "end") pick(n - 1);
    else return false;
    return true;
  };
  const lines = o.options.map((x, i) => `${i === at ? "(•)" : "( )"} ${x.label}`);
  const alt = o.label ? `${o.label}:\n${lines.join("\n")}` : lines.join("\n");
  return column({ text_alt: alt, align_self: "start" }, [
    o.label ? text(o.label, { bold: true }) : null,
    box(
      {
        id: o.id,
        interactive: "focusable",
        role: "radiogroup",
        label: o.label,
        border: "rounded",
        padding: [0, 1],
        dir: o.horizontal ? "row" : "column",
        column_gap: 2,
        tab_index: o.tabIndex,
        onKey,
      },
      o.options.map((x, i) =>
        box({
          interactive: "clickable",
          focusable: false,
          role: "radio",
          checked: i === at,
          label: x.label,
          dir: "row",
          onClick: () => pick(i),
        }, [
          text({
            spans: [
              {
                text: i === at ? "(•)" : "( )",
                color: i === at ? colors.accent : colors.dim,
                decor: true, // a browser draws a radio button here
              },
              { text: ` ${x.label}` },
            ],
            wrap: false,
          }),
        ])
      ),
    ),
  ]);
}
