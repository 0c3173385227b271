import { assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column, text } from "../sdk/components.ts";
import { button } from "./button.ts";
import { mount } from "./mount.ts";
import { select, SelectState } from "./select.ts";

const FRUITS = [
  { value: "a", label: "Apple" },
  { value: "b", label: "Banana" },
  { value: "c", label: "Cherry" },
];

Deno.test("select: projection is `Label: choice`, and the options while open", () => {
  const state = new SelectState();
  const conn = headless((c) =>
    mount(c, () => select(state, { label: "Fruit", value: "b", options: FRUITS }))
  );
  assertEquals(conn.projection(), "Fruit: Banana");
  state.show(FRUITS.map((f) => f.label), 1);
  const open = headless((c) =>
    mount(c, () => select(state, { label: "Fruit", value: "b", options: FRUITS }))
  );
  assertEquals(open.projection(), "Fruit: Banana\n  Apple\n› Banana\n  Cherry");
});

Deno.test("select: Enter opens the list below, arrows and Enter choose, Escape closes, focus returns", async () => {
  let fruit: string | undefined = "b";
  const state = new SelectState();
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({ padding: 1 }, [
        select(state, {
          label: "Fruit",
          value: fruit,
          options: FRUITS,
          onChange: (v) => fruit = v,
        }),
        button("Next"),
        text(`fruit=${fruit}`),
      ]));
  }, { width: 30, height: 14 });
  try {
    const field = app.renderer.focusId;
    assertEquals(app.lines().slice(1, 3).map((l) => l.trimEnd()), [" Fruit", " Banana         ▾"]);
    await app.press("enter");
    assertEquals(app.lines().slice(2, 8).map((l) => l.trimEnd()), [
      " Banana         ▴",
      " ╭──────────────╮",
      " │  Apple       │",
      " │› Banana      │",
      " │  Cherry      │",
      " ╰──────────────╯",
    ]);
    await app.press("down", "enter");
    assertEquals(fruit, "c");
    assertEquals(app.lines()[2].trimEnd(), " Cherry         ▾");
    assertEquals(app.renderer.focusId, field, "the field has focus again");
    await app.press("space", "up", "escape");
    assertEquals(fruit, "c", "Escape chose nothing");
    assertEquals(app.lines()[3].trim(), "╭──────╮", "closed: the button is back below");
    assertEquals(app.renderer.focusId, field);
    // The mouse: a click opens, a click on an option chooses.
    const at = app.find("Cherry");
    await app.click(at.x, at.y);
    const apple = app.find("Apple");
    await app.click(apple.x, apple.y);
    assertEquals(fruit, "a");
    assertEquals(app.lines()[2].trimEnd(), " Apple          ▾");
  } finally {
    await app.close();
  }
});
