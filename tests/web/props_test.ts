/// <reference lib="dom" />
/**
 * One prop name per meaning in the browser viewer (docs/sdk.md): password
 * masking, image pixels, cell sizes of pictures, inputs' behaviour props,
 * roles and states for screen readers, disabled clickables; and the input
 * value contract over the page's own WebSocket (seq, base_seq, merges).
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer } from "../../viewer/web/server.ts";
import type { NodeSpec } from "../../src/protocol/messages/types.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { Inbox } from "./_apps.ts";

const node = (id: number, type: NodeSpec["type"], props: Record<string, unknown>): NodeSpec => ({
  id,
  type,
  props,
});

Deno.test("browser viewer: props read as the terminal reads them", async (t) => {
  const source = new ModelSessionSource();
  const inbox = new Inbox(source);
  source.add("props", "Props");
  const px = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]);
  source.apply("props", {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column", gap: 1 },
      children: [
        node(2, "input", { value: "a", password: true }),
        node(3, "input", { value: "b", secret: true }),
        node(4, "input", { value: "c", kind: "password" }),
        node(5, "input", { value: "read me", readonly: true, tab_index: 3, autofocus: true }),
        node(6, "image", { data: px, format: "rgba", width: 1, height: 2, cols: 4, alt: "dot" }),
        node(7, "image", { rgba: px, width: 1, height: 2, alt: "old" }),
        {
          id: 8,
          type: "box",
          props: { interactive: "clickable", role: "checkbox", checked: true },
          children: [node(9, "text", { content: "[x] done" })],
        },
        {
          id: 10,
          type: "box",
          props: { interactive: "clickable", disabled: true },
          children: [node(11, "text", { content: "Off" })],
        },
        node(12, "text", { content: "a long line that is cut", wrap: "truncate", width: 10 }),
        node(13, "input", { value: "", value_seq: 0, placeholder: "type" }),
      ],
    },
  });
  const server = await startWebServer({ source });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 600, height: 500 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const el = (id: number) => page.locator(`[data-vp-id="${id}"]`);
  try {
    await page.goto(server.url);
    await el(13).waitFor();

    await t.step("password, readonly, tab_index, autofocus", async () => {
      await page.waitForFunction(() => document.activeElement?.getAttribute("data-vp-id") === "5");
      for (const id of [2, 3, 4]) assertEquals(await el(id).getAttribute("type"), "password");
      assertEquals(await el(5).getAttribute("type"), "text");
      assertEquals(await el(5).evaluate((e) => (e as HTMLInputElement).readOnly), true);
      // A positive tab_index orders Tab (tab_order.ts) without a positive tabindex in the DOM.
      assertEquals(await el(5).getAttribute("tabindex"), "0");
      assertEquals(await el(5).getAttribute("data-vp-tab"), "3");
    });

    await t.step(
      "images: rgba pixels in `data` (and the older `rgba`); cols size in cells",
      async () => {
        for (const id of [6, 7]) {
          await page.waitForFunction(
            (i) =>
              (document.querySelector(`[data-vp-id="${i}"]`) as HTMLImageElement).complete &&
              (document.querySelector(`[data-vp-id="${i}"]`) as HTMLImageElement).naturalWidth ===
                1,
            id,
          );
          const [r, g, b] = await el(id).evaluate((img) => {
            const c = document.createElement("canvas");
            c.width = 1;
            c.height = 2;
            const cx = c.getContext("2d")!;
            cx.drawImage(img as HTMLImageElement, 0, 0);
            return [...cx.getImageData(0, 0, 1, 1).data];
          });
          assertEquals([r, g, b], [255, 0, 0], `image ${id}'s top pixel`);
        }
        const widths = await page.evaluate(() => {
          const img = document.querySelector('[data-vp-id="6"]')!.getBoundingClientRect().width;
          const probe = document.createElement("span");
          probe.style.width = "4ch";
          probe.style.display = "inline-block";
          document.querySelector(".vp-session")!.append(probe);
          const w = probe.getBoundingClientRect().width;
          probe.remove();
          return [img, w];
        });
        assertEquals(Math.round(widths[0]), Math.round(widths[1]), "cols: 4 is four cells wide");
      },
    );

    await t.step("roles and states; a disabled clickable sends no click", async () => {
      assertEquals(await el(8).getAttribute("role"), "checkbox");
      assertEquals(await el(8).getAttribute("aria-checked"), "true");
      assertEquals(await el(10).getAttribute("role"), "button");
      assertEquals(await el(10).getAttribute("aria-disabled"), "true");
      const from = inbox.messages.length;
      await el(10).click({ force: true }); // Playwright itself will not click it
      await el(8).click();
      await inbox.waitFor((m) => m.type === "INPUT" && m.kind === "click", from);
      const clicks = inbox.messages.slice(from).filter((m) =>
        m.message.type === "INPUT" && m.message.kind === "click"
      ).map((m) => m.message.type === "INPUT" && m.message.target);
      assertEquals(clicks, [8]);
      assertEquals(
        await el(12).evaluate((e) => getComputedStyle(e).textOverflow),
        "ellipsis",
      );
    });

    await t.step("value_change carries seq and base_seq; a late app value merges", async () => {
      const from = inbox.messages.length;
      await el(13).click();
      await page.keyboard.type("buy");
      const changes = () =>
        inbox.messages.slice(from).flatMap((m) =>
          m.message.type === "INPUT" && m.message.kind === "value_change"
            ? [[m.message.value, m.message.seq, m.message.base_seq]]
            : []
        );
      await inbox.waitFor((m) => m.type === "INPUT" && m.value === "buy", from);
      assertEquals(changes(), [["b", 1, 0], ["bu", 2, 0], ["buy", 3, 0]]);
      // The app clears having seen "bu" only: the "y" typed after stays.
      source.apply("props", {
        type: "PATCH",
        patches: [{ target: 13, set: { value: "", value_seq: 2 } }],
      });
      await inbox.waitFor((m) => m.type === "INPUT" && m.value === "y", from);
      assertEquals(changes().at(-1), ["y", 4, 2]);
      assertEquals(await el(13).inputValue(), "y");
      await page.keyboard.type("es");
      await inbox.waitFor((m) => m.type === "INPUT" && m.value === "yes", from);
      assertEquals(changes().at(-1), ["yes", 6, 2], "typing goes on after the caret");
      // A set that saw everything replaces the value.
      source.apply("props", {
        type: "PATCH",
        patches: [{ target: 13, set: { value: "", value_seq: 6 } }],
      });
      await page.waitForFunction(() =>
        (document.querySelector('[data-vp-id="13"]') as HTMLInputElement).value === ""
      );
      assert(changes().length === 6, "no report for a value that saw every edit");
      await screenshot(page, "props");
    });

    await t.step("an app value waits until an IME composition ends", async () => {
      await el(13).evaluate((e) => {
        const input = e as HTMLInputElement;
        input.value = "かな";
        input.dispatchEvent(new CompositionEvent("compositionstart", { bubbles: true }));
      });
      source.apply("props", {
        type: "PATCH",
        patches: [{ target: 13, set: { value: "app", value_seq: 99 } }],
      });
      // The page's model has it and has rendered since: the field is still left alone.
      await page.waitForFunction(() =>
        // deno-lint-ignore no-explicit-any
        (globalThis as any).viewport.view.model.tree.get(13)?.props.value === "app"
      );
      await page.evaluate(() =>
        new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
      );
      assertEquals(await el(13).inputValue(), "かな", "the composition is left alone");
      const from = inbox.messages.length;
      await el(13).evaluate((e) =>
        e.dispatchEvent(new CompositionEvent("compositionend", { bubbles: true, data: "かな" }))
      );
      await inbox.waitFor((m) => m.type === "INPUT" && m.value === "かな", from);
      await page.waitForFunction(() =>
        (document.querySelector('[data-vp-id="13"]') as HTMLInputElement).value === "app"
      );
    });

    await t.step("a modal box traps focus and presses", async () => {
      const button = (id: number, label: string): NodeSpec => ({
        id,
        type: "box",
        props: { interactive: "clickable" },
        children: [node(id + 1, "text", { content: label })],
      });
      source.apply("props", {
        type: "PATCH",
        patches: [{
          target: 1,
          children_insert: {
            index: 0,
            node: {
              id: 50,
              type: "box",
              props: { modal: true, role: "dialog", label: "Sure?", dir: "row", gap: 1 },
              children: [button(51, "Yes"), button(53, "No")],
            },
          },
        }],
      });
      await el(50).waitFor();
      assertEquals(await el(50).getAttribute("aria-modal"), "true");
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-vp-id"));
      await page.waitForFunction(() => document.activeElement?.getAttribute("data-vp-id") === "51");
      await page.keyboard.press("Tab");
      assertEquals(await focused(), "53");
      await page.keyboard.press("Tab");
      assertEquals(await focused(), "51", "Tab wraps inside the modal");
      await page.keyboard.press("Shift+Tab");
      assertEquals(await focused(), "53");
      const from = inbox.messages.length;
      await el(8).click();
      await el(51).click();
      await inbox.waitFor((m) => m.type === "INPUT" && m.kind === "click", from);
      const clicks = inbox.messages.slice(from).filter((m) =>
        m.message.type === "INPUT" && m.message.kind === "click"
      ).map((m) => m.message.type === "INPUT" && m.message.target);
      assertEquals(clicks, [51], "the press outside the modal did nothing");
      source.apply("props", { type: "PATCH", patches: [{ target: 50, remove: true }] });
      await el(50).waitFor({ state: "detached" });
      await el(8).click();
      await inbox.waitFor((m) => m.type === "INPUT" && m.kind === "click" && m.target === 8, from);
    });
    assertEquals(errors, []);
  } finally {
    await context.close();
    await browser.close();
    await server.close();
  }
});
