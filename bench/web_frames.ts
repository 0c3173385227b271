/**
 * Browser viewer page benchmark (a script, not a `deno bench` file: the
 * numbers are in-page frame times, not iterations):
 *
 *   deno run -A bench/web_frames.ts [--patches N] [--rate R]
 *
 * Sends N patches (default 20,000) to a 1,001-node session shown in headless
 * Chromium, as one patch per PATCH frame and as batches of 100: once all at
 * once (patches applied per second in the page), once as a steady stream of R
 * patches/s (default 10,000) with the p50/p99 of render (DOM update) time and
 * of the animation frame interval (16.7 ms is smooth at 60 Hz).
 *
 * @module
 */
import { haveChromium, PageBench, percentile } from "./web_page.ts";

const arg = (name: string, fallback: number) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
};
const total = arg("patches", 20_000);
const rate = arg("rate", 10_000);
if (!haveChromium()) {
  console.error("web_frames: needs Chromium (apt-get install -y chromium)");
  Deno.exit(1);
}
const rows: string[][] = [[
  "frames per WebSocket message",
  "patches per PATCH",
  "burst patches/s",
  `stream ${rate}/s: render p50/p99 ms`,
  "frame p50/p99 ms",
]];
for (const coalesce of [true, false]) {
  const bench = await PageBench.start({ coalesce });
  try {
    await bench.run(2_000, 100); // warm up the JIT and the page
    for (const batch of [1, 100]) {
      const burst = await bench.run(total, batch);
      const stream = await bench.run(total, batch, rate);
      const p = (v: number[]) =>
        `${percentile(v, 50).toFixed(1)} / ${percentile(v, 99).toFixed(1)}`;
      rows.push([
        coalesce ? "all of a turn (default)" : "one",
        String(batch),
        Math.round(burst.patches / (burst.ms / 1000)).toLocaleString("en-US"),
        p(stream.flushMs),
        p(stream.frameMs),
      ]);
    }
  } finally {
    await bench.close();
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log("| " + r.map((v, c) => v.padEnd(widths[c])).join(" | ") + " |");
