/**
 * The front-end scenarios (scenarios.ts) against every front end: the
 * embedded ANSI renderer, the terminal viewer in tmux, the browser viewer in
 * Chromium. A scenario that fails on one front end is a parity bug.
 */
import type { Browser } from "playwright-core";
import { hasTmux } from "../ansi/_tmux.ts";
import { ansiSurface } from "./_ansi.ts";
import { browserSurface, launchBrowser } from "./_browser.ts";
import { terminalSurface } from "./_terminal.ts";
import { SCENARIOS, type Surface } from "./scenarios.ts";

async function runAll(t: Deno.TestContext, surface: Surface): Promise<void> {
  for (const scenario of SCENARIOS) {
    await t.step(scenario.name, async () => {
      await surface.open(scenario.page);
      try {
        await scenario.run(surface);
      } finally {
        await surface.close();
      }
    });
  }
}

Deno.test("front-end scenarios: the embedded ANSI renderer", async (t) => {
  await runAll(t, ansiSurface());
});

Deno.test({
  name: "front-end scenarios: the terminal viewer (tmux)",
  ignore: !hasTmux(),
  async fn(t) {
    await runAll(t, terminalSurface());
  },
});

Deno.test("front-end scenarios: the browser viewer (Chromium)", async (t) => {
  let browser: Browser | null = null;
  try {
    await runAll(t, browserSurface(async () => browser ??= await launchBrowser()));
  } finally {
    await (browser as Browser | null)?.close();
  }
});
