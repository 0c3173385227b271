/// <reference lib="dom" />
/**
 * Inputs that behave in the browser viewer, through the real viewer
 * (`viewport --web --listen unix://…`) and real SDK apps: the todo examples
 * take 30 characters typed at 10 ms intervals across three submits and get
 * every one; behind a link 60 ms slow each way, keys typed while the app's
 * clear is on its way stay in the field; `clear_on_enter`
 * (tests/web/fixtures/clear_on_enter_todo.ts) keeps submits apart however
 * late the app answers.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { spawnDeno as spawn, waitForLine } from "./_processes.ts";
import { type SlowLink, slowLink } from "./_slow_link.ts";

async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  await child.status;
}

/** Session, app, over the slow link; the tabs show the apps' names. */
const SESSIONS: [string, string, boolean][] = [
  ["todo", "examples/todo.ts", false],
  ["todo-jsx", "examples/todo_jsx.tsx", false],
  ["slow", "examples/todo.ts", true],
  ["slow-clear", "tests/web/fixtures/clear_on_enter_todo.ts", true],
];
/** One way, each chunk (the 10 ms typing is six keys ahead of the app's answer). */
const LINK_DELAY_MS = 60;
const tab = (page: Page, session: string) =>
  page.locator(`[role="tab"][data-session="${session}"]`);

/** Shows a session: its tab clicked, and the page attached to it (the old view is gone). */
async function show(page: Page, session: string): Promise<void> {
  await tab(page, session).click();
  await page.waitForFunction(
    // deno-lint-ignore no-explicit-any
    (s) => (globalThis as any).viewport.session === s,
    session,
  );
}

/** The texts of the todo items shown (examples: "[ ] x"; the slow app: "item: x"). */
function items(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.vp-session [data-vp-id="3"] .vp-text')]
      .map((e) => e.textContent ?? "")
  );
}

const field = (page: Page) => page.locator('.vp-session input[data-vp-id="2"]');

async function waitItems(page: Page, want: string[]): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('.vp-session [data-vp-id="3"] .vp-text').length >= n,
    want.length,
  );
  assertEquals(await items(page), want);
}

Deno.test("browser viewer: fast typing into SDK apps' inputs loses nothing", async (t) => {
  const dir = await Deno.makeTempDir();
  const socket = `unix://${dir}/vp.sock`;
  const viewer = spawn(["run", "-A", "cli/viewport.ts", "--web=127.0.0.1:0", "--listen", socket]);
  const apps: Deno.ChildProcess[] = [];
  let browser;
  let link: SlowLink | undefined;
  try {
    const [, url] = await waitForLine(viewer, /browser viewer at (https?:\/\/\S+)/);
    link = slowLink(`${dir}/slow.sock`, `${dir}/vp.sock`, LINK_DELAY_MS);
    for (const [session, file, slow] of SESSIONS) {
      const app = spawn(["run", "-A", file], {
        VIEWPORT: slow ? `unix://${link.path}` : socket,
        VIEWPORT_SESSION: session,
      });
      app.stderr.cancel();
      apps.push(app);
    }
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    for (const [session] of SESSIONS) await tab(page, session).waitFor();

    for (const session of ["todo", "todo-jsx"]) {
      await t.step(
        `${session}: 30 characters at 10 ms across three submits all arrive`,
        async () => {
          await show(page, session);
          await field(page).click();
          const words = ["abcdefghij", "klmnopqrst", "uvwxyzABCD"];
          await page.keyboard.type(words.map((w) => `${w}\n`).join(""), { delay: 10 });
          // The app has every character once the field is empty and the items hold them all.
          await page.waitForFunction((all) => {
            const input = document.querySelector('.vp-session input[data-vp-id="2"]');
            const shown = [...document.querySelectorAll('.vp-session [data-vp-id="3"] .vp-text')]
              .map((e) => (e.textContent ?? "").slice(4)).join("");
            return (input as HTMLInputElement).value === "" && shown === all;
          }, words.join(""));
          // Each Enter makes its own item when the app's clear is back within the 100 ms a
          // word takes to type (always, unless the machine stalls); a later clear merges two
          // words into one item, never splitting or losing one (see the slow link step).
          const got = (await items(page)).map((i) => i.slice(4));
          assert(got.every((i) => /^(abcdefghij|klmnopqrst|uvwxyzABCD)+$/.test(i)), String(got));
          await screenshot(page, session);
        },
      );
    }

    await t.step("behind a slow link: keys typed while the clear is on its way stay", async () => {
      await show(page, "slow");
      await field(page).click();
      // The clear after Enter comes back 120 ms later: "klmnopqrs" are typed meanwhile.
      await page.keyboard.type("abcdefghij\nklmnopqrst", { delay: 10 });
      await waitItems(page, ["[ ] abcdefghij"]);
      await page.waitForFunction(() =>
        (document.querySelector('.vp-session input[data-vp-id="2"]') as HTMLInputElement)
          .value === "klmnopqrst"
      );
      await page.keyboard.press("Enter");
      await waitItems(page, ["[ ] abcdefghij", "[ ] klmnopqrst"]);
      await page.waitForFunction(() =>
        (document.querySelector('.vp-session input[data-vp-id="2"]') as HTMLInputElement)
          .value === ""
      );
      // The caret stayed at the end: typing goes on where it was.
      await page.keyboard.type("uvw", { delay: 10 });
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.type("X", { delay: 10 });
      await page.keyboard.press("Enter");
      await waitItems(page, ["[ ] abcdefghij", "[ ] klmnopqrst", "[ ] uvXw"]);
    });

    await t.step("clear_on_enter: submits faster than the app answers stay apart", async () => {
      await show(page, "slow-clear");
      await field(page).click();
      await page.keyboard.type("one\ntwo\nthree\n", { delay: 10 });
      await waitItems(page, ["item: one", "item: two", "item: three"]);
      assertEquals(await field(page).inputValue(), "");
    });
    assertEquals(errors, []);
    await context.close();
  } finally {
    await browser?.close();
    for (const app of apps) await stop(app);
    await link?.close();
    await stop(viewer);
    await Deno.remove(dir, { recursive: true });
  }
});
