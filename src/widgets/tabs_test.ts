import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { text } from "../sdk/components.ts";
import { mount } from "./mount.ts";
import { tabs } from "./tabs.ts";

const LABELS = ["General", "Advanced", "About"];

Deno.test("tabs: projection marks the selected tab, then its panel", () => {
  const conn = headless((c) =>
    mount(c, () => tabs({ labels: LABELS, selected: 1 }, text("panel 1")))
  );
  assertEquals(conn.projection(), "General\t[Advanced]\tAbout\npanel 1");
});

Deno.test("tabs: left and right switch, a click picks, the selected label is underlined", async () => {
  let sel = 0;
  const app = await ansiApp((c) => {
    mount(
      c,
      () => tabs({ labels: LABELS, selected: sel, onChange: (i) => sel = i }, text(`panel ${sel}`)),
    );
  }, { width: 40, height: 5 });
  try {
    assertEquals(app.lines().slice(0, 3).map((l) => l.trimEnd()), [
      " General   Advanced   About",
      "",
      "panel 0",
    ]);
    const general = app.find("General");
    const cell = app.screen.cell(general.x, general.y);
    assert(cell.underline && cell.bold, "the selected tab is bold and underlined");
    await app.press("right");
    assertEquals(app.lines()[2].trimEnd(), "panel 1");
    await app.press("left", "left");
    assertEquals(sel, 2, "left from the first wraps to the last");
    const adv = app.find("Advanced");
    await app.click(adv.x, adv.y);
    assertEquals(sel, 1);
    assertEquals(app.lines()[2].trimEnd(), "panel 1");
    assertEquals(app.screen.cell(adv.x, adv.y).fg, "#89b4fa");
  } finally {
    await app.close();
  }
});
