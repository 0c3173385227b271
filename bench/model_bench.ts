/**
 * Model benchmarks (issue targets: >= 1M patches/s; incremental re-projection
 * after one patch on a 100k-node tree < 50 us).
 *
 *   deno bench -A bench/model_bench.ts
 */
import type { NodeSpec, Patch } from "../src/protocol/mod.ts";
import { ViewportModel } from "../src/model/mod.ts";
import { TextProjection } from "../src/projection/mod.ts";

/** A balanced tree: boxes with `fanout` children down to `count` nodes. */
function bigTree(count: number, fanout = 10): { root: NodeSpec; leaves: number[] } {
  let next = 1;
  const leaves: number[] = [];
  const root: NodeSpec = { id: next++, type: "box", props: { dir: "column" }, children: [] };
  const queue: NodeSpec[] = [root];
  while (next <= count) {
    const parent = queue.shift()!;
    for (let i = 0; i < fanout && next <= count; i++) {
      const isBox = next + fanout <= count && queue.length < count / fanout;
      const node: NodeSpec = isBox
        ? { id: next++, type: "box", props: { dir: i % 2 ? "row" : "column" }, children: [] }
        : { id: next++, type: "text", props: { content: `item ${next}` } };
      parent.children!.push(node);
      if (isBox) queue.push(node);
      else leaves.push(node.id);
    }
  }
  return { root, leaves };
}

const N = 100_000;
const { root, leaves } = bigTree(N);
const model = new ViewportModel({ maxNodes: 2 * N });
model.apply({ type: "TREE", root });
const proj = new TextProjection(model);
proj.text();

const batch: Patch[] = [];
for (let i = 0; i < N; i++) {
  batch.push({ target: leaves[i % leaves.length], set: { content: `v${i}` } });
}
let k = 0;

Deno.bench({
  name: "apply 100k set patches (one batch) to a 100k-node tree",
  group: "patches",
  baseline: true,
  fn() {
    model.apply({ type: "PATCH", patches: batch });
  },
});

Deno.bench({
  name: "apply 100k set patches (100k one-patch batches) to a 100k-node tree",
  group: "patches",
  fn() {
    for (let i = 0; i < N; i++) {
      model.apply({ type: "PATCH", patches: [batch[i]] });
    }
  },
});

Deno.bench({
  name: "re-projection after one patch (100k-node tree)",
  group: "projection",
  baseline: true,
  fn() {
    const target = leaves[k++ % leaves.length];
    model.apply({ type: "PATCH", patches: [{ target, set: { content: `p${k}` } }] });
    proj.text();
  },
});

Deno.bench({
  name: "one patch without re-projection (for subtraction)",
  group: "projection",
  fn() {
    const target = leaves[k++ % leaves.length];
    model.apply({ type: "PATCH", patches: [{ target, set: { content: `p${k}` } }] });
  },
});

Deno.bench({
  name: "projection from scratch (100k-node tree)",
  group: "projection",
  n: 20,
  fn() {
    new TextProjection(model).text();
  },
});
