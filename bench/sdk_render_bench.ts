/**
 * `render()` cost: diff a 1000-node tree with one change and apply the patch to
 * the shadow model (target < 1 ms), next to building the same tree and sending
 * it whole with `setTree()`.
 *
 *   deno bench -A bench/sdk_render_bench.ts
 */
import { column, connect, row, text, type VNode } from "../src/mod.ts";

function view(changed: number, rows = 200): VNode {
  const items: VNode[] = [];
  for (let i = 0; i < rows; i++) {
    // 5 nodes per row: 1000 nodes in all (plus the root).
    items.push(row({ id: 10 + i * 5, gap: 1 }, [
      text(`#${i}`, { id: 11 + i * 5, width: 5 }),
      text(`name ${i}`, { id: 12 + i * 5, width: 12 }),
      text(i === changed % rows ? `value ${changed}` : `value ${i}`, { id: 13 + i * 5 }),
      text("ok", { id: 14 + i * 5, color: "green" }),
    ]));
  }
  return column({ id: 1 }, items);
}

const conn = await connect({ env: { VIEWPORT: "headless:" } });
let n = 0;
conn.render(view(n));

Deno.bench(
  "render(): 1000-node tree, one change (build + diff + apply)",
  { group: "render" },
  () => {
    conn.render(view(++n));
  },
);

const prebuilt = [view(1), view(2)];
let k = 0;
Deno.bench(
  "render(): diff + apply only (tree prebuilt)",
  { group: "render", baseline: true },
  () => {
    conn.render(prebuilt[k++ & 1]);
  },
);

Deno.bench("setTree(): the same tree sent whole", { group: "render" }, () => {
  conn.setTree(view(++n));
});
