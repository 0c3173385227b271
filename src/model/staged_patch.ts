/**
 * A PATCH batch staged: its operations (set, insert, move, remove, replace)
 * worked out in the overlay of `staged_overlay.ts`, with the checks, errors
 * and work of the in-place path in render_tree.ts.
 *
 * @module
 */
import type { NodeSpec, Patch, Props } from "../protocol/messages/types.ts";
import type { Steps } from "../protocol/slices.ts";
import type { ModelNode } from "./model_node.ts";
import { build, type LiveTree } from "./staged_build.ts";
import { PatchOverlay, type StagedPatches } from "./staged_overlay.ts";
import {
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
  propsBytes,
  tooBig,
  tooDeep,
  tooMany,
} from "./tree_parts.ts";

export type { CommitPlan, StagedPatches } from "./staged_overlay.ts";

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

/** The operations of a PATCH, on the overlay. */
class PatchStage extends PatchOverlay {
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
