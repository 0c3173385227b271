/// <reference lib="dom" />
/**
 * The browser viewer end to end in headless Chromium, driven by in-process
 * test apps (see `_apps.ts`); examples_test.ts runs the real SDK examples.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer } from "../../viewer/web/server.ts";
import { SlotRef } from "../../src/protocol/slot_ref.ts";
import type {
  CanvasCommand,
  Message,
  NodeSpec,
  SlotValue,
} from "../../src/protocol/messages/types.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { chatApp, counterApp, Inbox } from "./_apps.ts";

/** A 1x1 PNG. */
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

/** A TREE whose root box holds `children`. */
const boxTree = (...children: NodeSpec[]): Message => ({
  type: "TREE",
  root: { id: 1, type: "box", props: {}, children },
});

const css = (page: Page, id: number, prop: string) =>
  page.locator(`[data-vp-id="${id}"]`).evaluate(
    (el, p) => getComputedStyle(el).getPropertyValue(p),
    prop,
  );

Deno.test("browser viewer end to end", async (t) => {
  const source = new ModelSessionSource();
  const inbox = new Inbox(source);
  counterApp(source);
  const server = await startWebServer({ source });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  // Generous: under load (a shared 2-core machine) a first page load takes seconds.
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  try {
    await t.step("counter shows; a click counts and the app gets the INPUT", async () => {
      await page.goto(server.url);
      await page.getByText("Counter: 0").waitFor();
      const button = page.getByRole("button");
      assertEquals(await button.getAttribute("tabindex"), "0");
      assertEquals(await css(page, 3, "cursor"), "pointer");
      const from = inbox.messages.length;
      await button.click();
      await page.locator(".vp-session").getByText("Counter: 1").waitFor();
      const click = await inbox.waitFor((m) => m.type === "INPUT" && m.kind === "click", from);
      assertEquals(click.type === "INPUT" && [click.target, click.button], [3, 0]);
      assert(inbox.messages.some((m) => m.message.type === "INPUT" && m.message.kind === "hover"));
      const session = page.locator(".vp-session");
      assertEquals(await session.getByRole("heading").textContent(), "Counter: 1");
      await page.locator(".vp-live").getByText("Counter: 1").waitFor({ state: "attached" });
      await screenshot(page, "counter");
    });

    await t.step(
      "keyboard: Tab focuses the button (focus ring), Enter and Space click",
      async () => {
        await page.locator("body").click({ position: { x: 5, y: 590 } });
        await page.keyboard.press("Tab");
        assertEquals(
          await page.evaluate(() => document.activeElement?.getAttribute("data-vp-id")),
          "3",
        );
        assertMatch(await css(page, 3, "outline-style"), /solid/);
        await page.keyboard.press("Enter");
        await page.locator(".vp-session").getByText("Counter: 2").waitFor();
        await page.keyboard.press(" ");
        await page.locator(".vp-session").getByText("Counter: 3").waitFor();
        const from = inbox.messages.length;
        await page.keyboard.press("Control+s");
        const key = await inbox.waitFor((m) => m.type === "INPUT" && m.kind === "key", from);
        assertEquals(key.type === "INPUT" && [key.key, key.target], ["ctrl+s", 3]);
        await screenshot(page, "counter-focus");
      },
    );

    await t.step("the tab reports its size in cells, and again when resized", async () => {
      const until = async (pred: () => boolean) => {
        for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
        assert(pred(), `size: ${JSON.stringify(source.sizes.get("counter"))}`);
      };
      await until(() => source.sizes.has("counter"));
      const first = source.sizes.get("counter")!;
      assert(first.width > 40 && first.height > 10, JSON.stringify(first));
      await page.setViewportSize({ width: 450, height: 600 });
      await until(() => source.sizes.get("counter")!.width < first.width * 0.6);
      await page.setViewportSize({ width: 900, height: 600 });
    });

    await t.step("two tabs watch one session", async () => {
      const second = await context.newPage();
      await second.goto(`${server.url}&session=counter`);
      await second.locator(".vp-session").getByText("Counter: 3").waitFor();
      await second.getByRole("button").click();
      await second.locator(".vp-session").getByText("Counter: 4").waitFor();
      await page.locator(".vp-session").getByText("Counter: 4").waitFor();
      await second.close();
    });

    await t.step("reload restores the session", async () => {
      await page.reload();
      await page.locator(".vp-session").getByText("Counter: 4").waitFor();
      assertMatch(page.url(), /[?&]session=counter/);
    });

    await t.step("a wrong token gets 401", async () => {
      const other = await context.newPage();
      const res = await other.goto(`${server.origin}/?token=not-the-token-0123456789`);
      assertEquals(res?.status(), 401);
      const none = await other.goto(`${server.origin}/`);
      assertEquals(none?.status(), 401);
      await other.close();
    });

    await t.step("a cross-origin page cannot open the WebSocket, even with the token", async () => {
      const evil = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
        new Response(
          `<!doctype html><script>
            const ws = new WebSocket(${
            JSON.stringify(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)
          });
            ws.onopen = () => document.title = "opened";
            ws.onclose = () => document.title = document.title === "opened" ? "opened" : "refused";
          </script>`,
          { headers: { "content-type": "text/html" } },
        ));
      try {
        const other = await context.newPage();
        const tabs = server.hub.tabs;
        await other.goto(`http://127.0.0.1:${evil.addr.port}/`);
        await other.waitForFunction(() => document.title !== "");
        assertEquals(await other.title(), "refused");
        assertEquals(server.hub.tabs, tabs);
        await other.close();
      } finally {
        await evil.shutdown();
      }
    });

    await t.step("typing into an input sends value_change; Enter sends a key", async () => {
      chatApp(source);
      const chat = await context.newPage();
      await chat.goto(`${server.url}&session=chat`);
      const field = chat.getByPlaceholder("Say something");
      await field.waitFor();
      const from = inbox.messages.length;
      await field.click();
      await chat.keyboard.type("héllo");
      const change = await inbox.waitFor(
        (m) => m.type === "INPUT" && m.kind === "value_change" && m.value === "héllo",
        from,
      );
      assertEquals(change.type === "INPUT" && change.target, 4);
      assert(
        !inbox.messages.slice(from).some((m) =>
          m.message.type === "INPUT" && m.message.kind === "key" && m.message.key === "h"
        ),
        "typed characters go as value_change, not keys",
      );
      await field.press("Enter");
      await chat.getByRole("cell", { name: "héllo" }).waitFor();
      await chat.waitForFunction(() =>
        (document.querySelector('[data-vp-id="4"]') as HTMLInputElement).value === ""
      );
      await screenshot(chat, "chat");
      await chat.close();
    });

    await t.step("a schema-bound scroll virtualizes thousands of rows", async () => {
      const rows = Array.from({ length: 5000 }, (_, i) => ["bot", `line ${i}`]);
      source.apply("chat", { type: "DATA", schema: new SlotRef(140), rows });
      const chat = await context.newPage();
      await chat.goto(`${server.url}&session=chat`);
      await chat.getByRole("cell", { name: "line 4999" }).waitFor();
      const shown = await chat.locator(".vp-rows > .vp-row").count();
      assert(shown > 5 && shown < 120, `${shown} rows in the DOM`);
      assertEquals(await chat.getByRole("table").getAttribute("aria-rowcount"), "5002");
      await chat.locator('[data-vp-id="3"]').evaluate((el) => el.scrollTop = 0);
      await chat.getByRole("cell", { name: "line 0", exact: true }).waitFor();
      await chat.close();
    });

    await t.step("scrolling a scroll node reports scroll_top", async () => {
      const chat = await context.newPage();
      await chat.goto(`${server.url}&session=chat`);
      await chat.getByRole("cell", { name: "line 4999" }).waitFor();
      const from = inbox.messages.length;
      await chat.locator('[data-vp-id="3"]').evaluate((el) => el.scrollTop = 240);
      // The log may still report its own stick-to-bottom scroll first: wait for ours.
      const scrolled = await inbox.waitFor(
        (m) => m.type === "INPUT" && m.kind === "scroll" && m.scroll_top === 240,
        from,
      );
      assertEquals(scrolled.type === "INPUT" && [scrolled.target, scrolled.scroll_top], [3, 240]);
      await chat.close();
    });

    await t.step("canvas vector2d draws; other modes answer ERROR unsupported", async () => {
      source.add("canvas");
      const commands: CanvasCommand[] = [
        ["set_fill", "#ff0000"],
        ["fill_rect", 0, 0, 20, 20],
        ["set_fill", new SlotRef(2)],
        ["fill_rect", 20, 0, 20, 20],
      ];
      source.apply(
        "canvas",
        boxTree(
          { id: 10, type: "canvas", props: { width: 40, height: 20, alt: "chart" } },
          { id: 11, type: "canvas", props: { width: 40, height: 20 } },
        ),
        { type: "CANVAS", target: 10, mode: "vector2d", commands },
      );
      const from = inbox.messages.length;
      const p = await context.newPage();
      await p.goto(`${server.url}&session=canvas`);
      await p.getByRole("img", { name: "chart" }).waitFor();
      const pixels = await p.waitForFunction(() => {
        const c = document.querySelector('[data-vp-id="10"]') as HTMLCanvasElement;
        const ctx = c.getContext("2d")!;
        const at = (x: number) => [...ctx.getImageData(x * devicePixelRatio, 5, 1, 1).data];
        const left = at(5), right = at(30);
        return left[0] === 255 ? [left, right] : null;
      });
      // Slot 2 is the accent color as the page shows it (its light palette: #0969da).
      assertEquals(await pixels.jsonValue(), [[255, 0, 0, 255], [0x09, 0x69, 0xda, 255]]);
      source.apply("canvas", { type: "CANVAS", target: 11, mode: "webgpu", commands: [] });
      const err = await inbox.waitFor((m, s) => s === "canvas" && m.type === "ERROR", from);
      assertEquals(err.type === "ERROR" && err.code, "unsupported");
      const pointerFrom = inbox.messages.length;
      await p.getByRole("img", { name: "chart" }).click({ position: { x: 7, y: 4 } });
      const down = await inbox.waitFor(
        (m) => m.type === "INPUT" && m.kind === "canvas_pointer" && m.action === "down",
        pointerFrom,
      );
      assertEquals(down.type === "INPUT" && [down.target, down.x, down.y], [10, 7, 4]);
      await p.keyboard.press("ArrowLeft");
      const key = await inbox.waitFor(
        (m) => m.type === "INPUT" && m.kind === "canvas_key",
        pointerFrom,
      );
      assertEquals(key.type === "INPUT" && key.key, "left");
      await screenshot(p, "canvas");
      await p.close();
    });

    await t.step("image nodes show their bytes, with alt text", async () => {
      source.add("media");
      source.apply("media", {
        type: "TREE",
        root: { id: 1, type: "image", props: { data: PNG, format: "png", alt: "a red dot" } },
      });
      const p = await context.newPage();
      await p.goto(`${server.url}&session=media`);
      const img = p.getByRole("img", { name: "a red dot" });
      await img.waitFor();
      await p.waitForFunction(() =>
        (document.querySelector("img.vp-image") as HTMLImageElement).naturalWidth === 1
      );
      await p.close();
    });

    await t.step("a slot change re-colors live; transitions follow the slot", async () => {
      source.add("theme");
      const red: Message = {
        type: "DEFINE",
        slot: 200,
        value: { kind: "color", value: "#ff0000" },
      };
      const style: SlotValue = { kind: "style", background: new SlotRef(200), bold: true };
      source.apply(
        "theme",
        red,
        { type: "DEFINE", slot: 201, value: style },
        boxTree(
          { id: 2, type: "box", props: { background: new SlotRef(200), height: 2 }, children: [] },
          { id: 3, type: "text", props: { content: "styled", style: new SlotRef(201) } },
          { id: 4, type: "box", props: { opacity: 1, height: 1 }, children: [] },
        ),
      );
      const p = await context.newPage();
      await p.goto(`${server.url}&session=theme`);
      await p.getByText("styled").waitFor();
      assertEquals(await css(p, 2, "background-color"), "rgb(255, 0, 0)");
      assertEquals(await css(p, 3, "background-color"), "rgb(255, 0, 0)");
      assertEquals(await css(p, 3, "font-weight"), "700");
      await screenshot(p, "theme-red");
      source.apply("theme", {
        type: "DEFINE",
        slot: 200,
        value: { kind: "color", value: "#00ff00" },
      });
      await p.waitForFunction(() =>
        getComputedStyle(document.querySelector('[data-vp-id="2"]')!).backgroundColor ===
          "rgb(0, 255, 0)"
      );
      assertEquals(await css(p, 3, "background-color"), "rgb(0, 255, 0)");
      await screenshot(p, "theme-green");
      source.apply("theme", {
        type: "PATCH",
        patches: [{ target: 4, set: { opacity: 0.5 }, transition: new SlotRef(65) }],
      });
      await p.waitForFunction(() =>
        getComputedStyle(document.querySelector('[data-vp-id="4"]')!).transitionDuration === "0.3s"
      );
      assertEquals(await css(p, 4, "transition-timing-function"), "ease-in-out");
      await p.emulateMedia({ reducedMotion: "reduce" });
      assertEquals(await css(p, 4, "transition-duration"), "0s");
      await p.close();
    });

    await t.step("copy follows the text projection", async () => {
      const copied = await page.evaluate(() => {
        const root = document.querySelector(".vp-session")!;
        getSelection()!.selectAllChildren(root);
        const data = new DataTransfer();
        document.dispatchEvent(new ClipboardEvent("copy", { clipboardData: data, bubbles: true }));
        return data.getData("text/plain");
      });
      assertEquals(copied, "Counter: 4\n+1");
    });

    await t.step("several sessions: a session list to switch between them", async () => {
      await page.reload();
      const tabs = page.getByRole("tab");
      await tabs.first().waitFor();
      assertEquals(await tabs.count(), [...source.sessions()].length);
      source.setTitle("chat", "Chat room");
      await page.getByRole("tab", { name: "Chat room" }).click();
      await page.waitForFunction(() => document.title === "Chat room - Viewport");
      await page.getByPlaceholder("Say something").waitFor();
      await page.getByRole("cell", { name: "line 4999" }).waitFor();
      assertEquals(
        await page.getByRole("tab", { name: "Chat room" }).getAttribute("aria-selected"),
        "true",
      );
      assertMatch(page.url(), /session=chat/);
      await screenshot(page, "sessions");
      // A session the viewer forgets leaves the page; another one takes its place.
      source.remove("chat");
      await page.getByRole("tab", { name: "Chat room" }).waitFor({ state: "detached" });
      await page.waitForFunction(() => !location.search.includes("session=chat"));
      await page.locator('.vp-session[data-state="live"]').waitFor();
    });
    assertEquals(pageErrors, []);
  } finally {
    await context.close();
    await browser.close();
    await server.close();
  }
});
