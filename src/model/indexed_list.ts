/**
 * A sequence with fast positional changes however long it is: items sit in
 * blocks of at most 512 (kept at 64 or more by merging), and a Fenwick tree
 * over the block sizes finds the block of a position in O(log n). Inserting,
 * removing, replacing or finding an item costs O(log n) plus a copy of at
 * most one block (cache-friendly, well under a microsecond); splitting or
 * merging blocks is amortised over the changes that made it necessary. Long
 * child lists live here; short ones stay plain arrays (`model_node.ts`).
 *
 * @module
 */

const MAX = 512;
const MIN = 64;

interface Block<T> {
  items: T[];
  /** Position among the blocks (kept current on every rebuild). */
  index: number;
}

/**
 * An indexed list of distinct items.
 *
 * @example
 * ```ts
 * import { IndexedList } from "./indexed_list.ts";
 * import assert from "node:assert/strict";
 * const list = IndexedList.from(["a", "b", "c"]);
 * list.insert(1, "x");
 * list.removeAt(3);
 * assert.equal(list.toArray().join(""), "axb");
 * assert.equal(list.indexOf("b"), 2);
 * ```
 */
export class IndexedList<T> {
  #blocks: Block<T>[] = [];
  #fenwick = new Int32Array(1);
  /** The highest power of two below the Fenwick array's length. */
  #top = 0;
  /** Set by #find: the position within the block found. */
  #offset = 0;
  #length = 0;
  #where = new Map<T, Block<T>>();

  /** Builds from `items` (distinct) in O(n). */
  static from<T>(items: readonly T[]): IndexedList<T> {
    const list = new IndexedList<T>();
    for (let i = 0; i < items.length; i += MAX / 2) {
      const block: Block<T> = { items: items.slice(i, i + MAX / 2), index: 0 };
      for (const item of block.items) list.#where.set(item, block);
      list.#blocks.push(block);
    }
    list.#length = items.length;
    list.#rebuild();
    return list;
  }

  /**
   * {@linkcode IndexedList.from} in parts, for a list too long to index in
   * one go: yields the number of items indexed by each part (a block).
   */
  static *fromSteps<T>(items: readonly T[]): Generator<number, IndexedList<T>, void> {
    const list = new IndexedList<T>();
    for (let i = 0; i < items.length; i += MAX / 2) {
      const block: Block<T> = { items: items.slice(i, i + MAX / 2), index: 0 };
      for (const item of block.items) list.#where.set(item, block);
      list.#blocks.push(block);
      yield block.items.length;
    }
    list.#length = items.length;
    list.#rebuild();
    return list;
  }

  /** Number of items. */
  get length(): number {
    return this.#length;
  }

  /** The item at `index` (0 <= index < length). */
  at(index: number): T {
    if (!(index >= 0 && index < this.#length)) throw new RangeError(`index ${index} out of range`);
    return this.#blocks[this.#find(index)].items[this.#offset];
  }

  /** The index of `item`, or -1. */
  indexOf(item: T): number {
    const block = this.#where.get(item);
    if (block === undefined) return -1;
    return this.#prefix(block.index) + block.items.indexOf(item);
  }

  /** Inserts `item` (not already present) so that it gets `index` (0..length). */
  insert(index: number, item: T): void {
    if (!(index >= 0 && index <= this.#length)) {
      throw new RangeError(`index ${index} out of range`);
    }
    if (this.#blocks.length === 0) {
      this.#blocks.push({ items: [], index: 0 });
      this.#rebuild();
    }
    // The end of the list belongs to the last block.
    let b: number;
    let at: number;
    if (index === this.#length) {
      b = this.#blocks.length - 1;
      at = this.#blocks[b].items.length;
    } else {
      b = this.#find(index);
      at = this.#offset;
    }
    const block = this.#blocks[b];
    block.items.splice(at, 0, item);
    this.#where.set(item, block);
    this.#length++;
    this.#add(b, 1);
    if (block.items.length > MAX) this.#split(b);
  }

  /** Removes and returns the item at `index`. */
  removeAt(index: number): T {
    if (!(index >= 0 && index < this.#length)) throw new RangeError(`index ${index} out of range`);
    const b = this.#find(index);
    const block = this.#blocks[b];
    const [item] = block.items.splice(this.#offset, 1);
    this.#where.delete(item);
    this.#length--;
    this.#add(b, -1);
    if (block.items.length < MIN) this.#merge(b);
    return item;
  }

  /** Replaces the item at `index` with `item` (not already present). */
  set(index: number, item: T): void {
    const block = this.#blocks[this.#find(index)];
    const at = this.#offset;
    this.#where.delete(block.items[at]);
    block.items[at] = item;
    this.#where.set(item, block);
  }

  /** The items in order, in O(n). */
  toArray(): T[] {
    const out: T[] = new Array(this.#length);
    let i = 0;
    for (const block of this.#blocks) for (const item of block.items) out[i++] = item;
    return out;
  }

  /** The block holding position `index` (< length), by Fenwick descent; sets #offset. */
  #find(index: number): number {
    const f = this.#fenwick;
    const n = f.length;
    let b = 0;
    for (let step = this.#top; step > 0; step >>= 1) {
      if (b + step < n && f[b + step] <= index) {
        b += step;
        index -= f[b];
      }
    }
    this.#offset = index;
    return b;
  }

  /** Items in the blocks before block `b`. */
  #prefix(b: number): number {
    const f = this.#fenwick;
    let sum = 0;
    for (let i = b; i > 0; i -= i & -i) sum += f[i];
    return sum;
  }

  #add(b: number, delta: number): void {
    const f = this.#fenwick;
    for (let i = b + 1; i < f.length; i += i & -i) f[i] += delta;
  }

  #rebuild(): void {
    const blocks = this.#blocks;
    const f = new Int32Array(blocks.length + 1);
    for (let b = 0; b < blocks.length; b++) {
      blocks[b].index = b;
      f[b + 1] += blocks[b].items.length;
      const up = (b + 1) + ((b + 1) & -(b + 1));
      if (up < f.length) f[up] += f[b + 1];
    }
    this.#fenwick = f;
    let top = 1;
    while (top * 2 < f.length) top *= 2;
    this.#top = f.length > 1 ? top : 0;
  }

  #split(b: number): void {
    const block = this.#blocks[b];
    const tail: Block<T> = { items: block.items.splice(MAX / 2), index: 0 };
    for (const item of tail.items) this.#where.set(item, tail);
    this.#blocks.splice(b + 1, 0, tail);
    this.#rebuild();
  }

  /** A small block joins a neighbour (then splits again if that made it too big). */
  #merge(b: number): void {
    const blocks = this.#blocks;
    if (blocks.length === 1) {
      if (blocks[0].items.length === 0) {
        blocks.length = 0;
        this.#rebuild();
      }
      return;
    }
    const left = b > 0 ? b - 1 : b;
    const into = blocks[left];
    const from = blocks[left + 1];
    for (const item of from.items) this.#where.set(item, into);
    into.items.push(...from.items);
    blocks.splice(left + 1, 1);
    if (into.items.length > MAX) {
      const tail: Block<T> = { items: into.items.splice(into.items.length >> 1), index: 0 };
      for (const item of tail.items) this.#where.set(item, tail);
      blocks.splice(left + 1, 0, tail);
    }
    this.#rebuild();
  }
}
