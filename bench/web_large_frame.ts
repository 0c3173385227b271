/// <reference lib="dom" />
/**
 * A large PATCH in the browser page, one go against slices, side by side in
 * one run (a script: the numbers are the page's own long tasks):
 *
 *   deno run -A bench/web_large_frame.ts [--sets S] [--rounds R]
 *
 * A session of text nodes shown in headless Chromium gets one PATCH of S sets
 * of text (default 99,000, about 2 MB): spread over 1,000 nodes (99 sets each:
 * the apply is the work, the render small) and over 99,000 nodes (one set
 * each: the render of 99,000 changed nodes is most of the work). Per round,
 * session and mode: the
 * longest main-thread task while it is applied and rendered (PerformanceObserver
 * `longtask`, tasks over 50 ms), how many long tasks, the animation frames
 * that ran while it was applied, and the time from the send to the render
 * that shows it. "one go" is the page with `slicedOver = Infinity` (the client
 * before slicing), "sliced" the default.
 *
 * @module
 */
import { ModelSessionSource } from "../viewer/web/model_source.ts";
import { startWebServer } from "../viewer/web/server.ts";
import type { NodeSpec, Patch } from "../src/protocol/messages/types.ts";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, ensureChromium } from "../tests/web/_browser.ts";

const arg = (name: string, fallback: number) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
};
const sets = arg("sets", 99_000);
const rounds = arg("rounds", 2);

const source = new ModelSessionSource();
const modes = [["one go", true], ["sliced", false]] as const;
const sizes = [1_000, 99_000];
const sessions: { name: string; nodes: number; oneGo: boolean }[] = [];
for (const nodes of sizes) {
  for (const [mode, oneGo] of modes) {
    const name = `${mode}, ${nodes.toLocaleString("en-US")} nodes`;
    sessions.push({ name, nodes, oneGo });
    source.add(name, name);
    const children: NodeSpec[] = Array.from({ length: nodes }, (_, i) => ({
      id: i + 2,
      type: "text",
      props: { content: `start ${i}` },
    }));
    source.apply(name, { type: "TREE", root: { id: 1, type: "box", props: {}, children } });
  }
}
const server = await startWebServer({ source });
// A browser each: pages of one browser may share a renderer process (and its
// heap and main thread), and one page's long tasks would count for another.
const executablePath = await ensureChromium();
const browsers: import("playwright-core").Browser[] = [];
type Result = { longest: number; long: number; rafs: number; ms: number };
const rows: string[][] = [[
  `${sets.toLocaleString("en-US")} sets over`,
  "longest task ms",
  "tasks > 50 ms",
  "animation frames until shown",
  "send to render ms",
]];
try {
  const pages = new Map<string, import("playwright-core").Page>();
  for (const { name, nodes: n, oneGo } of sessions) {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    browsers.push(browser);
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    context.setDefaultTimeout(300_000);
    const page = await context.newPage();
    await page.goto(`${server.url}&session=${encodeURIComponent(name)}`);
    await page.waitForFunction(
      (n) => document.querySelector(`[data-vp-id="${n + 1}"]`)?.textContent === `start ${n - 1}`,
      n,
      { polling: 200 },
    );
    if (oneGo) await page.evaluate("globalThis.viewport.view.slicedOver = Infinity");
    pages.set(name, page);
  }
  for (let round = 1; round <= rounds; round++) {
    for (const { name, nodes: n } of sessions) {
      const page = pages.get(name)!;
      const word = `r${round}`;
      // The last node's last set: its text once the PATCH shows.
      let last = n - 1;
      while (last + n < sets) last += n;
      await page.evaluate(`(${watch})(${n}, ${JSON.stringify(`${word} ${last}`)})`);
      const patches: Patch[] = Array.from({ length: sets }, (_, i) => ({
        target: (i % n) + 2,
        set: { content: `${word} ${i}` },
      }));
      source.apply(name, { type: "PATCH", patches });
      await page.waitForFunction(
        () => (globalThis as unknown as { watched: { done: boolean } }).watched.done,
        undefined,
        { polling: 100 },
      );
      const r = await page.evaluate("globalThis.watched") as Result;
      rows.push([
        `${name} (round ${round})`,
        r.longest.toFixed(0),
        String(r.long),
        String(r.rafs),
        r.ms.toFixed(0),
      ]);
    }
  }
} finally {
  for (const b of browsers) await b.close();
  await server.close();
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log("| " + r.map((v, c) => v.padEnd(widths[c])).join(" | ") + " |");

/** In the page: long tasks and animation frames until the PATCH shows. */
function watch(n: number, text: string): void {
  const w = { longest: 0, long: 0, rafs: 0, ms: 0, done: false };
  (globalThis as unknown as { watched: typeof w }).watched = w;
  const t0 = performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.long++;
      w.longest = Math.max(w.longest, e.duration);
    }
  });
  observer.observe({ type: "longtask" });
  const shown = () => document.querySelector(`[data-vp-id="${n + 1}"]`)?.textContent === text;
  const frame = () => {
    if (shown()) {
      w.ms = performance.now() - t0;
      // The observer reports a task after it ends: give it a moment.
      setTimeout(() => {
        for (const e of observer.takeRecords()) {
          w.long++;
          w.longest = Math.max(w.longest, e.duration);
        }
        observer.disconnect();
        w.done = true;
      }, 500);
      return;
    }
    w.rafs++;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
