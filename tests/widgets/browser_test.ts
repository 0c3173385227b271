/// <reference lib="dom" />
/**
 * Every widget in the browser viewer (headless Chromium): clicks, typing and
 * the keyboard, with the app in this process (see `_web.ts`).
 */
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { column, row, text } from "../../src/sdk/components.ts";
import type { Connection } from "../../src/sdk/connection.ts";
import {
  button,
  checkbox,
  dataTable,
  keyHints,
  lightTheme,
  list,
  ListState,
  mount,
  type Mounted,
  progressBar,
  radioGroup,
  select,
  SelectState,
  spinner,
  splitPane,
  statusBar,
  TableState,
  tabs,
  textArea,
  textField,
  toggleSwitch,
  TreeState,
  treeView,
} from "../../src/widgets/mod.ts";
import { focusedId, WebHarness } from "./_web.ts";
import { screenshot } from "../web/_browser.ts";

const css = (page: Page, selector: string, prop: string) =>
  page.locator(selector).first().evaluate(
    (el, p) => getComputedStyle(el).getPropertyValue(p),
    prop,
  );

/** Polls `pred` (the app's state) until it holds. */
async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  assert(pred(), what);
}

Deno.test("widgets in the browser viewer", async (t) => {
  const h = await WebHarness.start();
  let n = 0;
  const app = (setup: (conn: Connection) => void) => h.app(`w${++n}`, setup);
  try {
    await t.step("button: sized to its label; click, Enter, Space; disabled is inert", async () => {
      const pressed: string[] = [];
      const { page } = await app((c) =>
        mount(c, () =>
          column({ gap: 1 }, [
            button("Save", { variant: "primary", onPress: () => pressed.push("save") }),
            button("Archive", { disabled: true, onPress: () => pressed.push("archive") }),
            text(`pressed ${pressed.length}`),
          ]))
      );
      const save = page.getByRole("button", { name: "Save" });
      const box = (await save.boundingBox())!;
      assert(box.width < 120, `sized to its label, not the row: ${box.width}px`);
      // The standard slots hold the defaults: the page's dark palette shows (accent #4493f8).
      assertEquals(await css(page, "[aria-label=Save]", "border-top-color"), "rgb(68, 147, 248)");
      await save.click();
      await page.getByText("pressed 1").waitFor();
      await save.press("Enter");
      await save.press(" ");
      await page.getByText("pressed 3").waitFor();
      const archive = page.getByRole("button", { name: "Archive" });
      assertEquals(await archive.getAttribute("aria-disabled"), "true");
      assertEquals(await archive.getAttribute("tabindex"), null, "not a tab stop");
      await archive.click({ force: true });
      assertEquals(pressed, ["save", "save", "save"]);
      await screenshot(page, "widget-button");
    });

    await t.step(
      "text field and text area: every key reaches the app; Enter submits; errors",
      async () => {
        // Controlled fields typed into fast: the app's values (and the error
        // flag turning off on the first key) arrive behind the typing, and the
        // input value contract keeps every key.
        let name = "", notes = "";
        const submitted: string[] = [];
        const { page } = await app((c) =>
          mount(c, () =>
            column({ gap: 1 }, [
              textField({
                label: "Name",
                value: name,
                error: name ? undefined : "required",
                onChange: (v) => name = v,
                onSubmit: (v) => submitted.push(v),
              }),
              textArea({ label: "Notes", value: notes, rows: 3, onChange: (v) => notes = v }),
            ]))
        );
        const field = page.getByRole("textbox", { name: "Name" });
        assertEquals(await field.getAttribute("aria-invalid"), "true");
        await page.getByRole("alert").getByText("! required").waitFor();
        await field.click();
        await page.keyboard.type("Ada Lovelace", { delay: 10 });
        await until(() => name === "Ada Lovelace", `name: ${name}`);
        await page.keyboard.press("Enter");
        await until(() => submitted[0] === "Ada Lovelace", `submitted: ${submitted}`);
        await page.getByRole("alert").waitFor({ state: "detached" });
        assertEquals(await field.getAttribute("aria-invalid"), null);
        assertEquals(await field.inputValue(), "Ada Lovelace");
        const area = page.getByRole("textbox", { name: "Notes" });
        assertEquals(await area.evaluate((el) => el.tagName), "TEXTAREA");
        await area.click();
        await page.keyboard.type("one", { delay: 10 });
        await page.keyboard.press("Enter");
        await page.keyboard.type("two", { delay: 10 });
        await until(() => notes === "one\ntwo", `notes: ${JSON.stringify(notes)}`);
        assertEquals(await area.inputValue(), "one\ntwo");
        await screenshot(page, "widget-fields");
      },
    );

    await t.step("checkbox and switch: click and Space flip them; ARIA state follows", async () => {
      let sub = false, wifi = true;
      const { page } = await app((c) =>
        mount(c, () =>
          column({}, [
            checkbox("Subscribe", { checked: sub, onChange: (v) => sub = v }),
            toggleSwitch("Wi-Fi", { on: wifi, onChange: (v) => wifi = v }),
          ]))
      );
      const box = page.getByRole("checkbox", { name: "Subscribe" });
      await box.click();
      await page.locator("[role=checkbox][aria-checked=true]").waitFor();
      assertEquals(sub, true);
      const sw = page.getByRole("switch", { name: "Wi-Fi" });
      assertEquals(await sw.getAttribute("aria-checked"), "true");
      await sw.focus();
      await page.keyboard.press(" ");
      await page.locator("[role=switch][aria-checked=false]").waitFor();
      assertEquals(wifi, false);
    });

    await t.step("radio group: arrows move the choice; a click picks", async () => {
      let size = "s";
      const { page } = await app((c) =>
        mount(c, () =>
          radioGroup({
            label: "Size",
            value: size,
            options: [{ value: "s", label: "Small" }, { value: "m", label: "Medium" }],
            onChange: (v) => size = v,
          }))
      );
      await page.getByRole("radiogroup").focus();
      const scrolled = await page.evaluate(() => document.querySelector(".vp-session")!.scrollTop);
      await page.keyboard.press("ArrowDown");
      await page.getByRole("radio", { name: "Medium", checked: true }).waitFor();
      assertEquals(size, "m");
      assertEquals(
        await page.evaluate(() => document.querySelector(".vp-session")!.scrollTop),
        scrolled,
        "the arrow key did not scroll the page",
      );
      await page.getByRole("radio", { name: "Small" }).click();
      await page.getByRole("radio", { name: "Small", checked: true }).waitFor();
      assertEquals(
        await focusedId(page),
        await page.getByRole("radiogroup").getAttribute("data-vp-id"),
      );
    });

    await t.step(
      "select: opens below, keys or a click choose, Escape closes, focus returns",
      async () => {
        let fruit: string | undefined = "a";
        const state = new SelectState();
        const opts = [
          { value: "a", label: "Apple" },
          { value: "b", label: "Banana" },
          { value: "c", label: "Cherry" },
        ];
        const { page } = await app((c) =>
          mount(c, () =>
            column({}, [
              select(state, {
                label: "Fruit",
                value: fruit,
                options: opts,
                onChange: (v) => fruit = v,
              }),
              text(`fruit ${fruit}`),
            ]))
        );
        const combo = page.getByRole("combobox", { name: "Fruit" });
        await combo.click();
        await page.getByRole("listbox").waitFor();
        assertEquals(await combo.getAttribute("aria-expanded"), "true");
        assertEquals(
          await focusedId(page),
          await page.getByRole("listbox").getAttribute("data-vp-id"),
        );
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("Enter");
        await page.getByText("fruit c").waitFor();
        await page.getByRole("listbox").waitFor({ state: "detached" });
        assertEquals(
          await focusedId(page),
          await combo.getAttribute("data-vp-id"),
          "focus is back",
        );
        await page.keyboard.press("Enter");
        await page.keyboard.press("Escape");
        await page.getByRole("listbox").waitFor({ state: "detached" });
        await combo.click();
        await page.getByRole("option", { name: "Banana" }).click();
        await page.getByText("fruit b").waitFor();
      },
    );

    await t.step(
      "list: 100,000 items; keys, the wheel and clicks; multiple selection",
      async () => {
        const state = new ListState(Array.from({ length: 100_000 }, (_, i) => `item ${i}`), {
          multiple: true,
        });
        const { page } = await app((c) =>
          mount(c, () =>
            column({}, [
              list(state, { label: "Items", height: 6 }),
              text(
                `cursor ${state.cursor} top ${state.top} selected ${[...state.selected].join()}`,
              ),
            ]))
        );
        const lb = page.getByRole("listbox");
        assertEquals(await lb.getAttribute("aria-multiselectable"), "true");
        await lb.focus();
        await page.keyboard.press("PageDown");
        await page.keyboard.press(" ");
        await page.getByText("cursor 5 top 0 selected 5").waitFor();
        // Each row's `[x]`/`[ ]` is a check box in the page (the projection's
        // marks are there, drawn invisibly), checked by the row's aria-selected.
        const picked = page.locator('[role=option][aria-selected="true"]');
        assertEquals(await picked.count(), 1);
        assertEquals(await picked.locator(".vp-decor").textContent(), "[x] ");
        const box = '[role=option][aria-selected="true"] .vp-decor';
        assertEquals(await css(page, box, "color"), "rgba(0, 0, 0, 0)");
        assertEquals(await css(page, box, "width"), "16px");
        assertEquals(await css(page, box, "background-color"), "rgb(68, 147, 248)");
        assertEquals(
          await page.locator(box).evaluate((el) => getComputedStyle(el, "::after").content),
          '""',
          "a check mark",
        );
        const unpicked = '[role=option][aria-selected="false"] .vp-decor';
        assertEquals(await css(page, unpicked, "width"), "16px");
        assertEquals(
          await page.locator(unpicked).first().evaluate((el) =>
            getComputedStyle(el, "::after").content
          ),
          "none",
        );
        await screenshot(page, "widget-list-multiple");
        await page.keyboard.press("End");
        await page.getByText("cursor 99999 top 99994").waitFor();
        await page.getByRole("option", { name: /item 99999/ }).waitFor();
        await lb.locator(".vp-scroll").hover();
        await page.mouse.wheel(0, -600);
        await until(() => state.top < 99994, `wheel: top ${state.top}`);
        await page.getByRole("option", { name: new RegExp(`item ${state.top + 1}$`) }).click();
        await until(() => state.selected.size === 2, "a click selected a second item");
        assertEquals(
          await focusedId(page),
          await lb.getAttribute("data-vp-id"),
          "the list has focus",
        );
        assert(
          await page.locator("[role=option]").count() <= 20,
          "only the rows around the view are in the page",
        );
        await screenshot(page, "widget-list");
      },
    );

    await t.step(
      "data table: a million rows; a header click sorts; keys move the cursor",
      async () => {
        const state = new TableState(
          [{ name: "name", type: "string" }, { name: "size", type: "uint64" }],
          { length: 1_000_000, at: (i) => [`f${i}`, (i * 7919) % 100_000] },
        );
        const { page } = await app((c) =>
          mount(c, () => dataTable(state, { label: "Files", height: 8 }))
        );
        const grid = page.getByRole("grid", { name: "Files" });
        assertEquals(await grid.getAttribute("aria-rowcount"), "1000001");
        await page.getByRole("columnheader", { name: "size" }).click();
        await page.locator("[role=columnheader][aria-sort=ascending]").waitFor();
        await until(() => state.sortColumn === 1, "sorted");
        await grid.focus();
        await page.keyboard.press("End");
        await until(() => state.cursor === 999_999, `cursor ${state.cursor}`);
        await page.getByRole("row", { name: /99999$/ }).first().waitFor();
        // A row is one monospaced line: numbers padded on the left to the column's width.
        const cursorRow = page.getByRole("row", { name: /99999$/ }).first();
        const line = (await cursorRow.locator(".vp-text").textContent())!;
        assertMatch(line, /^[› ] +f\d+ {2,}99999$/);
        // Its accessible name is its values (the cell's `text_alt`): no padding, no mark.
        const [name, size] = state.row(state.cursor);
        const named = page.getByRole("row", { name: `${name} ${size}`, exact: true });
        assertEquals(await named.count(), 1);
        assertEquals(
          await named.locator(".vp-text").getAttribute("aria-label"),
          `${name}\t${size}`,
        );
        assertMatch(
          (await named.locator(".vp-text").textContent())!,
          new RegExp(`^› +${name} +${size}$`),
        );
        const header = (await page.getByRole("columnheader", { name: "size" }).textContent())!;
        assertMatch(header, /^ *size ▲$/, "the size header is right-aligned too");
        assertEquals(
          await cursorRow.locator(".vp-text").evaluate((el) => getComputedStyle(el).fontFamily),
          await page.getByRole("columnheader", { name: "size" }).evaluate((el) =>
            getComputedStyle(el).fontFamily
          ),
          "rows and header in one monospaced font, so the columns line up",
        );
        await screenshot(page, "widget-table");
      },
    );

    await t.step("tabs and tree: arrow keys switch tabs and open branches", async () => {
      let sel = 0;
      const tree = new TreeState([{ label: "src", children: [{ label: "main.ts" }] }]);
      const { page } = await app((c) =>
        mount(c, () =>
          tabs(
            { labels: ["One", "Two"], selected: sel, onChange: (i) => sel = i },
            sel === 0 ? text("first panel") : treeView(tree, { height: 4 }),
          ))
      );
      const session = page.locator(".vp-session");
      await session.getByRole("tablist").focus();
      await page.keyboard.press("ArrowRight");
      await page.getByRole("tab", { name: "Two", selected: true }).waitFor();
      await page.getByRole("tree").focus();
      await page.keyboard.press("ArrowRight");
      await page.getByRole("treeitem", { name: /main\.ts/ }).waitFor();
      assertEquals(
        await page.getByRole("treeitem", { name: /src/ }).getAttribute("aria-expanded"),
        "true",
      );
      await page.getByRole("tab", { name: "One" }).click();
      await page.getByText("first panel").waitFor();
    });

    await t.step(
      "dialog: focus moves in and stays; outside is inert; Escape answers; focus returns",
      async () => {
        let ui!: Mounted;
        const answers: boolean[] = [];
        let behind = 0;
        const { page } = await app((c) => {
          ui = mount(c, () =>
            row({ gap: 1 }, [
              button("Behind", { onPress: () => behind++ }),
              button("Delete", {
                onPress: async () => {
                  answers.push(await ui.confirm({ title: "Delete?", ok: "Delete", danger: true }));
                },
              }),
            ]));
        });
        const opener = page.getByRole("button", { name: "Delete" });
        await opener.click();
        const dlg = page.getByRole("dialog", { name: "Delete?" });
        await dlg.waitFor();
        assertEquals(await dlg.getAttribute("aria-modal"), "true");
        const inside = async () =>
          await page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));
        assert(await inside(), "focus moved into the dialog");
        for (let i = 0; i < 3; i++) {
          await page.keyboard.press("Tab");
          assert(await inside(), "Tab stays inside");
        }
        await page.getByRole("button", { name: "Behind" }).click({ force: true }).catch(() => {});
        assertEquals(behind, 0, "the page behind does not take clicks");
        await page.keyboard.press("Escape");
        await dlg.waitFor({ state: "detached" });
        await until(() => answers.length === 1, "answered");
        assertEquals(answers, [false]);
        assertEquals(await focusedId(page), await opener.getAttribute("data-vp-id"));
        await opener.click();
        await dlg.getByRole("button", { name: "Delete" }).click();
        await until(() => answers.length === 2, "answered again");
        assertEquals(answers, [false, true]);
      },
    );

    await t.step("toast, spinner, progress bar, key hints, status bar, split pane", async () => {
      let ui!: Mounted;
      let size = 10, quit = 0;
      const { page } = await app((c) => {
        ui = mount(c, () =>
          column({ gap: 1 }, [
            spinner({ label: "Loading" }),
            progressBar({ label: "Upload", value: 0.5 }),
            splitPane({ size, onResize: (v) => size = v }, text("left"), text("right")),
            keyHints([{ key: "q", label: "quit", onPress: () => quit++ }]),
            statusBar({ left: "Ready", right: "Ln 1" }),
          ]));
      });
      ui.toast("Saved", { kind: "success", timeoutMs: 0 });
      const toast = page.getByRole("status").filter({ hasText: "Saved" });
      await toast.waitFor();
      await toast.click();
      await toast.waitFor({ state: "detached" });
      assertEquals(await page.getByRole("progressbar").getAttribute("aria-valuenow"), "50");
      await page.getByRole("status").filter({ hasText: "Loading" }).waitFor();
      await page.getByRole("separator", { name: "Resize panes" }).focus();
      await page.keyboard.press("ArrowRight");
      await until(() => size === 11, `size ${size}`);
      // Named by what it shows (label in name); its label is its description.
      await page.getByRole("button", { name: "q quit" }).click();
      await until(() => quit === 1, "the hint was clicked");
      const bar = page.getByRole("status").filter({ hasText: "Ready" });
      assert((await bar.boundingBox())!.width > 800, "the status bar spans the window");
    });

    await t.step("web controls: drawn from role and state, not the terminal's glyphs", async () => {
      let ui!: Mounted;
      let on = true, wifi = true, size = "m";
      const sel = new SelectState();
      const { page } = await app((c) => {
        ui = mount(c, () =>
          column({ gap: 1, grow: 1 }, [
            tabs({ labels: ["One", "Two"], selected: 0 }, text("panel")),
            checkbox("Subscribe", { checked: on, onChange: (v) => on = v }),
            toggleSwitch("Wi-Fi", { on: wifi, onChange: (v) => wifi = v }),
            radioGroup({
              label: "Size",
              value: size,
              options: [{ value: "s", label: "Small" }, { value: "m", label: "Medium" }],
              onChange: (v) => size = v,
            }),
            select(sel, { label: "Fruit", value: "a", options: [{ value: "a", label: "Apple" }] }),
            progressBar({ label: "Upload", value: 0.25, width: 20 }),
            progressBar({ label: "Sync", width: 20 }),
            spinner({ label: "Indexing" }),
          ]));
      });
      await page.getByRole("checkbox", { name: "Subscribe" }).waitFor();
      const decor = (role: string) => `[role=${role}] .vp-decor`;
      // The glyphs are there (the projection's), drawn invisibly as the control.
      assertEquals(await page.locator(decor("checkbox")).textContent(), "[x]");
      assertEquals(await css(page, decor("checkbox"), "color"), "rgba(0, 0, 0, 0)");
      assertEquals(await css(page, decor("checkbox"), "width"), "16px");
      assertEquals(await css(page, decor("checkbox"), "background-color"), "rgb(68, 147, 248)");
      assertEquals(await css(page, decor("switch"), "width"), "32px");
      assertEquals(await css(page, decor("switch"), "border-top-left-radius"), "9px");
      const chosen = '[role=radio][aria-checked="true"] .vp-decor';
      assertEquals(await css(page, chosen, "border-top-width"), "5px");
      assertEquals(await css(page, decor("radio"), "border-top-left-radius"), "50%");
      // A bar filled to aria-valuenow; the indeterminate one sweeps; the spinner turns.
      const bar = '[role=progressbar][aria-valuenow="25"] > .vp-decor';
      assertEquals(await css(page, bar, "height"), "8px");
      assertMatch(await css(page, bar, "background-size"), /^25% 100%/);
      const sweep = "[role=progressbar]:not([aria-valuenow]) > .vp-decor";
      assertEquals(await css(page, sweep, "animation-name"), "vp-sweep");
      assertEquals(await css(page, "[role=status] > .vp-decor", "animation-name"), "vp-spin");
      // The select is a field with a chevron; the tab row an underline nav.
      assertEquals(await css(page, "[role=combobox]", "border-top-style"), "solid");
      assertEquals(await css(page, "[role=combobox] > .vp-text", "text-decoration-line"), "none");
      assertMatch(
        await css(page, '.vp-session [role=tab][aria-selected="true"]', "box-shadow"),
        / 0px -2px 0px 0px inset/,
      );
      assertEquals(await css(page, "[role=tab] > .vp-text", "text-decoration-line"), "none");
      await page.getByRole("checkbox", { name: "Subscribe" }).click();
      await until(() => !on, "the check box flipped");
      await page.waitForFunction(() =>
        getComputedStyle(document.querySelector("[role=checkbox] .vp-decor")!).backgroundColor ===
          "rgb(13, 17, 23)"
      );
      // A toast is a card; a dialog a raised panel over the whole window.
      ui.toast("Saved", { kind: "success", timeoutMs: 0 });
      const card = page.locator(".vp-framed[role=status]");
      await card.waitFor();
      assertEquals(await css(page, ".vp-framed[role=status]", "border-left-width"), "4px");
      void ui.confirm({ title: "Sure?" });
      await page.getByRole("dialog", { name: "Sure?" }).waitFor();
      const overlay = page.locator(".vp-box:has(> [role=dialog])");
      assertEquals(await overlay.evaluate((e) => getComputedStyle(e).position), "fixed");
      assertEquals(await css(page, "[role=dialog]", "border-top-left-radius"), "12px");
      await screenshot(page, "widgets-web-controls");
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "detached" });
      // In a pipe the same widgets keep their glyphs (widget tests check the exact text).
    });

    await t.step(
      "theme: a viewer's DEFINE of the standard slots re-themes the widgets live",
      async () => {
        const { page } = await app((c) => mount(c, () => button("OK", { variant: "primary" })));
        const sel = "[aria-label=OK]";
        assertEquals(await css(page, sel, "border-top-color"), "rgb(68, 147, 248)");
        for (const [slot, value] of lightTheme) {
          h.source.apply(`w${n}`, { type: "DEFINE", slot, value: { ...value } });
        }
        for (
          let i = 0;
          i < 100 && (await css(page, sel, "border-top-color")) !== "rgb(30, 102, 245)";
          i++
        ) {
          await page.waitForTimeout(20);
        }
        assertEquals(await css(page, sel, "border-top-color"), "rgb(30, 102, 245)");
        assertEquals(await css(page, ".vp-session", "background-color"), "rgb(239, 241, 245)");
      },
    );
    assertEquals(h.errors, []);
  } finally {
    await h.close();
  }
});
