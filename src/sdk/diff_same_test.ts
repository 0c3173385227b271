/**
 * The diff and the re-keying pass over a subtree that is the same object in
 * both trees (a widget keeps nodes between renders). Property: with subtrees
 * shared at random, the result equals that of the same trees with nothing
 * shared (deep copies), inputs whose viewer shows another value included.
 */
import { assertEquals } from "../../tests/_util/assert.ts";
import { rekey } from "../widgets/_rekey.ts";
import { diffTrees } from "./diff.ts";
import { autoId, type VNode } from "./vnode.ts";
import { rng } from "../../tests/_util/rng.ts";

function clone(n: VNode): VNode {
  const c: VNode = { id: n.id, type: n.type, props: { ...n.props } };
  if (n.children) c.children = n.children.map(clone);
  return c;
}

type Gen = {
  r: () => number;
  nextId: () => number;
};

function leaf(g: Gen): VNode {
  const { r } = g;
  if (r() < 0.2) {
    return { id: g.nextId(), type: "input", props: { value: r() < 0.5 ? "a" : "b" } };
  }
  return {
    id: g.nextId(),
    type: "text",
    props: { content: `t${Math.floor(r() * 4)}`, bold: r() < 0.3 || undefined },
  };
}

function tree(g: Gen, depth: number): VNode {
  if (depth === 0 || g.r() < 0.3) return leaf(g);
  const kids: VNode[] = [];
  const n = Math.floor(g.r() * 4);
  for (let i = 0; i < n; i++) kids.push(tree(g, depth - 1));
  return {
    id: g.nextId(),
    type: "box",
    props: { role: g.r() < 0.3 ? "option" : undefined, gap: Math.floor(g.r() * 2) },
    children: kids,
  };
}

/**
 * The next render: subtrees of `prev` kept as they are (the same objects),
 * changed, dropped, or new ones made.
 */
function evolve(g: Gen, prev: VNode, depth: number): VNode {
  const r = g.r();
  if (r < 0.35) return prev; // kept: the same object
  if (r < 0.45) return tree(g, depth); // replaced by new nodes
  const props = { ...prev.props };
  if (g.r() < 0.5) {
    if (prev.type === "text") props.content = `t${Math.floor(g.r() * 4)}`;
    if (prev.type === "input") props.value = g.r() < 0.5 ? "a" : "c";
    if (prev.type === "box") props.gap = Math.floor(g.r() * 3);
  }
  const next: VNode = { id: prev.id, type: prev.type, props };
  if (prev.children) {
    const kids: VNode[] = [];
    for (const c of prev.children) {
      const x = g.r();
      if (x < 0.1) continue;
      kids.push(evolve(g, c, depth - 1));
      if (x > 0.9) kids.push(tree(g, depth - 1));
    }
    if (g.r() < 0.2) kids.reverse();
    next.children = kids;
  }
  return next;
}

Deno.test("diff: a subtree shared with the previous render gives the patches of its copy", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    let id = 1;
    const g: Gen = { r, nextId: () => id++ };
    const prev = tree(g, 4);
    const next = evolve(g, prev, 4);
    // The viewer shows another value in some inputs.
    const viewerValue = (n: number) => (n % 3 === 0 ? "typed" : undefined);
    for (const vv of [undefined, viewerValue]) {
      const fast = diffTrees(prev, next, vv);
      const slow = diffTrees(clone(prev), clone(next), vv);
      assertEquals(fast, slow, `seed ${seed}`);
    }
  }
});

Deno.test("rekey: shared subtrees and this render's own ids key as copies do", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    // Automatic ids, as components make them; the next render's are newer.
    const g: Gen = { r, nextId: autoId };
    const prev = tree(g, 4);
    const fresh = autoId();
    const next = evolve(g, prev, 4);
    // The shared nodes are old (not this render's), as in `mount()`. The
    // slow way: nothing shared, every id taken into account, nodes copied.
    const slowNext = clone(next);
    const fast = rekey(prev, next, fresh);
    const slow = rekey(clone(prev), slowNext, Infinity);
    assertEquals(clone(fast), clone(slow), `seed ${seed}`);
    // Never an id twice (kept subtrees carry old ids that fresh nodes must not adopt).
    const ids: number[] = [];
    const walk = (n: VNode): void => {
      ids.push(n.id);
      n.children?.forEach(walk);
    };
    walk(fast);
    assertEquals(new Set(ids).size, ids.length, `seed ${seed}: unique ids`);
  }
});
