/**
 * Property test: thousands of random trees and patch sequences (valid and
 * invalid) against three invariants: the id index equals a full walk; a rejected
 * batch leaves the tree unchanged; incremental projection equals a fresh one.
 */
import fc from "fast-check";
import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { NodeSpec, Patch } from "../protocol/messages/types.ts";
import type { ModelNode } from "./model_node.ts";
import { ViewportModel } from "./viewport_model.ts";
import { TextProjection } from "../projection/text_projection.ts";
import { dump } from "../../tests/_util/tree_dump.ts";

type Rand = () => number; // next random non-negative integer

function liveIds(model: ViewportModel): number[] {
  return [...model.tree.ids()];
}

function pick<T>(r: Rand, list: readonly T[]): T {
  return list[r() % list.length];
}

function randomSubtree(r: Rand, nextId: () => number, depth: number, reuse: number[]): NodeSpec {
  // Occasionally reuse an existing id to exercise duplicate/cycle rejection.
  const id = reuse.length > 0 && r() % 12 === 0 ? pick(r, reuse) : nextId();
  const kind = r() % 6;
  if (kind === 0 || depth > 3) return { id, type: "text", props: { content: `t${id}` } };
  if (kind === 1) return { id, type: "separator", props: {} };
  if (kind === 2) {
    return { id, type: "input", props: r() % 2 ? { value: `v${id}` } : { placeholder: "p" } };
  }
  const n = r() % 4;
  const children: NodeSpec[] = [];
  for (let i = 0; i < n; i++) children.push(randomSubtree(r, nextId, depth + 1, reuse));
  return {
    id,
    type: r() % 5 === 0 ? "scroll" : "box",
    props: { dir: r() % 2 ? "row" : "column" },
    children,
  };
}

function randomPatch(r: Rand, model: ViewportModel, nextId: () => number): Patch {
  const ids = liveIds(model);
  const target = ids.length === 0 || r() % 20 === 0 ? 10_000 + (r() % 10) : pick(r, ids);
  const node = model.tree.get(target);
  const len = node?.children.length ?? 0;
  switch (r() % 7) {
    case 0:
      return { target, set: { content: `c${r() % 100}` } };
    case 1:
      return {
        target,
        set: { dir: r() % 2 ? "row" : "column", text_alt: r() % 4 === 0 ? "alt" : null },
      };
    case 2:
      return {
        target,
        children_insert: { index: r() % (len + 2), node: randomSubtree(r, nextId, 0, ids) },
      };
    case 3:
      return { target, children_move: { from: r() % (len + 1), to: r() % (len + 1) } };
    case 4:
      return { target, replace: randomSubtree(r, nextId, 0, ids) };
    case 5:
      return { target, remove: true };
    default:
      return { target, set: { content: `x${r() % 7}` } };
  }
}

function checkIndex(model: ViewportModel): void {
  const walked = new Map<number, ModelNode>();
  const root = model.tree.root;
  const stack: [ModelNode, ModelNode | null, number][] = root ? [[root, null, 0]] : [];
  while (stack.length > 0) {
    const [n, parent, depth] = stack.pop()!;
    assert(!walked.has(n.id), `id ${n.id} appears twice in the tree`);
    walked.set(n.id, n);
    assertEquals(n.parent, parent);
    assertEquals(n.depth, depth);
    for (const c of n.children) stack.push([c, n, depth + 1]);
  }
  assertEquals(model.tree.size, walked.size);
  for (const [id, n] of walked) assert(model.tree.get(id) === n, `index for ${id} is stale`);
}

Deno.test("property: index == walk, rejected batches change nothing, incremental == fresh projection", () => {
  let batches = 0, rejected = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 50, maxLength: 400 }), (seed) => {
      let i = 0;
      const r: Rand = () => seed[i++ % seed.length] + i;
      let counter = 1;
      const nextId = () => counter++;
      const model = new ViewportModel({ maxDepth: 12 });
      const proj = new TextProjection(model, { width: 5 });
      model.apply({ type: "TREE", root: randomSubtree(r, nextId, 0, []) });
      checkIndex(model);
      for (let step = 0; step < 12; step++) {
        const n = 1 + (r() % 4);
        const patches: Patch[] = [];
        for (let k = 0; k < n; k++) patches.push(randomPatch(r, model, nextId));
        const before = dump(model.tree);
        const projBefore = proj.text();
        batches++;
        try {
          model.apply({ type: "PATCH", patches });
        } catch (err) {
          if (!(err instanceof ViewportError)) throw err;
          rejected++;
          assertEquals(dump(model.tree), before, `rejected batch changed the tree: ${err.message}`);
          assertEquals(proj.text(), projBefore);
        }
        checkIndex(model);
        assertEquals(proj.text(), new TextProjection(model, { width: 5 }).text());
      }
    }),
    { numRuns: 1500 },
  );
  // Both paths must actually be exercised.
  assert(batches - rejected > 1000, `only ${batches - rejected} batches applied`);
  assert(rejected > 500, `only ${rejected} batches rejected`);
  console.log(`property: ${batches} batches, ${rejected} rejected`);
});
