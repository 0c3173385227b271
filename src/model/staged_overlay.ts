/**
 * The overlay of a staged PATCH: what the batch has changed so far, kept
 * beside the live tree (new props per node, a copy of each child list it
 * changes held by a detached node, the ids it adds and drops, the nodes it
 * builds), how the tree looks through it, and the commit's lists worked out
 * from it. The live nodes are not touched; the commit installs the overlay at
 * O(1) per changed node.
 *
 * @module
 */
import type { Props } from "../protocol/messages/types.ts";
import type { Steps } from "../protocol/slices.ts";
import { ModelNode } from "./model_node.ts";
import { Budget, type LiveTree } from "./staged_build.ts";
import { unknownTarget } from "./tree_parts.ts";

/** A PATCH batch worked out beside the live tree. */
export interface StagedPatches {
  /** Nodes built by the batch (not live yet), by id. */
  added: Map<number, ModelNode>;
  /** Live nodes the batch takes out, by id. */
  dropped: Map<number, ModelNode>;
  /** Ids to report removed (as the in-place path does). */
  removed: Set<number>;
  /** New props (and their counts) per node. */
  props: Map<ModelNode, Props>;
  counts: Map<ModelNode, number>;
  /** New child lists of live nodes, each held by a detached node. */
  lists: Map<ModelNode, ModelNode>;
  /** Nodes built by the batch. */
  fresh: Set<ModelNode>;
  /** Nodes to mark changed (may repeat). */
  changed: ModelNode[];
  /** The new root, or undefined when it stays. */
  root: ModelNode | null | undefined;
  bytes: number;
  work: number;
  /** What the commit does, worked out in steps after the batch (see `prepare`). */
  plan: CommitPlan;
}

/**
 * The commit of a staged PATCH as flat lists, so that the commit itself is a
 * few tight loops with nothing to look up or decide.
 */
export interface CommitPlan {
  /** Nodes whose props change, their new props and prop counts (parallel lists). */
  propNodes: ModelNode[];
  propValues: Props[];
  propCounts: number[];
  /** Scroll nodes to unbind (before the props change) and to bind (after). */
  unbind: ModelNode[];
  bind: ModelNode[];
  /** Ids leaving the index; nodes joining it. */
  droppedIds: number[];
  addedNodes: ModelNode[];
  /** Nodes to stamp changed, each once. */
  marks: ModelNode[];
  /** Those of `marks` live after the commit (their ancestors get the subtree stamp). */
  live: ModelNode[];
  /** The ids of `live`: what the change reports. */
  changedIds: Set<number>;
}

const NO_PROPS: Props = Object.freeze({}) as Props;

/** A PATCH batch's overlay on the live tree. */
export class PatchOverlay {
  readonly live: LiveTree;
  readonly budget: Budget;
  readonly s: StagedPatches;

  constructor(live: LiveTree) {
    this.live = live;
    this.budget = new Budget(live.maxWork);
    this.s = {
      added: new Map(),
      dropped: new Map(),
      removed: new Set(),
      props: new Map(),
      counts: new Map(),
      lists: new Map(),
      fresh: new Set(),
      changed: [],
      root: undefined,
      bytes: live.bytes,
      work: 0,
      plan: {
        propNodes: [],
        propValues: [],
        propCounts: [],
        unbind: [],
        bind: [],
        droppedIds: [],
        addedNodes: [],
        marks: [],
        live: [],
        changedIds: new Set(),
      },
    };
  }

  /** Works out the commit's lists (yielding as it goes): the commit then only installs. */
  *prepare(): Steps<void> {
    const s = this.s;
    const plan = s.plan;
    const budget = this.budget;
    for (const n of s.dropped.values()) {
      plan.droppedIds.push(n.id);
      if (n.type === "scroll") plan.unbind.push(n);
      if (budget.due(1)) yield budget.work;
    }
    for (const [n, props] of s.props) {
      plan.propNodes.push(n);
      plan.propValues.push(props);
      plan.propCounts.push(s.counts.get(n)!);
      if (n.type === "scroll") {
        if (!s.fresh.has(n)) plan.unbind.push(n);
        if (this.liveAfter(n)) plan.bind.push(n);
      }
      if (budget.due(1)) yield budget.work;
    }
    for (const n of s.added.values()) {
      plan.addedNodes.push(n);
      if (n.type === "scroll") plan.bind.push(n);
      if (budget.due(1)) yield budget.work;
    }
    const seen = new Set<ModelNode>();
    for (const n of s.changed) {
      if (!seen.has(n)) {
        seen.add(n);
        plan.marks.push(n);
        if (this.liveAfter(n)) {
          plan.live.push(n);
          plan.changedIds.add(n.id);
          s.removed.delete(n.id);
        }
      }
      if (budget.due(1)) yield budget.work;
    }
  }

  /** Whether `n` is in the tree once the batch is committed. */
  liveAfter(n: ModelNode): boolean {
    return this.s.fresh.has(n) ? this.s.added.get(n.id) === n : !this.s.dropped.has(n.id);
  }

  /** The node with `id` as the batch has left things so far. */
  get(id: number): ModelNode | undefined {
    const added = this.s.added.get(id);
    if (added) return added;
    if (this.s.dropped.has(id)) return undefined;
    return this.live.get(id);
  }

  get root(): ModelNode | null {
    return this.s.root !== undefined ? this.s.root : this.live.root;
  }

  /** The node holding `n`'s children as the batch has left them. */
  kids(n: ModelNode): ModelNode {
    return this.s.lists.get(n) ?? n;
  }

  /** The node whose child list the batch may change for `n`: `n` itself when built by it. */
  *writable(n: ModelNode): Steps<ModelNode> {
    if (this.s.fresh.has(n)) return n;
    let copy = this.s.lists.get(n);
    if (!copy) {
      copy = new ModelNode(n.id, n.type, NO_PROPS, null, n.depth, 0);
      for (const units of copy.copyChildrenOf(n)) {
        this.budget.spend(units);
        if (this.budget.due(0)) yield this.budget.work;
      }
      this.s.lists.set(n, copy);
    }
    return copy;
  }

  props(n: ModelNode): Props {
    return this.s.props.get(n) ?? n.props;
  }

  mark(n: ModelNode): void {
    this.s.changed.push(n);
  }

  target(id: number): ModelNode {
    const node = this.get(id);
    if (!node) throw unknownTarget(id);
    return node;
  }
}
