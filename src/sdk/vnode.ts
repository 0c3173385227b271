/**
 * The nodes an app builds: wire nodes plus event handlers that stay in the app.
 *
 * @module
 */
import type { InputMessage, NodeSpec, NodeType, Props } from "../protocol/messages/types.ts";
import type { Handlers } from "./input_events.ts";
import type { NodeProps } from "./props.ts";

export type { Handlers } from "./input_events.ts";

/** An input event handler taking any kind (the typed ones are in {@linkcode Handlers}). */
export type Handler = (event: InputMessage) => void;

/**
 * Handler prop name for each INPUT kind.
 *
 * @example
 * ```ts
 * import { HANDLER_FOR_KIND } from "./vnode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(HANDLER_FOR_KIND.value_change, "onChange");
 * ```
 */
export const HANDLER_FOR_KIND: Readonly<Record<string, keyof Handlers>> = {
  click: "onClick",
  hover: "onHover",
  focus: "onFocus",
  blur: "onBlur",
  key: "onKey",
  value_change: "onChange",
  scroll: "onScroll",
  canvas_pointer: "onPointer",
  canvas_key: "onCanvasKey",
};

const HANDLER_NAMES: ReadonlySet<string> = new Set(Object.values(HANDLER_FOR_KIND));

/**
 * A node built by the SDK's components: a {@linkcode NodeSpec} (what goes on the
 * wire) plus handlers (which never do). `T` is its node type, so that
 * `conn.set(node, props)` checks the props against it.
 */
export interface VNode<T extends NodeType = NodeType> extends NodeSpec {
  type: T;
  children?: VNode[];
  handlers?: Handlers;
}

/** Anything that names a node: the node itself or its id. */
export type NodeRef<T extends NodeType = NodeType> = VNode<T> | number;

/**
 * The id of a {@linkcode NodeRef}.
 *
 * @example
 * ```ts
 * import { idOf, makeNode } from "./vnode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(idOf(7), 7);
 * assert.equal(idOf(makeNode("text", { id: 3 })), 3);
 * ```
 */
export function idOf(ref: NodeRef): number {
  return typeof ref === "number" ? ref : ref.id;
}

// Automatic ids start high so that they never collide with the small explicit
// ids apps tend to pick (1, 2, 3...).
const AUTO_ID_BASE = 0x4000_0000;
let nextAutoId = AUTO_ID_BASE;

/** Automatic ids are this number and above; explicit ids are best kept below. */
export const AUTO_ID_FLOOR: number = AUTO_ID_BASE;

/**
 * A fresh automatic node id (unique within this process).
 *
 * @example
 * ```ts
 * import { autoId } from "./vnode.ts";
 * import assert from "node:assert/strict";
 * assert.notEqual(autoId(), autoId());
 * ```
 */
export function autoId(): number {
  return nextAutoId++;
}

/**
 * Props a component of node type `T` takes: its typed props (see props.ts),
 * an optional explicit id, and handlers. Without `T`: any wire props (for
 * code that builds nodes generically, such as {@linkcode makeNode}).
 */
export type ComponentProps<T extends NodeType | undefined = undefined> =
  & (T extends NodeType ? NodeProps<T> : Props)
  & Handlers
  & { id?: number };

/**
 * Builds a {@linkcode VNode}: takes `id` (or makes one) and moves `on*` handler
 * functions out of the props.
 *
 * @example
 * ```ts
 * import { makeNode } from "./vnode.ts";
 * import assert from "node:assert/strict";
 * const n = makeNode("box", { id: 3, onClick: () => {}, dir: "row" });
 * assert.equal(n.id, 3);
 * assert.equal(n.props.dir, "row");
 * assert.equal(typeof n.handlers?.onClick, "function");
 * ```
 */
export function makeNode<T extends NodeType>(
  type: T,
  props: ComponentProps | ComponentProps<NodeType> = {},
  children?: VNode[],
): VNode<T> {
  let id: number | undefined;
  let handlers: Record<string, unknown> | undefined;
  const wire: Props = {};
  const all = props as Record<string, unknown>;
  for (const key in all) {
    const v = all[key];
    if (v === undefined) continue;
    if (key === "id") id = v as number;
    else if (typeof v === "function" && HANDLER_NAMES.has(key)) {
      (handlers ??= {})[key] = v;
    } else wire[key] = v;
  }
  if (id !== undefined && (!Number.isSafeInteger(id) || id < 0)) {
    throw new RangeError(`node id must be a non-negative safe integer, got ${String(id)}`);
  }
  const node: VNode<T> = { id: id ?? autoId(), type, props: wire };
  if (children !== undefined) node.children = children;
  if (handlers) node.handlers = handlers as Handlers;
  return node;
}

/**
 * Strips handlers recursively, giving the wire form. Nodes without handlers are
 * returned as they are (no copy).
 *
 * @example
 * ```ts
 * import { makeNode, toNodeSpec } from "./vnode.ts";
 * import assert from "node:assert/strict";
 * const spec = toNodeSpec(makeNode("box", { onClick: () => {} }));
 * assert.ok(!("handlers" in spec));
 * ```
 */
export function toNodeSpec(node: VNode): NodeSpec {
  const kids = node.children;
  let children: NodeSpec[] | undefined = kids;
  if (kids) {
    for (let i = 0; i < kids.length; i++) {
      const s = toNodeSpec(kids[i]);
      if (s !== kids[i]) {
        if (children === kids) children = kids.slice();
        children![i] = s;
      }
    }
  }
  if (!node.handlers && children === kids) return node;
  const spec: NodeSpec = { id: node.id, type: node.type, props: node.props };
  if (children) spec.children = children;
  return spec;
}
