// Key routing between widgets in the embedded renderer: a focused widget
// that uses a key consumes it; a key it does not use bubbles to the nearest
// enclosing node with an `onKey` (and only then).
import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { column, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { dataTable, TableState } from "./data_table.ts";
import { dialog } from "./dialog.ts";
import { list, ListState } from "./list.ts";
import { mount } from "./mount.ts";
import { radioGroup } from "./radio_group.ts";
import { select, SelectState } from "./select.ts";
import { splitPane } from "./split_pane.ts";
import { tabs } from "./tabs.ts";
import { TreeState, treeView } from "./tree_view.ts";

const CHOICES = [{ value: "a", label: "Aa" }, { value: "b", label: "Bb" }];

/** Each arrow-key widget, a key it uses and a key it leaves alone. */
const WIDGETS: { name: string; uses: string; leaves: string; make: () => () => VNode }[] = [
  {
    name: "list",
    uses: "down",
    leaves: "left",
    make: () => {
      const s = new ListState(["one", "two", "three"]);
      return () => list(s, { height: 3 });
    },
  },
  {
    name: "data table",
    uses: "down",
    leaves: "right",
    make: () => {
      const s = new TableState([{ name: "n", type: "string" }], [["a"], ["b"], ["c"]]);
      return () => dataTable(s, { height: 3 });
    },
  },
  {
    name: "tree view",
    uses: "right",
    leaves: "x",
    make: () => {
      const s = new TreeState([{ label: "root", children: [{ label: "leaf" }] }]);
      return () => treeView(s, { height: 3 });
    },
  },
  {
    name: "radio group",
    uses: "right",
    leaves: "x",
    make: () => {
      let v = "a";
      return () => radioGroup({ options: CHOICES, value: v, onChange: (x) => v = x });
    },
  },
  {
    name: "select",
    uses: "down",
    leaves: "x",
    make: () => {
      const s = new SelectState();
      return () => select(s, { options: CHOICES, value: "a" });
    },
  },
  {
    name: "tabs",
    uses: "right",
    leaves: "down",
    make: () => {
      let sel = 0;
      return () => tabs({ labels: ["A", "B"], selected: sel, onChange: (i) => sel = i }, null);
    },
  },
  {
    name: "split pane",
    uses: "right",
    leaves: "down",
    make: () => {
      let size = 10;
      return () => splitPane({ size, onResize: (n) => size = n }, text("left"), text("right"));
    },
  },
];

for (const w of WIDGETS) {
  Deno.test(`keys: a focused ${w.name} consumes ${w.uses}; ${w.leaves} bubbles`, async () => {
    const outer: string[] = [];
    const widget = w.make();
    const app = await ansiApp((c) => {
      mount(c, () => column({ onKey: (e) => void outer.push(e.key) }, [widget()]));
    }, { width: 40, height: 12 });
    try {
      await app.press("tab");
      assert(app.renderer.focusId !== null, "the widget took the focus");
      await app.press(w.uses);
      assertEquals(outer, [], `${w.uses} stayed with the ${w.name}`);
      await app.press(w.leaves);
      assertEquals(outer, [w.leaves], `${w.leaves} reached the enclosing node`);
    } finally {
      await app.close();
    }
  });
}

Deno.test("keys: a list in a tab panel keeps Left and the focus; shift+tab goes back to the tab row", async () => {
  let tab = 1;
  const photos = new ListState(["p0", "p1", "p2", "p3"], { multiple: true });
  const app = await ansiApp((c) => {
    mount(c, () =>
      tabs(
        { labels: ["Controls", "Data"], selected: tab, onChange: (i) => tab = i },
        tab === 1
          ? list(photos, { label: `Photos (${photos.selected.size} selected)`, height: 4 })
          : text("the controls"),
      ));
  }, { width: 40, height: 12 });
  try {
    await app.press("tab"); // the tab row has the focus from the start: Tab goes to the list
    await app.press("down", "space"); // selects p1: the list's label changes
    assert(app.text().includes("Photos (1 selected)"), app.text());
    const focused = app.renderer.focusId;
    await app.press("left");
    assertEquals(tab, 1, "Left in the list did not switch tabs");
    assertEquals(app.renderer.focusId, focused, "the list kept the focus");
    await app.press("down", "space");
    assert(app.text().includes("Photos (2 selected)"), "keys still reach the list");
    await app.press("shift+tab");
    await app.press("left");
    assertEquals(tab, 0, "from the tab row, Left switches tabs");
    assert(app.text().includes("the controls"), app.text());
  } finally {
    await app.close();
  }
});

Deno.test("keys: Escape in a list or a closed select inside a dialog closes the dialog", async () => {
  let open = true;
  let closed = 0;
  const items = new ListState(["x", "y"]);
  const sel = new SelectState();
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({ grow: 1 }, [
        text("behind"),
        open
          ? dialog({
            title: "Pick",
            content: [list(items, { height: 2 }), select(sel, { options: CHOICES, value: "a" })],
            onClose: () => (closed++, open = false),
          })
          : null,
      ]));
  }, { width: 50, height: 16 });
  try {
    // The focus is in the dialog from the start: on the list, its first stop.
    await app.press("down");
    assertEquals(closed, 0, "Down stayed with the list");
    await app.press("escape");
    assertEquals(closed, 1, "Escape went on to the dialog");
    open = true;
    await app.press("x"); // any input renders again: the dialog is back
    await app.press("tab"); // from the list to the select
    await app.press("escape");
    assertEquals(closed, 2);
  } finally {
    await app.close();
  }
});
