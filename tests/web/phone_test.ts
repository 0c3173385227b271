/// <reference lib="dom" />
/**
 * The browser viewer on a phone (390 x 844, touch): nothing runs off the
 * right edge (the dashboard's columns wrap under its chart), touch targets
 * are at least 24 px, inputs are 16 px (no zoom on focus in iOS), and a
 * table wider than the screen scrolls sideways inside its frame.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { startViewer } from "./_viewer.ts";

/** The page itself does not scroll sideways, nor does the session hide anything sideways. */
async function noSidewaysOverflow(page: Page, where: string): Promise<void> {
  const m = await page.evaluate(() => {
    const s = document.querySelector(".vp-session")!;
    return {
      page: document.scrollingElement!.scrollWidth,
      width: innerWidth,
      session: s.scrollWidth,
      sessionBox: s.clientWidth,
    };
  });
  assert(m.page <= m.width, `${where}: the page is ${m.page}px wide on a ${m.width}px screen`);
  assert(m.session <= m.sessionBox, `${where}: the session hides ${m.session - m.sessionBox}px`);
}

/** Heights of the targets a finger presses that are smaller than 24 px. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const sel = ".vp-clickable, .vp-input, [role=tab], button, [role=checkbox], [role=radio]";
    return [...document.querySelectorAll<HTMLElement>(sel)]
      .filter((e) => e.offsetParent !== null)
      .map((e) => [e, e.getBoundingClientRect()] as const)
      .filter(([, r]) => r.height < 24)
      .map(([e, r]) => `${e.getAttribute("data-vp-id") ?? e.className}: ${r.height}px`);
  });
}

Deno.test("browser viewer on a phone: no overflow off the right edge, touch targets, 16px inputs", async (t) => {
  const viewer = await startViewer();
  const browser = await launchBrowser();
  try {
    for (const name of ["dashboard", "form", "gallery", "files"]) viewer.app(name);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto(viewer.url);
    for (const name of ["dashboard", "form", "gallery", "files"]) {
      await page.locator(`[role=tab][data-session="${name}"]`).waitFor({
        state: "attached",
        timeout: 60_000,
      });
    }

    await t.step("dashboard: the service columns wrap under the chart, all on screen", async () => {
      await page.goto(viewer.sessionUrl("dashboard"));
      const session = page.locator(".vp-session");
      await session.getByText("p99 ms").waitFor();
      await page.waitForTimeout(300);
      await noSidewaysOverflow(page, "dashboard");
      const cells = await session.getByRole("table", { name: "services" }).locator(".vp-text")
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
      assert(cells.length >= 9, `${cells.length} service cells`);
      for (const right of cells) assert(right <= 390, `a service cell ends at ${right}px`);
      assertEquals(await smallTargets(page), []);
      await screenshot(page, "phone-dashboard");
    });

    await t.step("form: inputs at 16px, labels and fields on screen, a real button", async () => {
      await page.goto(viewer.sessionUrl("form"));
      const session = page.locator(".vp-session");
      await session.getByText("Sign up").waitFor();
      await noSidewaysOverflow(page, "form");
      const sizes = await session.locator("input").evaluateAll((els) =>
        els.map((e) => parseFloat(getComputedStyle(e).fontSize))
      );
      assertEquals(sizes.length, 3);
      for (const s of sizes) assert(s >= 16, `an input's text is ${s}px`);
      const submit = await session.getByRole("button", { name: "Submit" }).boundingBox();
      assert(submit && submit.height >= 32 && submit.width < 200, JSON.stringify(submit));
      assertEquals(await smallTargets(page), []);
      await screenshot(page, "phone-form");
    });

    await t.step("gallery: on screen, touch targets at least 24px", async () => {
      await page.goto(viewer.sessionUrl("gallery"));
      await page.locator(".vp-session").getByText("Widget gallery").waitFor();
      await noSidewaysOverflow(page, "gallery");
      assertEquals(await smallTargets(page), []);
      await page.locator(".vp-session").getByRole("tab", { name: "Data" }).tap();
      await page.locator(".vp-session [role=tab][aria-selected=true]").getByText("Data").waitFor();
      await page.waitForTimeout(300);
      assertEquals(await smallTargets(page), []);
      await screenshot(page, "phone-gallery-data");
    });

    await t.step("files: the table scrolls sideways in its frame, the page does not", async () => {
      await page.goto(viewer.sessionUrl("files"));
      await page.locator(".vp-table [role=cell]").first().waitFor();
      await noSidewaysOverflow(page, "files");
      const scroller = page.locator(".vp-scroll:has(> .vp-table)");
      assertEquals(await scroller.evaluate((e) => getComputedStyle(e).overflowX), "auto");
      // Narrower than its columns: it scrolls sideways.
      await page.setViewportSize({ width: 240, height: 700 });
      await page.waitForFunction(() => {
        const s = document.querySelector(".vp-scroll:has(> .vp-table)")!;
        return s.scrollWidth > s.clientWidth;
      });
      await noSidewaysOverflow(page, "files at 240px");
      await page.setViewportSize({ width: 390, height: 844 });
    });
  } finally {
    await browser.close();
    await viewer.close();
  }
});
