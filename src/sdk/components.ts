/**
 * The standard components: functions that build {@linkcode VNode}s with ids.
 * Props sit flat, as on the wire; `on*` functions become handlers; `id` is taken
 * when given, else made.
 *
 * @module
 */
import { SlotRef } from "../protocol/slot_ref.ts";
import { type ComponentProps, type Handler, makeNode, type VNode } from "./vnode.ts";

/** Text props: `content` or `spans`. */
export type TextProps = ComponentProps;

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
 * const b = box({ dir: "row", gap: 1 }, [text("a"), text("b")]);
 * console.assert(b.type === "box" && b.children?.length === 2);
 * ```
 */
export function box(props: ComponentProps = {}, children?: readonly Child[]): VNode {
  return makeNode("box", props, kids(children));
}

/**
 * A box laying out its children in a row (text projection joins them with tabs).
 *
 * @example
 * ```ts
 * import { row, text } from "./components.ts";
 * console.assert(row({}, [text("a")]).props.dir === "row");
 * ```
 */
export function row(props: ComponentProps = {}, children?: readonly Child[]): VNode {
  return makeNode("box", { ...props, dir: "row" }, kids(children));
}

/**
 * A box laying out its children in a column (joined with newlines).
 *
 * @example
 * ```ts
 * import { column } from "./components.ts";
 * console.assert(column().props.dir === "column");
 * ```
 */
export function column(props: ComponentProps = {}, children?: readonly Child[]): VNode {
  return makeNode("box", { ...props, dir: "column" }, kids(children));
}

/**
 * A text node, from a string or props.
 *
 * @example
 * ```ts
 * import { text } from "./components.ts";
 * console.assert(text("hi").props.content === "hi");
 * console.assert(text({ content: "hi", id: 7 }).id === 7);
 * ```
 */
export function text(content: string | TextProps, props: ComponentProps = {}): VNode {
  return makeNode("text", typeof content === "string" ? { ...props, content } : content);
}

/**
 * A heading: text in the heading size (standard slot 82), bold.
 *
 * @example
 * ```ts
 * import { heading } from "./components.ts";
 * const h = heading("Dashboard");
 * console.assert(h.props.content === "Dashboard" && h.props.role === "heading");
 * ```
 */
export function heading(content: string, props: ComponentProps = {}): VNode {
  return makeNode("text", {
    role: "heading",
    style: { text_size: new SlotRef(82), bold: true },
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
 * const s = scroll({ schema: 1 }, [["a", 1], ["b", 2]]);
 * if ((s.props.schema as { slot: number }).slot !== 1 || s.rows?.length !== 2) throw new Error();
 * const t = scroll({}, [text("log line")]);
 * console.assert(t.children?.length === 1);
 * ```
 */
export function scroll(
  props: ComponentProps = {},
  content?: readonly Child[] | readonly unknown[][],
): VNode & { rows?: unknown[][] } {
  const p = { ...props };
  if (typeof p.schema === "number") p.schema = new SlotRef(p.schema);
  const list = content ?? [];
  const rows = list.length > 0 && list.every((x) => Array.isArray(x))
    ? (list as unknown[][])
    : undefined;
  const node: VNode & { rows?: unknown[][] } = makeNode(
    "scroll",
    p,
    rows ? [] : kids(list as readonly Child[]),
  );
  if (rows) node.rows = rows.slice();
  return node;
}

/**
 * A text input field; `onChange` receives `value_change` events.
 *
 * @example
 * ```ts
 * import { input } from "./components.ts";
 * const i = input({ placeholder: "Name", onChange: (e) => console.log(e.value) });
 * console.assert(i.type === "input" && i.props.value === "");
 * ```
 */
export function input(props: ComponentProps = {}): VNode {
  return makeNode("input", { value: "", ...props });
}

/**
 * An image (`alt` is what text and screen readers get).
 *
 * @example
 * ```ts
 * import { image } from "./components.ts";
 * console.assert(image({ alt: "logo" }).props.alt === "logo");
 * ```
 */
export function image(props: ComponentProps = {}): VNode {
  return makeNode("image", props);
}

/**
 * A drawing surface; draw with `conn.draw(node, commands)`.
 *
 * @example
 * ```ts
 * import { canvas } from "./components.ts";
 * const c = canvas({ mode: "vector2d", width: 400, height: 200, alt: "chart" });
 * console.assert(c.type === "canvas" && c.props.width === 400);
 * ```
 */
export function canvas(props: ComponentProps = {}): VNode {
  return makeNode("canvas", { mode: "vector2d", ...props });
}

/**
 * A divider line.
 *
 * @example
 * ```ts
 * import { separator } from "./components.ts";
 * console.assert(separator().type === "separator");
 * ```
 */
export function separator(props: ComponentProps = {}): VNode {
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
 * const b = clickable(text("OK"), () => {});
 * console.assert(b.type === "box" && b.props.interactive === "clickable" && b.children?.[0].type === "text");
 * ```
 */
export function clickable(node: VNode, onClick?: Handler): VNode {
  return behave(node, "clickable", onClick ? { onClick } : {});
}

/**
 * Makes a node focusable (in tab order) without being a button.
 *
 * @example
 * ```ts
 * import { box, focusable } from "./components.ts";
 * console.assert(focusable(box()).props.interactive === "focusable");
 * ```
 */
export function focusable(node: VNode, tabIndex?: number): VNode {
  const n = behave(node, "focusable", {});
  if (tabIndex !== undefined) n.props.tab_index = tabIndex;
  return n;
}

function behave(node: VNode, interactive: string, handlers: Record<string, unknown>): VNode {
  if (node.type === "box") {
    node.props = { ...node.props, interactive };
    if (Object.keys(handlers).length > 0) node.handlers = { ...node.handlers, ...handlers };
    return node;
  }
  return box({ interactive, ...handlers }, [node]);
}
