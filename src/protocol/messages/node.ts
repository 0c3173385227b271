/**
 * Render tree nodes on the wire: flat maps `{id, type, ...props, children?}`.
 * Decoding validates structure and the props the projection and renderers read;
 * other props pass through untouched.
 *
 * @module
 */
import { NODE_TYPES, type NodeSpec, type NodeType, type Props } from "./types.ts";
import {
  CAMEL_ALIASES,
  describe,
  expectArray,
  expectInt,
  expectNumber,
  expectOneOf,
  expectRecord,
  expectSlotRef,
  expectString,
  expectUint,
  fail,
  Invalid,
  isRecord,
  within,
} from "./validate.ts";
import type { Meter, Steps } from "../slices.ts";

const NODE_TYPE_SET: ReadonlySet<string> = new Set(NODE_TYPES);
const CONTAINERS: ReadonlySet<string> = new Set(["box", "scroll"]);
const STRUCTURAL = new Set(["id", "type", "children"]);

/**
 * Validates one prop by name and returns its normalized value. Unknown props are
 * returned as they are.
 *
 * @example
 * ```ts
 * import { normalizeProp } from "./node.ts";
 * import assert from "node:assert/strict";
 * assert.equal(String(normalizeProp("schema", 100)), "@100");
 * ```
 */
export function normalizeProp(key: string, value: unknown): unknown {
  switch (key) {
    case "content":
    case "value":
    case "placeholder":
    case "alt":
    case "text_alt":
    case "title":
      return expectString(value, key);
    case "dir":
      return expectOneOf(value, key, ["row", "column"] as const);
    case "interactive":
      return expectOneOf(value, key, ["clickable", "focusable"] as const);
    case "schema":
      return expectSlotRef(value, key);
    case "tab_index":
      return expectInt(value, key);
    case "value_seq":
      return expectUint(value, key);
    case "virtual_height":
      if (expectNumber(value, key) < 0) fail(key, `expected a number >= 0, got ${value}`);
      return value;
    case "spans":
      return within(key, () => normalizeSpans(value));
    default:
      return value;
  }
}

function normalizeSpans(value: unknown): unknown[] {
  const spans = expectArray(value, "spans" as never);
  for (let i = 0; i < spans.length; i++) {
    within(i, () => expectString(expectRecord(spans[i], i).text, "text"));
  }
  return spans;
}

/**
 * Decodes a wire node (recursively) into a {@linkcode NodeSpec}. Throws
 * `Invalid` naming the field; `decodeMessage` adds the message context.
 *
 * @example
 * ```ts
 * import { decodeNode } from "./node.ts";
 * import assert from "node:assert/strict";
 * const n = decodeNode({ id: 1, type: "text", content: "hi", textAlt: "hello" });
 * assert.equal(n.props.text_alt, "hello");
 * assert.equal(n.children, undefined);
 * ```
 */
export function decodeNode(value: unknown): NodeSpec {
  const wire = expectRecord(value, "node");
  const id = expectUint(wire.id, "id");
  const type = wire.type;
  if (typeof type !== "string" || !NODE_TYPE_SET.has(type)) {
    fail("type", `expected one of ${NODE_TYPES.join(", ")}, got ${describe(type)}`);
  }
  const props: Props = {};
  for (const rawKey in wire) {
    if (STRUCTURAL.has(rawKey)) continue;
    const key = CAMEL_ALIASES[rawKey] ?? rawKey;
    if (key !== rawKey && key in wire) continue; // the snake_case spelling wins
    const v = normalizeProp(key, wire[rawKey]);
    if (key === "__proto__") defineOwn(props, key, v);
    else props[key] = v;
  }
  if (props.interactive !== undefined && type !== "box") {
    fail("interactive", `behaviours attach to box nodes, not to ${type}`);
  }
  const node: NodeSpec = { id, type: type as NodeType, props };
  const children = wire.children;
  if (children !== undefined && children !== null) {
    if (!CONTAINERS.has(type)) {
      fail("children", `only box and scroll nodes have children, not ${type}`);
    }
    const list = expectArray(children, "children");
    const out: NodeSpec[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      try {
        out[i] = decodeNode(list[i]);
      } catch (err) {
        if (err instanceof Invalid) err.path.unshift("children", i);
        throw err;
      }
    }
    node.children = out;
  }
  return node;
}

/** Work units of validating one node, for {@linkcode decodeNodeSteps} (about 0.8 µs). */
export const NODE_WORK = 8;

/**
 * {@linkcode decodeNode} as a step function for a large tree: yields (through
 * `meter`) between nodes, so a caller can validate in slices. Same result,
 * same errors (an `Invalid` with the same path).
 *
 * @example
 * ```ts
 * import { decodeNodeSteps } from "./node.ts";
 * import { Meter, runAll } from "../slices.ts";
 * import assert from "node:assert/strict";
 * const children = Array.from({ length: 5000 }, (_, i) => ({ id: i + 2, type: "text" }));
 * const meter = new Meter();
 * const node = runAll(decodeNodeSteps({ id: 1, type: "box", children }, meter));
 * assert.equal(node.children?.length, 5000);
 * assert.ok(meter.work >= 5000);
 * ```
 */
export function* decodeNodeSteps(value: unknown, meter: Meter): Steps<NodeSpec> {
  const wire = expectRecord(value, "node");
  const children = wire.children;
  if (children === undefined || children === null) {
    if (meter.due(NODE_WORK)) yield meter.work;
    return decodeNode(wire);
  }
  // The node without its children first: the same checks in the same order.
  const node = decodeNode({ ...wire, children: undefined });
  if (!CONTAINERS.has(node.type)) {
    fail("children", `only box and scroll nodes have children, not ${node.type}`);
  }
  const list = expectArray(children, "children");
  const out: NodeSpec[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const c = list[i];
      const kids = isRecord(c) ? c.children : undefined;
      if (kids === undefined || kids === null) {
        out[i] = decodeNode(c);
        if (meter.due(NODE_WORK)) yield meter.work;
      } else out[i] = yield* decodeNodeSteps(c, meter);
    } catch (err) {
      if (err instanceof Invalid) err.path.unshift("children", i);
      throw err;
    }
  }
  node.children = out;
  return node;
}

/**
 * Encodes a {@linkcode NodeSpec} as a flat wire map.
 *
 * @example
 * ```ts
 * import { encodeNode } from "./node.ts";
 * import assert from "node:assert/strict";
 * const w = encodeNode({ id: 1, type: "text", props: { content: "hi" } });
 * assert.deepEqual(w, { id: 1, type: "text", content: "hi" });
 * ```
 */
export function encodeNode(node: NodeSpec): Record<string, unknown> {
  const wire: Record<string, unknown> = { id: node.id, type: node.type };
  const props = node.props;
  for (const key in props) {
    const v = props[key];
    if (v !== undefined) wire[key] = v;
  }
  const children = node.children;
  if (children !== undefined) {
    const out = new Array(children.length);
    for (let i = 0; i < children.length; i++) out[i] = encodeNode(children[i]);
    wire.children = out;
  }
  return wire;
}

/** Sets an own data property even for `__proto__`, which plain assignment would not. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
