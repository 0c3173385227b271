/**
 * Widgets scrolling at 80x24 in the embedded renderer, next to today's
 * schema-bound scroll: PgDn through a 100,000-item list and a 1,000,000-row
 * data table. `deno run -A bench/widgets_scroll.ts` measures the same three
 * in turns (less sensitive to load); see docs/performance.md.
 *
 *   deno bench -A bench/widgets_bench.ts
 *
 * @module
 */
import { scrollCases } from "./widgets_scroll.ts";

const cases = scrollCases();
cases.forEach((c, i) => {
  Deno.bench(`${c.name}: PgDn + frame`, { group: "scroll 80x24", baseline: i === 0 }, async () => {
    await c.frame();
  });
});
