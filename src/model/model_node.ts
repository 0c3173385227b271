/**
 * The live node the model keeps for each id.
 *
 * @module
 */
import type { NodeType, Props } from "../protocol/messages/types.ts";
import { IndexedList } from "./indexed_list.ts";

/** Child lists longer than this are indexed (O(log n) per change) instead of spliced. */
const INDEXED_OVER = 64;

/**
 * A node of the live tree. `version` is the stamp of the last batch that changed
 * the node itself (props or child list); `subtree` is the stamp of the last batch
 * that changed it or anything below it. Renderers and the projection compare
 * stamps to skip unchanged parts (remote-dom's version-stamped nodes).
 *
 * The child list is changed only by the tree that owns the node (`RenderTree`,
 * through the methods marked "tree use"). A long list is kept in an indexed
 * sequence, so that inserting, moving or removing one child costs O(log n)
 * however long it is; `children` then gives an array built on first read after
 * a change.
 *
 * @example
 * ```ts
 * import { ModelNode } from "./model_node.ts";
 * import assert from "node:assert/strict";
 * const box = new ModelNode(1, "box", {}, null, 0, 1);
 * box.insertChild(0, new ModelNode(2, "text", { content: "a" }, box, 1, 1));
 * assert.equal(box.children[0].id, 2);
 * assert.equal(box.childCount, 1);
 * ```
 */
export class ModelNode {
  readonly id: number;
  readonly type: NodeType;
  props: Props;
  parent: ModelNode | null;
  depth: number;
  version: number;
  subtree: number;
  /** Tree use: how many own props `props` has. */
  propCount = 0;
  /** Tree use: `version` before the batch in progress changed it. */
  prevVersion = 0;
  #list: ModelNode[] = EMPTY;
  #indexed: IndexedList<ModelNode> | null = null;
  #stale = false;

  constructor(
    id: number,
    type: NodeType,
    props: Props,
    parent: ModelNode | null,
    depth: number,
    stamp: number,
  ) {
    this.id = id;
    this.type = type;
    this.props = props;
    this.parent = parent;
    this.depth = depth;
    this.version = stamp;
    this.subtree = stamp;
  }

  /** The children in order (do not modify the array). */
  get children(): readonly ModelNode[] {
    if (this.#stale) {
      this.#list = this.#indexed!.toArray();
      this.#stale = false;
    }
    return this.#list;
  }

  /** Number of children, without building the array. */
  get childCount(): number {
    return this.#indexed !== null ? this.#indexed.length : this.#list.length;
  }

  /** Child `index` (0-based, in range). */
  childAt(index: number): ModelNode {
    return this.#indexed !== null ? this.#indexed.at(index) : this.#list[index];
  }

  /** Where `child` is among the children, or -1. */
  indexOfChild(child: ModelNode): number {
    return this.#indexed !== null ? this.#indexed.indexOf(child) : this.#list.indexOf(child);
  }

  /** Tree use: the initial child list of a freshly built node (taken, not copied). */
  setChildren(list: ModelNode[]): void {
    this.#list = list;
    this.#indexed = null;
    this.#stale = false;
  }

  /**
   * Tree use: makes this (detached) node hold a copy of `source`'s child list,
   * indexed when long, for a staged batch to change; yields the work of each
   * part (in the units of the tree's work budget).
   */
  *copyChildrenOf(source: ModelNode): Generator<number, void, void> {
    const list = source.children.slice();
    this.setChildren(list);
    yield 1 + (list.length >> 4);
    if (list.length <= INDEXED_OVER) return;
    // Indexed in parts (a long list takes milliseconds), each yielding its work.
    const parts = IndexedList.fromSteps(list);
    for (let r = parts.next();; r = parts.next()) {
      if (r.done) {
        this.#indexed = r.value;
        this.#stale = true;
        return;
      }
      yield r.value;
    }
  }

  /** Tree use: takes the child list of `staged` (a copy made by {@linkcode copyChildrenOf}). */
  adoptChildren(staged: ModelNode): void {
    this.#list = staged.#list;
    this.#indexed = staged.#indexed;
    this.#stale = staged.#stale;
  }

  /**
   * Tree use: inserts `child` at `index` (0..childCount). Returns the work it
   * took, in the units of the tree's work budget.
   */
  insertChild(index: number, child: ModelNode): number {
    const work = this.#prepare();
    if (this.#indexed !== null) {
      this.#indexed.insert(index, child);
      this.#stale = true;
      return work + this.#logCost();
    }
    if (this.#list === EMPTY) this.#list = [];
    this.#list.splice(index, 0, child);
    return work + 1;
  }

  /** Tree use: removes child `index`; returns the work it took. */
  removeChildAt(index: number): number {
    const work = this.#prepare();
    if (this.#indexed !== null) {
      this.#indexed.removeAt(index);
      this.#stale = true;
      return work + this.#logCost();
    }
    this.#list.splice(index, 1);
    return work + 1;
  }

  /** Tree use: puts `child` in place of child `index`; returns the work it took. */
  replaceChildAt(index: number, child: ModelNode): number {
    if (this.#indexed !== null) {
      this.#indexed.set(index, child);
      this.#stale = true;
      return this.#logCost();
    }
    this.#list[index] = child;
    return 1;
  }

  /** Work of finding a position: a short list is scanned, a long one walked. */
  positionCost(): number {
    return this.#indexed !== null ? this.#logCost() : 1 + (this.#list.length >> 4);
  }

  // About 2 units per level of the index: units track time, roughly 0.1 µs each.
  #logCost(): number {
    return 2 * (1 + (32 - Math.clz32(this.#indexed!.length)));
  }

  /** Indexes a list that grew long (once; O(n), charged as n). */
  #prepare(): number {
    if (this.#indexed !== null || this.#list.length <= INDEXED_OVER) return 0;
    this.#indexed = IndexedList.from(this.#list);
    this.#stale = true;
    return this.#list.length;
  }
}

const EMPTY: ModelNode[] = Object.freeze([]) as unknown as ModelNode[];

/** What one applied batch changed, handed to change listeners. */
export interface TreeChange {
  /** Stamp of the batch (also written into the changed nodes' `version`). */
  stamp: number;
  /** Ids of live nodes whose own props or child list changed, or that were added. */
  changed: Set<number>;
  /** Ids that are no longer in the tree. */
  removed: Set<number>;
  /** True when the whole tree was replaced (TREE message). */
  root: boolean;
}
