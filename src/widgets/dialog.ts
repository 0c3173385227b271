/**
 * Dialogs: a modal panel over the app (focus and clicks stay inside it until
 * it closes), with a title, a message or any content, and buttons. Escape
 * closes it. `confirm` and `prompt` on a {@linkcode Mounted} UI build on it.
 *
 * @module
 */
import { box, type Child, column, row, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { button, type ButtonVariant } from "./button.ts";
import { colors } from "./theme.ts";

/** A dialog button. */
export interface DialogButton {
  label: string;
  variant?: ButtonVariant;
  /** Focused when the dialog opens (default: the first button). */
  autofocus?: boolean;
  onPress: () => void;
}

/** Options of {@linkcode dialog}. */
export interface DialogOptions {
  /** The panel's node id. */
  id?: number;
  title: string;
  /** A line or paragraph under the title. */
  message?: string;
  /** Anything else, under the message (a text field for a prompt...). */
  content?: readonly Child[];
  /** Bottom row, right-aligned. */
  buttons?: readonly DialogButton[];
  /** Escape pressed inside the dialog. */
  onClose?: () => void;
  /** Panel width in cells (default 48). */
  width?: number;
}

/**
 * A modal dialog: an overlay as large as its parent, the panel centred in it.
 * Put it last among the root's children so that it is drawn on top
 * ({@linkcode mount} does this for its own dialogs). Its text projection is
 * the title, the message, the content and the buttons (`[Cancel]\t[Delete]`).
 *
 * @example
 * ```ts
 * import { dialog } from "./dialog.ts";
 * import assert from "node:assert/strict";
 * const d = dialog({ title: "Delete?", buttons: [{ label: "Delete", onPress: () => {} }] });
 * const panel = d.children![0];
 * assert.equal(panel.props.modal, true);
 * assert.equal(panel.props.role, "dialog");
 * ```
 */
export function dialog(o: DialogOptions): VNode {
  const buttons = o.buttons ?? [];
  const focusFirst = !buttons.some((b) => b.autofocus) && !o.content?.length;
  const close = o.onClose;
  return box({
    position: "absolute",
    top: 0,
    left: 0,
    width: "100%",
    height: "100%",
    align: "center",
    justify: "center",
  }, [
    column({
      id: o.id,
      modal: true,
      role: "dialog",
      label: o.title,
      border: "rounded",
      border_color: colors.accent,
      background: colors.background,
      color: colors.foreground,
      padding: [0, 1],
      gap: 1,
      width: o.width ?? 48,
      max_width: "100%",
      onKey: close
        ? (e) => {
          if (e.key !== "escape") return false;
          close();
          return true;
        }
        : undefined,
    }, [
      text(o.title, { bold: true, color: colors.accent }),
      o.message !== undefined ? text(o.message) : null,
      ...(o.content ?? []),
      buttons.length > 0
        ? row(
          { gap: 1, justify: "end" },
          buttons.map((b, i) =>
            button(b.label, {
              variant: b.variant,
              autofocus: b.autofocus || (focusFirst && i === 0),
              onPress: b.onPress,
            })
          ),
        )
        : null,
    ]),
  ]);
}
