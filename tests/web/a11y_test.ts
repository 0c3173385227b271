/// <reference lib="dom" />
/**
 * Accessibility of the browser viewer: axe-core on every example in
 * `examples/` and on every tab of the widget gallery, in the light and the
 * dark scheme, with zero serious or critical violations; and the
 * accessibility wiring axe cannot judge (labels bound to visible label
 * nodes, tabs and their tabpanel, the h1, canvases out of the Tab order,
 * rows of a virtual table reachable by "go to row").
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer } from "../../viewer/web/server.ts";
import { SlotRef } from "../../src/protocol/slot_ref.ts";
import type { NodeSpec } from "../../src/protocol/messages/types.ts";
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

const node = (id: number, type: string, props: NodeSpec["props"] = {}, children: NodeSpec[] = []) =>
  ({ id, type, props, children }) as NodeSpec;

Deno.test("accessibility wiring: labels, row boxes as tables, tabs and tabpanel, h1, canvases, row jump", async (t) => {
  const source = new ModelSessionSource();
  source.add("services", "Services");
  source.apply("services", {
    type: "TREE",
    root: node(1, "box", { dir: "column", gap: 1 }, [
      node(2, "box", { dir: "row", gap: 1 }, [
        node(3, "text", { content: "Email:", width: 8 }),
        node(4, "input", { value: "", placeholder: "ada@example.com" }),
      ]),
      node(5, "box", { dir: "column" }, [
        node(6, "text", { content: "Notes" }),
        node(7, "input", { value: "", label: "Your notes", multiline: true }),
      ]),
      node(8, "input", { value: "", text_alt: "Search files", placeholder: "type to search" }),
      node(10, "box", { role: "table", label: "services" }, [
        node(11, "box", { dir: "row", role: "row" }, [
          node(12, "text", { content: "service", role: "columnheader" }),
          node(13, "text", { content: "rps", role: "columnheader" }),
        ]),
        node(14, "box", { dir: "row", role: "row" }, [
          node(15, "text", { content: "api" }),
          node(16, "text", { content: "420" }),
        ]),
      ]),
      node(20, "canvas", { width: 50, height: 20, alt: "chart" }),
    ]),
  });
  source.add("log", "Log");
  source.apply(
    "log",
    {
      type: "SCHEMA",
      slot: 140,
      columns: [{ id: 0, name: "line", type: "string" }],
    },
    { type: "TREE", root: node(1, "scroll", { schema: new SlotRef(140), height: 10 }) },
    {
      type: "DATA",
      schema: new SlotRef(140),
      rows: Array.from({ length: 5000 }, (_, i) => [`line ${i}`]),
    },
  );
  const server = await startWebServer({ source });
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 900, height: 600 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    await page.goto(`${server.url}&session=services`);
    await page.getByText("api").waitFor();

    await t.step("inputs are named by the label beside or above them, else text_alt", async () => {
      await page.getByRole("textbox", { name: "Email:" }).waitFor();
      assertEquals(await page.locator('[data-vp-id="4"]').getAttribute("aria-label"), null);
      // `label` says something else than the text above: the app's word wins.
      await page.getByRole("textbox", { name: "Your notes" }).waitFor();
      await page.getByRole("textbox", { name: "Search files" }).waitFor();
    });

    await t.step("a box the app calls a table is one, with rows and cells", async () => {
      const table = page.getByRole("table", { name: "services" });
      assertEquals(await table.getByRole("row").count(), 2);
      assertEquals(await table.getByRole("columnheader").count(), 2);
      assertEquals(await table.getByRole("cell").count(), 2);
      await table.getByRole("cell", { name: "420" }).waitFor();
    });

    await t.step("the h1 is the session's title; tabs control the session's tabpanel", async () => {
      assertEquals(await page.getByRole("heading", { level: 1 }).textContent(), "Services");
      const tab = page.getByRole("tab", { name: "Services" });
      assertEquals(await tab.getAttribute("aria-controls"), "vp-panel");
      const panel = page.getByRole("tabpanel");
      assertEquals(await panel.getAttribute("aria-labelledby"), await tab.getAttribute("id"));
      await panel.getByText("api").waitFor();
      await page.getByRole("tab", { name: "Log" }).click();
      await page.getByRole("heading", { level: 1, name: "Log" }).waitFor();
      await page.waitForFunction(() =>
        document.querySelector(".vp-area")?.getAttribute("aria-labelledby") === "vp-tab-log"
      );
    });

    await t.step("a chart canvas is no Tab stop", async () => {
      await page.goto(`${server.url}&session=services`);
      await page.getByRole("img", { name: "chart" }).waitFor();
      assertEquals(await page.getByRole("img", { name: "chart" }).getAttribute("tabindex"), "-1");
      const stops = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".vp-session [tabindex]")]
          .filter((e) => e.tabIndex >= 0).map((e) => e.tagName)
      );
      assert(!stops.includes("CANVAS"), stops.join());
    });

    await t.step("every row of a virtual table is reachable: Go to row", async () => {
      await page.goto(`${server.url}&session=log`);
      const table = page.getByRole("table");
      await table.getByRole("cell", { name: "line 0", exact: true }).waitFor();
      assertEquals(await table.getAttribute("aria-rowcount"), "5001");
      // Keyboard: the table's region is a Tab stop (arrows scroll it); the next is the field.
      const scroller = page.locator(".vp-scroll");
      assertEquals(await scroller.getAttribute("tabindex"), "0");
      await scroller.focus();
      await page.keyboard.press("Tab");
      const jump = page.getByRole("spinbutton", { name: "Go to row" });
      await page.waitForFunction(() => document.activeElement?.closest(".vp-jump") !== null);
      assert(await jump.isVisible(), "the field shows while it has the focus");
      await jump.fill("4321");
      await jump.press("Enter");
      const focused = await page.waitForFunction(() => {
        const a = document.activeElement;
        return a?.getAttribute("role") === "row"
          ? [a.getAttribute("aria-rowindex"), a.textContent]
          : null;
      });
      assertEquals(await focused.jsonValue(), ["4322", "line 4320"]);
      await screenshot(page, "a11y-go-to-row");
      const found = await seriousViolations(page);
      assertEquals(found, [], report("go to row", found));
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
