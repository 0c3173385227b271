/// <reference lib="dom" />
/**
 * examples/form.ts through `viewport --web`, as a person uses it with the
 * keyboard only: Tab goes Name -> Email -> Age -> Submit (the app's
 * `tab_index`), and Enter in the last field submits, as in a terminal.
 */
import { assertEquals } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { spawnDeno, waitForLine } from "./_processes.ts";

Deno.test("browser viewer: the form example by keyboard: tab order and Enter in the last field", async () => {
  const viewer = spawnDeno([
    "run",
    "-A",
    "cli/viewport.ts",
    "--web=127.0.0.1:0",
    "--exit-with-app",
    "--",
    Deno.execPath(),
    "run",
    "-A",
    "examples/form.ts",
  ]);
  const browser = await launchBrowser();
  try {
    const [, url] = await waitForLine(viewer, /browser viewer at (http\S+)/);
    const page = await browser.newPage({ viewport: { width: 800, height: 500 } });
    page.setDefaultTimeout(15000);
    await page.goto(url);
    await page.getByText("Sign up").waitFor();
    const focused = () =>
      page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        return a.getAttribute("placeholder") ?? a.textContent ?? a.tagName;
      });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused());
    }
    assertEquals(order, ["Ada Lovelace", "ada@example.com", "36", "Submit"]);
    await page.keyboard.press("Tab"); // round to the first field
    await page.keyboard.type("Ada");
    await page.keyboard.press("Tab");
    await page.keyboard.type("ada@example.org");
    await page.keyboard.press("Tab");
    await page.keyboard.type("36");
    await page.keyboard.press("Enter");
    await page.getByText("Submitted: Ada <ada@example.org>, 36").waitFor();
    await screenshot(page, "web-form-keyboard");
  } finally {
    await browser.close();
    try {
      viewer.kill("SIGTERM");
    } catch { /* gone */ }
    await viewer.status;
  }
});
