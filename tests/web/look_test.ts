/// <reference lib="dom" />
/**
 * The browser viewer's look, measured in the page: buttons that size to
 * their label, labels on their field's line, page padding, the header (h1,
 * connection indicator), light and dark from the OS and live re-theming by
 * the app, rows one text line tall, canvases that grow, and the tables
 * (content-sized columns, numbers on the right, titles on cut-off cells,
 * local timestamps, follow-tail only for logs).
 */
import type { Page } from "playwright-core";
import { assert, assertEquals, assertNotEquals } from "../_util/assert.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer } from "../../viewer/web/server.ts";
import { SlotRef } from "../../src/protocol/slot_ref.ts";
import type { NodeSpec } from "../../src/protocol/messages/types.ts";
import { launchBrowser, screenshot } from "./_browser.ts";

const node = (id: number, type: string, props: NodeSpec["props"] = {}, children: NodeSpec[] = []) =>
  ({ id, type, props, children }) as NodeSpec;

/** The button widget's shape: a framed clickable box around its label. */
const button = (id: number, label: string, accent = false) =>
  node(id, "box", {
    interactive: "clickable",
    role: "button",
    label,
    border: "rounded",
    border_color: accent ? new SlotRef(2) : undefined,
    padding: [0, 1],
    align_self: "start",
  }, [node(id + 1, "text", { content: label, color: accent ? new SlotRef(2) : undefined })]);

const rect = (page: Page, sel: string) =>
  page.locator(sel).first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height, right: r.right, bottom: r.bottom };
  });
const style = (page: Page, sel: string, prop: string) =>
  page.locator(sel).first().evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), prop);
const id = (n: number) => `[data-vp-id="${n}"]`;

function formApp(source: ModelSessionSource): void {
  source.add("form", "Sign up form");
  source.apply("form", {
    type: "TREE",
    root: node(1, "box", { dir: "column", gap: 1 }, [
      node(2, "text", { content: "Sign up", role: "heading" }),
      node(10, "box", { dir: "row", gap: 1 }, [
        node(11, "text", { content: "Name:", width: 8 }),
        node(12, "input", { value: "", placeholder: "Ada Lovelace", grow: 1 }),
      ]),
      button(20, "Submit", true),
      button(30, "Cancel"),
      node(40, "box", { dir: "row", gap: 2 }, [
        node(41, "canvas", { width: 100, height: 40, grow: 1, alt: "chart" }),
        node(42, "canvas", { width: 60, height: 40, alt: "keys", tab_index: 0 }),
      ]),
    ]),
  }, {
    type: "CANVAS",
    target: 42,
    mode: "vector2d",
    commands: [["set_fill", new SlotRef(2)], ["fill_rect", 0, 0, 60, 40]],
  });
}

/** Rows of a listing (name, size, modified), a log that follows, and a wide table. */
function tableApp(source: ModelSessionSource): void {
  source.add("tables", "Tables");
  source.apply(
    "tables",
    {
      type: "SCHEMA",
      slot: 150,
      columns: [
        { id: 0, name: "name", type: "string" },
        { id: 1, name: "size", type: "uint64", format: "human_bytes" },
        { id: 2, name: "modified", type: "timestamp" },
      ],
    },
    {
      type: "SCHEMA",
      slot: 151,
      columns: [{ id: 0, name: "n", type: "int64" }, { id: 1, name: "line", type: "string" }],
    },
    {
      type: "TREE",
      root: node(1, "box", { dir: "column", gap: 1 }, [
        node(2, "scroll", { schema: new SlotRef(150), height: 8 }),
        node(3, "scroll", { schema: new SlotRef(151), height: 6, follow: true }),
      ]),
    },
  );
  const long = "a-very-long-file-name-".repeat(12) + "end.txt";
  const rows = Array.from({ length: 300 }, (_, i) => [
    i === 0 ? long : `file-${String(i).padStart(3, "0")}.txt`,
    1000 + i * 517,
    1_700_000_000 + i * 60,
  ]);
  source.apply("tables", { type: "DATA", schema: new SlotRef(150), rows });
  source.apply("tables", {
    type: "DATA",
    schema: new SlotRef(151),
    rows: Array.from({ length: 3 }, (_, i) => [i, `line ${i}`]),
  });
}

Deno.test("browser viewer look: buttons, labels, header, light and dark, rows and tables", async (t) => {
  const source = new ModelSessionSource();
  formApp(source);
  tableApp(source);
  const server = await startWebServer({ source });
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1000, height: 700 },
    colorScheme: "light",
    locale: "en-US",
    timezoneId: "UTC",
    reducedMotion: "reduce", // colours are read at once, not after a transition
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(`${server.url}&session=form`);
    await page.locator(id(21)).getByText("Submit").waitFor();

    await t.step("buttons size to their label and look like buttons", async () => {
      const b = await rect(page, id(20));
      const column = await rect(page, id(1));
      assert(b.w < column.w / 4, `button ${b.w}px wide in a ${column.w}px column`);
      assert(b.h >= 32, `button ${b.h}px tall`);
      assert(await page.locator(id(20)).evaluate((e) => e.classList.contains("vp-button")));
      // The primary (accent-framed) one is filled with the accent; the other is not.
      assertEquals(await style(page, id(20), "background-color"), "rgb(9, 105, 218)");
      assertNotEquals(await style(page, id(30), "background-color"), "rgb(9, 105, 218)");
      assertEquals(await style(page, id(20), "cursor"), "pointer");
      // The label is centred in the button.
      const label = await rect(page, id(21));
      assert(Math.abs(label.x + label.w / 2 - (b.x + b.w / 2)) < 2, "label centred");
    });

    await t.step(
      "a label beside a field sits on the field's text line; the page has padding",
      async () => {
        const label = await rect(page, id(11));
        const input = await rect(page, id(12));
        const labelMid = label.y + label.h / 2, inputMid = input.y + input.h / 2;
        assert(
          Math.abs(labelMid - inputMid) < 4,
          `label centre ${labelMid}, field centre ${inputMid}`,
        );
        assert(input.h >= 32, `field ${input.h}px tall`);
        assert(parseFloat(await style(page, ".vp-session", "padding-left")) >= 12, "page padding");
        assertEquals(await page.locator(id(12)).getAttribute("aria-labelledby"), "vp-label-11");
        await page.getByRole("textbox", { name: "Name:" }).waitFor();
      },
    );

    await t.step("the header: the session title as h1, the connection indicator", async () => {
      const h1 = page.getByRole("heading", { level: 1 });
      assertEquals(await h1.textContent(), "Sign up form");
      const conn = page.locator(".vp-top .vp-conn");
      assertEquals(await conn.textContent(), "Connected");
      assertEquals(await conn.getAttribute("role"), "status");
      const dot = () => conn.evaluate((e) => getComputedStyle(e, "::before").backgroundColor);
      const live = await dot();
      for (
        const [state, text] of [
          ["reconnecting", "Reconnecting…"],
          ["disconnected", "Disconnected"],
          ["refused", "Not allowed"],
          ["ended", "App ended"],
        ]
      ) {
        await page.evaluate((s) => document.body.dataset.state = s, state);
        await page.waitForFunction(
          (want) => document.querySelector(".vp-top .vp-conn")?.textContent === want,
          text,
        );
        assertNotEquals(await dot(), live, `the ${state} dot has its own colour`);
      }
      await page.evaluate(() => delete document.body.dataset.state);
      await page.waitForFunction(() =>
        document.querySelector(".vp-top .vp-conn")?.textContent === "Connected"
      );
    });

    await t.step("light and dark follow the OS; the app's slots re-theme live", async () => {
      const bg = () => style(page, ".vp-session", "background-color");
      const fg = () => style(page, id(2), "color");
      // A drawing in the accent slot draws again in the accent the page shows.
      const pixel = () =>
        page.locator(id(42)).evaluate((e) => {
          const c = e as HTMLCanvasElement;
          return [...c.getContext("2d")!.getImageData(5, 5, 1, 1).data.slice(0, 3)].join();
        });
      const light = [await bg(), await fg()];
      await page.waitForFunction(() => {
        const c = document.querySelector('[data-vp-id="42"]') as HTMLCanvasElement;
        return c.getContext("2d")!.getImageData(5, 5, 1, 1).data[3] === 255;
      });
      assertEquals(await pixel(), "9,105,218");
      await screenshot(page, "look-form-light");
      await page.emulateMedia({ colorScheme: "dark" });
      await page.waitForFunction(() => {
        const c = document.querySelector('[data-vp-id="42"]') as HTMLCanvasElement;
        return c.getContext("2d")!.getImageData(5, 5, 1, 1).data.slice(0, 3).join() ===
          "68,147,248";
      });
      const dark = [await bg(), await fg()];
      await screenshot(page, "look-form-dark");
      assertNotEquals(dark[0], light[0]);
      assertNotEquals(dark[1], light[1]);
      assertEquals(await style(page, ".vp-top", "border-bottom-color") !== "", true);
      // The app picks a background: it wins over the OS, and native controls follow it.
      source.apply("form", {
        type: "DEFINE",
        slot: 0,
        value: { kind: "color", role: "background", value: "#fdf6e3" },
      });
      await page.waitForFunction(() =>
        getComputedStyle(document.querySelector(".vp-session")!).backgroundColor ===
          "rgb(253, 246, 227)"
      );
      assertEquals(await style(page, ":root", "color-scheme"), "light");
      await page.emulateMedia({ colorScheme: "light" });
      assertEquals(await bg(), "rgb(253, 246, 227)");
      // Back to the specification's default: the page's palette again.
      source.apply("form", {
        type: "DEFINE",
        slot: 0,
        value: { kind: "color", role: "background", value: "#1e1e2e" },
      });
      await page.waitForFunction(
        (want) => getComputedStyle(document.querySelector(".vp-session")!).backgroundColor === want,
        light[0],
      );
    });

    await t.step("session states: ended looks inert, refused is a clear notice", async () => {
      // The session element, its tab and the page carry data-state (set by the
      // connection code); here the test sets them to see the look.
      await page.evaluate(() => {
        document.querySelector<HTMLElement>(".vp-session")!.dataset.state = "ended";
        document.body.dataset.state = "ended";
      });
      assertEquals(await style(page, id(20), "pointer-events"), "none");
      assertEquals(await style(page, id(20), "cursor"), "not-allowed");
      assertEquals(await style(page, id(20), "border-top-style"), "dashed");
      assertEquals(await style(page, id(20), "background-color"), "rgba(0, 0, 0, 0)");
      assertNotEquals(await style(page, id(21), "color"), await style(page, id(2), "color"));
      assertEquals(await style(page, id(12), "pointer-events"), "none");
      // Text stays readable: the heading keeps its colour.
      assertEquals(await style(page, id(2), "opacity"), "1");
      await page.locator(".vp-top .vp-conn").getByText("App ended").waitFor();
      await screenshot(page, "look-ended");
      await page.evaluate(() => {
        const note = document.createElement("div");
        note.className = "vp-state-note";
        note.dataset.state = "refused";
        note.textContent = "This page's key is no longer valid: open the URL the viewer printed.";
        document.querySelector(".vp-area")!.prepend(note);
        document.body.dataset.state = "refused";
      });
      assertEquals(await style(page, ".vp-state-note", "border-top-style"), "solid");
      assertEquals(await style(page, ".vp-state-note", "border-top-color"), "rgb(209, 36, 47)");
      await screenshot(page, "look-refused");
      await page.evaluate(() => {
        document.querySelector(".vp-state-note")!.remove();
        delete document.body.dataset.state;
        delete document.querySelector<HTMLElement>(".vp-session")!.dataset.state;
      });
      assertEquals(await style(page, id(20), "pointer-events"), "auto");
    });

    await t.step(
      "a canvas grows with `grow`; only an app's tab_index makes it a Tab stop",
      async () => {
        const grown = await rect(page, id(41));
        assert(grown.w > 400, `a grow: 1 canvas is ${grown.w}px wide (drawn at 100)`);
        assertEquals(await page.locator(id(41)).getAttribute("tabindex"), "-1");
        assertEquals(await page.locator(id(42)).getAttribute("tabindex"), "0");
      },
    );

    await t.step(
      "table rows are one text line; `height: 6` shows the header and 5 rows",
      async () => {
        await page.goto(`${server.url}&session=tables`);
        await page.locator(id(3)).getByRole("cell", { name: "line 2" }).waitFor();
        const lh = parseFloat(await style(page, ".vp-session", "line-height"));
        const row = await rect(page, `${id(3)} .vp-rows > .vp-row`);
        assertEquals(row.h, lh);
        const inner = await page.locator(id(3)).evaluate((e) => e.clientHeight);
        assertEquals(Math.round(inner / lh), 6, `${inner}px inside, lines of ${lh}px`);
        // Its 3 rows are all in the page: no "Go to row" field; the listing's 300 are not.
        assertEquals(await page.locator(`${id(3)} .vp-jump`).count(), 0);
        assertEquals(await page.locator(`${id(2)} .vp-jump`).count(), 1);
      },
    );

    await t.step("a listing opens at its top; a log (follow: true) sticks to its end", async () => {
      const top = () => page.locator(id(2)).evaluate((e) => e.scrollTop);
      assertEquals(await top(), 0);
      await page.locator(id(2)).getByRole("cell", { name: "file-001.txt" }).waitFor();
      source.apply("tables", {
        type: "DATA",
        schema: new SlotRef(151),
        rows: Array.from({ length: 40 }, (_, i) => [i + 3, `line ${i + 3}`]),
      });
      source.apply("tables", {
        type: "DATA",
        schema: new SlotRef(150),
        rows: [["zzz-last.txt", 1, 1_700_000_000]],
      });
      await page.locator(id(3)).getByRole("cell", { name: "line 42" }).waitFor();
      assertEquals(await top(), 0, "the listing stays at its top as rows arrive");
      const atEnd = await page.locator(id(3)).evaluate((e) =>
        e.scrollTop + e.clientHeight >= e.scrollHeight - 2
      );
      assert(atEnd, "the log shows its newest row");
      assertEquals(await page.locator(`${id(3)} .vp-jump`).count(), 1);
    });

    await t.step(
      "columns sized from content, numbers right, titles on cut-off cells, local times",
      async () => {
        const header = `${id(2)} .vp-header`;
        const cols = await page.locator(`${header} > .vp-cell`).evaluateAll((els) =>
          els.map((e) => e.getBoundingClientRect().width)
        );
        assert(cols[1] < cols[0], `size (${cols[1]}px) narrower than name (${cols[0]}px)`);
        const size = page.locator(`${id(2)} .vp-rows [aria-rowindex="3"] > .vp-cell`).nth(1);
        assertEquals(await size.evaluate((e) => getComputedStyle(e).textAlign), "right");
        const name = page.locator(`${id(2)} .vp-rows [aria-rowindex="3"] > .vp-cell`).first();
        assertEquals(await name.evaluate((e) => getComputedStyle(e).textAlign), "start");
        const long = page.locator(`${id(2)} .vp-rows [aria-rowindex="2"] > .vp-cell`).first();
        const full = "a-very-long-file-name-".repeat(12) + "end.txt";
        assertEquals(await long.getAttribute("title"), full);
        assert(await long.evaluate((e) => e.scrollWidth > e.clientWidth), "the cell is cut off");
        assertEquals(await name.getAttribute("title"), null, "a cell that fits has no title");
        const time = page.locator(`${id(2)} .vp-rows [aria-rowindex="3"] time`);
        // 1,700,000,060 s: Nov 14, 2023, 22:14:20 UTC, in this page's locale (en-US, UTC).
        assertEquals(await time.getAttribute("datetime"), "2023-11-14T22:14:20Z");
        assertEquals(await time.getAttribute("title"), "2023-11-14T22:14:20Z");
        assertEquals(await time.textContent(), "Nov 14, 2023, 10:14:20 PM");
        await screenshot(page, "look-tables");
      },
    );

    assertEquals(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
