/// <reference lib="dom" />
/**
 * The SDK examples in a real browser through the real viewer:
 * `viewport --web --listen unix://…` with counter, chat and dashboard
 * connected as three sessions.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { spawnDeno as spawn, waitForLine } from "./_processes.ts";

async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  await child.status;
}

Deno.test("browser viewer: counter, chat and dashboard examples through `viewport --web`", async (t) => {
  const dir = await Deno.makeTempDir();
  const socket = `unix://${dir}/vp.sock`;
  const viewer = spawn(["run", "-A", "cli/viewport.ts", "--web=127.0.0.1:0", "--listen", socket]);
  const apps: Deno.ChildProcess[] = [];
  let browser;
  try {
    const [, url] = await waitForLine(viewer, /browser viewer at (https?:\/\/\S+)/);
    for (const name of ["counter", "chat", "dashboard"]) {
      const app = spawn(["run", "-A", `examples/${name}.ts`], {
        VIEWPORT: socket,
        VIEWPORT_SESSION: name,
      });
      app.stderr.cancel();
      apps.push(app);
    }
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    await page.getByRole("tab", { name: "dashboard" }).waitFor();
    assertEquals(await page.getByRole("tab").count(), 3);

    await t.step("counter: a click reaches the app, which counts", async () => {
      await page.getByRole("tab", { name: "counter" }).click();
      await page.getByText("Counter: 0").waitFor();
      await page.getByRole("button").click();
      await page.locator(".vp-session").getByText("Counter: 1").waitFor();
      await page.getByRole("button").press("Enter");
      await page.locator(".vp-session").getByText("Counter: 2").waitFor();
      await screenshot(page, "example-counter");
    });

    await t.step("chat: typing sends value_change, Enter submits", async () => {
      await page.getByRole("tab", { name: "chat" }).click();
      const field = page.getByPlaceholder("Say something and press Enter");
      await field.click();
      await page.keyboard.type("hello there");
      await field.press("Enter");
      // The bot's reply quotes what the app received through value_change.
      await page.getByRole("cell", { name: 'you said "hello there" (11 characters)' }).waitFor();
      await page.waitForFunction(() =>
        (document.querySelector('[data-vp-id="4"]') as HTMLInputElement).value === ""
      );
      await screenshot(page, "example-chat");
    });

    await t.step("dashboard: the canvas draws the load chart", async () => {
      await page.getByRole("tab", { name: "dashboard" }).click();
      const chart = page.getByRole("img", { name: /^load \d+%$/ });
      await chart.waitFor();
      const colors = await page.waitForFunction(() => {
        const c = document.querySelector('[data-vp-id="10"]') as HTMLCanvasElement;
        const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        // The chart draws in the theme's slots: the session's background, the accent line.
        const rgb = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number);
        const session = document.querySelector(".vp-session")!;
        const [br, bg, bb] = rgb(getComputedStyle(session).backgroundColor);
        const probe = document.createElement("span");
        probe.style.color = "var(--vp-2)";
        session.append(probe);
        const [ar, ag, ab] = rgb(getComputedStyle(probe).color);
        probe.remove();
        let background = 0, line = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          if (r === br && g === bg && b === bb) background++;
          // The line is anti-aliased: pixels nearer the accent than the background.
          else if (
            Math.abs(r - ar) + Math.abs(g - ag) + Math.abs(b - ab) <
              Math.abs(r - br) + Math.abs(g - bg) + Math.abs(b - bb)
          ) line++;
        }
        return line > 20 ? { background, line, pixels: data.length / 4 } : null;
      });
      const { background, pixels } = await colors.jsonValue() as Record<string, number>;
      assert(
        background > pixels / 2,
        `chart background fills the canvas (${background}/${pixels})`,
      );
      const heading = page.locator(".vp-session").getByRole("heading").first();
      assertMatch(await heading.textContent() ?? "", /Dashboard/);
      await screenshot(page, "example-dashboard");
    });

    await t.step("reload restores the shown session", async () => {
      await page.reload();
      await page.getByRole("img", { name: /^load \d+%$/ }).waitFor();
      assertMatch(page.url(), /session=dashboard/);
    });
    assertEquals(errors, []);
    await context.close();
  } finally {
    await browser?.close();
    for (const app of apps) await stop(app);
    await stop(viewer);
    await Deno.remove(dir, { recursive: true });
  }
});
