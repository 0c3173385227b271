/**
 * Check boxes and switches: clickable rows that flip a boolean on a click,
 * Enter or Space.
 *
 * @module
 */
import { box, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { colors } from "./theme.ts";

/** Options of {@linkcode checkbox} and {@linkcode toggleSwitch}. */
export interface ToggleOptions {
  /** The node id of the clickable row. */
  id?: number;
  /** Shown dimmed; neither focusable nor clickable. */
  disabled?: boolean;
  /** Called with the new state when the user flips it. */
  onChange?: (on: boolean) => void;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
}

/** Options of {@linkcode checkbox}. */
export interface CheckboxOptions extends ToggleOptions {
  checked: boolean;
}

/** Options of {@linkcode toggleSwitch}. */
export interface SwitchOptions extends ToggleOptions {
  on: boolean;
}

function toggle(
  role: "checkbox" | "switch",
  on: boolean,
  mark: string,
  label: string,
  alt: string,
  o: ToggleOptions,
): VNode {
  const onChange = o.onChange;
  const live = !o.disabled;
  return box({
    id: o.id,
    interactive: live ? "clickable" : undefined,
    role,
    checked: on,
    label,
    disabled: o.disabled || undefined,
    text_alt: alt,
    dir: "row",
    align_self: "start",
    tab_index: o.tabIndex,
    onClick: onChange && live ? () => onChange(!on) : undefined,
  }, [
    text({
      spans: [
        {
          text: mark,
          color: o.disabled ? colors.dim : on ? colors.accent : colors.dim,
          bold: on,
          mono: true,
          // A browser draws a check box or a switch here instead (from role and checked).
          decor: true,
        },
        { text: ` ${label}`, ...(o.disabled ? { color: colors.dim } : {}) },
      ],
      wrap: false,
    }),
  ]);
}

/**
 * A check box: `[x] Label` or `[ ] Label`, on screen and in the text
 * projection.
 *
 * @example
 * ```ts
 * import { checkbox } from "./checkbox.ts";
 * import assert from "node:assert/strict";
 * const c = checkbox("Subscribe", { checked: true, onChange: () => {} });
 * assert.equal(c.props.text_alt, "[x] Subscribe");
 * assert.equal(c.props.role, "checkbox");
 * ```
 */
export function checkbox(label: string, o: CheckboxOptions): VNode {
  const mark = o.checked ? "[x]" : "[ ]";
  const alt = o.disabled ? `${mark} ${label} (disabled)` : `${mark} ${label}`;
  return toggle("checkbox", o.checked, mark, label, alt, o);
}

/**
 * An on/off switch: a knob on a track (`━━●` on, `○━━` off) before the label.
 * Its text projection is `Label: on` or `Label: off`.
 *
 * @example
 * ```ts
 * import { toggleSwitch } from "./checkbox.ts";
 * import assert from "node:assert/strict";
 * const s = toggleSwitch("Wi-Fi", { on: false });
 * assert.equal(s.props.text_alt, "Wi-Fi: off");
 * assert.equal(s.props.role, "switch");
 * ```
 */
export function toggleSwitch(label: string, o: SwitchOptions): VNode {
  const alt = `${label}: ${o.on ? "on" : "off"}${o.disabled ? " (disabled)" : ""}`;
  return toggle("switch", o.on, o.on ? "━━●" : "○━━", label, alt, o);
}
