/// <reference lib="dom" />
/**
 * A large PATCH in the browser page (viewer/web/client/session_view.ts): it
 * is decoded and applied in slices with turns of the page's event loop in
 * between, so animation frames and input are handled while it is applied;
 * no render shows part of it; and the page ends up with the DOM the one-go
 * apply makes. Counted, not timed.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer } from "../../viewer/web/server.ts";
import type { NodeSpec, Patch } from "../../src/protocol/messages/types.ts";
import { launchBrowser } from "./_browser.ts";
import type { Page } from "playwright-core";

const N = 99_000;

interface Probe {
  rafs: number;
  moves: number;
  half: number;
  done: boolean;
}

/** What a page's test hook sees (`globalThis.viewport.view`). */
type View = {
  busy: boolean;
  slicedOver: number;
  element: HTMLElement;
  stats: { patches: number; sliced: number; slices: number; rejected: number; flushes: number };
  model: { tree: { get(id: number): { props: Record<string, unknown> } | undefined } };
};
const view = (): View => (globalThis as unknown as { viewport: { view: View } }).viewport.view;

Deno.test("browser viewer: a 99,000-set PATCH is applied in slices, the page keeps answering", async () => {
  const source = new ModelSessionSource();
  source.add("big", "Big");
  const children: NodeSpec[] = Array.from({ length: N }, (_, i) => ({
    id: i + 2,
    type: "text",
    props: { content: `old ${i}` },
  }));
  source.apply("big", { type: "TREE", root: { id: 1, type: "box", props: {}, children } });
  const server = await startWebServer({ source });
  const browser = await launchBrowser();
  try {
    // Two pages on the session: one applies large frames in slices (the
    // default), the other in one go (the reference DOM).
    const open = async (oneGo: boolean): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 600, height: 400 } });
      context.setDefaultTimeout(120_000);
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-vp-id]").length === n + 1,
        N,
        { timeout: 120_000, polling: 200 },
      );
      if (oneGo) await page.evaluate(`(${view})().slicedOver = Infinity`);
      return page;
    };
    const sliced = await open(false);
    const oneGo = await open(true);
    assertEquals(await sliced.evaluate(`(${view})().stats.sliced`), 1, "the TREE came in slices");

    // The probe: animation frames and mouse moves handled while the PATCH is
    // being applied, and whether any render in between showed part of it.
    await sliced.evaluate(`(${probe})(${N})`);
    const patches: Patch[] = Array.from({ length: N }, (_, i) => ({
      target: i + 2,
      set: { content: `new ${i}` },
    }));
    source.apply("big", { type: "PATCH", patches });

    for (let i = 0; !(await sliced.evaluate("globalThis.probe.done")); i++) {
      await sliced.mouse.move(10 + (i % 50), 10 + (i % 30));
    }
    const got = await sliced.evaluate("globalThis.probe") as Probe;
    const stats = await sliced.evaluate(`(${view})().stats`) as View["stats"];
    assertEquals(stats.rejected, 0);
    assertEquals(stats.sliced, 2, "the PATCH came in slices");
    assert(stats.slices > 4, `expected several slices, got ${stats.slices}`);
    assert(got.rafs > 0, "animation frames ran while the PATCH was applied");
    assert(got.moves > 0, "mouse moves were handled while the PATCH was applied");
    assertEquals(got.half, 0, "no render showed part of the PATCH");

    for (const page of [oneGo, sliced]) await page.waitForFunction(settled, N, { polling: 200 });
    assertEquals(await oneGo.evaluate(`(${view})().stats.sliced`), 1, "only the TREE was sliced");
    const [a, b] = await Promise.all([sliced, oneGo].map((p) => p.evaluate(`(${digest})()`)));
    assertEquals(a, b, "the sliced apply renders the DOM of the one-go apply");
  } finally {
    await browser.close();
    await server.close();
  }
});

/** In the page: the PATCH is applied and shown. */
function settled(n: number): boolean {
  const v = (globalThis as unknown as { viewport: { view: View } }).viewport.view;
  return v.stats.patches === n && !v.busy &&
    document.querySelector(`[data-vp-id="${n + 1}"]`)?.textContent === `new ${n - 1}`;
}

/** In the page: counts what runs while the view is busy with the PATCH. */
function probe(n: number): void {
  const v = (globalThis as unknown as { viewport: { view: View } }).viewport.view;
  const p: Probe = { rafs: 0, moves: 0, half: 0, done: false };
  (globalThis as unknown as { probe: Probe }).probe = p;
  let started = false;
  const first = () => document.querySelector('[data-vp-id="2"]')?.textContent;
  const last = () => document.querySelector(`[data-vp-id="${n + 1}"]`)?.textContent;
  addEventListener("mousemove", () => {
    if (v.busy) p.moves++;
  });
  const frame = () => {
    if (v.busy) {
      started = true;
      p.rafs++;
      // Painted now: either all of the PATCH or none of it.
      if (first() !== "old 0" || last() !== `old ${n - 1}`) p.half++;
    } else if (started || v.stats.patches >= n) {
      p.done = true;
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** In the page: the session's DOM, hashed (FNV-1a) with its length. */
function digest(): string {
  const html = (globalThis as unknown as { viewport: { view: View } }).viewport.view.element
    .innerHTML;
  let h = 0x811c9dc5;
  for (let i = 0; i < html.length; i++) h = Math.imul(h ^ html.charCodeAt(i), 0x01000193);
  return `${html.length}:${(h >>> 0).toString(16)}`;
}
