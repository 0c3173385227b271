import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column, row, text } from "../sdk/components.ts";
import { button } from "./button.ts";
import { mount } from "./mount.ts";

Deno.test("button: text projection is the label in brackets; disabled says so", () => {
  const conn = headless((c) => {
    mount(c, () =>
      row({}, [
        button("Save", { variant: "primary" }),
        button("Delete", { variant: "danger" }),
        button("Help", { variant: "plain" }),
        button("Archive", { disabled: true }),
      ]));
  });
  assertEquals(conn.projection(), "[Save]\t[Delete]\t[Help]\t[Archive] (disabled)");
});

Deno.test("button: in the terminal it is sized to its label, in the theme's colours", async () => {
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({ padding: 1, gap: 1 }, [
        button("Save", { variant: "primary" }),
        row({ gap: 1 }, [button("OK"), button("Delete", { variant: "danger" })]),
      ]));
  }, { width: 40, height: 10 });
  try {
    assertEquals(app.lines().slice(1, 8).map((l) => l.trimEnd()), [
      " ╭──────╮",
      " │ Save │",
      " ╰──────╯",
      "",
      " ╭────╮ ╭────────╮",
      " │ OK │ │ Delete │",
      " ╰────╯ ╰────────╯",
    ]);
    // The first button has focus: its frame is bold, in the accent colour.
    assertEquals(app.screen.cell(1, 1).fg, "#89b4fa");
    assert(app.screen.cell(1, 1).bold);
    assertEquals(app.screen.cell(3, 2).fg, "#89b4fa", "primary label in the accent colour");
    assertEquals(app.screen.cell(8, 5).fg, "#f38ba8", "danger frame in the error colour");
    assertEquals(app.screen.cell(1, 5).fg, "#45475a", "a plain frame in the border colour");
    // A theme change (slot 2, the accent) re-themes it at once.
    app.conn.model.apply(
      { type: "DEFINE", slot: 2, value: { kind: "color", value: "#00ff00" } },
      "viewer",
    );
    await app.settle();
    assertEquals(app.screen.cell(3, 2).fg, "#00ff00");
  } finally {
    await app.close();
  }
});

Deno.test("button: Enter, Space and a click press it; Tab moves on; disabled ones are skipped", async () => {
  const pressed: string[] = [];
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({ gap: 1 }, [
        button("One", { onPress: () => pressed.push("one") }),
        button("Off", { disabled: true, onPress: () => pressed.push("off") }),
        button("Two", { onPress: () => pressed.push("two") }),
        text(pressed.join(",")),
      ]));
  }, { width: 30, height: 14 });
  try {
    await app.press("enter", "space");
    assertEquals(pressed, ["one", "one"]);
    await app.press("tab");
    await app.press("enter");
    assertEquals(pressed, ["one", "one", "two"], "Tab skips the disabled button");
    const off = app.find("Off");
    await app.click(off.x, off.y);
    assertEquals(pressed.length, 3, "a disabled button ignores clicks");
    const one = app.find("One");
    await app.click(one.x, one.y);
    assertEquals(pressed.at(-1), "one");
    assertEquals(
      app.lines()[12].trim(),
      "one,one,two,one",
      "the view re-rendered after each press",
    );
    assertEquals(app.screen.cell(off.x, off.y).fg, "#6c7086", "disabled: dim");
  } finally {
    await app.close();
  }
});
