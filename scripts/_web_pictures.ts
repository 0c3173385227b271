/**
 * docs/web.md's pictures: the dashboard, form, files and gallery examples in
 * the browser viewer, in the OS's light and dark schemes at desktop size and
 * at phone size (390 x 844), as `web-APP-{light,dark,phone}.png`.
 *
 * @module
 */
import type { Browser, Page } from "playwright-core";
import { startViewer } from "../tests/web/_viewer.ts";

/** An example to picture and how to tell it has drawn. */
interface Shot {
  name: string;
  args?: string[];
  ready(page: Page): Promise<void>;
}

const SHOTS: Shot[] = [
  {
    name: "dashboard",
    async ready(page) {
      await page.locator(".vp-session").getByText("Dashboard").first().waitFor();
      await page.locator(".vp-table [role=cell]").first().waitFor();
    },
  },
  {
    name: "form",
    async ready(page) {
      await page.locator(".vp-session").getByText("Sign up").waitFor();
      // A filled-in field and a validation message show more of the look.
      await page.locator(".vp-session input").first().fill("Ada Lovelace");
      await page.locator(".vp-session input").nth(1).fill("ada.example.com");
      await page.locator(".vp-session").getByRole("button", { name: "Submit" }).click();
      await page.locator(".vp-session").getByText("Please fix").waitFor();
      await page.locator(".vp-session").getByRole("button", { name: "Submit" }).blur();
    },
  },
  {
    name: "files",
    args: ["."],
    async ready(page) {
      await page.locator(".vp-table [role=cell]").first().waitFor();
    },
  },
  {
    name: "gallery",
    args: ["--frozen"],
    async ready(page) {
      await page.locator(".vp-session").getByText("Widget gallery").waitFor();
    },
  },
];

/** The variants: name, color scheme and viewport. */
const VARIANTS = [
  { variant: "light", colorScheme: "light", viewport: { width: 1100, height: 720 }, mobile: false },
  { variant: "dark", colorScheme: "dark", viewport: { width: 1100, height: 720 }, mobile: false },
  { variant: "phone", colorScheme: "light", viewport: { width: 390, height: 844 }, mobile: true },
] as const;

/** Writes `web-APP-VARIANT.png` into `out` for every example and variant. */
export async function webPictures(out: string, browser: Browser, only?: string[]): Promise<void> {
  for (const shot of SHOTS) {
    if (only && only.length > 0 && !only.includes(shot.name)) continue;
    const viewer = await startViewer();
    try {
      viewer.app(shot.name, `${shot.name}.ts`, shot.args);
      for (const v of VARIANTS) {
        console.error(`browser viewer: ${shot.name}, ${v.variant}...`);
        const context = await browser.newContext({
          viewport: v.viewport,
          colorScheme: v.colorScheme,
          deviceScaleFactor: v.mobile ? 2 : 1,
          isMobile: v.mobile,
          hasTouch: v.mobile,
          reducedMotion: "reduce",
        });
        context.setDefaultTimeout(30_000);
        const page = await context.newPage();
        await page.goto(viewer.sessionUrl(shot.name));
        await shot.ready(page);
        // Relative times and the live chart settle; fonts load.
        await page.waitForTimeout(1200);
        const path = `${out}/web-${shot.name}-${v.variant}.png`;
        await page.screenshot({ path });
        console.error(`wrote ${path}`);
        await context.close();
      }
    } finally {
      await viewer.close();
    }
  }
}
