/**
 * The ANSI renderer on 10,000-node trees at 200x60 (target: a full frame in
 * under 16 ms).
 *
 *   deno bench -A bench/ansi_bench.ts
 *
 * @module
 */
import { ViewportModel } from "../src/model/mod.ts";
import { Renderer } from "../src/render/ansi/renderer.ts";
import { gridTree, listTree } from "./ansi_trees.ts";

for (const [name, tree] of [["grid", gridTree], ["list", listTree]] as const) {
  const model = new ViewportModel();
  model.apply({ type: "TREE", root: tree() });
  const group = `10k-${name}`;
  Deno.bench(`10k nodes (${name}) 200x60: first frame of a new renderer`, { group }, () => {
    const r = new Renderer({ model, width: 200, height: 60, colorDepth: "truecolor" });
    r.render();
    r.close();
  });
  const r = new Renderer({ model, width: 200, height: 60, colorDepth: "truecolor" });
  r.render();
  let flip = 0;
  Deno.bench(
    `10k nodes (${name}) 200x60: full frame (relayout every node, repaint, write every cell)`,
    { group, baseline: true },
    () => {
      r.resize(200 - (flip ^= 1), 60);
      r.render();
    },
  );
}
