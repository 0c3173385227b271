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
 *   deno run -A bench/widgets_scroll.ts [--rounds N] [--against DIR]
 *
 * `--against DIR` runs another checkout of this repository (say main,
 * unpacked with `git archive`, its `node_modules` installed) and this one in
 * turns, N processes each, two rounds per process, with the same runner
 * (`_frame_runner.ts`), and prints both side by side: a before/after
 * comparison that load on the machine hits alike (medians of the processes'
 * medians).
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
import { measure } from "./_frame_measure.ts";

type Timing = { name: string; median: number; p90: number };

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
  const arg = (name: string) => {
    const at = Deno.args.indexOf(name);
    return at >= 0 ? Deno.args[at + 1] : undefined;
  };
  const rounds = Math.max(1, Number(arg("--rounds")) || 10);
  const against = arg("--against");
  const us = (v: number) => `${(v * 1000).toFixed(0)} µs`;
  if (against === undefined) {
    const cases = scrollCases();
    const r = await measure(cases, rounds);
    console.log("| PgDn + frame at 80x24 | median | p90 | x schema-bound |");
    console.log("| --- | --- | --- | --- |");
    cases.forEach((c, k) => {
      const x = (r[k].median / r[0].median).toFixed(1);
      console.log(`| ${c.name} | ${us(r[k].median)} | ${us(r[k].p90)} | ${x} |`);
    });
  } else {
    // Each checkout in processes of its own (a process holding both tables
    // would pay for both in every garbage collection), in turns, with the
    // same runner; the medians of the processes' medians are compared.
    const dir = Deno.realPathSync(against);
    const here = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
    const runner = new URL("./_frame_runner.ts", import.meta.url).pathname;
    const runs = { before: [] as Timing[][], after: [] as Timing[][] };
    for (let r = 0; r < rounds; r++) {
      for (const [side, root] of [["before", dir], ["after", here]] as const) {
        const out = await new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            "--config",
            `${root}/deno.json`,
            runner,
            `${root}/bench/widgets_scroll.ts`,
            "2",
          ],
          cwd: root,
          stderr: "null",
        }).output();
        if (!out.success) throw new Error(`the ${side} run failed (exit ${out.code})`);
        runs[side].push(JSON.parse(new TextDecoder().decode(out.stdout)));
      }
      Deno.stderr.writeSync(new TextEncoder().encode(`\rprocess pair ${r + 1}/${rounds}`));
    }
    console.error();
    const med = (a: number[]) => a.toSorted((x, y) => x - y)[Math.floor(a.length / 2)];
    const col = (side: Timing[][], k: number) => med(side.map((run) => run[k].median));
    console.log(
      "| PgDn + frame at 80x24 | before: median | x schema-bound | after: median | x schema-bound |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    runs.after[0].forEach(({ name }, k) => {
      const b = col(runs.before, k), a = col(runs.after, k);
      const xb = (b / col(runs.before, 0)).toFixed(1), xa = (a / col(runs.after, 0)).toFixed(1);
      console.log(`| ${name} | ${us(b)} | ${xb} | ${us(a)} | ${xa} |`);
    });
  }
}
