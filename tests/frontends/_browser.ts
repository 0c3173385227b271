/// <reference lib="dom" />
/**
 * The browser viewer as a {@linkcode Surface}: `viewport --web -- APP` with
 * Chromium driven by Playwright; keys pressed as a person presses them.
 */
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../web/_browser.ts";
import { spawnDeno, waitForLine } from "../web/_processes.ts";
import type { Surface } from "./scenarios.ts";

/** Viewport key names to Playwright's. */
const KEYS: Record<string, string> = {
  tab: "Tab",
  "shift+tab": "Shift+Tab",
  enter: "Enter",
  up: "ArrowUp",
  down: "ArrowDown",
  left: "ArrowLeft",
  right: "ArrowRight",
  pageup: "PageUp",
  pagedown: "PageDown",
  home: "Home",
  end: "End",
  escape: "Escape",
  space: " ",
};

function playwrightKey(key: string): string {
  if (KEYS[key]) return KEYS[key];
  const parts = key.split("+");
  const base = parts.pop()!;
  const mods = parts.map((m) => ({ ctrl: "Control", alt: "Alt", shift: "Shift", meta: "Meta" })[m]);
  return [...mods, KEYS[base] ?? base].join("+");
}

/** A new browser surface sharing `browser` (one Chromium per test file). */
export function browserSurface(browser: () => Promise<Browser>): Surface {
  let viewer: Deno.ChildProcess | null = null;
  let page: Page | null = null;
  const need = () => {
    if (!page) throw new Error("open() first");
    return page;
  };
  const session = () => need().locator(".vp-session");
  return {
    name: "browser",
    async open(name) {
      viewer = spawnDeno([
        "run",
        "-A",
        "cli/viewport.ts",
        "--web=127.0.0.1:0",
        "--",
        Deno.execPath(),
        "run",
        "-A",
        "tests/frontends/scenario_app.ts",
        name,
      ]);
      const [, url] = await waitForLine(viewer, /browser viewer at (http\S+)/);
      page = await (await browser()).newPage({ viewport: { width: 900, height: 600 } });
      page.setDefaultTimeout(15000);
      await page.goto(url);
      await session().getByText(`page ${name}`).waitFor();
    },
    async press(key) {
      await need().keyboard.press(playwrightKey(key));
    },
    async type(text) {
      await need().keyboard.type(text);
    },
    async click(text) {
      await session().getByText(text, { exact: true }).click();
    },
    async clickCanvas() {
      await session().locator("canvas").click();
    },
    async waitFor(text) {
      await session().getByText(text).first().waitFor();
    },
    async shows(text) {
      return (await session().getByText(text).count()) > 0;
    },
    async waitEnded() {
      await need().locator('.vp-session[data-state="ended"]').waitFor();
    },
    async close() {
      await page?.close();
      page = null;
      try {
        viewer?.kill("SIGTERM");
      } catch { /* gone */ }
      await viewer?.status;
      viewer = null;
    },
  };
}

export { launchBrowser };
