/**
 * Toasts: short notices stacked in the bottom-right corner that go away by
 * themselves (or when clicked). Screen readers hear them through the
 * `status` (or, for errors, `alert`) role.
 *
 * @module
 */
import { box, column, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { colors } from "./theme.ts";

/** What a toast says about itself. */
export type ToastKind = "info" | "success" | "error";

/** One toast on screen. */
export interface ToastItem {
  message: string;
  kind?: ToastKind;
  /** Called when the toast is clicked. */
  onDismiss?: () => void;
}

const MARK: Record<ToastKind, string> = { info: "i", success: "✓", error: "!" };
const COLOR = { info: colors.accent, success: colors.accent, error: colors.error } as const;

/**
 * The toast stack: absolutely placed in its parent's bottom-right corner, so
 * put it last among the root's children ({@linkcode mount} does). Each toast's
 * text projection is its mark and message (`✓ Saved`).
 *
 * @example
 * ```ts
 * import { toasts } from "./toast.ts";
 * const t = toasts([{ message: "Saved", kind: "success" }]);
 * if (t.children![0].props.text_alt !== "✓ Saved") throw new Error();
 * ```
 */
export function toasts(items: readonly ToastItem[]): VNode {
  return column({
    position: "absolute",
    bottom: 1,
    right: 2,
    gap: 0,
    align: "end",
  }, items.map((t) => toast(t)));
}

function toast(t: ToastItem): VNode {
  const kind = t.kind ?? "info";
  const dismiss = t.onDismiss;
  return box({
    role: kind === "error" ? "alert" : "status",
    text_alt: `${MARK[kind]} ${t.message}`,
    interactive: dismiss ? "clickable" : undefined,
    focusable: dismiss ? false : undefined,
    border: "rounded",
    border_color: COLOR[kind],
    background: colors.background,
    color: colors.foreground,
    padding: [0, 1],
    dir: "row",
    gap: 1,
    max_width: 60,
    onClick: dismiss ? () => dismiss() : undefined,
  }, [
    text(MARK[kind], { color: COLOR[kind], bold: true, wrap: false }),
    text(t.message, { live: "polite" }),
  ]);
}
