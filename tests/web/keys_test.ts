/// <reference lib="dom" />
/**
 * The browser viewer as a keyboard-driven app expects it (docs/web.md,
 * "Keyboard"): keys with the focus on the page reach the app, a key the app
 * binds is default-prevented and carries its action, Tab follows `tab_index`
 * on inputs too without a positive `tabindex` in the DOM, fast typing across
 * submits loses nothing, canvas moves and drags arrive and pass validation,
 * and a session that is not live says so and takes no input.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals } from "../_util/assert.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer } from "../../viewer/web/server.ts";
import type { InputMessage } from "../../src/protocol/messages/types.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { Inbox } from "./_apps.ts";

/** The app: a status line, three inputs in tab order 3, 1, 2, a button, a canvas. */
function keysApp(source: ModelSessionSource, id = "keys"): void {
  source.add(id, "Keys");
  source.apply(id, {
    type: "DEFINE",
    slot: 200,
    value: { kind: "keybind", action: "save", key: "ctrl+s" },
  }, {
    type: "DEFINE",
    slot: 201,
    value: { kind: "keybind", action: "refresh", key: "ctrl+r" },
  }, {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column", gap: 1, padding: 1 },
      children: [
        { id: 2, type: "text", props: { content: "Keys" } },
        { id: 11, type: "input", props: { value: "", placeholder: "third", tab_index: 3 } },
        { id: 12, type: "input", props: { value: "", placeholder: "first", tab_index: 1 } },
        {
          id: 13,
          type: "input",
          props: { value: "", placeholder: "second", tab_index: 2, clear_on_enter: true },
        },
        {
          id: 20,
          type: "box",
          props: { interactive: "clickable", tab_index: 4, border: "rounded", width: 10 },
          children: [{ id: 21, type: "text", props: { content: "Go" } }],
        },
        {
          id: 30,
          type: "canvas",
          // A canvas is a Tab stop only when the app gives it a place in the order.
          props: { mode: "vector2d", width: 200, height: 100, tab_index: 5 },
        },
      ],
    },
  });
}

const INPUT = (m: { type: string }): m is InputMessage => m.type === "INPUT";

async function focusedPlaceholder(page: Page): Promise<string> {
  return await page.evaluate(() =>
    document.activeElement?.getAttribute("placeholder") ??
      (document.activeElement as HTMLElement | null)?.dataset.vpId ?? ""
  );
}

Deno.test("browser viewer: keys, tab order, pointer moves and session state", async (t) => {
  const source = new ModelSessionSource();
  const inbox = new Inbox(source);
  keysApp(source);
  const server = await startWebServer({ source });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => {
    if (/bad_message|unknown_target/.test(m.text())) problems.push(m.text());
  });
  const keysFrom = (from: number) =>
    inbox.messages.slice(from).map((m) => m.message).filter(INPUT).filter((m) => m.kind === "key");
  try {
    await page.goto(server.url);
    await page.locator('[data-vp-id="2"]').waitFor();
    // Listeners added after the page's own see whether the page prevented a key.
    await page.evaluate(() => {
      const seen: { key: string; prevented: boolean }[] = [];
      document.addEventListener(
        "keydown",
        (e) => seen.push({ key: e.key, prevented: e.defaultPrevented }),
      );
      Object.assign(globalThis, { seenKeys: seen });
    });
    const lastSeen = () =>
      page.evaluate(() =>
        (globalThis as unknown as { seenKeys: { prevented: boolean }[] }).seenKeys.at(-1)
      );

    await t.step("the page has the focus: the app hears REGION focus", async () => {
      for (let i = 0; i < 200 && source.focused.get("keys") !== true; i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      assertEquals(
        source.focused.get("keys"),
        true,
        await page.evaluate(() => `${document.hasFocus()} ${document.visibilityState}`),
      );
    });

    await t.step("with the focus on the page, keys reach the app", async () => {
      assertEquals(await page.evaluate(() => document.activeElement === document.body), true);
      const from = inbox.messages.length;
      await page.keyboard.press("q");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Escape");
      await inbox.waitFor(
        (m) => m.type === "INPUT" && m.kind === "key" && m.key === "escape",
        from,
      );
      assertEquals(keysFrom(from).map((m) => m.key), ["q", "down", "escape"]);
      assert(keysFrom(from).every((m) => m.target === undefined));
      // An arrow sent to the app does not scroll the page.
      assertEquals((await lastSeen())?.prevented, true);
    });

    await t.step(
      "a bound key is prevented and carries its action, wherever the focus is",
      async () => {
        let from = inbox.messages.length;
        await page.keyboard.press("Control+s");
        await inbox.waitFor(
          (m) => m.type === "INPUT" && m.kind === "key" && m.key === "ctrl+s",
          from,
        );
        assertEquals(keysFrom(from)[0].action, "save");
        assertEquals((await lastSeen())?.prevented, true, "ctrl+s must not open the save dialog");
        // ctrl+r is bound too: the app gets it and the page does not reload.
        await page.evaluate(() => Object.assign(globalThis, { stillHere: true }));
        await page.keyboard.press("Control+r");
        await inbox.waitFor((m) => m.type === "INPUT" && m.key === "ctrl+r", from);
        assertEquals(await page.evaluate(() => "stillHere" in globalThis), true);
        // In a field, with what the user typed.
        from = inbox.messages.length;
        await page.getByPlaceholder("first").click();
        await page.keyboard.type("draft");
        await page.keyboard.press("Control+s");
        const save = await inbox.waitFor((m) => m.type === "INPUT" && m.key === "ctrl+s", from);
        assertEquals([save.type === "INPUT" && save.action, save.type === "INPUT" && save.value], [
          "save",
          "draft",
        ]);
        assertEquals((await lastSeen())?.prevented, true);
        // An unbound browser shortcut keeps its default (here: select all in the field).
        await page.keyboard.press("Control+a");
        assertEquals((await lastSeen())?.prevented, false);
      },
    );

    await t.step(
      "Tab follows tab_index on inputs too; no positive tabindex in the DOM",
      async () => {
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const order: string[] = [];
        for (let i = 0; i < 5; i++) {
          await page.keyboard.press("Tab");
          order.push(await focusedPlaceholder(page));
        }
        assertEquals(order, ["first", "second", "third", "20", "30"]);
        await page.keyboard.press("Shift+Tab");
        assertEquals(await focusedPlaceholder(page), "20");
        const positive = await page.evaluate(() =>
          [...document.querySelectorAll("[tabindex]")].filter((el) =>
            Number(el.getAttribute("tabindex")) > 0
          ).length
        );
        assertEquals(positive, 0);
      },
    );

    await t.step("30 keystrokes 10 ms apart across submits lose nothing", async () => {
      const words = ["one", "two", "three", "four", "five", "six", "go"];
      const typed = words.join("\n") + "\n";
      assertEquals(typed.length >= 30, true);
      const from = inbox.messages.length;
      await page.getByPlaceholder("second").focus();
      await page.keyboard.type(typed, { delay: 10 });
      await inbox.waitFor((m) => m.type === "INPUT" && m.key === "enter" && m.value === "go", from);
      const submitted = keysFrom(from).filter((m) => m.key === "enter").map((m) => m.value);
      assertEquals(submitted, words);
      assertEquals(await page.getByPlaceholder("second").inputValue(), "");
    });

    await t.step("canvas moves and drags arrive, and pass the viewer's validation", async () => {
      const canvas = page.locator('[data-vp-id="30"]');
      const box = (await canvas.boundingBox())!;
      const from = inbox.messages.length;
      await page.mouse.move(box.x + 10, box.y + 10);
      await page.mouse.move(box.x + 50, box.y + 40, { steps: 4 });
      await inbox.waitFor((m) => m.type === "INPUT" && m.kind === "canvas_pointer", from);
      await page.mouse.down();
      await page.mouse.move(box.x + 120, box.y + 60, { steps: 4 });
      await page.mouse.up();
      await inbox.waitFor(
        (m) => m.type === "INPUT" && m.kind === "canvas_pointer" && m.action === "up",
        from,
      );
      const events = inbox.messages.slice(from).map((m) => m.message).filter(INPUT)
        .filter((m) => m.kind === "canvas_pointer");
      const moves = events.filter((m) => m.action === "move");
      assert(moves.some((m) => m.button === undefined), "a plain move has no button");
      assert(moves.some((m) => m.button === 0), "a drag's moves carry the held button");
      const actions = events.map((m) => m.action).filter((a, i, all) => a !== all[i - 1]);
      assertEquals(actions.slice(-3), ["down", "move", "up"]);
      const last = events.at(-1)!;
      assert(Math.abs(last.x! - 120) <= 2 && Math.abs(last.y! - 60) <= 2, `${last.x},${last.y}`);
    });

    await t.step("the pointer entering a clickable box is a hover", async () => {
      const from = inbox.messages.length;
      await page.locator('[data-vp-id="20"]').hover();
      const hover = await inbox.waitFor((m) => m.type === "INPUT" && m.kind === "hover", from);
      assertEquals(hover.type === "INPUT" && hover.target, 20);
    });

    await t.step("vector2d `clear` empties the canvas in the browser too", async () => {
      source.apply("keys", {
        type: "CANVAS",
        target: 30,
        mode: "vector2d",
        commands: [
          ["set_fill", "#ff0000"],
          ["fill_rect", 0, 0, 200, 100],
          ["clear"],
          ["set_fill", "#0000ff"],
          ["fill_rect", 150, 50, 50, 50],
        ],
      });
      const pixel = (x: number, y: number) =>
        page.locator('[data-vp-id="30"]').evaluate((c, [x, y]) => {
          const cv = c as HTMLCanvasElement;
          const d = devicePixelRatio || 1;
          return [...cv.getContext("2d")!.getImageData(x * d, y * d, 1, 1).data];
        }, [x, y]);
      await page.waitForFunction(() => {
        const c = document.querySelector('[data-vp-id="30"]') as HTMLCanvasElement;
        const d = devicePixelRatio || 1;
        return c.getContext("2d")!.getImageData(175 * d, 75 * d, 1, 1).data[2] === 255;
      });
      assertEquals(await pixel(10, 10), [0, 0, 0, 0], "cleared, not red");
      assertEquals(await pixel(175, 75), [0, 0, 255, 255]);
    });

    await t.step("a session that ended says so, takes no input, and can be closed", async () => {
      // An app that lost its connection may come back: said so, and not live meanwhile.
      source.setState("keys", "disconnected");
      await page.locator('.vp-session[data-state="disconnected"]').waitFor();
      await page.getByText("Keys lost its connection").waitFor();
      assertEquals(
        await page.locator(".vp-session").evaluate((el) => (el as HTMLElement).inert),
        true,
      );
      source.setState("keys", "live");
      await page.locator('.vp-session[data-state="live"]').waitFor();
      assertEquals(await page.locator(".vp-state").isHidden(), true);
      source.setState("keys", "ended");
      await page.locator('.vp-session[data-state="ended"]').waitFor();
      assertEquals(await page.evaluate(() => document.body.dataset.state), "live");
      assertEquals(
        await page.locator(".vp-session").evaluate((el) => (el as HTMLElement).inert),
        true,
      );
      await page.getByText("Keys ended.").waitFor();
      await screenshot(page, "web-state-ended");
      const from = inbox.messages.length;
      await page.locator('[data-vp-id="20"]').click({ force: true });
      await page.keyboard.press("q");
      assertEquals(await page.locator(".vp-close").getAttribute("aria-label"), "Close Keys");
      await page.locator(".vp-close").click();
      await page.waitForFunction(() => !document.querySelector(".vp-session"));
      assertEquals(source.closed, ["keys"]);
      assertEquals(inbox.messages.length, from, "nothing reaches an ended app");
    });

    assertEquals(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

Deno.test("browser viewer: a restart with the same token is rejoined; another token is refused", async () => {
  const source = new ModelSessionSource();
  keysApp(source);
  const token = "restart-token-0123456789";
  let server = await startWebServer({ source, token });
  const port = server.port;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
    page.setDefaultTimeout(15000);
    await page.goto(server.url);
    await page.locator('[data-vp-id="2"]').waitFor();
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    await server.close();
    await page.waitForFunction(() => document.body.dataset.state === "disconnected");
    await page.locator('.vp-session[data-state="disconnected"]').waitFor();
    await screenshot(page, "web-state-viewer-stopped");
    server = await startWebServer({ source, token, port });
    await page.waitForFunction(() => document.body.dataset.state === "live");
    await page.locator('.vp-session[data-state="live"]').waitFor();
    assertEquals(await page.evaluate(() => "notReloaded" in globalThis), true);
    // Restarted with a new token: the page says so and stops trying.
    await server.close();
    server = await startWebServer({ source, token: "another-token-0123456789", port });
    await page.waitForFunction(() => document.body.dataset.state === "refused");
    const note = await page.locator(".vp-state-note").textContent();
    assert(note?.includes("--token-file"), note ?? "");
    await screenshot(page, "web-state-refused");
  } finally {
    await browser.close();
    await server.close();
  }
});
