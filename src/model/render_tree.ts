/**
 * The render tree: nodes patched by id, with an O(1) id index and atomic batches.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { NodeSpec, Patch, Props } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import type { ModelNode, TreeChange } from "./model_node.ts";

/** Limits for a {@linkcode RenderTree}. */
export interface RenderTreeOptions {
  /** Most live nodes. Default 1,000,000. */
  maxNodes?: number;
  /** Deepest nesting (root is depth 0). Default 256. */
  maxDepth?: number;
}

type Undo =
  | { op: "props"; node: ModelNode; props: Props }
  | { op: "insert"; parent: ModelNode; index: number }
  | { op: "remove"; node: ModelNode; parent: ModelNode | null; index: number }
  | { op: "move"; parent: ModelNode; from: number; to: number }
  | { op: "replace"; old: ModelNode; now: ModelNode; parent: ModelNode | null; index: number };

const CONTAINERS = new Set(["box", "scroll"]);

/**
 * The live render tree of one session.
 *
 * @example
 * ```ts
 * import { RenderTree } from "./render_tree.ts";
 * const tree = new RenderTree();
 * tree.setRoot({ id: 1, type: "box", props: {}, children: [{ id: 2, type: "text", props: { content: "a" } }] });
 * tree.apply([{ target: 2, set: { content: "b" } }]);
 * console.assert(tree.get(2)?.props.content === "b" && tree.size === 2);
 * ```
 */
export class RenderTree {
  readonly maxNodes: number;
  readonly maxDepth: number;
  #root: ModelNode | null = null;
  #index = new Map<number, ModelNode>();
  #bindings = new Map<number, Set<ModelNode>>();
  #clock = 0;
  #listeners = new Set<(change: TreeChange) => void>();
  // Per-batch bookkeeping.
  #stamp = 0;
  #changed: ModelNode[] = [];
  #removed = new Set<number>();
  #undo: Undo[] = [];
  #prevVersions = new Map<ModelNode, number>();

  constructor(options: RenderTreeOptions = {}) {
    this.maxNodes = options.maxNodes ?? 1_000_000;
    this.maxDepth = options.maxDepth ?? 256;
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
    const root = this.#build(spec, null, 0, stamp, (n) => {
      if (fresh.has(n.id)) throw dup(n.id, "appears twice in the tree");
      if (fresh.size >= this.maxNodes) throw tooMany(this.maxNodes);
      fresh.set(n.id, n);
    });
    const removed = new Set<number>();
    for (const id of this.#index.keys()) if (!fresh.has(id)) removed.add(id);
    this.#index = fresh;
    this.#root = root;
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
      for (; i < patches.length; i++) this.#applyOne(patches[i]);
    } catch (err) {
      this.#rollback();
      if (err instanceof ViewportError && patches.length > 1) {
        throw new ViewportError(err.code, `patch ${i} of ${patches.length}: ${err.message}`);
      }
      throw err;
    }
    return this.#commit();
  }

  #begin(): void {
    this.#stamp = ++this.#clock;
    this.#changed.length = 0;
    this.#removed = new Set();
    this.#undo.length = 0;
    this.#prevVersions.clear();
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
    this.#prevVersions.clear();
    if (changed.size > 0 || this.#removed.size > 0) this.#emit(change);
    return change;
  }

  #emit(change: TreeChange): void {
    for (const l of this.#listeners) l(change);
  }

  #mark(n: ModelNode): void {
    if (n.version === this.#stamp) return;
    this.#prevVersions.set(n, n.version);
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
    const next: Props = { ...old };
    for (const key in set) {
      const v = set[key];
      if (v === null || v === undefined) delete next[key];
      else if (key === "__proto__") {
        Object.defineProperty(next, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else next[key] = v;
    }
    const rebinding = node.type === "scroll" && ("schema" in set);
    if (rebinding) this.#unbind(node);
    node.props = next;
    if (rebinding) this.#bind(node);
    this.#undo.push({ op: "props", node, props: old });
    this.#mark(node);
  }

  #insert(parent: ModelNode, index: number, spec: NodeSpec): void {
    if (!CONTAINERS.has(parent.type)) {
      throw new ViewportError(
        ErrorCode.BAD_MESSAGE,
        `children_insert into node ${parent.id}: a ${parent.type} node has no children (only box and scroll)`,
      );
    }
    if (index > parent.children.length) {
      throw outOfRange("children_insert index", index, parent, parent.children.length);
    }
    this.#checkNew(spec, parent, null);
    const node = this.#build(spec, parent, parent.depth + 1, this.#stamp, (n) => this.#addIndex(n));
    parent.children.splice(index, 0, node);
    this.#undo.push({ op: "insert", parent, index });
    this.#mark(parent);
    this.#markSubtree(node);
  }

  #move(parent: ModelNode, from: number, to: number): void {
    const len = parent.children.length;
    if (from >= len) throw outOfRange("children_move from", from, parent, len - 1);
    if (to >= len) throw outOfRange("children_move to", to, parent, len - 1);
    if (from === to) return;
    const [n] = parent.children.splice(from, 1);
    parent.children.splice(to, 0, n);
    this.#undo.push({ op: "move", parent, from, to });
    this.#mark(parent);
  }

  #remove(node: ModelNode): void {
    const parent = node.parent;
    const index = parent ? parent.children.indexOf(node) : 0;
    if (parent) {
      parent.children.splice(index, 1);
      this.#mark(parent);
    } else {
      this.#root = null;
    }
    this.#dropIndex(node);
    this.#undo.push({ op: "remove", node, parent, index });
  }

  #replace(old: ModelNode, spec: NodeSpec): void {
    const parent = old.parent;
    this.#checkNew(spec, parent, old);
    const index = parent ? parent.children.indexOf(old) : 0;
    this.#dropIndex(old);
    const now = this.#build(spec, parent, old.depth, this.#stamp, (n) => this.#addIndex(n));
    if (parent) {
      parent.children[index] = now;
      this.#mark(parent);
    } else {
      this.#root = now;
    }
    this.#undo.push({ op: "replace", old, now, parent, index });
    this.#markSubtree(now);
  }

  // Validates a subtree about to join the tree under `parent` (in place of
  // `replacing`, whose ids are then free): fresh ids, no cycle, depth and count.
  #checkNew(spec: NodeSpec, parent: ModelNode | null, replacing: ModelNode | null): void {
    const freed = replacing ? collectIds(replacing) : null;
    const seen = new Set<number>();
    const baseDepth = parent ? parent.depth + 1 : 0;
    const stack: [NodeSpec, number][] = [[spec, baseDepth]];
    while (stack.length > 0) {
      const [s, depth] = stack.pop()!;
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
    const node: ModelNode = {
      id: spec.id,
      type: spec.type,
      props: spec.props,
      children: [],
      parent,
      depth,
      version: stamp,
      subtree: stamp,
    };
    register(node);
    const kids = spec.children;
    if (kids) {
      const out = node.children = new Array(kids.length);
      for (let i = 0; i < kids.length; i++) {
        out[i] = this.#build(kids[i], node, depth + 1, stamp, register);
      }
    }
    return node;
  }

  #addIndex(n: ModelNode): void {
    this.#index.set(n.id, n);
    this.#bind(n);
  }

  #dropIndex(root: ModelNode): void {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.#index.delete(n.id);
      this.#unbind(n);
      this.#removed.add(n.id);
      for (const c of n.children) stack.push(c);
    }
  }

  #restoreIndex(root: ModelNode): void {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.#index.set(n.id, n);
      this.#bind(n);
      for (const c of n.children) stack.push(c);
    }
  }

  #markSubtree(root: ModelNode): void {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.#changed.push(n);
      for (const c of n.children) stack.push(c);
    }
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

  #rollback(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) {
      const u = this.#undo[i];
      switch (u.op) {
        case "props": {
          const rebinding = u.node.type === "scroll";
          if (rebinding) this.#unbind(u.node);
          u.node.props = u.props;
          if (rebinding) this.#bind(u.node);
          break;
        }
        case "insert": {
          const [n] = u.parent.children.splice(u.index, 1);
          this.#dropIndex(n);
          break;
        }
        case "move": {
          const [n] = u.parent.children.splice(u.to, 1);
          u.parent.children.splice(u.from, 0, n);
          break;
        }
        case "remove":
          if (u.parent) u.parent.children.splice(u.index, 0, u.node);
          else this.#root = u.node;
          this.#restoreIndex(u.node);
          break;
        case "replace":
          this.#dropIndex(u.now);
          if (u.parent) u.parent.children[u.index] = u.old;
          else this.#root = u.old;
          this.#restoreIndex(u.old);
          break;
      }
    }
    for (const [n, v] of this.#prevVersions) n.version = v;
    this.#undo.length = 0;
    this.#prevVersions.clear();
    this.#changed.length = 0;
    this.#removed = new Set();
  }
}

const EMPTY_SET: ReadonlySet<ModelNode> = new Set();

function collectIds(root: ModelNode): Set<number> {
  const ids = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    ids.add(n.id);
    for (const c of n.children) stack.push(c);
  }
  return ids;
}

function isAncestorOrSelf(candidate: ModelNode, node: ModelNode | null): boolean {
  for (let a = node; a; a = a.parent) if (a === candidate) return true;
  return false;
}

function dup(id: number, why: string): ViewportError {
  return new ViewportError(
    ErrorCode.DUPLICATE_ID,
    `node id ${id} ${why} (ids must be unique among live nodes)`,
  );
}

function tooMany(max: number): ViewportError {
  return new ViewportError(ErrorCode.TOO_LARGE, `the tree would exceed the limit of ${max} nodes`);
}

function outOfRange(what: string, value: number, parent: ModelNode, max: number): ViewportError {
  return new ViewportError(
    ErrorCode.OUT_OF_RANGE,
    `${what} ${value} is out of range for node ${parent.id} (expected 0..${max})`,
  );
}
