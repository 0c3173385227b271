/// <reference lib="dom" />
/**
 * Harness for the browser viewer benchmarks: a 1,000-node session served by
 * the web server to headless Chromium, patches streamed from the server, and
 * the page's own counters (patches applied, render durations, frame
 * intervals) read back.
 *
 * @module
 */
import type { Browser, Page } from "playwright-core";
import { ModelSessionSource } from "../viewer/web/model_source.ts";
import { startWebServer, type WebServer } from "../viewer/web/server.ts";
import type { NodeSpec, Patch } from "../src/protocol/messages/types.ts";
import { CHROMIUM_PATH, launchBrowser } from "../tests/web/_browser.ts";

/** Rows x columns of text nodes (plus a box per row and the root: 1,001 nodes). */
const ROWS = 40, COLS = 24;
const FIRST_TEXT = 1000;

/** What one run measured in the page. */
export interface PageRun {
  patches: number;
  /** From the first patch sent to the render that showed the last one. */
  ms: number;
  /** Render (DOM update) durations. */
  flushMs: number[];
  /** Intervals between animation frames while patches were arriving. */
  frameMs: number[];
}

/** True when Chromium is installed (benchmarks skip themselves otherwise). */
export function haveChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    return false;
  }
}

function tree(): NodeSpec {
  const rows: NodeSpec[] = [];
  for (let r = 0; r < ROWS; r++) {
    const cells: NodeSpec[] = [];
    for (let c = 0; c < COLS; c++) {
      cells.push({
        id: FIRST_TEXT + r * COLS + c,
        type: "text",
        props: { content: "0", width: 4 },
      });
    }
    rows.push({ id: 10 + r, type: "box", props: { dir: "row", gap: 1 }, children: cells });
  }
  return { id: 1, type: "box", props: { dir: "column" }, children: rows };
}

/** A page showing a 1,001-node session, ready to be patched. */
export class PageBench {
  readonly source: ModelSessionSource;
  #server: WebServer;
  #browser: Browser;
  #page: Page;
  #seq = 0;

  private constructor(source: ModelSessionSource, server: WebServer, browser: Browser, page: Page) {
    this.source = source;
    this.#server = server;
    this.#browser = browser;
    this.#page = page;
  }

  /**
   * Starts the server and the browser and loads the page. `coalesce: false`
   * sends one frame per WebSocket message (see `HubOptions.coalesce`).
   */
  static async start(options: { coalesce?: boolean } = {}): Promise<PageBench> {
    const source = new ModelSessionSource();
    source.add("bench");
    source.apply("bench", { type: "TREE", root: tree() });
    const server = await startWebServer({ source, hub: { coalesce: options.coalesce } });
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelectorAll("[data-vp-id]").length >= 1001);
    return new PageBench(source, server, browser, page);
  }

  /**
   * Sends `total` patches in PATCH messages of `batch` and waits until the
   * page has rendered the last one. Without `rate`, all at once (a burst: how
   * fast the page absorbs them); with `rate`, paced at that many patches per
   * second (a steady stream: how smooth the page stays).
   */
  async run(total: number, batch: number, rate?: number): Promise<PageRun> {
    await this.#page.evaluate(() => {
      // deno-lint-ignore no-explicit-any
      const g = globalThis as any;
      const st = g.viewport.view.stats;
      st.patches = 0;
      st.flushMs.length = 0;
      g.benchFrames = [];
      let last = performance.now();
      g.benchStop = false;
      const tick = () => {
        const now = performance.now();
        g.benchFrames.push(now - last);
        last = now;
        if (!g.benchStop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const start = await this.#page.evaluate(() => performance.now());
    const t0 = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = rate
        ? Math.min(total, Math.ceil(((performance.now() - t0) / 1000) * rate))
        : total;
      while (sent < due) {
        const patches: Patch[] = [];
        for (let i = 0; i < batch && sent < total; i++, sent++) {
          const id = FIRST_TEXT + ((this.#seq * 7919) % (ROWS * COLS));
          patches.push({ target: id, set: { content: String(this.#seq++ % 1000) } });
        }
        this.source.apply("bench", { type: "PATCH", patches });
      }
      if (sent < total) await new Promise((r) => setTimeout(r, 2));
    }
    const result = await this.#page.waitForFunction(
      (n) => {
        // deno-lint-ignore no-explicit-any
        const g = globalThis as any;
        const st = g.viewport.view.stats;
        if (st.patches < n || st.lastFlush === 0) return null;
        // Done once a render happened after the last patch arrived.
        if (st.lastFlush < st.lastFrame) return null;
        g.benchStop = true;
        return { end: st.lastFlush, flushMs: st.flushMs.slice(), frameMs: g.benchFrames.slice(1) };
      },
      total,
      { polling: "raf", timeout: 120_000 },
    );
    const r = await result.jsonValue() as { end: number; flushMs: number[]; frameMs: number[] };
    return { patches: total, ms: r.end - start, flushMs: r.flushMs, frameMs: r.frameMs };
  }

  /** Closes the browser and the server. */
  async close(): Promise<void> {
    await this.#browser.close();
    await this.#server.close();
  }
}

/** The `p`-th percentile (0-100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
