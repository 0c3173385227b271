/**
 * `mount`: the view of an app as a function of its state, re-rendered after
 * every input event (the handlers have changed the state by then), when asked,
 * and while something animates. It also holds the app's dialogs and toasts and
 * draws them over the view.
 *
 * @module
 */
import { column } from "../sdk/components.ts";
import type { Connection } from "../sdk/connection.ts";
import { autoId, type VNode } from "../sdk/vnode.ts";
import { rekey } from "./_rekey.ts";
import { type RenderContext, withContext } from "./context.ts";
import { dialog, type DialogOptions } from "./dialog.ts";
import { textField } from "./text_field.ts";
import { type ToastItem, type ToastKind, toasts } from "./toast.ts";

/** Options of {@linkcode mount}. */
export interface MountOptions {
  /** Clock in ms for animations and toast timeouts (default `Date.now`). */
  now?: () => number;
}

/** Options of {@linkcode Mounted.confirm}. */
export interface ConfirmOptions {
  title: string;
  message?: string;
  /** Label of the button that confirms (default "OK"). */
  ok?: string;
  /** Label of the button that cancels (default "Cancel"). */
  cancel?: string;
  /** The confirming button is a danger button, and Cancel has focus first. */
  danger?: boolean;
}

/** Options of {@linkcode Mounted.prompt}. */
export interface PromptOptions {
  title: string;
  message?: string;
  /** The field's label. */
  label?: string;
  /** The field's starting value. */
  value?: string;
  placeholder?: string;
  /** A message to show while the value is not acceptable, or nothing. */
  validate?: (value: string) => string | undefined;
  ok?: string;
  cancel?: string;
}

/** Options of {@linkcode Mounted.toast}. */
export interface ToastOptions {
  kind?: ToastKind;
  /** Gone after this many ms (default 4000; 0 keeps it until clicked). */
  timeoutMs?: number;
}

/** A view mounted on a connection. */
export interface Mounted {
  readonly conn: Connection;
  /** Renders again on the next microtask (after a change the UI did not cause). */
  refresh(): void;
  /** Renders now. */
  render(): void;
  /** Shows a dialog; returns a function that closes it. */
  dialog(options: DialogOptions): () => void;
  /** Asks a yes/no question in a dialog: true for OK, false for Cancel or Escape. */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** Asks for a line of text: the text, or null when cancelled. */
  prompt(options: PromptOptions): Promise<string | null>;
  /** Shows a toast in the bottom-right corner. */
  toast(message: string, options?: ToastOptions): void;
  /** Stops re-rendering (the connection stays open). */
  unmount(): void;
}

interface Toast extends ToastItem {
  until: number;
}

/**
 * Renders `view()` on `conn` now and again after every input event, on
 * `refresh()`, and while a spinner or indeterminate progress bar is shown.
 * Nodes without explicit ids keep their ids between renders by position (see
 * `_rekey.ts`), so widgets keep focus and only real changes are sent.
 *
 * @example
 * ```ts
 * import { connect } from "../sdk/connect.ts";
 * import { text } from "../sdk/components.ts";
 * import { mount } from "./mount.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * let n = 0;
 * const ui = mount(conn, () => text(`n = ${n}`));
 * n = 1;
 * ui.render();
 * if (conn.projection() !== "n = 1") throw new Error(conn.projection());
 * await conn.close();
 * ```
 */
export function mount(
  conn: Connection,
  view: () => VNode,
  options: MountOptions = {},
): Mounted {
  const now = options.now ?? Date.now;
  let prev: VNode | null = null;
  let scheduled = false;
  let stopped = false;
  let animation: ReturnType<typeof setTimeout> | undefined;
  let animationDue = Infinity;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  const dialogs: { options: DialogOptions }[] = [];
  let shown: Toast[] = [];

  const render = () => {
    scheduled = false;
    if (stopped || conn.closed) return;
    let wants = Infinity;
    const t = now();
    const ctx: RenderContext = {
      now: t,
      interactive: conn.interactive,
      remote: conn.outputMode.type === "viewer",
      animate: (ms) => wants = Math.min(wants, Math.max(16, ms)),
    };
    // Nodes made from here on belong to this render (see rekey).
    const fresh = autoId();
    const tree = withContext(ctx, () => {
      const main = view();
      const layers: VNode[] = dialogs.map((d) => dialog(d.options));
      if (shown.length > 0) layers.push(toasts(shown));
      if (layers.length === 0) return main;
      if (main.type === "box") return { ...main, children: [...(main.children ?? []), ...layers] };
      return column({ grow: 1 }, [main, ...layers]);
    });
    const next = rekey(prev, tree, fresh);
    conn.render(next);
    prev = next;
    if (wants < Infinity && conn.interactive) animateIn(wants);
  };

  const animateIn = (ms: number) => {
    const due = now() + ms;
    if (animation !== undefined && animationDue <= due) return;
    clearTimeout(animation);
    animationDue = due;
    animation = setTimeout(() => {
      animation = undefined;
      animationDue = Infinity;
      refresh();
    }, ms);
  };

  const refresh = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    queueMicrotask(() => {
      try {
        render();
      } catch (err) {
        console.error(err);
      }
    });
  };

  const expireToasts = () => {
    clearTimeout(toastTimer);
    toastTimer = undefined;
    const t = now();
    const before = shown.length;
    shown = shown.filter((x) => x.until > t);
    if (shown.length !== before) refresh();
    const next = Math.min(...shown.map((x) => x.until));
    if (next < Infinity && !stopped) {
      toastTimer = setTimeout(expireToasts, Math.max(10, next - t));
    }
  };

  const stop = () => {
    stopped = true;
    clearTimeout(animation);
    clearTimeout(toastTimer);
    offInput();
    offSlots();
    offClose();
  };
  const offInput = conn.on("input", () => refresh());
  // A view may show what the slots hold (the viewer's theme...): render again
  // when they change. Rendering defines none, so this cannot loop.
  const offSlots = conn.model.onChange((c) => {
    if (c.slots.size > 0) refresh();
  });
  const offClose = conn.on("close", stop);

  const ui: Mounted = {
    conn,
    refresh,
    render,
    dialog(o) {
      const entry = { options: o };
      dialogs.push(entry);
      refresh();
      return () => {
        const i = dialogs.indexOf(entry);
        if (i >= 0) dialogs.splice(i, 1);
        refresh();
      };
    },
    confirm(o) {
      return new Promise((resolve) => {
        const done = (answer: boolean) => {
          close();
          resolve(answer);
        };
        const close = ui.dialog({
          title: o.title,
          message: o.message,
          onClose: () => done(false),
          buttons: [
            { label: o.cancel ?? "Cancel", autofocus: o.danger, onPress: () => done(false) },
            {
              label: o.ok ?? "OK",
              variant: o.danger ? "danger" : "primary",
              autofocus: !o.danger,
              onPress: () => done(true),
            },
          ],
        });
      });
    },
    prompt(o) {
      return new Promise((resolve) => {
        let value = o.value ?? "";
        let problem: string | undefined;
        const entry: DialogOptions = { title: o.title };
        const done = (answer: string | null) => {
          close();
          resolve(answer);
        };
        const submit = (v: string) => {
          value = v;
          problem = o.validate?.(value);
          if (problem === undefined) done(value);
          else update();
        };
        const update = () => {
          entry.message = o.message;
          entry.onClose = () => done(null);
          entry.content = [
            textField({
              label: o.label,
              value,
              placeholder: o.placeholder,
              error: problem,
              autofocus: true,
              onChange: (v) => {
                value = v;
                if (problem !== undefined) problem = o.validate?.(value);
                update();
              },
              onSubmit: submit,
            }),
          ];
          entry.buttons = [
            { label: o.cancel ?? "Cancel", onPress: () => done(null) },
            { label: o.ok ?? "OK", variant: "primary", onPress: () => submit(value) },
          ];
          refresh();
        };
        update();
        const close = ui.dialog(entry);
      });
    },
    toast(message, o = {}) {
      const timeout = o.timeoutMs ?? 4000;
      const item: Toast = {
        message,
        kind: o.kind,
        until: timeout > 0 ? now() + timeout : Infinity,
        onDismiss: () => {
          shown = shown.filter((x) => x !== item);
          refresh();
        },
      };
      shown = [...shown, item];
      refresh();
      if (conn.interactive) expireToasts();
    },
    unmount: stop,
  };
  render();
  return ui;
}
