import { assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { text } from "../sdk/components.ts";
import { mount } from "./mount.ts";
import { splitPane } from "./split_pane.ts";

Deno.test("split pane: projection is both panes around a bar", () => {
  const conn = headless((c) =>
    mount(c, () => splitPane({ size: 10 }, text("left"), text("right")))
  );
  assertEquals(conn.projection(), "left\t│\tright");
});

Deno.test("split pane: a vertical rule between the panes; arrows on the focused divider resize", async () => {
  let size = 8;
  const app = await ansiApp((c) => {
    mount(
      c,
      () => splitPane({ size, min: 4, onResize: (n) => size = n }, text("left"), text("right")),
    );
  }, { width: 24, height: 3 });
  try {
    assertEquals(app.lines().map((l) => l.trimEnd()), ["left    │right", "        │", "        │"]);
    assertEquals(app.screen.cell(8, 0).inverse, true, "the divider has focus");
    await app.press("right", "right");
    assertEquals(size, 10);
    assertEquals(app.lines()[0].trimEnd(), "left      │right");
    await app.press("\x1b[1;2D");
    assertEquals(size, 5, "shift+left moves by 5");
    await app.press("left", "left");
    assertEquals(size, 4, "not below the minimum");
  } finally {
    await app.close();
  }
});
