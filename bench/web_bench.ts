/**
 * Browser viewer: patches into a 1,001-node page in headless Chromium, one
 * patch per PATCH frame side by side with batches of 100. Each iteration
 * streams 2,000 patches and waits until the page has rendered the last one.
 * Skipped when Chromium is not installed. In-page frame times: web_frames.ts.
 *
 *   deno bench -A bench/web_bench.ts
 *
 * @module
 */
import { haveChromium, type PageBench } from "./web_page.ts";

const ignore = !haveChromium();
let page: PageBench | null = null;
const get = async () => page ??= await (await import("./web_page.ts")).PageBench.start();
const PATCHES = 2_000;

for (const batch of [1, 100]) {
  Deno.bench({
    name: `web: 2,000 patches, ${batch} per frame`,
    group: "web-patches",
    baseline: batch === 1,
    ignore,
    n: 10,
    warmup: 2,
    async fn(b) {
      const p = await get();
      b.start();
      await p.run(PATCHES, batch);
      b.end();
    },
  });
}

Deno.bench({
  name: "web: close the browser",
  group: "web-teardown",
  ignore,
  n: 1,
  warmup: 0,
  async fn() {
    await page?.close();
    page = null;
  },
});
