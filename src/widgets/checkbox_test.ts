import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column } from "../sdk/components.ts";
import { checkbox, toggleSwitch } from "./checkbox.ts";
import { mount } from "./mount.ts";

Deno.test("checkbox and switch: projection says the state", () => {
  const conn = headless((c) => {
    mount(c, () =>
      column({}, [
        checkbox("Subscribe", { checked: true }),
        checkbox("Spam", { checked: false, disabled: true }),
        toggleSwitch("Wi-Fi", { on: false }),
        toggleSwitch("Bluetooth", { on: true }),
      ]));
  });
  assertEquals(
    conn.projection(),
    "[x] Subscribe\n[ ] Spam (disabled)\nWi-Fi: off\nBluetooth: on",
  );
});

Deno.test("checkbox and switch: Space, Enter and a click flip them; focus shows inverted", async () => {
  let sub = false, wifi = false;
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({ padding: 1 }, [
        checkbox("Subscribe", { checked: sub, onChange: (v) => sub = v }),
        toggleSwitch("Wi-Fi", { on: wifi, onChange: (v) => wifi = v }),
      ]));
  }, { width: 30, height: 5 });
  try {
    assertEquals(app.lines().slice(1, 3).map((l) => l.trimEnd()), [" [ ] Subscribe", " ○━━ Wi-Fi"]);
    assert(app.screen.cell(1, 1).inverse, "the focused check box is inverted");
    assert(!app.screen.cell(1, 2).inverse);
    await app.press("space");
    assertEquals(sub, true);
    assertEquals(app.lines()[1].trimEnd(), " [x] Subscribe");
    assertEquals(app.screen.cell(2, 1).fg, "#89b4fa", "a checked mark in the accent colour");
    await app.press("tab", "enter");
    assertEquals(wifi, true);
    assertEquals(app.lines()[2].trimEnd(), " ━━● Wi-Fi");
    const at = app.find("Subscribe");
    await app.click(at.x, at.y);
    assertEquals(sub, false);
    assertEquals(app.lines()[1].trimEnd(), " [ ] Subscribe");
  } finally {
    await app.close();
  }
});
