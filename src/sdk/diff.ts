/**
 * Declarative rendering: compare the previous tree with the next one by node id
 * and produce the smallest PATCH batch that turns one into the other.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { NodeSpec, Patch, Props } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";

/** The result of a diff: patches, or a whole new tree when the root changed. */
export type TreeDiff = { patches: Patch[] } | { tree: NodeSpec };

/** The tree diffed against: what was rendered, or the model's read-only nodes. */
export interface PrevNode {
  readonly id: number;
  readonly type: NodeSpec["type"];
  readonly props: NodeSpec["props"];
  readonly children?: readonly PrevNode[];
}

/**
 * The value an input shows in the viewer, when known (see `InputValues`): a
 * kept input whose `value` differs from it gets `value` in its patch even
 * when the previous tree had the same value.
 */
export type ViewerValue = (id: number) => string | undefined;

/**
 * Diffs `prev` (what the viewer has) against `next` (what the app wants).
 * A node is kept when a node with the same id and type sits under the same
 * (kept) parent; anything else is removed and inserted afresh. Removals come
 * first in the batch so that ids moving between parents are free again.
 *
 * @example
 * ```ts
 * import { diffTrees } from "./diff.ts";
 * import assert from "node:assert/strict";
 * const a = { id: 1, type: "box" as const, props: {}, children: [{ id: 2, type: "text" as const, props: { content: "0" } }] };
 * const b = { id: 1, type: "box" as const, props: {}, children: [{ id: 2, type: "text" as const, props: { content: "1" } }] };
 * const d = diffTrees(a, b);
 * assert.ok("patches" in d);
 * assert.equal(d.patches.length, 1);
 * assert.equal(d.patches[0].set?.content, "1");
 * ```
 */
export function diffTrees(
  prev: PrevNode | null,
  next: NodeSpec,
  viewerValue?: ViewerValue,
): TreeDiff {
  checkUnique(next);
  if (!prev || prev.id !== next.id || prev.type !== next.type) return { tree: next };
  const removes: Patch[] = [];
  const rest: Patch[] = [];
  diffNode(prev, next, removes, rest, viewerValue);
  return { patches: removes.length === 0 ? rest : removes.concat(rest) };
}

function diffNode(
  prev: PrevNode,
  next: NodeSpec,
  removes: Patch[],
  rest: Patch[],
  viewerValue: ViewerValue | undefined,
): void {
  if (prev === next) {
    // The same object as last time (a widget's cached subtree): nothing in it
    // can differ from itself, but an input in it may from the viewer.
    if (viewerValue) sameInputs(next, rest, viewerValue);
    return;
  }
  let set = prev.props === next.props ? undefined : diffProps(prev.props, next.props);
  if (next.type === "input") {
    // `value_seq` goes with `value` (the connection adds it), never by itself.
    if (set && "value_seq" in set) {
      delete set.value_seq;
      if (Object.keys(set).length === 0) set = undefined;
    }
    const v = next.props.value;
    if (viewerValue && typeof v === "string" && !(set && "value" in set)) {
      const shown = viewerValue(next.id);
      if (shown !== undefined && shown !== v) (set ??= {}).value = v;
    }
  }
  if (set) rest.push({ target: next.id, set });
  const pk = prev.children ?? EMPTY, nk = next.children ?? EMPTY;
  // Fast path: same ids in the same order, by far the most common case.
  if (pk.length === nk.length) {
    let same = true;
    for (let i = 0; i < pk.length; i++) {
      if (pk[i].id !== nk[i].id || pk[i].type !== nk[i].type) {
        same = false;
        break;
      }
    }
    if (same) {
      for (let i = 0; i < pk.length; i++) diffNode(pk[i], nk[i], removes, rest, viewerValue);
      return;
    }
  }
  diffChildren(next.id, pk, nk, removes, rest, viewerValue);
}

/** The inputs of a subtree diffed against itself: the value where the viewer shows another. */
function sameInputs(n: PrevNode, rest: Patch[], viewerValue: ViewerValue): void {
  if (n.type === "input") {
    const v = n.props.value;
    if (typeof v === "string") {
      const shown = viewerValue(n.id);
      if (shown !== undefined && shown !== v) rest.push({ target: n.id, set: { value: v } });
    }
  }
  const kids = n.children;
  if (kids) { for (let i = 0; i < kids.length; i++) sameInputs(kids[i], rest, viewerValue); }
}

function diffChildren(
  parentId: number,
  pk: readonly PrevNode[],
  nk: readonly NodeSpec[],
  removes: Patch[],
  rest: Patch[],
  viewerValue: ViewerValue | undefined,
): void {
  const prevById = new Map<number, PrevNode>();
  for (const c of pk) prevById.set(c.id, c);
  const kept = new Set<number>();
  for (const c of nk) {
    const p = prevById.get(c.id);
    if (p && p.type === c.type) kept.add(c.id);
  }
  for (const c of pk) if (!kept.has(c.id)) removes.push({ target: c.id, remove: true });

  // After the removals the list holds the kept children in their old order.
  const cur = pk.filter((c) => kept.has(c.id)).map((c) => c.id);
  const oldPos = new Map<number, number>();
  cur.forEach((id, i) => oldPos.set(id, i));
  // Kept children in their new order, as old positions: the longest increasing
  // run of those stays put; every other kept child moves once.
  const order: number[] = [];
  for (const c of nk) if (kept.has(c.id)) order.push(oldPos.get(c.id)!);
  const stay = new Set<number>();
  for (const i of longestIncreasing(order)) stay.add(cur[order[i]]);

  const structural: Patch[] = [];
  for (let i = nk.length - 1; i >= 0; i--) {
    const id = nk[i].id;
    const anchor = i + 1 < nk.length ? cur.indexOf(nk[i + 1].id) : cur.length;
    if (!kept.has(id)) {
      structural.push({ target: parentId, children_insert: { index: anchor, node: nk[i] } });
      cur.splice(anchor, 0, id);
    } else if (!stay.has(id)) {
      const from = cur.indexOf(id);
      const to = from < anchor ? anchor - 1 : anchor;
      if (from !== to) {
        structural.push({ target: parentId, children_move: { from, to } });
        cur.splice(from, 1);
        cur.splice(to, 0, id);
      }
    }
  }
  // Built back to front; applied front to back would shift anchors, so keep the
  // order in which the indices were computed.
  for (const p of structural) rest.push(p);
  for (const c of nk) {
    if (kept.has(c.id)) diffNode(prevById.get(c.id)!, c, removes, rest, viewerValue);
  }
}

/** Indices (into `seq`) of one longest strictly increasing subsequence. */
function longestIncreasing(seq: readonly number[]): number[] {
  const tails: number[] = []; // index into seq of the smallest tail per length
  const prev = new Array<number>(seq.length);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0, hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.push(i);
  return out.reverse();
}

function diffProps(a: Props, b: Props): Props | undefined {
  let set: Props | undefined;
  for (const key in b) {
    const v = b[key];
    if (v === undefined) continue;
    if (!equal(a[key], v)) (set ??= {})[key] = v;
  }
  for (const key in a) {
    if (a[key] !== undefined && b[key] === undefined) (set ??= {})[key] = null;
  }
  return set;
}

/**
 * Structural equality for prop values: primitives, slot references, byte
 * strings, arrays and plain objects.
 *
 * @example
 * ```ts
 * import { equal } from "./diff.ts";
 * import assert from "node:assert/strict";
 * assert.ok(equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
 * assert.ok(!equal([1], [2]));
 * ```
 */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof SlotRef) return b instanceof SlotRef && a.slot === b.slot;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof SlotRef || b instanceof Uint8Array) return false;
  const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
  let n = 0;
  for (const k in ra) {
    if (!equal(ra[k], rb[k])) return false;
    n++;
  }
  for (const _ in rb) n--;
  return n === 0;
}

function checkUnique(root: NodeSpec): void {
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n.id)) {
      throw new ViewportError(
        ErrorCode.DUPLICATE_ID,
        `render: node id ${n.id} appears twice in the tree (ids must be unique)`,
      );
    }
    seen.add(n.id);
    if (n.children) { for (const c of n.children) stack.push(c); }
  }
}

const EMPTY: readonly NodeSpec[] = [];
