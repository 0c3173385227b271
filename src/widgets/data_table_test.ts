import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { column, text } from "../sdk/components.ts";
import { dataTable, TableState } from "./data_table.ts";
import { mount } from "./mount.ts";

const COLUMNS = [
  { name: "name", type: "string" as const },
  { name: "size", type: "uint64" as const, format: "human_bytes" },
  { name: "count", type: "int64" as const },
];

Deno.test("data table: projection is the header and rows as TSV; a pipe gets every row", () => {
  const rows = [["b.txt", 2048, 3], ["a.txt", 10, 12], ["c.txt", 5_000_000, 1]];
  const state = new TableState(COLUMNS, rows);
  const conn = headless((c) => mount(c, () => dataTable(state, { height: 2 })));
  assertEquals(conn.projection(), "name\tsize\tcount\nb.txt\t2.0 KiB\t3\na.txt\t10 B\t12");
  state.sortBy(1, true);
  const pipe = headless((c) => mount(c, () => dataTable(state, { height: 2 })), {
    interactive: false,
  });
  assertEquals(
    pipe.projection(),
    "name\tsize ▼\tcount\nc.txt\t4.8 MiB\t1\nb.txt\t2.0 KiB\t3\na.txt\t10 B\t12",
  );
});

Deno.test("data table: bound to a schema, a pipe gets the connection's own rows", () => {
  const conn = headless((c) => {
    const slot = c.schema(100, COLUMNS);
    c.data([["x", 1, 2], ["y", 3, 4]], { schema: slot });
    const state = TableState.fromSchema(c, slot);
    mount(c, () => dataTable(state));
  }, { interactive: false });
  assertEquals(conn.projection(), "name\tsize\tcount\nx\t1 B\t2\ny\t3 B\t4");
});

const MILLION = {
  length: 1_000_000,
  at: (i: number) => [`f${i}`, (i * 7919) % 100_000, i % 10],
};

Deno.test("data table: a million rows; widths by content, numbers right-aligned, sorting, selection", async () => {
  const state = new TableState(COLUMNS, MILLION);
  const opened: unknown[] = [];
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({}, [
        dataTable(state, { height: 4, onActivate: (r) => opened.push(r[0]) }),
        text(`cursor ${state.cursor}`),
      ]));
  }, { width: 40, height: 8 });
  try {
    assertEquals(app.lines().slice(0, 7).map((l) => l.trimEnd()), [
      "╭──────────────────────────────────────╮",
      "│   name        size    count          │",
      "│›  f0           0 B        0         ┃│",
      "│   f1       7.7 KiB        1         ││",
      "│   f2      15.5 KiB        2         ││",
      "│   f3      23.2 KiB        3         ││",
      "╰──────────────────────────────────────╯",
    ]);
    assert(
      app.conn.model.tree.size < 50,
      `only the window is in the tree (${app.conn.model.tree.size})`,
    );
    await app.press("pagedown", "pagedown");
    assertEquals(state.cursor, 6);
    assertEquals(app.lines()[5].trimEnd(), "│›  f6      46.4 KiB        6         ││");
    await app.press("end");
    // The name column grew to the widest name seen.
    assertEquals(app.lines()[5].trimEnd(), "│›  f999999  89.9 KiB        9        ┃│");
    // "3" sorts by the third column; the cursor stays on its row.
    await app.press("3");
    assertEquals(state.sortColumn, 2);
    assertEquals(app.lines()[1].trimEnd(), "│   name         size  count ▲         │");
    assertEquals(state.row(state.cursor)[0], "f999999");
    await app.press("home");
    assertEquals(app.lines()[2].trimEnd(), "│›  f0            0 B        0        ┃│");
    // A click on a header sorts by it; again reverses.
    const size = app.find("size");
    await app.click(size.x, size.y);
    await app.click(size.x, size.y);
    assertEquals([state.sortColumn, state.descending], [1, true]);
    assertEquals(app.lines()[1].trimEnd(), "│   name       size ▼    count         │");
    assertEquals(state.row(0)[1], 99999);
    await app.press("enter");
    assertEquals(opened.length, 1);
  } finally {
    await app.close();
  }
});

Deno.test("data table: new rows move the view only when asked to follow", async () => {
  for (const follow of [false, true]) {
    const state = new TableState(COLUMNS, [["a", 1, 1], ["b", 2, 2]], { follow });
    let ui!: ReturnType<typeof mount>;
    const app = await ansiApp((c) => {
      ui = mount(
        c,
        () => column({}, [dataTable(state, { height: 2 }), text(`cursor ${state.cursor}`)]),
      );
    }, { width: 30, height: 6 });
    try {
      await app.press("end");
      state.append([["c", 3, 3], ["d", 4, 4]]);
      ui.refresh();
      await app.settle();
      const shown = app.lines().slice(2, 4).map((l) => l.slice(1, 6).trim());
      assertEquals(shown, follow ? ["c", "›  d"] : ["a", "›  b"]);
    } finally {
      await app.close();
    }
  }
});
