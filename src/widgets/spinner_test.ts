import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column } from "../sdk/components.ts";
import { mount } from "./mount.ts";
import { progressBar, spinner, SPINNER_FRAMES } from "./spinner.ts";

Deno.test("spinner and progress: projection is the label and the state, not the drawing", () => {
  const conn = headless((c) =>
    mount(c, () =>
      column({}, [
        spinner({ label: "Loading…" }),
        progressBar({ label: "Upload", value: 0.425 }),
        progressBar({ label: "Sync" }),
        progressBar({ value: 1 }),
      ])), { interactive: false });
  assertEquals(conn.projection(), "Loading…\nUpload: 43%\nSync: working…\n100%");
});

Deno.test("spinner and progress: the bar fills to the eighth of a cell; both animate only while shown", async () => {
  let now = 0;
  let busy = true;
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({}, [
        progressBar({ label: "Up", value: 0.5625, width: 8 }),
        busy ? spinner({ label: "Working" }) : null,
        busy ? progressBar({ label: "Sync", width: 8 }) : null,
      ]), { now: () => now });
  }, { width: 30, height: 4 });
  try {
    assertEquals(app.lines()[0].trimEnd(), "Up ████▌░░░  56%");
    assertEquals(app.screen.cell(3, 0).fg, "#89b4fa", "done in the accent colour");
    assertEquals(app.screen.cell(9, 0).fg, "#45475a", "the rest in the border colour");
    assertEquals(app.lines()[1].trimEnd(), `${SPINNER_FRAMES[0]} Working`);
    assertEquals(app.lines()[2].trimEnd(), "Sync ██░░░░░░");
    // The clock moves: the next animation frame shows the next spinner frame.
    now = 80 * 3;
    for (let i = 0; i < 200 && !app.lines()[1].startsWith(SPINNER_FRAMES[3]); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await app.settle();
    }
    assertEquals(app.lines()[1].trimEnd(), `${SPINNER_FRAMES[3]} Working`);
    assert(app.lines()[2].startsWith("Sync ░"), "the indeterminate block moved");
    busy = false;
    now = 10_000;
    await app.press("x");
    assertEquals(app.text(), "Up ████▌░░░  56%");
  } finally {
    await app.close();
  }
});
