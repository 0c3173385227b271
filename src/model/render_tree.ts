/**
 * The render tree: nodes patched by id, with an O(1) id index, atomic batches,
 * child lists indexed for O(log n) changes, and bounds on the work of one batch
 * and on the bytes the tree holds.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { NodeSpec, Patch, Props } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import { ModelNode, type TreeChange } from "./model_node.ts";
import {
  CONTAINERS,
  copyCost,
  dup,
  isAncestorOrSelf,
  mergeProps,
  nodeBytes,
  outOfRange,
  tooBig,
  tooMany,
} from "./tree_parts.ts";
import { type StagedPatches, stagePatches } from "./staged_patch.ts";
import { type StagedRoot, stageRoot } from "./staged_tree.ts";
import type { Steps } from "../protocol/slices.ts";

/**
 * A TREE or PATCH batch staged by {@linkcode RenderTree.stageRoot} or
 * {@linkcode RenderTree.stagePatches}, for the matching commit.
 */
export interface Staged<T> {
  readonly staged: T;
  /** The tree's epoch when staging began: the commit refuses a tree changed since. */
  readonly epoch: number;
}

/** Limits for a {@linkcode RenderTree}. */
export interface RenderTreeOptions {
  /** Most live nodes. Default 1,000,000. */
  maxNodes?: number;
  /** Deepest nesting (root is depth 0). Default 256. */
  maxDepth?: number;
  /**
   * Most work one TREE or PATCH batch may take, in units of roughly 0.1 µs
   * (a node built costs 3-5, visited or removed 1, a change to a child list of
   * n costs 2 + 2 log2 n, a `set` one per prop). A batch that needs more is
   * rejected (`too_large`) and rolled back, so no single message holds the
   * event loop for long. Default unlimited; a viewer sets
   * {@linkcode DEFAULT_MAX_WORK} (its `maxWork` limit).
   */
  maxWork?: number;
  /** Most estimated bytes the tree may hold (nodes and props). Default unlimited. */
  maxBytes?: number;
}

/**
 * The viewer's default {@linkcode RenderTreeOptions.maxWork}: a TREE of
 * 100,000 nodes (the viewer's node limit) fits; a PATCH batch of this much
 * work takes some tens of ms (about 13,000 moves in a list of 100,000).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_WORK } from "./render_tree.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_MAX_WORK, 1_000_000);
 * ```
 */
export const DEFAULT_MAX_WORK = 1_000_000;

// One record per applied step, so that a batch stopped anywhere (an error, the
// work budget) can be undone exactly, at the cost of the steps it took.
type Undo =
  | { op: "props"; node: ModelNode; props: Props; delta: number; count: number }
  | { op: "indexed"; node: ModelNode }
  | { op: "unindexed"; node: ModelNode }
  | { op: "inserted"; parent: ModelNode; index: number }
  | { op: "detached"; parent: ModelNode; index: number; node: ModelNode }
  | { op: "moved"; parent: ModelNode; from: number; to: number }
  | { op: "replaced"; parent: ModelNode; index: number; old: ModelNode }
  | { op: "root"; old: ModelNode | null };

/**
 * The live render tree of one session.
 *
 * @example
 * ```ts
 * import { RenderTree } from "./render_tree.ts";
 * import assert from "node:assert/strict";
 * const tree = new RenderTree();
 * tree.setRoot({ id: 1, type: "box", props: {}, children: [{ id: 2, type: "text", props: { content: "a" } }] });
 * tree.apply([{ target: 2, set: { content: "b" } }]);
 * assert.equal(tree.get(2)?.props.content, "b");
 * assert.equal(tree.size, 2);
 * ```
 */
export class RenderTree {
  readonly maxNodes: number;
  readonly maxDepth: number;
  readonly maxWork: number;
  /** Most estimated bytes the tree may hold; a host may lower it between batches. */
  maxBytes: number;
  #root: ModelNode | null = null;
  #bytes = 0;
  #work = 0;
  #lastWork = 0;
  #lastUndoWork = 0;
  #index = new Map<number, ModelNode>();
  #bindings = new Map<number, Set<ModelNode>>();
  #clock = 0;
  #listeners = new Set<(change: TreeChange) => void>();
  // Per-batch bookkeeping.
  #stamp = 0;
  #changed: ModelNode[] = [];
  #removed = new Set<number>();
  #undo: Undo[] = [];
  // Bumped by every change of structure or props; a staged batch commits only
  // onto the tree it was worked out against.
  #epoch = 0;

  constructor(options: RenderTreeOptions = {}) {
    this.maxNodes = options.maxNodes ?? 1_000_000;
    this.maxDepth = options.maxDepth ?? 256;
    this.maxWork = options.maxWork ?? Infinity;
    this.maxBytes = options.maxBytes ?? Infinity;
  }

  /** Estimated bytes held by the live nodes and their props. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Work units the last TREE or PATCH batch took, up to where it stopped (tests, benches). */
  get lastWork(): number {
    return this.#lastWork;
  }

  /** Work units undoing the last PATCH batch took (0 when it was applied). */
  get lastUndoWork(): number {
    return this.#lastUndoWork;
  }

  /** The root node, or `null` before the first TREE (or after the root's removal). */
  get root(): ModelNode | null {
    return this.#root;
  }

  /** Number of live nodes. */
  get size(): number {
    return this.#index.size;
  }

  /** The live node with `id`, in O(1). */
  get(id: number): ModelNode | undefined {
    return this.#index.get(id);
  }

  /** Every live id (for checks and tests). */
  ids(): IterableIterator<number> {
    return this.#index.keys();
  }

  /** Scroll nodes whose `schema` prop references `slot`. */
  boundTo(slot: number): ReadonlySet<ModelNode> {
    return this.#bindings.get(slot) ?? EMPTY_SET;
  }

  /** Subscribes to applied changes; returns an unsubscribe function. */
  onChange(listener: (change: TreeChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Replaces the whole tree (TREE). Atomic: on error the old tree stays. */
  setRoot(spec: NodeSpec): TreeChange {
    const fresh = new Map<number, ModelNode>();
    const stamp = ++this.#clock;
    this.#work = 0;
    let bytes = 0;
    const root = this.#build(spec, null, 0, stamp, (n) => {
      if (fresh.has(n.id)) throw dup(n.id, "appears twice in the tree");
      if (fresh.size >= this.maxNodes) throw tooMany(this.maxNodes);
      fresh.set(n.id, n);
      bytes += nodeBytes(n);
      if (bytes > this.maxBytes) throw this.#tooBig(bytes);
    });
    this.#spend(fresh.size + this.#index.size);
    this.#lastWork = this.#work;
    this.#bytes = bytes;
    const removed = new Set<number>();
    for (const id of this.#index.keys()) if (!fresh.has(id)) removed.add(id);
    this.#index = fresh;
    this.#root = root;
    this.#epoch++;
    this.#bindings.clear();
    for (const n of fresh.values()) this.#bind(n);
    const change: TreeChange = { stamp, changed: new Set(fresh.keys()), removed, root: true };
    this.#emit(change);
    return change;
  }

  /** Marks nodes as changed from outside (data rows for a bound scroll). */
  touch(nodes: Iterable<ModelNode>): TreeChange {
    this.#begin();
    for (const n of nodes) this.#mark(n);
    return this.#commit();
  }

  /**
   * Applies a batch of patches in order, all or nothing. On any error the tree
   * (nodes, props, order, index, stamps) is exactly as before and the error is
   * rethrown as a `ViewportError` naming the patch.
   */
  apply(patches: readonly Patch[]): TreeChange {
    this.#begin();
    let i = 0;
    try {
      for (; i < patches.length; i++) {
        this.#spend(1);
        this.#applyOne(patches[i]);
      }
      if (this.#bytes > this.maxBytes) throw this.#tooBig(this.#bytes);
    } catch (err) {
      this.#lastWork = this.#work;
      this.#rollback();
      this.#lastUndoWork = this.#work;
      if (err instanceof ViewportError && patches.length > 1) {
        throw new ViewportError(err.code, `patch ${i} of ${patches.length}: ${err.message}`);
      }
      throw err;
    }
    this.#lastWork = this.#work;
    this.#lastUndoWork = 0;
    this.#epoch++;
    return this.#commit();
  }

  /**
   * {@linkcode RenderTree.setRoot} in steps, for a tree too large to build in
   * one turn: builds the new tree beside the live one (which readers keep
   * seeing, unchanged), yielding the work done so far. Nothing changes until
   * {@linkcode RenderTree.commitRoot}; an error leaves nothing to undo.
   */
  *stageRoot(spec: NodeSpec): Steps<Staged<StagedRoot>> {
    const epoch = this.#epoch;
    const staged = yield* stageRoot(this, spec, ++this.#clock);
    return { staged, epoch };
  }

  /** Installs a staged TREE at once (O(1)); throws if the tree changed since it was staged. */
  commitRoot(pending: Staged<StagedRoot>): TreeChange {
    this.#current(pending.epoch);
    const s = pending.staged;
    this.#lastWork = s.work;
    if (s.bytes > this.maxBytes) throw tooBig(s.bytes, this.maxBytes);
    this.#bytes = s.bytes;
    this.#index = s.index;
    this.#root = s.root;
    this.#bindings = s.bindings;
    this.#epoch++;
    const change: TreeChange = {
      stamp: s.root.version,
      changed: s.changed,
      removed: s.removed,
      root: true,
    };
    this.#emit(change);
    return change;
  }

  /**
   * {@linkcode RenderTree.apply} in steps, for a batch too large for one
   * turn: works the batch out beside the live tree (which readers keep
   * seeing, unchanged), yielding the work done so far. Throws what `apply`
   * throws, with nothing to undo; {@linkcode RenderTree.commitPatches} then
   * installs it at O(1) per changed node.
   */
  *stagePatches(patches: readonly Patch[]): Steps<Staged<StagedPatches>> {
    const epoch = this.#epoch;
    this.#lastUndoWork = 0;
    try {
      const staged = yield* stagePatches(this, patches);
      this.#lastWork = staged.work;
      return { staged, epoch };
    } catch (err) {
      // A stamp per batch, applied or not, as `apply` takes (the commit takes one).
      this.#clock++;
      throw err;
    }
  }

  /** Installs a staged PATCH batch; throws if the tree changed since it was staged. */
  commitPatches(pending: Staged<StagedPatches>): TreeChange {
    this.#current(pending.epoch);
    const s = pending.staged;
    if (s.bytes > this.maxBytes) throw tooBig(s.bytes, this.maxBytes);
    const plan = s.plan;
    // Bindings follow props: out with the old props, in with the new.
    for (const n of plan.unbind) this.#unbind(n);
    const nodes = plan.propNodes, values = plan.propValues, counts = plan.propCounts;
    for (let i = 0; i < nodes.length; i++) {
      nodes[i].props = values[i];
      nodes[i].propCount = counts[i];
    }
    for (const [n, list] of s.lists) n.adoptChildren(list);
    const index = this.#index;
    for (const id of plan.droppedIds) index.delete(id);
    for (const n of plan.addedNodes) index.set(n.id, n);
    for (const n of plan.bind) this.#bind(n);
    if (s.root !== undefined) this.#root = s.root;
    this.#bytes = s.bytes;
    this.#epoch++;
    // Stamps as `#commit` gives them: the batch's on every changed node, the
    // subtree stamp up from each live one to the first ancestor already stamped.
    const stamp = ++this.#clock;
    for (const n of plan.marks) {
      n.prevVersion = n.version;
      n.version = stamp;
    }
    for (const n of plan.live) {
      for (let a: ModelNode | null = n; a && a.subtree !== stamp; a = a.parent) a.subtree = stamp;
    }
    const change: TreeChange = { stamp, changed: plan.changedIds, removed: s.removed, root: false };
    if (change.changed.size > 0 || change.removed.size > 0) this.#emit(change);
    return change;
  }

  #current(epoch: number): void {
    if (epoch !== this.#epoch) {
      throw new ViewportError(
        ErrorCode.BAD_MESSAGE,
        "the tree changed while the batch was being applied in slices: send it again",
      );
    }
  }

  /** Counts work; past the budget the batch is refused (and rolled back by the caller). */
  #spend(units: number): void {
    if ((this.#work += units) > this.maxWork) {
      throw new ViewportError(
        ErrorCode.TOO_LARGE,
        `the batch needs more work than the limit of ${this.maxWork} units ` +
          `(nodes built, visited or moved): split it into smaller batches`,
      );
    }
  }

  #tooBig(bytes: number): ViewportError {
    return new ViewportError(
      ErrorCode.TOO_LARGE,
      `the tree would hold about ${bytes} bytes, over the limit of ${this.maxBytes}`,
    );
  }

  #begin(): void {
    this.#work = 0;
    this.#stamp = ++this.#clock;
    this.#changed.length = 0;
    this.#removed = new Set();
    this.#undo.length = 0;
  }

  #commit(): TreeChange {
    const stamp = this.#stamp;
    const changed = new Set<number>();
    for (const n of this.#changed) {
      if (this.#index.get(n.id) !== n) continue; // removed later in the batch
      changed.add(n.id);
      this.#removed.delete(n.id);
      // Stop at the first ancestor already stamped in this batch: above it, done.
      for (let a: ModelNode | null = n; a && a.subtree !== stamp; a = a.parent) a.subtree = stamp;
    }
    const change: TreeChange = { stamp, changed, removed: this.#removed, root: false };
    this.#undo.length = 0;
    if (changed.size > 0 || this.#removed.size > 0) this.#emit(change);
    return change;
  }

  #emit(change: TreeChange): void {
    for (const l of this.#listeners) l(change);
  }

  #mark(n: ModelNode): void {
    if (n.version === this.#stamp) return;
    n.prevVersion = n.version;
    n.version = this.#stamp;
    this.#changed.push(n);
  }

  #applyOne(p: Patch): void {
    const node = this.#index.get(p.target);
    if (!node) {
      throw new ViewportError(
        ErrorCode.UNKNOWN_TARGET,
        `unknown target id ${p.target} (no live node has it)`,
      );
    }
    if (p.set !== undefined) this.#set(node, p.set);
    else if (p.children_insert !== undefined) {
      this.#insert(node, p.children_insert.index, p.children_insert.node);
    } else if (p.children_move !== undefined) {
      this.#move(node, p.children_move.from, p.children_move.to);
    } else if (p.replace !== undefined) this.#replace(node, p.replace);
    else if (p.remove) this.#remove(node);
    else throw new ViewportError(ErrorCode.BAD_MESSAGE, `patch for ${p.target} has no operation`);
  }

  #set(node: ModelNode, set: Props): void {
    if (set.interactive != null && node.type !== "box") {
      throw new ViewportError(
        ErrorCode.BAD_MESSAGE,
        `set interactive on node ${node.id}: behaviours attach to box nodes, not to ${node.type}`,
      );
    }
    const old = node.props;
    // Copying the props is charged per prop, more for big objects: a node with
    // 200,000 props cannot be set a thousand times in one batch.
    const count = node.propCount;
    this.#spend(copyCost(count));
    const { next, delta, added, keys } = mergeProps(old, set);
    this.#spend(keys);
    const rebinding = node.type === "scroll" && ("schema" in set);
    if (rebinding) this.#unbind(node);
    node.props = next;
    node.propCount = count + added;
    if (rebinding) this.#bind(node);
    this.#bytes += delta;
    this.#undo.push({ op: "props", node, props: old, delta, count });
    this.#mark(node);
  }

  #insert(parent: ModelNode, index: number, spec: NodeSpec): void {
    if (!CONTAINERS.has(parent.type)) {
      throw new ViewportError(
        ErrorCode.BAD_MESSAGE,
        `children_insert into node ${parent.id}: a ${parent.type} node has no children (only box and scroll)`,
      );
    }
    if (index > parent.childCount) {
      throw outOfRange("children_insert index", index, parent, parent.childCount);
    }
    this.#checkNew(spec, parent, null);
    const node = this.#build(spec, parent, parent.depth + 1, this.#stamp, (n) => this.#addIndex(n));
    const work = parent.insertChild(index, node);
    this.#undo.push({ op: "inserted", parent, index });
    this.#mark(parent);
    this.#markSubtree(node);
    this.#spend(work);
  }

  #move(parent: ModelNode, from: number, to: number): void {
    const len = parent.childCount;
    if (from >= len) throw outOfRange("children_move from", from, parent, len - 1);
    if (to >= len) throw outOfRange("children_move to", to, parent, len - 1);
    if (from === to) return;
    const n = parent.childAt(from);
    const work = parent.removeChildAt(from) + parent.insertChild(to, n);
    this.#undo.push({ op: "moved", parent, from, to });
    this.#mark(parent);
    this.#spend(work);
  }

  #remove(node: ModelNode): void {
    const parent = node.parent;
    if (parent) {
      this.#spend(parent.positionCost());
      const index = parent.indexOfChild(node);
      const work = parent.removeChildAt(index);
      this.#undo.push({ op: "detached", parent, index, node });
      this.#mark(parent);
      this.#spend(work);
    } else {
      this.#undo.push({ op: "root", old: this.#root });
      this.#root = null;
    }
    this.#dropIndex(node);
  }

  #replace(old: ModelNode, spec: NodeSpec): void {
    const parent = old.parent;
    this.#checkNew(spec, parent, old);
    let index = 0;
    if (parent) {
      this.#spend(parent.positionCost());
      index = parent.indexOfChild(old);
    }
    this.#dropIndex(old);
    const now = this.#build(spec, parent, old.depth, this.#stamp, (n) => this.#addIndex(n));
    if (parent) {
      const work = parent.replaceChildAt(index, now);
      this.#undo.push({ op: "replaced", parent, index, old });
      this.#mark(parent);
      this.#spend(work);
    } else {
      this.#undo.push({ op: "root", old: this.#root });
      this.#root = now;
    }
    this.#markSubtree(now);
  }

  // Validates a subtree about to join the tree under `parent` (in place of
  // `replacing`, whose ids are then free): fresh ids, no cycle, depth and count.
  #checkNew(spec: NodeSpec, parent: ModelNode | null, replacing: ModelNode | null): void {
    const freed = replacing ? this.#collectIds(replacing) : null;
    const seen = new Set<number>();
    const baseDepth = parent ? parent.depth + 1 : 0;
    const stack: [NodeSpec, number][] = [[spec, baseDepth]];
    while (stack.length > 0) {
      const [s, depth] = stack.pop()!;
      this.#spend(1);
      if (depth > this.maxDepth) {
        throw new ViewportError(
          ErrorCode.TOO_LARGE,
          `node ${s.id} would sit at depth ${depth}, deeper than the limit of ${this.maxDepth}`,
        );
      }
      if (seen.has(s.id)) throw dup(s.id, "appears twice in the new subtree");
      seen.add(s.id);
      const live = this.#index.get(s.id);
      if (live && !(freed && freed.has(s.id))) {
        this.#spend(parent ? parent.depth : 0);
        if (parent && isAncestorOrSelf(live, parent)) {
          throw new ViewportError(
            ErrorCode.DUPLICATE_ID,
            `node ${s.id} would be placed inside its own subtree (a cycle)`,
          );
        }
        throw dup(s.id, "is already live");
      }
      if (s.children) { for (const c of s.children) stack.push([c, depth + 1]); }
    }
    const after = this.#index.size - (freed ? freed.size : 0) + seen.size;
    if (after > this.maxNodes) throw tooMany(this.maxNodes);
  }

  #build(
    spec: NodeSpec,
    parent: ModelNode | null,
    depth: number,
    stamp: number,
    register: (n: ModelNode) => void,
  ): ModelNode {
    if (depth > this.maxDepth) {
      throw new ViewportError(
        ErrorCode.TOO_LARGE,
        `node ${spec.id} sits at depth ${depth}, deeper than the limit of ${this.maxDepth}`,
      );
    }
    const node = new ModelNode(spec.id, spec.type, spec.props, parent, depth, stamp);
    // A node made and indexed costs about as much as a few list changes.
    this.#spend(3);
    register(node);
    const kids = spec.children;
    if (kids && kids.length > 0) {
      const out = new Array(kids.length);
      for (let i = 0; i < kids.length; i++) {
        out[i] = this.#build(kids[i], node, depth + 1, stamp, register);
      }
      node.setChildren(out);
    }
    return node;
  }

  #addIndex(n: ModelNode): void {
    this.#index.set(n.id, n);
    this.#bind(n);
    this.#bytes += nodeBytes(n);
    this.#undo.push({ op: "indexed", node: n });
    if (this.#bytes > this.maxBytes) throw this.#tooBig(this.#bytes);
  }

  #dropIndex(root: ModelNode): void {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.#spend(1);
      this.#index.delete(n.id);
      this.#unbind(n);
      this.#bytes -= nodeBytes(n);
      this.#undo.push({ op: "unindexed", node: n });
      this.#removed.add(n.id);
      for (const c of n.children) stack.push(c);
    }
  }

  #markSubtree(root: ModelNode): void {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.#spend(1);
      this.#changed.push(n);
      for (const c of n.children) stack.push(c);
    }
  }

  #collectIds(root: ModelNode): Set<number> {
    const ids = new Set<number>();
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.#spend(1);
      ids.add(n.id);
      for (const c of n.children) stack.push(c);
    }
    return ids;
  }

  #bind(n: ModelNode): void {
    if (n.type !== "scroll") return;
    const ref = n.props.schema;
    if (!(ref instanceof SlotRef)) return;
    let set = this.#bindings.get(ref.slot);
    if (!set) this.#bindings.set(ref.slot, set = new Set());
    set.add(n);
  }

  #unbind(n: ModelNode): void {
    if (n.type !== "scroll") return;
    const ref = n.props.schema;
    if (!(ref instanceof SlotRef)) return;
    const set = this.#bindings.get(ref.slot);
    if (set) {
      set.delete(n);
      if (set.size === 0) this.#bindings.delete(ref.slot);
    }
  }

  /**
   * Undoes the batch so far, newest first. Each record mirrors one applied
   * step (a props change, one node indexed or taken out, one child-list
   * change), so a rollback costs no more than the apply it undoes.
   */
  #rollback(): void {
    this.#work = 0;
    for (let i = this.#undo.length - 1; i >= 0; i--) {
      const u = this.#undo[i];
      this.#work++;
      switch (u.op) {
        case "props": {
          const rebinding = u.node.type === "scroll";
          if (rebinding) this.#unbind(u.node);
          u.node.props = u.props;
          u.node.propCount = u.count;
          if (rebinding) this.#bind(u.node);
          this.#bytes -= u.delta;
          break;
        }
        case "indexed":
          this.#index.delete(u.node.id);
          this.#unbind(u.node);
          this.#bytes -= nodeBytes(u.node);
          break;
        case "unindexed":
          this.#index.set(u.node.id, u.node);
          this.#bind(u.node);
          this.#bytes += nodeBytes(u.node);
          break;
        case "inserted":
          this.#work += u.parent.removeChildAt(u.index);
          break;
        case "detached":
          this.#work += u.parent.insertChild(u.index, u.node);
          break;
        case "moved": {
          const n = u.parent.childAt(u.to);
          this.#work += u.parent.removeChildAt(u.to) + u.parent.insertChild(u.from, n);
          break;
        }
        case "replaced":
          this.#work += u.parent.replaceChildAt(u.index, u.old);
          break;
        case "root":
          this.#root = u.old;
          break;
      }
    }
    // Nodes made in the batch are dropped with it; the others get their stamps back.
    for (const n of this.#changed) if (n.version === this.#stamp) n.version = n.prevVersion;
    this.#undo.length = 0;
    this.#changed.length = 0;
    this.#removed = new Set();
  }
}

const EMPTY_SET: ReadonlySet<ModelNode> = new Set();
