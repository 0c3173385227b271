import { assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column, text } from "../sdk/components.ts";
import { mount } from "./mount.ts";
import { type TreeItem, TreeState, treeView } from "./tree_view.ts";

const ROOTS: TreeItem[] = [
  {
    label: "src",
    children: [{ label: "lib", children: [{ label: "a.ts" }] }, { label: "main.ts" }],
  },
  { label: "README.md" },
];

Deno.test("tree view: projection is an indented outline of the open branches", () => {
  const state = new TreeState(ROOTS, { expanded: [ROOTS[0]] });
  const conn = headless((c) => mount(c, () => treeView(state, { height: 5 })), {
    interactive: false,
  });
  assertEquals(conn.projection(), "▾ src\n  ▸ lib\n    main.ts\n  README.md");
});

Deno.test("tree view: right opens, left closes or goes up, Enter opens leaves, clicks toggle", async () => {
  const state = new TreeState(ROOTS);
  const opened: string[] = [];
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({}, [
        treeView(state, { height: 5, onActivate: (i) => opened.push(i.label) }),
        text(`at ${state.current()?.label}`),
      ]));
  }, { width: 24, height: 8 });
  try {
    const rows = () => app.lines().slice(1, 6).map((l) => l.slice(1, 22).trimEnd());
    assertEquals(rows(), ["▸ src", "  README.md", "", "", ""]);
    await app.press("right");
    assertEquals(rows(), ["▾ src", "  ▸ lib", "    main.ts", "  README.md", ""]);
    await app.press("right", "right");
    assertEquals(rows(), ["▾ src", "  ▾ lib", "      a.ts", "    main.ts", "  README.md"]);
    assertEquals(app.lines()[7].trimEnd(), "at lib");
    await app.press("down", "enter");
    assertEquals(opened, ["a.ts"]);
    await app.press("left");
    assertEquals(app.lines()[7].trimEnd(), "at lib", "left on a leaf goes to its parent");
    await app.press("left");
    assertEquals(rows(), ["▾ src", "  ▸ lib", "    main.ts", "  README.md", ""]);
    const src = app.find("src");
    await app.click(src.x, src.y);
    assertEquals(rows(), ["▸ src", "  README.md", "", "", ""]);
  } finally {
    await app.close();
  }
});
