/**
 * The ANSI renderer: the two UIs of `bench/ansi_vs_ink.ts` frame by frame
 * (the app's `render()` diff, the model patch, layout, paint and the diff to
 * bytes), and 10,000-node trees at 200x60 (target: a full frame in under
 * 16 ms). The comparison with Ink runs in `bench/ansi_vs_ink.ts`.
 *
 *   deno bench -A bench/ansi_bench.ts
 *
 * @module
 */
import { ViewportModel } from "../src/model/mod.ts";
import { connect, type VNode } from "../src/mod.ts";
import { Renderer } from "../src/render/ansi/renderer.ts";
import { gridTree, listTree } from "./ansi_trees.ts";
import { dashboardView, listView } from "./ansi_vs_ink_app.ts";
import { SIZES } from "./ink/scenes.mjs";
import { slot } from "../src/protocol/slot_ref.ts";

for (const [name, view] of [["list", listView], ["dashboard", dashboardView]] as const) {
  // The SDK's diff and model in headless mode, drawn by a renderer of the
  // terminal's size: what ansi mode does per frame, minus the frame timer.
  const conn = await connect({ env: { VIEWPORT: "headless:" } });
  const { columns, rows } = SIZES[name];
  const r = new Renderer({
    model: conn.model,
    width: columns,
    height: rows,
    colorDepth: "truecolor",
  });
  let frame = 0;
  conn.render(view(frame) as VNode);
  r.render();
  let bytes = 0, frames = 0;
  Deno.bench(
    name === "list"
      ? "list of 100 styled rows, one row changes: render() + frame"
      : "80x24 dashboard, everything changes: render() + frame",
    { group: "frames" },
    () => {
      conn.render(view(++frame));
      bytes += r.render().length;
      frames++;
    },
  );
  globalThis.addEventListener("unload", () => {
    if (frames > 0) console.log(`${name}: ${(bytes / frames).toFixed(0)} bytes per frame`);
  });
}

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

{
  // A million schema-bound rows in a scroll, paged through with PgDn.
  const model = new ViewportModel({ maxRows: 1_000_000, checkRowTypes: false });
  model.apply({ type: "TREE", root: { id: 1, type: "scroll", props: { schema: slot(100) } } });
  model.apply({
    type: "SCHEMA",
    slot: 100,
    columns: [
      { id: 0, name: "name", type: "string" },
      { id: 1, name: "size", type: "uint64", format: "human_bytes" },
    ],
  });
  const rows: unknown[][] = new Array(1_000_000);
  for (let i = 0; i < rows.length; i++) rows[i] = [`file${i}`, i * 1024];
  model.apply({ type: "DATA", schema: slot(100), rows });
  const r = new Renderer({ model, width: 80, height: 24, colorDepth: "truecolor" });
  r.render();
  r.handleInput("\x1b[H");
  r.render();
  Deno.bench("1,000,000-row table 80x24: PgDn + frame", { group: "scroll" }, () => {
    if (r.handleInput("\x1b[6~").length === 0) r.handleInput("\x1b[H");
    r.render();
  });
}
