/**
 * Large TREE and PATCH batches, staged: worked out in slices beside the live
 * tree, which stays exactly as it was (every reader keeps seeing the last
 * committed state) until the tree commits the result in one step. A batch
 * that fails anywhere is dropped with nothing to undo.
 *
 * A staged PATCH keeps what it changes in overlays: new props per node, a
 * copy of each child list it changes (a detached node holds it), the ids it
 * adds and drops, the nodes it builds. The live nodes are not touched; the
 * commit installs the overlays, at O(1) per changed node.
 *
 * The checks, the errors and the work charged are those of the in-place path
 * in render_tree.ts (which small batches keep using).
 *
 * @module
 */
import type { NodeSpec, Patch, Props } from "../protocol/messages/types.ts";
import { Meter, type Steps } from "../protocol/slices.ts";
import { ModelNode } from "./model_node.ts";
import {
  boundSlot,
  CONTAINERS,
  copyCost,
  cycle,
  dup,
  inPatch,
  isAncestorOrSelf,
  mergeProps,
  noChildren,
  nodeBytes,
  noOperation,
  notBox,
  outOfRange,
  overWork,
  propsBytes,
  tooBig,
  tooDeep,
  tooMany,
  unknownTarget,
} from "./tree_parts.ts";

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

/** Counts work against the batch's budget and says when to yield. */
class Budget extends Meter {
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

/**
 * Builds `spec` (and its subtree) under `parent`, calling `register` for each
 * node made. Leaves are made inline; nodes with children recurse.
 */
function* build(
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

/**
 * Works out `patches` beside `live`, yielding the work done so far; the
 * result is for `RenderTree.commitPatches`. Throws what `RenderTree.apply`
 * throws for the same batch ("patch i of n: ..."), leaving `live` untouched.
 */
export function* stagePatches(live: LiveTree, patches: readonly Patch[]): Steps<StagedPatches> {
  const stage = new PatchStage(live);
  let i = 0;
  try {
    for (; i < patches.length; i++) {
      stage.budget.spend(1);
      const p = patches[i];
      // The common op without a generator of its own.
      if (p.set !== undefined) stage.set(stage.target(p.target), p.set);
      else yield* stage.one(p);
      if (stage.budget.due(0)) yield stage.budget.work;
    }
    if (stage.s.bytes > live.maxBytes) throw tooBig(stage.s.bytes, live.maxBytes);
  } catch (err) {
    throw inPatch(err, i, patches.length);
  }
  stage.s.work = stage.budget.work;
  yield* stage.prepare();
  return stage.s;
}

class PatchStage {
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

  *one(p: Patch): Steps<void> {
    const node = this.target(p.target);
    if (p.set !== undefined) this.set(node, p.set);
    else if (p.children_insert !== undefined) {
      yield* this.insert(node, p.children_insert.index, p.children_insert.node);
    } else if (p.children_move !== undefined) {
      yield* this.move(node, p.children_move.from, p.children_move.to);
    } else if (p.replace !== undefined) yield* this.replace(node, p.replace);
    else if (p.remove) yield* this.remove(node);
    else throw noOperation(p.target);
  }

  set(node: ModelNode, set: Props): void {
    if (set.interactive != null && node.type !== "box") throw notBox(node);
    const old = this.props(node);
    const count = this.s.counts.get(node) ?? node.propCount;
    this.budget.spend(copyCost(count));
    const { next, delta, added, keys } = mergeProps(old, set);
    this.budget.spend(keys);
    this.s.props.set(node, next);
    this.s.counts.set(node, count + added);
    this.s.bytes += delta;
    this.mark(node);
  }

  *insert(parent: ModelNode, index: number, spec: NodeSpec): Steps<void> {
    if (!CONTAINERS.has(parent.type)) throw noChildren(parent);
    const count = this.kids(parent).childCount;
    if (index > count) throw outOfRange("children_insert index", index, parent, count);
    yield* this.checkNew(spec, parent, null);
    const node = yield* this.build(spec, parent, parent.depth + 1);
    const work = (yield* this.writable(parent)).insertChild(index, node);
    this.mark(parent);
    yield* this.markSubtree(node);
    this.budget.spend(work);
  }

  *move(parent: ModelNode, from: number, to: number): Steps<void> {
    const len = this.kids(parent).childCount;
    if (from >= len) throw outOfRange("children_move from", from, parent, len - 1);
    if (to >= len) throw outOfRange("children_move to", to, parent, len - 1);
    if (from === to) return;
    const list = yield* this.writable(parent);
    const n = list.childAt(from);
    const work = list.removeChildAt(from) + list.insertChild(to, n);
    this.mark(parent);
    this.budget.spend(work);
  }

  *remove(node: ModelNode): Steps<void> {
    const parent = node.parent;
    if (parent) {
      const list = yield* this.writable(parent);
      this.budget.spend(list.positionCost());
      const work = list.removeChildAt(list.indexOfChild(node));
      this.mark(parent);
      this.budget.spend(work);
    } else {
      this.s.root = null;
    }
    yield* this.drop(node);
  }

  *replace(old: ModelNode, spec: NodeSpec): Steps<void> {
    const parent = old.parent;
    yield* this.checkNew(spec, parent, old);
    let index = 0;
    let list: ModelNode | null = null;
    if (parent) {
      list = yield* this.writable(parent);
      this.budget.spend(list.positionCost());
      index = list.indexOfChild(old);
    }
    yield* this.drop(old);
    const now = yield* this.build(spec, parent, old.depth);
    if (list) {
      const work = list.replaceChildAt(index, now);
      this.mark(parent!);
      this.budget.spend(work);
    } else {
      this.s.root = now;
    }
    yield* this.markSubtree(now);
  }

  *checkNew(spec: NodeSpec, parent: ModelNode | null, replacing: ModelNode | null): Steps<void> {
    const freed = replacing ? yield* this.collectIds(replacing) : null;
    const seen = new Set<number>();
    const maxDepth = this.live.maxDepth;
    const stack: [NodeSpec, number][] = [[spec, parent ? parent.depth + 1 : 0]];
    while (stack.length > 0) {
      const [s, depth] = stack.pop()!;
      this.budget.spend(1);
      if (depth > maxDepth) throw tooDeep(s.id, depth, maxDepth, true);
      if (seen.has(s.id)) throw dup(s.id, "appears twice in the new subtree");
      seen.add(s.id);
      const live = this.get(s.id);
      if (live && !(freed && freed.has(s.id))) {
        this.budget.spend(parent ? parent.depth : 0);
        if (parent && isAncestorOrSelf(live, parent)) throw cycle(s.id);
        throw dup(s.id, "is already live");
      }
      if (s.children) { for (const c of s.children) stack.push([c, depth + 1]); }
      if (this.budget.due(0)) yield this.budget.work;
    }
    const size = this.live.size + this.s.added.size - this.s.dropped.size;
    const after = size - (freed ? freed.size : 0) + seen.size;
    if (after > this.live.maxNodes) throw tooMany(this.live.maxNodes);
  }

  *collectIds(root: ModelNode): Steps<Set<number>> {
    const ids = new Set<number>();
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.budget.spend(1);
      ids.add(n.id);
      for (const c of this.kids(n).children) stack.push(c);
      if (this.budget.due(0)) yield this.budget.work;
    }
    return ids;
  }

  *build(spec: NodeSpec, parent: ModelNode | null, depth: number): Steps<ModelNode> {
    const s = this.s;
    const max = this.live.maxBytes;
    const register = (n: ModelNode) => {
      s.added.set(n.id, n);
      s.fresh.add(n);
      s.bytes += nodeBytes(n);
      if (s.bytes > max) throw tooBig(s.bytes, max);
    };
    return yield* build(spec, parent, depth, 0, register, this.budget, this.live.maxDepth);
  }

  /** Takes `root` and its subtree out of the index, as the batch has left them. */
  *drop(root: ModelNode): Steps<void> {
    const s = this.s;
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.budget.spend(1);
      if (s.fresh.has(n)) {
        s.added.delete(n.id);
        s.bytes -= propsBytes(this.props(n));
      } else {
        s.dropped.set(n.id, n);
        s.bytes -= propsBytes(this.props(n));
      }
      s.removed.add(n.id);
      for (const c of this.kids(n).children) stack.push(c);
      if (this.budget.due(0)) yield this.budget.work;
    }
  }

  *markSubtree(root: ModelNode): Steps<void> {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.budget.spend(1);
      this.s.changed.push(n);
      for (const c of n.children) stack.push(c);
      if (this.budget.due(0)) yield this.budget.work;
    }
  }
}
