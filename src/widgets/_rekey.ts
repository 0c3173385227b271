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
import type { VNode } from "../sdk/vnode.ts";

/** Automatic ids start here (see `autoId` in the SDK); explicit ids sit below. */
export const AUTO_ID_BASE = 0x4000_0000;

/**
 * `next` with its automatic ids replaced by those of the nodes at the same
 * positions in `prev` (same type, parent matched). Nodes are copied, never
 * changed. An id is adopted only when no node of `next` already carries it,
 * so the result has unique ids whenever `next` had.
 *
 * @example
 * ```ts
 * import { rekey } from "./_rekey.ts";
 * import { column, text } from "../sdk/components.ts";
 * const a = column({}, [text("one"), text("two")]);
 * const b = rekey(a, column({}, [text("one"), text("2")]));
 * if (b.id !== a.id || b.children![1].id !== a.children![1].id) throw new Error();
 * ```
 */
export function rekey(prev: VNode | null, next: VNode): VNode {
  if (!prev) return next;
  const taken = new Set<number>();
  collect(next, taken);
  return adopt(prev, next, taken);
}

function collect(n: VNode, out: Set<number>): void {
  out.add(n.id);
  if (n.children) { for (const c of n.children) collect(c, out); }
}

function adopt(prev: VNode, next: VNode, taken: Set<number>): VNode {
  if (prev.type !== next.type) return next;
  let id = next.id;
  if (id !== prev.id) {
    if (id < AUTO_ID_BASE || prev.id < AUTO_ID_BASE || taken.has(prev.id)) return next;
    id = prev.id;
    taken.add(id);
  }
  const pk = prev.children, nk = next.children;
  let kids = nk;
  if (pk && nk) {
    for (let i = 0; i < nk.length && i < pk.length; i++) {
      const k = adopt(pk[i], nk[i], taken);
      if (k !== nk[i]) {
        const copy: VNode[] = kids === nk ? nk.slice() : kids!;
        copy[i] = k;
        kids = copy;
      }
    }
  }
  if (id === next.id && kids === nk) return next;
  const out: VNode = { ...next, id };
  if (kids) out.children = kids;
  return out;
}
