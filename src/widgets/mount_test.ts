import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless, send } from "../../tests/widgets/_text.ts";
import { column, text } from "../sdk/components.ts";
import { button } from "./button.ts";
import { checkbox } from "./checkbox.ts";
import { list, ListState } from "./list.ts";
import type { VNode } from "../sdk/vnode.ts";
import { rekey } from "./_rekey.ts";
import { mount } from "./mount.ts";
import { applyTheme, lightTheme } from "./theme.ts";

Deno.test("mount: nodes without ids keep them across renders, so only changes are sent", async () => {
  let n = 0;
  const conn = headless((c) => {
    mount(c, () => column({}, [text(`n = ${n}`), button("+1", { onPress: () => n++ })]));
  });
  const first = conn.model.tree.root!;
  const ids = [first.id, ...first.children.map((c) => c.id)];
  await send(conn, { kind: "click", target: first.children[1].id });
  const root = conn.model.tree.root!;
  assertEquals([root.id, ...root.children.map((c) => c.id)], ids, "same ids after a re-render");
  assertEquals(conn.projection(), "n = 1\n[+1]");
});

Deno.test("rekey: widgets follow their label, other nodes their position; never an id twice", () => {
  const a = column({}, [text("x"), checkbox("c", { checked: false })]);
  const b = column({}, [checkbox("c", { checked: true }), text("x")]);
  const r = rekey(a, b);
  assertEquals(r.id, a.id);
  assertEquals(r.children![0].id, a.children![1].id, "the check box moved up and kept its id");
  assert(r.children![1].id !== a.children![0].id, "the text's old place is taken: a fresh id");
  const shared = text("same");
  const c = rekey(column({}, [shared, text("b")]), column({}, [text("a"), shared]));
  const ids = c.children!.map((k) => k.id);
  assertEquals(new Set(ids).size, 2, "a node object kept by the app does not get a duplicate");
});

Deno.test("rekey: a widget whose label changes keeps its id (and so the focus)", () => {
  const items = new ListState(["a", "b"], { multiple: true });
  const a = column({}, [text("x"), list(items, { label: "Photos (0 selected)" })]);
  const b = column({}, [text("x"), list(items, { label: "Photos (1 selected)" })]);
  const r = rekey(a, b);
  const frame = (n: VNode) => n.children![1].children![1];
  assertEquals(frame(b).props.role, "listbox");
  assertEquals(frame(r).id, frame(a).id, "the list's frame kept its id");
  const two = rekey(
    column({}, [list(items, { label: "A" }), list(items, { label: "B" })]),
    column({}, [list(items, { label: "A2" }), list(items, { label: "B" })]),
  );
  assertEquals(new Set(two.children!.map((k) => k.id)).size, 2);
});

Deno.test("mount: focus stays on a widget while the view re-renders around it", async () => {
  let on = false;
  const app = await ansiApp((c) => {
    mount(c, () =>
      column({}, [
        on ? text("now on") : null,
        checkbox("A", { checked: false }),
        checkbox("B", { checked: on, onChange: (v) => on = v }),
      ]));
  }, { width: 20, height: 4 });
  try {
    await app.press("tab", "space");
    assertEquals(app.lines().slice(0, 3).map((l) => l.trimEnd()), ["now on", "[ ] A", "[x] B"]);
    await app.press("space");
    assertEquals(on, false, "the same check box still had focus");
  } finally {
    await app.close();
  }
});

Deno.test("theme: the light theme re-themes the widgets where the app owns the slots", async () => {
  const app = await ansiApp((c) => {
    mount(c, () => button("OK", { variant: "primary" }));
  }, { width: 10, height: 3 });
  try {
    assertEquals(app.screen.cell(2, 1).fg, "#89b4fa");
    applyTheme(app.conn, lightTheme);
    await app.settle();
    assertEquals(app.screen.cell(2, 1).fg, "#1e66f5");
  } finally {
    await app.close();
  }
});
