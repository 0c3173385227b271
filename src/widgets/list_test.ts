import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless, send } from "../../tests/widgets/_text.ts";
import { column, text } from "../sdk/components.ts";
import { list, ListState } from "./list.ts";
import { mount } from "./mount.ts";

const ITEMS = Array.from({ length: 100_000 }, (_, i) => `item ${i}`);

Deno.test("list: projection is the rows in view with their marks; in a pipe, every item", async () => {
  const state = new ListState(["Apple", "Banana", "Cherry", "Damson"]);
  const conn = headless((c) => mount(c, () => list(state, { label: "Fruit", height: 2 })));
  assertEquals(conn.projection(), "Fruit\n› Apple\n  Banana");
  const frame = conn.model.tree.root!.children[1];
  await send(conn, { kind: "key", key: "end", target: frame.id });
  assertEquals(conn.projection(), "Fruit\n  Cherry\n› Damson");
  const multi = new ListState(["a", "b", "c"], { multiple: true, selected: [1] });
  const pipe = headless((c) => mount(c, () => list(multi, { height: 2 })), { interactive: false });
  assertEquals(pipe.projection(), "[ ] a\n[x] b\n[ ] c");
  // Interactive, the marks are a span a browser draws as a check box: the
  // projection still reads them.
  const rows = headless((c) => mount(c, () => list(multi, { height: 2 })));
  assertEquals(rows.projection(), "[ ] a\n[x] b");
});

Deno.test("list: 100,000 items, only the rows in view are nodes; keys, wheel and clicks", async () => {
  const state = new ListState(ITEMS);
  const activated: number[] = [];
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({}, [
        list(state, { label: "Items", height: 5, onActivate: (i) => activated.push(i) }),
        text(`selected ${[...state.selected].join()}`),
      ]));
  }, { width: 30, height: 10 });
  try {
    assertEquals(app.lines().slice(0, 8).map((l) => l.trimEnd()), [
      "Items",
      "╭────────────────────────────╮",
      "│› item 0                   ┃│",
      "│  item 1                   ││",
      "│  item 2                   ││",
      "│  item 3                   ││",
      "│  item 4                   ││",
      "╰────────────────────────────╯",
    ]);
    assert(
      app.conn.model.tree.size < 30,
      `only the window is in the tree (${app.conn.model.tree.size} nodes)`,
    );
    // Focused: the cursor's row on the accent colour, the frame lit.
    assertEquals(app.screen.cell(3, 2).bg, "#89b4fa");
    assertEquals(app.screen.cell(0, 1).fg, "#89b4fa");
    await app.press("down", "down", "pagedown");
    assertEquals(state.cursor, 6);
    assertEquals(app.lines()[6].trimEnd(), "│› item 6                   ││");
    assertEquals(app.lines()[2].trimEnd(), "│  item 2                   ┃│");
    await app.press("end");
    assertEquals(app.lines()[6].trimEnd(), "│› item 99999               ┃│");
    assertEquals(app.lines()[8].trimEnd(), "selected 99999", "single selection follows the cursor");
    await app.wheel(5, 4, -3);
    assertEquals(
      app.lines()[2].trimEnd(),
      "│  item 99986               ││",
      "the wheel scrolled 9 rows up",
    );
    const row = app.find("item 99988");
    await app.click(row.x, row.y);
    assertEquals(state.cursor, 99988);
    await app.click(row.x, row.y);
    assertEquals(activated, [99988], "a click on the cursor's row activates it");
    await app.press("home", "enter");
    assertEquals(activated, [99988, 0]);
    assertEquals(app.lines()[2].trimEnd(), "│› item 0                   ┃│");
  } finally {
    await app.close();
  }
});

Deno.test("list: multiple selection with Space, shift+arrows and ctrl+a", async () => {
  const state = new ListState(["a", "b", "c", "d"], { multiple: true });
  const seen: number[][] = [];
  const app = await ansiApp((c) => {
    mount(c, () => list(state, { height: 4, onSelect: (s) => seen.push(s) }));
  }, { width: 20, height: 7 });
  try {
    await app.press("space", "down", "down", "space");
    assertEquals(seen.at(-1), [0, 2]);
    assertEquals(app.lines().slice(1, 5).map((l) => l.trimEnd()), [
      "│[x] a             │",
      "│[ ] b             │",
      "│[x] c             │",
      "│[ ] d             │",
    ]);
    await app.press("shift+up");
    assertEquals(seen.at(-1), [1, 2], "shift extends from the anchor");
    await app.press("ctrl+a");
    assertEquals(seen.at(-1), [0, 1, 2, 3]);
    const b = app.find("b");
    await app.click(b.x, b.y);
    assertEquals(seen.at(-1), [0, 2, 3], "a click flips one item");
  } finally {
    await app.close();
  }
});
