/**
 * Large TREE and PATCH batches, staged: worked out in slices beside the live
 * tree, which stays exactly as it was (every reader keeps seeing the last
 * committed state) until the tree commits the result in one step. A batch
 * that fails anywhere is dropped with nothing to undo.
 *
 * This file stages a TREE (a new tree built beside the live one, swapped in
 * by the commit). A PATCH is staged by `staged_patch.ts` (the operations) in
 * the overlay of `staged_overlay.ts` (what the batch changed so far, and the
 * commit's lists); both build nodes with `staged_build.ts`.
 *
 * The checks, the errors and the work charged are those of the in-place path
 * in render_tree.ts (which small batches keep using).
 *
 * @module
 */
import type { NodeSpec } from "../protocol/messages/types.ts";
import type { Steps } from "../protocol/slices.ts";
import type { ModelNode } from "./model_node.ts";
import { Budget, build, type LiveTree } from "./staged_build.ts";
import { boundSlot, dup, nodeBytes, overWork, tooBig, tooMany } from "./tree_parts.ts";

export type { LiveTree } from "./staged_build.ts";

/** A TREE worked out beside the live tree, ready to replace it. */
export interface StagedRoot {
  root: ModelNode;
  index: Map<number, ModelNode>;
  bytes: number;
  /** Live ids the new tree does not have. */
  removed: Set<number>;
  changed: Set<number>;
  bindings: Map<number, Set<ModelNode>>;
  work: number;
}

/**
 * Builds the tree `spec` beside `live`, stamping its nodes `stamp`, yielding
 * the work done so far. Throws the errors of `RenderTree.setRoot`.
 */
export function* stageRoot(live: LiveTree, spec: NodeSpec, stamp: number): Steps<StagedRoot> {
  const budget = new Budget(live.maxWork);
  const index = new Map<number, ModelNode>();
  const bindings = new Map<number, Set<ModelNode>>();
  let bytes = 0;
  const register = (n: ModelNode) => {
    if (index.has(n.id)) throw dup(n.id, "appears twice in the tree");
    if (index.size >= live.maxNodes) throw tooMany(live.maxNodes);
    index.set(n.id, n);
    bytes += nodeBytes(n);
    if (bytes > live.maxBytes) throw tooBig(bytes, live.maxBytes);
    const slot = boundSlot(n.type, n.props);
    if (slot !== undefined) {
      let set = bindings.get(slot);
      if (!set) bindings.set(slot, set = new Set());
      set.add(n);
    }
  };
  const root = yield* build(spec, null, 0, stamp, register, budget, live.maxDepth);
  // The in-place path charges a unit per new and old node for the swap; here
  // that work is done now, a unit per node as the loops below go.
  if (budget.work + index.size + live.size > budget.max) throw overWork(budget.max);
  // What the commit reports, worked out now (the live tree cannot change
  // meanwhile: the commit checks that it did not).
  const removed = new Set<number>();
  for (const id of live.ids()) {
    if (!index.has(id)) removed.add(id);
    if (budget.due(1)) yield budget.work;
  }
  const changed = new Set<number>();
  for (const id of index.keys()) {
    changed.add(id);
    if (budget.due(1)) yield budget.work;
  }
  const work = budget.work;
  return { root, index, bytes, removed, changed, bindings, work };
}
