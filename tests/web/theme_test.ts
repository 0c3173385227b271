/// <reference lib="dom" />
/**
 * `viewport --web --theme dark|light`: the page takes that scheme whatever
 * the OS prefers; without `--theme` it follows the OS.
 */
import { assertEquals } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { startViewer } from "./_viewer.ts";

const cases = [
  // [--theme, the OS's preference, the session's background]
  ["dark", "light", "rgb(13, 17, 23)"], // the page's dark palette (the slots hold the defaults)
  ["light", "dark", "rgb(239, 241, 245)"], // the light theme's slot 0
  [undefined, "light", "rgb(255, 255, 255)"], // no --theme: the OS's (light) palette
  [undefined, "dark", "rgb(13, 17, 23)"],
] as const;

Deno.test("viewport --web --theme: the chosen scheme wins over the OS's; without it the OS's", async () => {
  const browser = await launchBrowser();
  try {
    for (const [theme, os, background] of cases) {
      const viewer = await startViewer(theme ? ["--theme", theme] : []);
      try {
        viewer.app("hello");
        const page = await browser.newPage({
          viewport: { width: 700, height: 300 },
          colorScheme: os,
        });
        await page.goto(viewer.sessionUrl("hello"));
        await page.getByText("Hello, Viewport!").waitFor({ timeout: 20_000 });
        const bg = () =>
          page.evaluate(() =>
            getComputedStyle(document.querySelector(".vp-session")!).backgroundColor
          );
        // The app's slots arrive after its first frame: wait for the look to settle.
        for (let i = 0; i < 100 && (await bg()) !== background; i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        assertEquals(await bg(), background, `--theme ${theme ?? "(none)"} with the OS ${os}`);
        await screenshot(page, `theme-${theme ?? "os"}-${os}`);
        await page.close();
      } finally {
        await viewer.close();
      }
    }
  } finally {
    await browser.close();
  }
});
