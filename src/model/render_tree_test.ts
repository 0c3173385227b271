import { assert, assertEquals, assertViewportError } from "../../tests/_util/assert.ts";
import type { NodeSpec } from "../protocol/messages/types.ts";
import { slot } from "../protocol/slot_ref.ts";
import { dump } from "../../tests/_util/tree_dump.ts";
import { RenderTree } from "./render_tree.ts";

const t = (id: number, content: string): NodeSpec => ({ id, type: "text", props: { content } });
const box = (id: number, children: NodeSpec[], props = {}): NodeSpec => ({
  id,
  type: "box",
  props,
  children,
});

function sample(): RenderTree {
  const tree = new RenderTree();
  tree.setRoot(box(1, [box(2, [t(3, "hello"), t(4, "world")], { dir: "row" }), t(5, "footer")]));
  return tree;
}

Deno.test("set: updates props, null removes, O(1) lookup by id", () => {
  const tree = sample();
  tree.apply([{ target: 3, set: { content: "goodbye", bold: true } }]);
  assertEquals(tree.get(3)!.props, { content: "goodbye", bold: true });
  tree.apply([{ target: 3, set: { bold: null } }]);
  assertEquals(tree.get(3)!.props, { content: "goodbye" });
});

Deno.test("children_insert: at the start, middle and end", () => {
  const tree = sample();
  tree.apply([{ target: 2, children_insert: { index: 2, node: t(6, "!") } }]);
  tree.apply([{ target: 2, children_insert: { index: 0, node: t(7, "<") } }]);
  tree.apply([{ target: 2, children_insert: { index: 1, node: box(8, [t(9, "x")]) } }]);
  assertEquals(tree.get(2)!.children.map((n) => n.id), [7, 8, 3, 4, 6]);
  assertEquals(tree.get(9)!.parent!.id, 8);
  assertEquals(tree.get(9)!.depth, 3);
  assertEquals(tree.size, 9);
});

Deno.test("remove: frees every descendant id", () => {
  const tree = sample();
  tree.apply([{ target: 2, remove: true }]);
  assertEquals([...tree.ids()].sort(), [1, 5]);
  assertEquals(tree.get(3), undefined);
  // The freed ids can be reused.
  tree.apply([{ target: 1, children_insert: { index: 0, node: box(2, [t(3, "again")]) } }]);
  assertEquals(tree.get(3)!.props.content, "again");
});

Deno.test("remove the root empties the tree", () => {
  const tree = sample();
  tree.apply([{ target: 1, remove: true }]);
  assertEquals(tree.root, null);
  assertEquals(tree.size, 0);
});

Deno.test("children_move: forward and backward", () => {
  const tree = sample();
  tree.apply([{ target: 2, children_insert: { index: 2, node: t(6, "!") } }]);
  tree.apply([{ target: 2, children_move: { from: 0, to: 2 } }]);
  assertEquals(tree.get(2)!.children.map((n) => n.id), [4, 6, 3]);
  tree.apply([{ target: 2, children_move: { from: 2, to: 0 } }]);
  assertEquals(tree.get(2)!.children.map((n) => n.id), [3, 4, 6]);
});

Deno.test("replace: swaps a subtree, may reuse its ids, and at the root", () => {
  const tree = sample();
  tree.apply([{ target: 2, replace: box(2, [t(3, "new"), t(10, "ten")], { dir: "column" }) }]);
  assertEquals(tree.get(2)!.props, { dir: "column" });
  assertEquals(tree.get(4), undefined);
  assertEquals(tree.get(10)!.parent!.id, 2);
  tree.apply([{ target: 1, replace: t(100, "only") }]);
  assertEquals(tree.root!.id, 100);
  assertEquals(tree.size, 1);
});

Deno.test("set with transition is accepted beside set", () => {
  const tree = sample();
  tree.apply([{ target: 3, set: { opacity: 0 }, transition: slot(64) }]);
  assertEquals(tree.get(3)!.props.opacity, 0);
});

Deno.test("rejections: unknown target, duplicate id, index out of range, cycle, wrong types", () => {
  const tree = sample();
  const before = dump(tree);
  assertViewportError(
    () => tree.apply([{ target: 99, set: { a: 1 } }]),
    "unknown_target",
    /unknown target id 99/,
  );
  assertViewportError(
    () => tree.apply([{ target: 2, children_insert: { index: 0, node: t(5, "dup") } }]),
    "duplicate_id",
    /node id 5 is already live/,
  );
  assertViewportError(
    () =>
      tree.apply([{
        target: 2,
        children_insert: { index: 0, node: box(20, [t(21, "a"), t(21, "b")]) },
      }]),
    "duplicate_id",
    /appears twice/,
  );
  assertViewportError(
    () => tree.apply([{ target: 2, children_insert: { index: 3, node: t(6, "x") } }]),
    "out_of_range",
    /index 3 is out of range for node 2 \(expected 0..2\)/,
  );
  assertViewportError(
    () => tree.apply([{ target: 2, children_move: { from: 2, to: 0 } }]),
    "out_of_range",
  );
  assertViewportError(
    () => tree.apply([{ target: 2, children_move: { from: 0, to: 5 } }]),
    "out_of_range",
  );
  assertViewportError(
    () => tree.apply([{ target: 2, children_insert: { index: 0, node: box(1, []) } }]),
    "duplicate_id",
    /inside its own subtree \(a cycle\)/,
  );
  assertViewportError(
    () => tree.apply([{ target: 2, replace: box(2, [box(1, [])]) }]),
    "duplicate_id",
    /cycle/,
  );
  assertViewportError(
    () => tree.apply([{ target: 3, children_insert: { index: 0, node: t(6, "x") } }]),
    "bad_message",
    /a text node has no children/,
  );
  assertViewportError(
    () => tree.apply([{ target: 3, set: { interactive: "clickable" } }]),
    "bad_message",
    /box/,
  );
  assertEquals(dump(tree), before);
});

Deno.test("a failing batch is all-or-nothing: earlier patches are undone", () => {
  const tree = sample();
  tree.apply([{ target: 5, set: { content: "v1" } }]);
  const before = dump(tree);
  let notified = 0;
  tree.onChange(() => notified++);
  const err = assertViewportError(() =>
    tree.apply([
      { target: 3, set: { content: "changed" } },
      { target: 2, children_insert: { index: 0, node: box(30, [t(31, "x")]) } },
      { target: 2, children_move: { from: 0, to: 2 } },
      { target: 4, remove: true },
      { target: 5, replace: t(50, "replaced") },
      { target: 1, set: { dir: "row" } },
      { target: 4, set: { content: "gone" } }, // 4 was removed above: unknown
    ]), "unknown_target");
  assert(err.message.startsWith("patch 6 of 7:"), err.message);
  assertEquals(dump(tree), before);
  assertEquals(notified, 0);
});

Deno.test("limits: depth and node count", () => {
  const tree = new RenderTree({ maxDepth: 3, maxNodes: 5 });
  tree.setRoot(box(1, [box(2, [box(3, [])])]));
  assertViewportError(
    () => tree.apply([{ target: 3, children_insert: { index: 0, node: box(4, [t(5, "x")]) } }]),
    "too_large",
    /depth 4, deeper than the limit of 3/,
  );
  tree.apply([{ target: 3, children_insert: { index: 0, node: t(4, "x") } }]);
  assertViewportError(
    () => tree.apply([{ target: 1, children_insert: { index: 0, node: box(6, [t(7, "y")]) } }]),
    "too_large",
    /limit of 5 nodes/,
  );
  assertViewportError(
    () => tree.setRoot(box(1, [t(2, ""), t(3, ""), t(4, ""), t(5, ""), t(6, "")])),
    "too_large",
  );
  assertEquals(tree.size, 4);
  assertViewportError(() => tree.setRoot(box(1, [t(2, ""), t(2, "")])), "duplicate_id");
  assertEquals(tree.size, 4);
});

Deno.test("change notification and version stamps: only the changed path is stamped", () => {
  const tree = sample();
  const base = tree.root!.subtree;
  const changes: number[][] = [];
  tree.onChange((c) => changes.push([...c.changed].sort()));
  const c = tree.apply([{ target: 3, set: { content: "x" } }]);
  assertEquals(changes, [[3]]);
  assertEquals(tree.get(3)!.version, c.stamp);
  assertEquals(tree.get(2)!.subtree, c.stamp);
  assertEquals(tree.get(1)!.subtree, c.stamp);
  assertEquals(tree.get(4)!.subtree, base);
  assertEquals(tree.get(5)!.subtree, base);
  assertEquals(tree.get(2)!.version, base); // its own props did not change
  const r = tree.apply([{ target: 2, remove: true }]);
  assertEquals([...r.removed].sort(), [2, 3, 4]);
  assertEquals([...r.changed], [1]);
});

Deno.test("schema bindings follow inserts, sets, removes and rollbacks", () => {
  const tree = new RenderTree();
  tree.setRoot(box(1, [{ id: 2, type: "scroll", props: { schema: slot(100) } }]));
  assertEquals([...tree.boundTo(100)].map((n) => n.id), [2]);
  tree.apply([{ target: 2, set: { schema: slot(101) } }]);
  assertEquals(tree.boundTo(100).size, 0);
  assertEquals(tree.boundTo(101).size, 1);
  assertViewportError(
    () => tree.apply([{ target: 2, set: { schema: slot(102) } }, { target: 9, remove: true }]),
    "unknown_target",
  );
  assertEquals(tree.boundTo(101).size, 1);
  assertEquals(tree.boundTo(102).size, 0);
  tree.apply([{ target: 2, remove: true }]);
  assertEquals(tree.boundTo(101).size, 0);
});
