import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column, text } from "../sdk/components.ts";
import { button } from "./button.ts";
import { dialog } from "./dialog.ts";
import { mount, type Mounted } from "./mount.ts";

Deno.test("dialog: projection is title, message and buttons after the view", () => {
  const conn = headless((c) => {
    mount(c, () =>
      column({}, [
        text("the app"),
        dialog({
          title: "Delete?",
          message: "It cannot be undone.",
          buttons: [{ label: "Cancel", onPress() {} }, { label: "Delete", onPress() {} }],
        }),
      ]));
  });
  assertEquals(conn.projection(), "the app\nDelete?\nIt cannot be undone.\n[Cancel]\t[Delete]");
});

Deno.test("dialog: confirm traps focus and clicks, answers, and gives focus back", async () => {
  let ui!: Mounted;
  let answers: boolean[] = [];
  let clicks = 0;
  const app = await ansiApp((c) => {
    ui = mount(c, () =>
      column({ padding: 1, gap: 1 }, [
        button("Behind", { onPress: () => clicks++ }),
        button("Delete", {
          variant: "danger",
          onPress: async () => {
            answers = [
              ...answers,
              await ui.confirm({ title: "Delete it?", ok: "Delete", danger: true }),
            ];
          },
        }),
      ]));
  }, { width: 40, height: 16 });
  try {
    await app.press("tab");
    const opener = app.renderer.focusId;
    await app.press("enter");
    const screen = app.text();
    assert(screen.includes("Delete it?"), screen);
    assert(screen.includes("│ Cancel │"), "buttons in the dialog");
    // Cancel has focus first for a dangerous question; Tab stays inside.
    const focusedText = () => app.lines()[app.find("Cancel").y];
    assertEquals(app.screen.cell(app.find("Cancel").x - 2, app.find("Cancel").y).fg, "#89b4fa");
    await app.press("tab", "tab");
    assertEquals(
      app.screen.cell(app.find("Cancel").x - 2, app.find("Cancel").y).fg,
      "#89b4fa",
      focusedText(),
    );
    const behind = app.find("Behind");
    await app.click(behind.x, behind.y);
    assertEquals(clicks, 0, "clicks outside the dialog do nothing");
    await app.press("escape");
    assertEquals(answers, [false]);
    assert(!app.text().includes("Delete it?"), "closed");
    assertEquals(app.renderer.focusId, opener, "focus is back on the button that opened it");
    await app.press("enter");
    await app.press("tab", "enter");
    assertEquals(answers, [false, true], "Tab to Delete, Enter confirms");
  } finally {
    await app.close();
  }
});

Deno.test("dialog: prompt validates, then resolves with the text", async () => {
  let ui!: Mounted;
  const results: (string | null)[] = [];
  const app = await ansiApp((c) => {
    ui = mount(c, () => column({ padding: 1 }, [text("app")]));
  }, { width: 60, height: 16 });
  try {
    const answer = ui.prompt({
      title: "Rename",
      label: "Name",
      value: "old",
      validate: (v) => v.trim() ? undefined : "cannot be empty",
    }).then((v) => results.push(v));
    await app.settle();
    assert(app.text().includes("Name"), app.text());
    await app.press("ctrl+a", "\x0b", "enter");
    assert(app.text().includes("! cannot be empty"), app.text());
    assertEquals(results, []);
    await app.press("n", "e", "w", "enter");
    await answer;
    assertEquals(results, ["new"]);
    assert(!app.text().includes("Rename"));
  } finally {
    await app.close();
  }
});
