/**
 * JSX for Viewport apps (the automatic runtime, exported as `./jsx-runtime`
 * and `./jsx-dev-runtime`). Put `/** @jsxImportSource @viewport/viewport *\/`
 * at the top of a `.tsx` file (or set `jsxImportSource` in deno.json), then
 * write the components as elements: `<column gap={1}><text>hi</text></column>`.
 * Elements are the SDK's components with the same typed props; a function
 * component is a function from props to a VNode. What they build is what the
 * components build, so `conn.render()` diffs it as usual: give nodes that
 * persist an `id` (inputs above all), or a numeric `key`, which is used as
 * the id.
 *
 * @example
 * ```ts
 * import { jsx } from "./jsx_runtime.ts";
 * import assert from "node:assert/strict";
 * // What `<column gap={1}><text id={2}>hi</text></column>` compiles to:
 * const v = jsx("column", { gap: 1, children: jsx("text", { id: 2, children: "hi" }) });
 * assert.equal(v.props.dir, "column");
 * assert.equal(v.children?.[0].props.content, "hi");
 * ```
 *
 * @module
 */
import type { NodeType } from "../protocol/messages/types.ts";
import {
  box,
  canvas,
  type Child,
  column,
  heading,
  image,
  input,
  row,
  scroll,
  separator,
  text,
} from "./components.ts";
import { AUTO_ID_FLOOR, type ComponentProps, type VNode } from "./vnode.ts";

type Primitive = string | number | bigint | boolean | null | undefined;

/** What an element may hold: nodes, text (made into text nodes), lists of them. */
export type JsxChild = VNode | Primitive | readonly JsxChild[];

/** What a text element may hold: text and numbers, joined into its `content`. */
export type JsxTextChild = Primitive | readonly JsxTextChild[];

/** `key`: a numeric key is the node's id when it has none. */
type Keyed = { key?: number | string };
type Container<T extends NodeType> = ComponentProps<T> & Keyed & { children?: JsxChild };
type Leaf<T extends NodeType> = ComponentProps<T> & Keyed & { children?: never };

/** The elements and the props each takes. */
export interface ViewportElements {
  box: Container<"box">;
  row: Container<"box">;
  column: Container<"box">;
  /** `rows` are data rows for its `schema`, as `scroll(props, rows)` takes them. */
  scroll: Container<"scroll"> & { rows?: readonly (readonly unknown[])[] };
  text: ComponentProps<"text"> & Keyed & { children?: JsxTextChild };
  heading: Omit<ComponentProps<"text">, "content"> & Keyed & { children?: JsxTextChild };
  input: Leaf<"input">;
  image: Leaf<"image">;
  canvas: Leaf<"canvas">;
  separator: Leaf<"separator">;
}

/** A function component: props in, a node out. */
export type FunctionComponent<P> = (props: P) => VNode;

// Marks the box a fragment builds: its children go into the parent instead.
const FRAGMENT: unique symbol = Symbol("viewport.fragment");
type FragmentNode = VNode<"box"> & { [FRAGMENT]?: true };

/** `<>...</>`: children without a node of their own (at the top, a column). */
export function Fragment(props: { children?: JsxChild }): VNode {
  const node: FragmentNode = column({}, nodes(props.children));
  node[FRAGMENT] = true;
  return node;
}

function nodes(children: JsxChild, out: Child[] = []): Child[] {
  if (Array.isArray(children)) {
    for (const c of children as readonly JsxChild[]) nodes(c, out);
  } else if (children === null || children === undefined || typeof children === "boolean") {
    // Skipped, so that `{cond && <text>..</text>}` works.
  } else if (typeof children === "object") {
    const node = children as FragmentNode;
    if (node[FRAGMENT]) { for (const c of node.children ?? []) out.push(c); }
    else out.push(node);
  } else out.push(text(String(children)));
  return out;
}

function joined(children: JsxTextChild): string | undefined {
  if (children === null || children === undefined || typeof children === "boolean") {
    return undefined;
  }
  if (!Array.isArray(children)) {
    if (typeof children === "object") {
      throw new TypeError("a text element holds text; put nodes in a box, row or column");
    }
    return String(children);
  }
  let s = "";
  let any = false;
  for (const c of children as readonly JsxTextChild[]) {
    const t = joined(c);
    if (t !== undefined) {
      s += t;
      any = true;
    }
  }
  return any ? s : undefined;
}

type AnyProps = Record<string, unknown> & { children?: unknown };

function element(type: string, all: AnyProps, key: unknown): VNode {
  const { children, ...rest } = all;
  const props = rest as Record<string, unknown>;
  if (props.id === undefined && typeof key === "number") props.id = key;
  switch (type) {
    case "box":
      return box(props, nodes(children as JsxChild));
    case "row":
      return row(props, nodes(children as JsxChild));
    case "column":
      return column(props, nodes(children as JsxChild));
    case "scroll": {
      const { rows, ...p } = props;
      const kids = nodes(children as JsxChild);
      return scroll(p, rows !== undefined ? rows as unknown[][] : kids);
    }
    case "text":
    case "heading": {
      const content = joined(children as JsxTextChild);
      if (type === "heading") return heading(content ?? "", props);
      return content === undefined ? text(props) : text(content, props);
    }
    case "input":
      return input(props);
    case "image":
      return image(props);
    case "canvas":
      return canvas(props);
    case "separator":
      return separator(props);
  }
  throw new TypeError(
    `unknown element <${type}>: expected one of ${Object.keys(ELEMENTS).join(", ")}`,
  );
}

const ELEMENTS: Record<keyof ViewportElements, true> = {
  box: true,
  row: true,
  column: true,
  scroll: true,
  text: true,
  heading: true,
  input: true,
  image: true,
  canvas: true,
  separator: true,
};

/**
 * Builds an element (the compiler calls this for `<tag ...>`): an intrinsic
 * element by name, or a function component.
 */
export function jsx(
  type: string | FunctionComponent<never>,
  props: Record<string, unknown>,
  key?: unknown,
): VNode {
  if (typeof type === "function") {
    const node = (type as FunctionComponent<unknown>)(props);
    if (typeof key === "number" && node.id >= AUTO_ID_FLOOR) node.id = key;
    return node;
  }
  return element(type, props, key);
}

/** `jsx` for elements with several static children. */
export const jsxs: typeof jsx = jsx;

/** `jsx` as the development transform calls it (extra arguments are ignored). */
export function jsxDEV(
  type: string | FunctionComponent<never>,
  props: Record<string, unknown>,
  key?: unknown,
): VNode {
  return jsx(type, props, key);
}

/** The types the compiler checks JSX against. */
export declare namespace JSX {
  /** What an element is: a node. */
  type Element = VNode;
  /** The elements and their props. */
  interface IntrinsicElements extends ViewportElements {}
  /** Children go in the `children` prop. */
  interface ElementChildrenAttribute {
    children: unknown;
  }
  /** `key`: a numeric key is used as the node's id when it has none. */
  interface IntrinsicAttributes {
    key?: number | string;
  }
}
