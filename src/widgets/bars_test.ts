import { assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column } from "../sdk/components.ts";
import { keyHints, statusBar } from "./bars.ts";
import { mount } from "./mount.ts";

Deno.test("key hints and status bar: projection", () => {
  const conn = headless((c) =>
    mount(c, () =>
      column({}, [
        keyHints([{ key: "q", label: "quit" }, { key: "↑↓", label: "move" }]),
        statusBar({ left: "Ready", center: "3 items", right: "Ln 1" }),
      ]))
  );
  assertEquals(conn.projection(), "q quit · ↑↓ move\nReady\t3 items\tLn 1");
});

Deno.test("key hints and status bar: keys in the accent colour, clickable hints, a full-width bar", async () => {
  let quit = 0;
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({}, [
        keyHints([{ key: "q", label: "quit", onPress: () => quit++ }, {
          key: "tab",
          label: "next",
        }]),
        statusBar({ left: "Ready", right: "Ln 1" }),
      ]));
  }, { width: 30, height: 3 });
  try {
    assertEquals(app.lines().slice(0, 2).map((l) => l.trimEnd()), [
      "q quit  tab next",
      " Ready                   Ln 1",
    ]);
    assertEquals(app.screen.cell(0, 0).fg, "#89b4fa");
    assertEquals(app.screen.cell(2, 0).fg, "#6c7086", "what a key does, dimmed");
    assertEquals(app.screen.cell(0, 1).bg, "#45475a", "the bar on the border colour");
    assertEquals(app.screen.cell(29, 1).bg, "#45475a", "across the whole width");
    await app.click(2, 0);
    assertEquals(quit, 1);
    assertEquals(app.renderer.focusId, null, "hints are not tab stops");
  } finally {
    await app.close();
  }
});
