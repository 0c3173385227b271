/// <reference lib="dom" />
/**
 * Which scroll regions are Tab stops, by the one rule of
 * viewer/web/client/tab_order.ts: a scroll is a stop unless it has a
 * `tab_index` of its own or says `focusable: false`; then it is one only
 * while its content overflows with nothing focusable inside; a list's rows
 * are focusable by script only.
 */
import { assertEquals } from "../_util/assert.ts";
import type { NodeSpec } from "../../src/protocol/messages/types.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer } from "../../viewer/web/server.ts";
import { launchBrowser } from "./_browser.ts";

const lines = (id: number, n: number): NodeSpec[] =>
  Array.from({ length: n }, (_, i) => ({ id: id + i, type: "text", props: { content: `l${i}` } }));

Deno.test("browser viewer: one rule makes scroll regions Tab stops", async () => {
  const source = new ModelSessionSource();
  source.add("s", "Scrolls");
  source.apply("s", {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column", gap: 1 },
      children: [
        { id: 10, type: "scroll", props: { height: 3 }, children: lines(100, 2) },
        {
          id: 20,
          type: "scroll",
          props: { height: 3, focusable: false },
          children: lines(200, 30),
        },
        { id: 30, type: "scroll", props: { height: 3, focusable: false }, children: lines(300, 1) },
        {
          id: 40,
          type: "scroll",
          props: { height: 3, focusable: false },
          children: [
            ...lines(400, 30),
            { id: 490, type: "box", props: { interactive: "clickable" }, children: [] },
          ],
        },
        { id: 50, type: "scroll", props: { height: 3, tab_index: -1 }, children: lines(500, 30) },
        {
          id: 60,
          type: "box",
          props: { interactive: "focusable", role: "listbox" },
          children: [{
            id: 61,
            type: "scroll",
            props: { height: 3, focusable: false },
            children: [{
              id: 62,
              type: "box",
              props: { interactive: "clickable", focusable: false, role: "option" },
              children: [],
            }, ...lines(600, 30)],
          }],
        },
      ],
    },
  });
  const server = await startWebServer({ source });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 800 } });
    await page.goto(server.url);
    await page.locator('[data-vp-id="50"]').waitFor();
    const tabindex = (id: number) => page.locator(`[data-vp-id="${id}"]`).getAttribute("tabindex");
    await page.waitForFunction(() =>
      document.querySelector('[data-vp-id="20"]')?.getAttribute("tabindex") === "0"
    );
    assertEquals(await tabindex(10), "0", "a scroll is a stop, overflowing or not");
    assertEquals(await tabindex(20), "0", "focusable: false, overflowing, nothing focusable");
    assertEquals(await tabindex(30), null, "focusable: false and nothing to scroll");
    assertEquals(await tabindex(40), null, "focusable: false with a control inside");
    assertEquals(await tabindex(50), "-1", "the app's tab_index");
    assertEquals(await tabindex(61), null, "inside a listbox: the list is the stop");
    assertEquals(await tabindex(62), "-1", "its rows: focusable by script only");
    // The content shrinks: the overflow stop goes again, and comes back.
    source.apply("s", {
      type: "PATCH",
      patches: lines(202, 28).map((n) => ({ target: n.id, remove: true })),
    });
    await page.waitForFunction(() =>
      !document.querySelector('[data-vp-id="20"]')?.hasAttribute("tabindex")
    );
    // focusable: true again: a stop by the first part of the rule.
    source.apply("s", { type: "PATCH", patches: [{ target: 30, set: { focusable: null } }] });
    await page.waitForFunction(() =>
      document.querySelector('[data-vp-id="30"]')?.getAttribute("tabindex") === "0"
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
