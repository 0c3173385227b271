/**
 * Property test: a large batch applied in steps (staged beside the live tree,
 * committed at once) leaves exactly what the in-place path leaves: the same
 * tree, stamps, index, bindings, bytes and change events, and the same error
 * for a rejected batch; and until the commit, the live tree is untouched.
 */
import fc from "fast-check";
import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { Message, NodeSpec, Patch } from "../protocol/messages/types.ts";
import { slot } from "../protocol/slot_ref.ts";
import { runAll } from "../protocol/slices.ts";
import type { ModelChange } from "./viewport_model.ts";
import { ViewportModel } from "./viewport_model.ts";
import { dump } from "../../tests/_util/tree_dump.ts";

type Rand = () => number;

function pick<T>(r: Rand, list: readonly T[]): T {
  return list[r() % list.length];
}

function subtree(r: Rand, nextId: () => number, depth: number, reuse: number[]): NodeSpec {
  const id = reuse.length > 0 && r() % 12 === 0 ? pick(r, reuse) : nextId();
  const kind = r() % 7;
  if (kind === 0 || depth > 3) return { id, type: "text", props: { content: `t${id}` } };
  if (kind === 1) return { id, type: "separator", props: {} };
  // Now and then a wide box, so that long (indexed) child lists are changed too.
  const n = kind === 2 && depth === 0 ? 60 + (r() % 20) : r() % 4;
  const children: NodeSpec[] = [];
  for (let i = 0; i < n; i++) children.push(subtree(r, nextId, depth + 1, reuse));
  const scroll = r() % 5 === 0;
  return {
    id,
    type: scroll ? "scroll" : "box",
    props: scroll ? { schema: slot(100 + (r() % 2)) } : { dir: r() % 2 ? "row" : "column" },
    children,
  };
}

function patch(r: Rand, model: ViewportModel, nextId: () => number): Patch {
  const ids = [...model.tree.ids()];
  const target = ids.length === 0 || r() % 25 === 0 ? 10_000 + (r() % 10) : pick(r, ids);
  const len = model.tree.get(target)?.childCount ?? 0;
  switch (r() % 8) {
    case 0:
      return { target, set: { content: `c${r() % 100}` } };
    case 1:
      return { target, set: { schema: r() % 2 ? slot(101) : null, text_alt: "a" } };
    case 2:
      return {
        target,
        children_insert: { index: r() % (len + 2), node: subtree(r, nextId, 1, ids) },
      };
    case 3:
    case 7:
      return { target, children_move: { from: r() % (len + 1), to: r() % (len + 1) } };
    case 4:
      return { target, replace: subtree(r, nextId, 1, ids) };
    default:
      return { target, remove: true };
  }
}

function bindings(model: ViewportModel): string {
  return [100, 101].map((s) => [...model.tree.boundTo(s)].map((n) => n.id).sort().join()).join("|");
}

function events(model: ViewportModel): ModelChange[] {
  const out: ModelChange[] = [];
  model.onChange((c) => out.push(c));
  return out;
}

function show(c: ModelChange[]): string {
  return JSON.stringify(
    c.map((e) => ({ n: [...e.nodes].sort(), r: [...e.removed].sort(), root: e.root })),
  );
}

function outcome(fn: () => void): string {
  try {
    fn();
    return "ok";
  } catch (err) {
    if (!(err instanceof ViewportError)) throw err;
    return `${err.code}: ${err.message}`;
  }
}

Deno.test("property: staged batches leave what in-place batches leave, errors alike", () => {
  let applied = 0, rejected = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 50, maxLength: 400 }), (seed) => {
      let i = 0;
      const r: Rand = () => seed[i++ % seed.length] + i;
      let counter = 1;
      const nextId = () => counter++;
      // No work budget: the staged path may charge more (its copies of child lists).
      const options = { maxDepth: 12, maxNodes: 400 };
      const plain = new ViewportModel(options);
      const staged = new ViewportModel(options);
      const seenPlain = events(plain), seenStaged = events(staged);
      const tree: Message = { type: "TREE", root: subtree(r, nextId, 0, []) };
      assertEquals(
        outcome(() => runAll(staged.applySteps(tree))),
        outcome(() => plain.apply(tree)),
      );
      for (let step = 0; step < 10; step++) {
        const n = 1 + (r() % 5);
        const patches: Patch[] = [];
        for (let k = 0; k < n; k++) patches.push(patch(r, plain, nextId));
        const message: Message = { type: "PATCH", patches };
        const before = dump(staged.tree);
        // Staged: nothing shows until the last step.
        const steps = staged.applySteps(message);
        let stagedOutcome = "ok";
        try {
          for (let s = steps.next(); !s.done; s = steps.next()) {
            assertEquals(dump(staged.tree), before, "a step changed the live tree");
          }
        } catch (err) {
          if (!(err instanceof ViewportError)) throw err;
          stagedOutcome = `${err.code}: ${err.message}`;
        }
        const plainOutcome = outcome(() => plain.apply(message));
        assertEquals(stagedOutcome, plainOutcome);
        if (plainOutcome === "ok") applied++;
        else rejected++;
        assertEquals(dump(staged.tree), dump(plain.tree));
        assertEquals(staged.tree.bytes, plain.tree.bytes);
        assertEquals(bindings(staged), bindings(plain));
        assertEquals(show(seenStaged), show(seenPlain));
      }
    }),
    { numRuns: 600 },
  );
  assert(applied > 1000, `only ${applied} batches applied`);
  assert(rejected > 500, `only ${rejected} batches rejected`);
});
