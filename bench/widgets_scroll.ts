/**
 * Per-frame cost of scrolling widgets, side by side with today's
 * schema-bound scroll, at 80x24 in the embedded renderer: PgDn through a
 * 1,000,000-row schema table (the viewer formats and draws rows itself), a
 * 100,000-item list widget and a 1,000,000-row data table widget (the app
 * renders the rows in view). The three run in turns, rounds of 400 frames
 * each, so that load on the machine hits them alike; the medians per frame
 * are compared.
 *
 * A widget frame is the whole round trip inside the process: the key becomes
 * an INPUT, the app's handler moves the cursor, `mount()` renders the view,
 * the SDK diffs it and patches the model, and the renderer lays out, paints
 * and diffs the screen.
 *
 *   deno run -A bench/widgets_scroll.ts [--rounds N]
 *
 * (`deno bench -A bench/widgets_bench.ts` runs the same three as `Deno.bench`s.)
 *
 * @module
 */
import { ViewportModel } from "../src/model/mod.ts";
import { slot } from "../src/protocol/slot_ref.ts";
import { Renderer } from "../src/render/ansi/renderer.ts";
import { Connection } from "../src/sdk/connection.ts";
import { HeadlessLink } from "../src/sdk/link.ts";
import type { VNode } from "../src/sdk/vnode.ts";
import { dataTable, list, ListState, mount, TableState } from "../src/widgets/mod.ts";

const PGDN = "\x1b[6~", HOME = "\x1b[H";

/** A frame: one PgDn (Home at the end) and the screen brought up to date. */
export type Frame = () => void | Promise<void>;

/** The three cases; `rows` is shared by the two million-row ones. */
export function scrollCases(): { name: string; frame: Frame }[] {
  const ROWS = 1_000_000;
  const rows: unknown[][] = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) rows[i] = [`file${i}`, i * 1024];

  const model = new ViewportModel({ maxRows: ROWS, checkRowTypes: false });
  model.apply({ type: "TREE", root: { id: 1, type: "scroll", props: { schema: slot(100) } } });
  model.apply({
    type: "SCHEMA",
    slot: 100,
    columns: [
      { id: 0, name: "name", type: "string" },
      { id: 1, name: "size", type: "uint64", format: "human_bytes" },
    ],
  });
  model.apply({ type: "DATA", schema: slot(100), rows });
  const schemaRenderer = new Renderer({ model, width: 80, height: 24, colorDepth: "truecolor" });
  schemaRenderer.render();
  schemaRenderer.handleInput(HOME);
  schemaRenderer.render();

  const app = (view: () => VNode) => {
    const conn = new Connection({
      mode: { type: "ansi", altScreen: true, fps: 30 },
      model: new ViewportModel({ checkRowTypes: false }),
      link: new HeadlessLink(),
      env: { type: "ENV", display_width: 80, display_height: 24 },
      interactive: true,
    });
    mount(conn, view);
    const r = new Renderer({ model: conn.model, width: 80, height: 24, colorDepth: "truecolor" });
    r.render();
    return async (key: string) => {
      for (const m of r.handleInput(key)) conn.receive(m);
      await Promise.resolve(); // mount() renders on the microtask after the input
      r.render();
    };
  };
  const items = new ListState(Array.from({ length: 100_000 }, (_, i) => `photo-${i}.jpg`));
  const listKey = app(() => list(items, { height: 22 }));
  const table = new TableState([
    { name: "name", type: "string" },
    { name: "size", type: "uint64", format: "human_bytes" },
  ], rows);
  const tableKey = app(() => dataTable(table, { height: 21 }));
  return [
    {
      name: "schema-bound scroll, 1,000,000 rows",
      frame: () => {
        if (schemaRenderer.handleInput(PGDN).length === 0) schemaRenderer.handleInput(HOME);
        schemaRenderer.render();
      },
    },
    {
      name: "list widget, 100,000 items",
      frame: () => listKey(items.cursor >= items.count - 1 ? HOME : PGDN),
    },
    {
      name: "data table widget, 1,000,000 rows",
      frame: () => tableKey(table.cursor >= table.count - 1 ? HOME : PGDN),
    },
  ];
}

if (import.meta.main) {
  const at = Deno.args.indexOf("--rounds");
  const rounds = at >= 0 ? Math.max(1, Number(Deno.args[at + 1]) || 10) : 10;
  const cases = scrollCases();
  const times = cases.map(() => [] as number[]);
  for (const c of cases) for (let i = 0; i < 200; i++) await c.frame(); // warm up
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      for (let i = 0; i < 400; i++) {
        const t = performance.now();
        await cases[k].frame();
        times[k].push(performance.now() - t);
      }
    }
    Deno.stderr.writeSync(new TextEncoder().encode(`\rround ${r + 1}/${rounds}`));
  }
  console.error();
  const q = (a: number[], p: number) => a.toSorted((x, y) => x - y)[Math.floor(a.length * p)];
  const base = q(times[0], 0.5);
  console.log("| PgDn + frame at 80x24 | median | p90 | x schema-bound |");
  console.log("| --- | --- | --- | --- |");
  cases.forEach((c, k) => {
    const m = q(times[k], 0.5), p90 = q(times[k], 0.9);
    const us = (v: number) => `${(v * 1000).toFixed(0)} µs`;
    console.log(`| ${c.name} | ${us(m)} | ${us(p90)} | ${(m / base).toFixed(1)} |`);
  });
}
