/**
 * Buttons: sized to their label (never stretched across a row), in four
 * variants, activated by a click, Enter or Space.
 *
 * @module
 */
import { box, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { colors } from "./theme.ts";

/** How a button looks: its border and label colours. */
export type ButtonVariant = "default" | "primary" | "danger" | "plain";

/** Options of {@linkcode button}. */
export interface ButtonOptions {
  /** The button's node id (give one when a test or the app targets it). */
  id?: number;
  /** `default` (border colour), `primary` (accent), `danger` (error), `plain` (no frame). */
  variant?: ButtonVariant;
  /** Shown dimmed; neither focusable nor clickable. */
  disabled?: boolean;
  /** Called on a click, or Enter or Space while focused. */
  onPress?: () => void;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
  /** Take focus when it appears (a dialog's default button). */
  autofocus?: boolean;
}

const VARIANT_COLOR = {
  default: undefined,
  primary: colors.accent,
  danger: colors.error,
  plain: colors.accent,
} as const;

/**
 * A button. Its text projection is the label in brackets (`[Save]`), with
 * `(disabled)` after a disabled one.
 *
 * @example
 * ```ts
 * import { button } from "./button.ts";
 * const b = button("Save", { variant: "primary", onPress: () => {} });
 * if (b.props.interactive !== "clickable" || b.props.text_alt !== "[Save]") throw new Error();
 * if (b.props.align_self !== "start") throw new Error("sized to its label");
 * ```
 */
export function button(label: string, options: ButtonOptions = {}): VNode {
  const variant = options.variant ?? "default";
  const disabled = options.disabled === true;
  const color = disabled ? colors.dim : VARIANT_COLOR[variant];
  const onPress = options.onPress;
  return box({
    id: options.id,
    interactive: disabled ? undefined : "clickable",
    role: "button",
    label,
    disabled: disabled || undefined,
    text_alt: disabled ? `[${label}] (disabled)` : `[${label}]`,
    border: variant === "plain" ? undefined : "rounded",
    border_color: variant === "default" && !disabled ? undefined : color,
    padding: [0, 1],
    align_self: "start",
    tab_index: options.tabIndex,
    autofocus: options.autofocus || undefined,
    onClick: onPress && !disabled ? () => onPress() : undefined,
  }, [
    text(label, {
      color,
      bold: variant === "primary" || variant === "danger" ? true : undefined,
      underline: variant === "plain" ? true : undefined,
      wrap: false,
    }),
  ]);
}
