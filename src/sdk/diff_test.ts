import fc from "fast-check";
import { assert, assertEquals, assertViewportError } from "../../tests/_util/assert.ts";
import { RenderTree } from "../model/render_tree.ts";
import type { ModelNode } from "../model/model_node.ts";
import type { NodeSpec } from "../protocol/messages/types.ts";
import { slot } from "../protocol/slot_ref.ts";
import { diffTrees, equal } from "./diff.ts";

const t = (id: number, content = `t${id}`): NodeSpec => ({ id, type: "text", props: { content } });
const box = (id: number, children: NodeSpec[], props = {}): NodeSpec => ({
  id,
  type: "box",
  props,
  children,
});

function toNodeSpec(n: ModelNode): NodeSpec {
  const s: NodeSpec = { id: n.id, type: n.type, props: n.props };
  if (n.type === "box" || n.type === "scroll") s.children = n.children.map(toNodeSpec);
  return s;
}

function norm(s: NodeSpec): NodeSpec {
  const props: Record<string, unknown> = {};
  for (const k of Object.keys(s.props).sort()) if (s.props[k] !== undefined) props[k] = s.props[k];
  const out: NodeSpec = { id: s.id, type: s.type, props };
  if (s.type === "box" || s.type === "scroll") out.children = (s.children ?? []).map(norm);
  return out;
}

function clone(s: NodeSpec): NodeSpec {
  const c: NodeSpec = { id: s.id, type: s.type, props: { ...s.props } };
  if (s.children) c.children = s.children.map(clone);
  return c;
}

function check(prev: NodeSpec, next: NodeSpec) {
  const tree = new RenderTree();
  tree.setRoot(clone(prev));
  const d = diffTrees(prev, next);
  if ("tree" in d) tree.setRoot(d.tree);
  else tree.apply(d.patches);
  assertEquals(norm(toNodeSpec(tree.root!)), norm(next));
  return d;
}

Deno.test("diff: unchanged tree gives no patches; one text change gives one set", () => {
  const a = box(1, [box(2, [t(3), t(4)]), t(5)]);
  assertEquals(diffTrees(a, clone(a)), { patches: [] });
  const b = box(1, [box(2, [t(3, "changed"), t(4)]), t(5)]);
  assertEquals(check(a, b), { patches: [{ target: 3, set: { content: "changed" } }] });
});

Deno.test("diff: removed props become null; slot refs compare by slot", () => {
  const a = box(1, [], { dir: "row", style: slot(12), gap: 1 });
  const b = box(1, [], { dir: "row", style: slot(12) });
  assertEquals(check(a, b), { patches: [{ target: 1, set: { gap: null } }] });
  assertEquals(diffTrees(a, box(1, [], { dir: "row", style: slot(13), gap: 1 })), {
    patches: [{ target: 1, set: { style: slot(13) } }],
  });
});

Deno.test("diff: moving one item uses one move, either direction", () => {
  const ids = [1, 2, 3, 4, 5, 6];
  const a = box(100, ids.map((i) => t(i)));
  const last = check(a, box(100, [2, 3, 4, 5, 6, 1].map((i) => t(i))));
  assert(
    "patches" in last && last.patches.length === 1 && last.patches[0].children_move !== undefined,
  );
  const first = check(a, box(100, [6, 1, 2, 3, 4, 5].map((i) => t(i))));
  assert("patches" in first && first.patches.length === 1);
});

Deno.test("diff: insert, remove, reorder and reparent together", () => {
  const a = box(1, [box(2, [t(3), t(4), t(5)]), box(6, [t(7)])]);
  const b = box(1, [box(6, [t(7), t(4)]), box(2, [t(8), t(5), t(3)]), t(9)]);
  check(a, b);
});

Deno.test("diff: a type change or new root id replaces", () => {
  const a = box(1, [t(2)]);
  check(a, box(1, [box(2, [])]));
  assertEquals("tree" in diffTrees(a, box(9, [])), true);
  assertEquals("tree" in diffTrees(null, a), true);
});

Deno.test("diff: duplicate ids in the next tree are an error", () => {
  assertViewportError(
    () => diffTrees(null, box(1, [t(2), t(2)])),
    "duplicate_id",
    /render: node id 2 appears twice/,
  );
});

Deno.test("equal: structural comparison", () => {
  assert(equal({ a: [1, { b: new Uint8Array([1]) }] }, { a: [1, { b: new Uint8Array([1]) }] }));
  assert(!equal({ a: 1 }, { a: 1, b: 2 }));
  assert(!equal([1], { 0: 1 }));
  assert(equal(NaN, NaN));
});

// Random trees over a small id space, so that the two trees share ids in
// different places, types and orders.
function arbTree(): fc.Arbitrary<NodeSpec> {
  return fc.array(fc.tuple(fc.integer({ min: 2, max: 30 }), fc.nat(), fc.nat(3), fc.nat(5)), {
    maxLength: 25,
  }).map((items) => {
    const root = box(1, []);
    const boxes = [root];
    const used = new Set([1]);
    for (const [id, parentPick, kind, content] of items) {
      if (used.has(id)) continue;
      used.add(id);
      const parent = boxes[parentPick % boxes.length];
      const node = kind === 0
        ? t(id, `c${content}`)
        : box(id, [], content % 2 ? { dir: "row" } : {});
      parent.children!.splice(parentPick % (parent.children!.length + 1), 0, node);
      if (node.type === "box") boxes.push(node);
    }
    return root;
  });
}

Deno.test("property: applying the diff to prev always yields next", () => {
  fc.assert(
    fc.property(arbTree(), arbTree(), (a, b) => {
      check(a, b);
    }),
    { numRuns: 2000 },
  );
});
