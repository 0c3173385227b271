import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column } from "../sdk/components.ts";
import { mount } from "./mount.ts";
import { radioGroup } from "./radio_group.ts";

const SIZES = [
  { value: "s", label: "Small" },
  { value: "m", label: "Medium" },
  { value: "l", label: "Large" },
];

Deno.test("radio group: projection lists the choices, the chosen one marked", () => {
  const conn = headless((c) =>
    mount(c, () => radioGroup({ label: "Size", value: "l", options: SIZES }))
  );
  assertEquals(conn.projection(), "Size:\n( ) Small\n( ) Medium\n(•) Large");
});

Deno.test("radio group: one tab stop; arrows move the choice; a click picks; focus lights the frame", async () => {
  let size = "s";
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({ padding: 1 }, [
        radioGroup({ label: "Size", value: size, options: SIZES, onChange: (v) => size = v }),
      ]));
  }, { width: 30, height: 9 });
  try {
    assertEquals(app.lines().slice(1, 7).map((l) => l.trimEnd()), [
      " Size",
      " ╭────────────╮",
      " │ (•) Small  │",
      " │ ( ) Medium │",
      " │ ( ) Large  │",
      " ╰────────────╯",
    ]);
    assertEquals(
      app.screen.cell(1, 2).fg,
      "#89b4fa",
      "the focused group's frame in the accent colour",
    );
    await app.press("down");
    assertEquals(size, "m");
    await app.press("down", "down");
    assertEquals(size, "s", "down from the last wraps around");
    await app.press("up");
    assertEquals(size, "l");
    assertEquals(app.lines()[5].trimEnd(), " │ (•) Large  │");
    const medium = app.find("Medium");
    await app.click(medium.x, medium.y);
    assertEquals(size, "m");
    assertEquals(app.lines()[4].trimEnd(), " │ (•) Medium │");
    assert(app.inputs.every((m) => m.kind !== "focus" || m.target === app.renderer.focusId));
  } finally {
    await app.close();
  }
});
