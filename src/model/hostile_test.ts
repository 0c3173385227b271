// Model operations a peer can order at will, each with bounded cost: asserted
// through the tree's own work counters (units of roughly 0.1 µs), never time.
import { assert, assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { NodeSpec, Patch } from "../protocol/messages/types.ts";
import { slot } from "../protocol/slot_ref.ts";
import { DEFAULT_MAX_WORK, RenderTree } from "./render_tree.ts";
import { ViewportModel } from "./viewport_model.ts";

const N = 99_000;

function bigBox(n = N): NodeSpec {
  const children: NodeSpec[] = [];
  for (let i = 0; i < n; i++) {
    children.push({ id: i + 2, type: "text", props: { content: `r${i}` } });
  }
  return { id: 1, type: "box", props: {}, children };
}

function moves(count: number, n = N, seed = 1): Patch[] {
  const out: Patch[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      target: 1,
      children_move: { from: (i * 7919 + seed) % n, to: (i * 104_729 + 3 * seed) % n },
    });
  }
  return out;
}

function ids(tree: RenderTree): number[] {
  return tree.get(1)!.children.map((c) => c.id);
}

function code(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (err) {
    assert(err instanceof ViewportError, String(err));
    return err.code;
  }
}

Deno.test("hostile: children_move costs O(log n) per move in a list of 99,000", () => {
  const tree = new RenderTree({ maxWork: DEFAULT_MAX_WORK });
  tree.setRoot(bigBox());
  tree.apply(moves(100)); // indexes the list once (charged as n)
  const before = ids(tree);
  tree.apply(moves(5000, N, 2));
  // Before: each move spliced a 99,000-entry array (~n units a move, 5000 x 99,000).
  const perMove = tree.lastWork / 5000;
  assert(perMove < 100, `${perMove} units per move`);
  // The result is what splicing an array gives.
  const want = [...before];
  for (const p of moves(5000, N, 2)) {
    const [n] = want.splice(p.children_move!.from, 1);
    want.splice(p.children_move!.to, 0, n);
  }
  assertEquals(ids(tree), want);
});

Deno.test("hostile: one PATCH of 99,000 moves stops at the work budget, unchanged, and undo costs no more", () => {
  const tree = new RenderTree({ maxWork: DEFAULT_MAX_WORK });
  tree.setRoot(bigBox());
  const before = ids(tree);
  let message = "";
  try {
    tree.apply(moves(N));
  } catch (err) {
    assert(err instanceof ViewportError);
    assertEquals(err.code, "too_large");
    message = err.message;
  }
  assert(/more work than the limit/.test(message), message);
  assert(tree.lastWork <= DEFAULT_MAX_WORK + 1000, `${tree.lastWork}`);
  assert(tree.lastUndoWork <= tree.lastWork, `undo ${tree.lastUndoWork} > ${tree.lastWork}`);
  assertEquals(ids(tree), before);
});

Deno.test("hostile: a failing last op undoes every move, at no more than the cost of applying them", () => {
  const tree = new RenderTree({ maxWork: DEFAULT_MAX_WORK });
  tree.setRoot(bigBox());
  const before = ids(tree);
  const batch = [...moves(10_000), { target: 4_242_424, set: { content: "x" } }];
  assertEquals(code(() => tree.apply(batch)), "unknown_target");
  assert(tree.lastUndoWork <= tree.lastWork, `undo ${tree.lastUndoWork} > ${tree.lastWork}`);
  assertEquals(ids(tree), before);
  // And the tree still works.
  tree.apply(moves(10));
  assertEquals(tree.get(1)!.childCount, N);
});

Deno.test("hostile: inserts and removes anywhere in a long list cost O(log n) each", () => {
  const tree = new RenderTree({ maxWork: DEFAULT_MAX_WORK });
  tree.setRoot(bigBox());
  const batch: Patch[] = [];
  for (let i = 0; i < 3000; i++) {
    batch.push({
      target: 1,
      children_insert: {
        index: (i * 7919) % N,
        node: { id: 1_000_000 + i, type: "text", props: { content: "new" } },
      },
    });
    batch.push({ target: 2 + ((i * 31) % N), remove: true });
  }
  tree.apply(batch);
  assert(tree.lastWork / batch.length < 150 + N / batch.length, `${tree.lastWork}`);
  assertEquals(tree.get(1)!.childCount, N);
  assertEquals(tree.size, N + 1);
});

Deno.test("hostile: setting props on a node with 200,000 props is bounded by the budget", () => {
  const tree = new RenderTree({ maxWork: DEFAULT_MAX_WORK });
  const props: Record<string, unknown> = {};
  for (let i = 0; i < 200_000; i++) props[`p${i}`] = i;
  tree.setRoot({ id: 1, type: "text", props });
  const batch: Patch[] = Array.from({ length: 1000 }, (_, i) => ({ target: 1, set: { n: i } }));
  assertEquals(code(() => tree.apply(batch)), "too_large");
  assert(tree.lastWork <= DEFAULT_MAX_WORK + 16 * 200_001, `${tree.lastWork}`);
  assertEquals(tree.get(1)!.props.n, undefined);
});

Deno.test("hostile: a session's bytes are bounded: rows give way, a tree that cannot fit is refused", () => {
  const limit = 4 * 1024 * 1024;
  const model = new ViewportModel({ maxBytes: limit, maxRows: 10_000 });
  model.apply({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "s", type: "string" }] });
  model.apply({
    type: "TREE",
    root: { id: 1, type: "scroll", props: { schema: slot(200) } },
  });
  const big = "x".repeat(64 * 1024);
  for (let i = 0; i < 200; i++) model.apply({ type: "DATA", schema: slot(200), row: [big] });
  const rows = model.data.schema(200)!.rows;
  assert(model.bytes <= limit, `${model.bytes} > ${limit}`);
  assert(rows.length < 64 && rows.length > 0, `${rows.length} rows kept`);
  assertEquals(rows.length + rows.dropped, 200);
  // Rows without a schema are bounded the same way.
  for (let i = 0; i < 200; i++) model.apply({ type: "DATA", row: [big] });
  assert(model.bytes <= limit, `${model.bytes} > ${limit}`);
  // A tree that would not fit even without rows is refused; the model keeps its state.
  const text = "y".repeat(limit);
  assertEquals(
    code(() => model.apply({ type: "PATCH", patches: [{ target: 1, set: { text_alt: text } }] })),
    "too_large",
  );
  assertEquals(model.tree.get(1)!.props.text_alt, undefined);
  // A tree that fits once rows are dropped is taken, and rows give way.
  model.apply({
    type: "PATCH",
    patches: [{ target: 1, set: { text_alt: "z".repeat(limit / 2) } }],
  });
  assert(model.bytes <= limit, `${model.bytes} > ${limit}`);
  // Lowering the limit (a viewer-wide budget) drops rows at once.
  model.maxBytes = limit * 0.6;
  assert(model.bytes <= limit * 0.6, `${model.bytes}`);
});

Deno.test("hostile: a huge DATA keeps only what is retained, and past the work budget is refused", () => {
  const model = new ViewportModel({ maxRows: 1000, maxWork: DEFAULT_MAX_WORK });
  model.apply({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "n", type: "uint64" }] });
  const rows = Array.from({ length: 400_000 }, (_, i) => [i]);
  model.apply({ type: "DATA", schema: slot(200), rows });
  const buf = model.data.schema(200)!.rows;
  assertEquals(buf.length, 1000);
  assertEquals(buf.dropped, 399_000);
  assertEquals(buf.at(999)[0], 399_999);
  // A million rows of one value: two million units of checking, over the budget.
  const more = Array.from({ length: 1_000_000 }, (_, i) => [i]);
  assertEquals(
    code(() => model.apply({ type: "DATA", schema: slot(200), rows: more })),
    "too_large",
  );
  assertEquals(buf.at(999)[0], 399_999);
});

Deno.test("hostile: the tree's own byte limit refuses a TREE that is too big", () => {
  const tree = new RenderTree({ maxBytes: 100_000 });
  assertThrows(() => tree.setRoot(bigBox(2000)), ViewportError, /over the limit/);
  assertEquals(tree.root, null);
  assertEquals(tree.bytes, 0);
});
