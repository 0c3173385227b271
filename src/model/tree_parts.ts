/**
 * What the render tree's in-place batches and its staged batches share: the
 * errors they answer (same words on either path), node sizes, and the
 * tree's limits.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { Props } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import { estimateBytes, NODE_BYTES } from "./bytes.ts";
import type { ModelNode } from "./model_node.ts";

/** Node types that have children. */
export const CONTAINERS: ReadonlySet<string> = new Set(["box", "scroll"]);

/** A node's estimated bytes; also counts its props (kept on the node for `set`). */
export function nodeBytes(n: ModelNode): number {
  let total = NODE_BYTES;
  let count = 0;
  const props = n.props;
  for (const key in props) {
    if (!Object.hasOwn(props, key)) continue;
    total += propBytes(key, props[key]);
    count++;
  }
  n.propCount = count;
  return total;
}

/** {@linkcode nodeBytes} for props not (yet) on the node, changing nothing. */
export function propsBytes(props: Props): number {
  let total = NODE_BYTES;
  for (const key in props) {
    if (Object.hasOwn(props, key)) total += propBytes(key, props[key]);
  }
  return total;
}

/** One prop's estimated bytes. */
export function propBytes(key: string, value: unknown): number {
  return 16 + key.length + estimateBytes(value);
}

/** The schema slot a scroll node with these props is bound to, if any. */
export function boundSlot(type: string, props: Props): number | undefined {
  if (type !== "scroll") return undefined;
  const ref = props.schema;
  return ref instanceof SlotRef ? ref.slot : undefined;
}

/** True when `candidate` is `node` or one of its ancestors. */
export function isAncestorOrSelf(candidate: ModelNode, node: ModelNode | null): boolean {
  for (let a = node; a; a = a.parent) if (a === candidate) return true;
  return false;
}

/** The cost of copying a node's props for `set`: V8 keeps big objects as slower dictionaries. */
export function copyCost(count: number): number {
  return count <= 8 ? count : count <= 4096 ? 4 * count : 16 * count;
}

/** What merging a `set` into a node's props made and changed. */
export interface PropsMerge {
  /** The new props object (the old one is not changed). */
  next: Props;
  /** Change in estimated bytes. */
  delta: number;
  /** Change in the number of props. */
  added: number;
  /** Keys in `set` (each costs a unit of work). */
  keys: number;
}

/** `old` with `set` merged in: null or undefined removes a key. */
export function mergeProps(old: Props, set: Props): PropsMerge {
  const next: Props = { ...old };
  let delta = 0;
  let added = 0;
  let keys = 0;
  for (const key in set) {
    keys++;
    const v = set[key];
    const had = Object.hasOwn(old, key);
    if (had) delta -= propBytes(key, old[key]);
    if (v === null || v === undefined) {
      if (had) added--;
      delete next[key];
      continue;
    }
    if (!had) added++;
    delta += propBytes(key, v);
    // Assigning "__proto__" would set the prototype; define an own property instead.
    if (key === "__proto__") {
      Object.defineProperty(next, key, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else next[key] = v;
  }
  return { next, delta, added, keys };
}

export function dup(id: number, why: string): ViewportError {
  return new ViewportError(
    ErrorCode.DUPLICATE_ID,
    `node id ${id} ${why} (ids must be unique among live nodes)`,
  );
}

export function tooMany(max: number): ViewportError {
  return new ViewportError(ErrorCode.TOO_LARGE, `the tree would exceed the limit of ${max} nodes`);
}

export function tooBig(bytes: number, max: number): ViewportError {
  return new ViewportError(
    ErrorCode.TOO_LARGE,
    `the tree would hold about ${bytes} bytes, over the limit of ${max}`,
  );
}

export function tooDeep(id: number, depth: number, max: number, would = false): ViewportError {
  return new ViewportError(
    ErrorCode.TOO_LARGE,
    `node ${id} ${would ? "would sit" : "sits"} at depth ${depth}, deeper than the limit of ${max}`,
  );
}

export function overWork(max: number): ViewportError {
  return new ViewportError(
    ErrorCode.TOO_LARGE,
    `the batch needs more work than the limit of ${max} units ` +
      `(nodes built, visited or moved): split it into smaller batches`,
  );
}

export function cycle(id: number): ViewportError {
  return new ViewportError(
    ErrorCode.DUPLICATE_ID,
    `node ${id} would be placed inside its own subtree (a cycle)`,
  );
}

export function unknownTarget(id: number): ViewportError {
  return new ViewportError(
    ErrorCode.UNKNOWN_TARGET,
    `unknown target id ${id} (no live node has it)`,
  );
}

export function noChildren(parent: ModelNode): ViewportError {
  return new ViewportError(
    ErrorCode.BAD_MESSAGE,
    `children_insert into node ${parent.id}: a ${parent.type} node has no children (only box and scroll)`,
  );
}

export function notBox(node: ModelNode): ViewportError {
  return new ViewportError(
    ErrorCode.BAD_MESSAGE,
    `set interactive on node ${node.id}: behaviours attach to box nodes, not to ${node.type}`,
  );
}

export function noOperation(target: number): ViewportError {
  return new ViewportError(ErrorCode.BAD_MESSAGE, `patch for ${target} has no operation`);
}

export function outOfRange(
  what: string,
  value: number,
  parent: ModelNode,
  max: number,
): ViewportError {
  return new ViewportError(
    ErrorCode.OUT_OF_RANGE,
    `${what} ${value} is out of range for node ${parent.id} (expected 0..${max})`,
  );
}

/** A batch error restated with the patch it stopped at. */
export function inPatch(err: unknown, i: number, count: number): unknown {
  if (err instanceof ViewportError && count > 1) {
    return new ViewportError(err.code, `patch ${i} of ${count}: ${err.message}`);
  }
  return err;
}
