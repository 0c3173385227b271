/**
 * The standard components: functions that build {@linkcode VNode}s with ids.
 * Props sit flat, as on the wire, typed per node type (props.ts); `on*`
 * functions become handlers; `id` is taken when given, else made.
 *
 * @module
 */
import { SlotRef } from "../protocol/slot_ref.ts";
import type { ClickEvent } from "./input_events.ts";
import { type ComponentProps, makeNode, type VNode } from "./vnode.ts";

/** Children of a container: nodes; `false`, `null` and `undefined` are skipped. */
export type Child = VNode | false | null | undefined;

function kids(children: readonly Child[] | undefined): VNode[] {
  const out: VNode[] = [];
  if (children) { for (const c of children) if (c) out.push(c); }
  return out;
}

/**
 * A flex container.
 *
 * @example
 * ```ts
 * import { box, text } from "./components.ts";
 * import assert from "node:assert/strict";
 * const b = box({ dir: "row", gap: 1 }, [text("a"), text("b")]);
 * assert.equal(b.type, "box");
 * assert.equal(b.children?.length, 2);
 * ```
 */
export function box(props: ComponentProps<"box"> = {}, children?: readonly Child[]): VNode<"box"> {
  return makeNode("box", props, kids(children));
}

/**
 * A box laying out its children in a row (text projection joins them with tabs).
 *
 * @example
 * ```ts
 * import { row, text } from "./components.ts";
 * import assert from "node:assert/strict";
 * assert.equal(row({}, [text("a")]).props.dir, "row");
 * ```
 */
export function row(props: ComponentProps<"box"> = {}, children?: readonly Child[]): VNode<"box"> {
  return makeNode("box", { ...props, dir: "row" }, kids(children));
}

/**
 * A box laying out its children in a column (joined with newlines).
 *
 * @example
 * ```ts
 * import { column } from "./components.ts";
 * import assert from "node:assert/strict";
 * assert.equal(column().props.dir, "column");
 * ```
 */
export function column(
  props: ComponentProps<"box"> = {},
  children?: readonly Child[],
): VNode<"box"> {
  return makeNode("box", { ...props, dir: "column" }, kids(children));
}

/**
 * A text node, from a string or props.
 *
 * @example
 * ```ts
 * import { text } from "./components.ts";
 * import assert from "node:assert/strict";
 * assert.equal(text("hi").props.content, "hi");
 * assert.equal(text({ content: "hi", id: 7 }).id, 7);
 * ```
 */
export function text(
  content: string | ComponentProps<"text">,
  props: ComponentProps<"text"> = {},
): VNode<"text"> {
  return makeNode("text", typeof content === "string" ? { ...props, content } : content);
}

/**
 * A heading: text in the heading size (standard slot 82), bold.
 *
 * @example
 * ```ts
 * import { heading } from "./components.ts";
 * import assert from "node:assert/strict";
 * const h = heading("Dashboard");
 * assert.equal(h.props.content, "Dashboard");
 * assert.equal(h.props.role, "heading");
 * ```
 */
export function heading(content: string, props: ComponentProps<"text"> = {}): VNode<"text"> {
  return makeNode("text", {
    role: "heading",
    style: { size: new SlotRef(82), bold: true },
    ...props,
    content,
  });
}

/**
 * A scrolling container. `schema` (a slot number or `@slot`) binds it to a data
 * table. The second argument is child nodes, or data rows for that schema (sent
 * as DATA when the tree is set).
 *
 * @example
 * ```ts
 * import { scroll, text } from "./components.ts";
 * import assert from "node:assert/strict";
 * const s = scroll({ schema: 1 }, [["a", 1], ["b", 2]]);
 * assert.equal((s.props.schema as { slot: number }).slot, 1);
 * assert.equal(s.rows?.length, 2);
 * const t = scroll({}, [text("log line")]);
 * assert.equal(t.children?.length, 1);
 * ```
 */
export function scroll(
  props: ComponentProps<"scroll"> = {},
  content?: readonly Child[] | readonly (readonly unknown[])[],
): VNode<"scroll"> & { rows?: unknown[][] } {
  const p = { ...props };
  if (typeof p.schema === "number") p.schema = new SlotRef(p.schema);
  const list = content ?? [];
  const rows = list.length > 0 && list.every((x) => Array.isArray(x))
    ? (list as unknown[][])
    : undefined;
  const node: VNode<"scroll"> & { rows?: unknown[][] } = makeNode(
    "scroll",
    p,
    rows ? [] : kids(list as readonly Child[]),
  );
  if (rows) node.rows = rows.slice();
  return node;
}

/**
 * A text input field; `onChange` receives `value_change` events. With `value`
 * it is controlled: `render()` sends the value whenever the viewer shows
 * something else (keep it in step with `onChange`). Without, the viewer keeps
 * what the user types (`conn.set(field, {value})` still changes it).
 *
 * @example
 * ```ts
 * import { input } from "./components.ts";
 * import assert from "node:assert/strict";
 * let name = "";
 * const i = input({ value: name, placeholder: "Name", onChange: (e) => name = e.value });
 * assert.equal(i.type, "input");
 * assert.equal(i.props.value, "");
 * assert.ok(!("value" in input({ placeholder: "Search" }).props));
 * ```
 */
export function input(props: ComponentProps<"input"> = {}): VNode<"input"> {
  return makeNode("input", props);
}

/**
 * An image (`alt` is what text and screen readers get).
 *
 * @example
 * ```ts
 * import { image } from "./components.ts";
 * import assert from "node:assert/strict";
 * assert.equal(image({ alt: "logo" }).props.alt, "logo");
 * ```
 */
export function image(props: ComponentProps<"image"> = {}): VNode<"image"> {
  return makeNode("image", props);
}

/**
 * A drawing surface; draw with `conn.draw(node, commands)`.
 *
 * @example
 * ```ts
 * import { canvas } from "./components.ts";
 * import assert from "node:assert/strict";
 * const c = canvas({ mode: "vector2d", width: 400, height: 200, alt: "chart" });
 * assert.equal(c.type, "canvas");
 * assert.equal(c.props.width, 400);
 * ```
 */
export function canvas(props: ComponentProps<"canvas"> = {}): VNode<"canvas"> {
  return makeNode("canvas", { mode: "vector2d", ...props });
}

/**
 * A divider line.
 *
 * @example
 * ```ts
 * import { separator } from "./components.ts";
 * import assert from "node:assert/strict";
 * assert.equal(separator().type, "separator");
 * ```
 */
export function separator(props: ComponentProps<"separator"> = {}): VNode<"separator"> {
  return makeNode("separator", props);
}

/**
 * Makes a node clickable (a button): the viewer shows a focus ring, activates it
 * with the keyboard and reports clicks. A non-box node is wrapped in a box, which
 * then carries the behaviour and the handler.
 *
 * @example
 * ```ts
 * import { clickable, text } from "./components.ts";
 * import assert from "node:assert/strict";
 * const b = clickable(text("OK"), () => {});
 * assert.equal(b.type, "box");
 * assert.equal(b.props.interactive, "clickable");
 * assert.equal(b.children?.[0].type, "text");
 * ```
 */
export function clickable(node: VNode, onClick?: (event: ClickEvent) => void): VNode<"box"> {
  return behave(node, "clickable", onClick ? { onClick } : {});
}

/**
 * Makes a node focusable (in tab order) without being a button.
 *
 * @example
 * ```ts
 * import { box, focusable } from "./components.ts";
 * import assert from "node:assert/strict";
 * assert.equal(focusable(box()).props.interactive, "focusable");
 * ```
 */
export function focusable(node: VNode, tabIndex?: number): VNode<"box"> {
  const n = behave(node, "focusable", {});
  if (tabIndex !== undefined) n.props.tab_index = tabIndex;
  return n;
}

function behave(
  node: VNode,
  interactive: "clickable" | "focusable",
  handlers: { onClick?: (event: ClickEvent) => void },
): VNode<"box"> {
  if (node.type === "box") {
    node.props = { ...node.props, interactive };
    if (Object.keys(handlers).length > 0) node.handlers = { ...node.handlers, ...handlers };
    return node as VNode<"box">;
  }
  return box({ interactive, ...handlers }, [node]);
}
