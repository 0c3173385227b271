/**
 * Positional identity for nodes without explicit ids. Components give such
 * nodes fresh automatic ids on every call, so a declarative re-render would
 * rebuild them (and a focused widget would lose focus). Before diffing,
 * {@linkcode rekey} lets each such node take over the id of the node that sat
 * at the same place in the previous tree, as React matches unkeyed children by
 * position.
 *
 * @module
 */
import { autoId, type VNode } from "../sdk/vnode.ts";

/** Automatic ids start here (see `autoId` in the SDK); explicit ids sit below. */
export const AUTO_ID_BASE = 0x4000_0000;

/**
 * `next` with its automatic ids replaced by those of the matching nodes in
 * `prev` (widgets by type, role and label, then by type and role; other
 * nodes by position and type;
 * parents matched first). Nodes are copied, never
 * changed. An id is adopted only when no node of `next` already carries it,
 * so the result has unique ids whenever `next` had. Nodes with ids above
 * `fresh` were made for this render alone and are changed in place instead of
 * copied (a render allocates less).
 *
 * @example
 * ```ts
 * import { rekey } from "./_rekey.ts";
 * import { column, text } from "../sdk/components.ts";
 * import assert from "node:assert/strict";
 * const a = column({}, [text("one"), text("two")]);
 * const b = rekey(a, column({}, [text("one"), text("2")]));
 * assert.equal(b.id, a.id);
 * assert.equal(b.children![1].id, a.children![1].id);
 * ```
 */
export function rekey(prev: VNode | null, next: VNode, fresh = Infinity): VNode {
  if (!prev) return next;
  // Ids made since `fresh` (this render's automatic ids) cannot be in `prev`:
  // only the others can stand in an adoption's way (a Set of a few, not of
  // every node in view).
  const end = fresh === Infinity ? fresh : autoId();
  const taken = new Set<number>();
  collect(next, taken, fresh, end);
  return adopt(prev, next, taken, fresh);
}

function collect(n: VNode, out: Set<number>, fresh: number, end: number): void {
  if (n.id <= fresh || n.id >= end) out.add(n.id);
  const kids = n.children;
  if (kids) { for (let i = 0; i < kids.length; i++) collect(kids[i], out, fresh, end); }
}

function adopt(prev: VNode, next: VNode, taken: Set<number>, fresh: number): VNode {
  // The same node as last time (a widget's cached subtree): its ids are
  // those of `prev` already.
  if (prev === next || prev.type !== next.type) return next;
  let id = next.id;
  if (id !== prev.id) {
    if (id < AUTO_ID_BASE || prev.id < AUTO_ID_BASE || taken.has(prev.id)) return next;
    // No need to add it to `taken`: `prev` holds each id once and each of its
    // nodes is matched at most once, so no other node of `next` adopts it.
    id = prev.id;
  }
  const pk = prev.children, nk = next.children;
  let kids = nk;
  if (pk && nk) {
    const match = matchChildren(pk, nk);
    for (let i = 0; i < nk.length; i++) {
      if (match[i] < 0) continue;
      const k = adopt(pk[match[i]], nk[i], taken, fresh);
      if (k !== nk[i]) {
        const copy: VNode[] = kids === nk && next.id <= fresh ? nk.slice() : kids!;
        copy[i] = k;
        kids = copy;
      }
    }
  }
  if (id === next.id && kids === nk) return next;
  if (next.id > fresh) {
    next.id = id;
    return next;
  }
  const out: VNode = { ...next, id };
  if (kids) out.children = kids;
  return out;
}

/**
 * What identifies a widget among its siblings beyond its position: its type,
 * role and label. Plain nodes have none and match by position.
 */
function signature(n: VNode): string | null {
  const role = n.props.role, label = n.props.label;
  if (typeof role !== "string" && typeof label !== "string") return null;
  return `${n.type}|${role ?? ""}|${label ?? ""}`;
}

/**
 * For each child of `next`, the index of the child of `prev` it continues
 * (-1 for none): widgets by signature, in order (so an inserted sibling does
 * not shift them), then the rest by position and type.
 */
function matchChildren(pk: readonly VNode[], nk: readonly VNode[]): readonly number[] {
  // Usually the same kinds of children in the same order: match them in place.
  if (pk.length === nk.length) {
    let same = true;
    for (let i = 0; i < nk.length && same; i++) {
      same = pk[i].type === nk[i].type && pk[i].props.role === nk[i].props.role &&
        pk[i].props.label === nk[i].props.label;
    }
    if (same) return inPlace(nk.length);
  }
  const match = new Array<number>(nk.length).fill(-1);
  const used = new Uint8Array(pk.length);
  let from = 0;
  for (let i = 0; i < nk.length; i++) {
    const sig = signature(nk[i]);
    if (sig === null) continue;
    for (let j = from; j < pk.length; j++) {
      if (!used[j] && signature(pk[j]) === sig) {
        match[i] = j;
        used[j] = 1;
        from = j + 1;
        break;
      }
    }
  }
  // A widget whose label changed ("Photos (3 selected)") is still the same
  // widget: matched by type and role, in order, so that it keeps its id (and
  // the focus) while its label counts what the user does.
  from = 0;
  for (let i = 0; i < nk.length; i++) {
    const role = nk[i].props.role;
    if (match[i] >= 0 || typeof role !== "string") continue;
    for (let j = from; j < pk.length; j++) {
      if (!used[j] && pk[j].type === nk[i].type && pk[j].props.role === role) {
        match[i] = j;
        used[j] = 1;
        from = j + 1;
        break;
      }
    }
  }
  for (let i = 0; i < nk.length && i < pk.length; i++) {
    if (
      match[i] < 0 && !used[i] && pk[i].type === nk[i].type && signature(pk[i]) === signature(nk[i])
    ) {
      match[i] = i;
      used[i] = 1;
    }
  }
  return match;
}

// Matches in place, [0, 1, ... n-1], shared (read only) for the common sizes.
const IN_PLACE: number[][] = [];
function inPlace(n: number): readonly number[] {
  let m = IN_PLACE[n];
  if (m === undefined) {
    m = Array.from({ length: n }, (_, i) => i);
    if (n <= 256) IN_PLACE[n] = m;
  }
  return m;
}
