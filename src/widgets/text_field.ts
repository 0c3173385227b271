/**
 * Text fields: a labelled `input` with a validation message, and the
 * multi-line text area. The viewer edits locally (spec 6.3); the app gets
 * every change and sets `value` (a controlled field).
 *
 * @module
 */
import { column, input, text } from "../sdk/components.ts";
import type { ValueChangeEvent } from "../sdk/input_events.ts";
import type { VNode } from "../sdk/vnode.ts";
import { colors } from "./theme.ts";

/** Options shared by {@linkcode textField} and {@linkcode textArea}. */
export interface FieldOptions {
  /** The input node's id. */
  id?: number;
  /** Shown above the field; also its accessible name. */
  label?: string;
  /** The field's value (set it from `onChange` to keep the field controlled). */
  value: string;
  /** Shown dimmed while the field is empty. */
  placeholder?: string;
  /** A validation message, shown below the field in the error colour. */
  error?: string;
  /** Help text below the field (when there is no error). */
  hint?: string;
  /** Shown dimmed; cannot be edited or focused. */
  disabled?: boolean;
  /** Width in cells (default: as wide as its container allows). */
  width?: number;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
  /** Take focus when it appears. */
  autofocus?: boolean;
  /** Every edit, with the whole new value. */
  onChange?: (value: string) => void;
}

/** Options of {@linkcode textField}. */
export interface TextFieldOptions extends FieldOptions {
  /** Mask the value (`•`) on screen and in the text projection. */
  password?: boolean;
  /** Enter pressed in the field, with its current value. */
  onSubmit?: (value: string) => void;
}

/** Options of {@linkcode textArea}. */
export interface TextAreaOptions extends FieldOptions {
  /** Visible lines (default 4); longer text scrolls. */
  rows?: number;
}

function field(o: FieldOptions, editor: VNode, projection: string): VNode {
  const message = o.error ?? o.hint;
  let alt = projection;
  if (o.error) alt += `\n! ${o.error}`;
  return column({ text_alt: alt, width: o.width, align_self: o.width ? "start" : undefined }, [
    o.label ? text(o.label, { bold: true, color: o.disabled ? colors.dim : undefined }) : null,
    editor,
    message
      ? text(o.error ? `! ${o.error}` : message, {
        color: o.error ? colors.error : colors.dim,
        role: o.error ? "alert" : undefined,
      })
      : null,
  ]);
}

function onChange(o: FieldOptions): ((e: ValueChangeEvent) => void) | undefined {
  const change = o.onChange;
  return change ? (e) => change(e.value) : undefined;
}

/**
 * A labelled one-line text field. Its text projection is `Label: value`, and
 * `! message` on the next line when there is an error.
 *
 * @example
 * ```ts
 * import { textField } from "./text_field.ts";
 * const f = textField({ label: "Email", value: "ada", error: "needs an @" });
 * if (f.props.text_alt !== "Email: ada\n! needs an @") throw new Error(String(f.props.text_alt));
 * ```
 */
export function textField(o: TextFieldOptions): VNode {
  const submit = o.onSubmit;
  const editor = input({
    id: o.id,
    value: o.value,
    placeholder: o.placeholder,
    label: o.label,
    password: o.password || undefined,
    disabled: o.disabled || undefined,
    invalid: o.error ? true : undefined,
    tab_index: o.tabIndex,
    autofocus: o.autofocus || undefined,
    onChange: onChange(o),
    onKey: submit
      ? (e) => {
        // The key carries the field's text as the user saw it (the input value
        // contract), even when the app has not stored the last change yet.
        if (e.key === "enter") submit(e.value ?? o.value);
      }
      : undefined,
  });
  const shown = o.password ? "•".repeat([...o.value].length) : o.value;
  return field(o, editor, o.label ? `${o.label}: ${shown}` : shown);
}

/**
 * A multi-line text area (an `input` with `multiline: true`): Enter starts a
 * new line. Its text projection is the label on its own line, then the text.
 *
 * @example
 * ```ts
 * import { textArea } from "./text_field.ts";
 * const a = textArea({ label: "Notes", value: "one\ntwo", rows: 3 });
 * if (a.props.text_alt !== "Notes:\none\ntwo") throw new Error(String(a.props.text_alt));
 * ```
 */
export function textArea(o: TextAreaOptions): VNode {
  const rows = Math.max(1, Math.floor(o.rows ?? 4));
  const editor = input({
    id: o.id,
    value: o.value,
    placeholder: o.placeholder,
    label: o.label,
    multiline: true,
    rows,
    height: rows,
    disabled: o.disabled || undefined,
    invalid: o.error ? true : undefined,
    tab_index: o.tabIndex,
    autofocus: o.autofocus || undefined,
    onChange: onChange(o),
  });
  return field(o, editor, o.label ? `${o.label}:\n${o.value}` : o.value);
}
