/**
 * Widgets built on the SDK's primitives: buttons, fields, check boxes, radio
 * groups, switches, selects, lists, data tables, tabs, trees, dialogs, toasts,
 * spinners, progress bars, key hints, split panes and status bars. Each works
 * with the keyboard and the mouse in every viewer, takes its colours from the
 * standard theme slots, and reads well as text. `mount` re-renders a view of
 * the app's state after every input.
 *
 * @example
 * ```ts
 * import { connect } from "../sdk/connect.ts";
 * import { column } from "../sdk/components.ts";
 * import { button, checkbox, mount } from "./mod.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * let subscribed = false;
 * mount(conn, () =>
 *   column({ gap: 1 }, [
 *     checkbox("Subscribe", { checked: subscribed, onChange: (v) => subscribed = v }),
 *     button("Save", { variant: "primary" }),
 *   ]));
 * if (conn.projection() !== "[ ] Subscribe\n[Save]") throw new Error(conn.projection());
 * await conn.close();
 * ```
 *
 * @module
 */
export * from "./bars.ts";
export * from "./button.ts";
export * from "./checkbox.ts";
export * from "./context.ts";
export * from "./data_table.ts";
export * from "./dialog.ts";
export * from "./list.ts";
export * from "./mount.ts";
export * from "./radio_group.ts";
export * from "./select.ts";
export * from "./spinner.ts";
export * from "./split_pane.ts";
export * from "./tabs.ts";
export * from "./text_field.ts";
export * from "./theme.ts";
export * from "./toast.ts";
export * from "./tree_view.ts";
