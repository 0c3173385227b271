/**
 * Runs the cases a bench module exports as `scrollCases()` and prints each
 * case's median and p90 frame time (ms) as JSON. It imports nothing of the
 * repository itself, so that `bench/widgets_scroll.ts --against DIR` can run
 * it on another checkout (with that checkout's config) exactly as on this one.
 *
 *   deno run -A [--config DIR/deno.json] bench/_frame_runner.ts MODULE ROUNDS
 *
 * @module
 */
import { type FrameCase, measure } from "./_frame_measure.ts";

if (import.meta.main) {
  const [module, rounds] = Deno.args;
  const url = module.startsWith("file:") ? module : `file://${Deno.realPathSync(module)}`;
  const { scrollCases } = await import(url) as { scrollCases: () => FrameCase[] };
  console.log(JSON.stringify(await measure(scrollCases(), Math.max(1, Number(rounds) || 1))));
}
