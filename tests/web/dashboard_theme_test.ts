/// <reference lib="dom" />
/**
 * examples/dashboard.ts in the browser, light and dark: its chart draws in
 * the standard colour slots, so its background is the page's in either theme
 * (it was drawn dark on the light page) and its line the theme's accent.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { startViewer } from "./_viewer.ts";

Deno.test("browser viewer: the dashboard's chart follows the light and the dark theme", async () => {
  const browser = await launchBrowser();
  const viewer = await startViewer();
  try {
    viewer.app("dashboard");
    for (const scheme of ["light", "dark"] as const) {
      const page = await browser.newPage({
        viewport: { width: 900, height: 500 },
        colorScheme: scheme,
      });
      await page.goto(viewer.sessionUrl("dashboard"));
      const chart = page.locator('canvas[data-vp-id="10"]');
      await chart.waitFor({ timeout: 30_000 });
      // What the chart shows: the corner pixel (its background), the colours
      // its line uses, and the page's background and accent.
      const look = () =>
        chart.evaluate((el) => {
          const c = el as HTMLCanvasElement;
          const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
          const rgb = (i: number) => `rgb(${data[i]}, ${data[i + 1]}, ${data[i + 2]})`;
          const colours = new Set<string>();
          for (let i = 0; i < data.length; i += 4) colours.add(rgb(i));
          const probe = document.createElement("div");
          document.body.append(probe);
          probe.style.color = "var(--vp-2)";
          const accent = getComputedStyle(probe).color;
          probe.remove();
          return {
            corner: rgb(0),
            colours: [...colours],
            page: getComputedStyle(document.querySelector(".vp-session")!).backgroundColor,
            accent,
          };
        });
      let got = await look();
      for (let i = 0; i < 100 && got.corner !== got.page; i++) {
        await new Promise((r) => setTimeout(r, 100));
        got = await look();
      }
      await screenshot(page, `dashboard-${scheme}`);
      assertEquals(got.corner, got.page, `${scheme}: the chart's background is the page's`);
      const [r, g, b] = got.page.match(/\d+/g)!.map(Number);
      const light = (r + g + b) / 3 > 128;
      assertEquals(light, scheme === "light", `${scheme}: page background ${got.page}`);
      assert(got.colours.includes(got.accent), `${scheme}: the line in ${got.accent}`);
      await page.close();
    }
  } finally {
    await viewer.close();
    await browser.close();
  }
});
