/**
 * What staged TREE and PATCH batches share: the view of the live tree they
 * read, the work budget they count against, and building new nodes beside
 * the live tree.
 *
 * @module
 */
import type { NodeSpec } from "../protocol/messages/types.ts";
import { Meter, type Steps } from "../protocol/slices.ts";
import { ModelNode } from "./model_node.ts";
import { overWork, tooDeep } from "./tree_parts.ts";

/** What a staged batch reads of the live tree. */
export interface LiveTree {
  readonly maxNodes: number;
  readonly maxDepth: number;
  readonly maxWork: number;
  readonly maxBytes: number;
  readonly bytes: number;
  readonly size: number;
  readonly root: ModelNode | null;
  get(id: number): ModelNode | undefined;
  ids(): IterableIterator<number>;
}

/** Counts work against the batch's budget and says when to yield. */
export class Budget extends Meter {
  readonly max: number;
  constructor(max: number) {
    super();
    this.max = max;
  }
  spend(units: number): void {
    if ((this.work += units) > this.max) throw overWork(this.max);
  }
}

/**
 * Builds `spec` (and its subtree) under `parent`, calling `register` for each
 * node made. Leaves are made inline; nodes with children recurse.
 */
export function* build(
  spec: NodeSpec,
  parent: ModelNode | null,
  depth: number,
  stamp: number,
  register: (n: ModelNode) => void,
  budget: Budget,
  maxDepth: number,
): Steps<ModelNode> {
  if (depth > maxDepth) throw tooDeep(spec.id, depth, maxDepth);
  const node = new ModelNode(spec.id, spec.type, spec.props, parent, depth, stamp);
  budget.spend(3);
  register(node);
  const kids = spec.children;
  if (kids && kids.length > 0) {
    const out = new Array(kids.length);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      out[i] = k.children && k.children.length > 0
        ? yield* build(k, node, depth + 1, stamp, register, budget, maxDepth)
        : leaf(k, node, depth + 1, stamp, register, budget, maxDepth);
      if (budget.due(0)) yield budget.work;
    }
    node.setChildren(out);
  }
  return node;
}

function leaf(
  spec: NodeSpec,
  parent: ModelNode,
  depth: number,
  stamp: number,
  register: (n: ModelNode) => void,
  budget: Budget,
  maxDepth: number,
): ModelNode {
  if (depth > maxDepth) throw tooDeep(spec.id, depth, maxDepth);
  const node = new ModelNode(spec.id, spec.type, spec.props, parent, depth, stamp);
  budget.spend(3);
  register(node);
  return node;
}
