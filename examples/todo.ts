/**
 * A todo list: type an item and press Enter to add it; click an item (or Tab
 * to it and press Enter) to tick it off. The field is a controlled input: its
 * value lives in `draft`, and rendering `""` after Enter clears it.
 *
 *   deno run -A examples/todo.ts
 *
 * Ids: the field 2, the list 3, the count 4, item n is row 100 + 2n with its
 * text 101 + 2n. The same app in JSX is examples/todo_jsx.tsx.
 *
 * @module
 */
import { clickable, column, defineApp, heading, input, row, text } from "../src/mod.ts";

defineApp({
  name: "todo",
  setup(conn) {
    const items: { title: string; done: boolean }[] = [];
    let draft = "";

    const view = () =>
      column({ id: 1, gap: 1, padding: 1 }, [
        heading("Todo", { id: 5 }),
        input({
          id: 2,
          value: draft,
          placeholder: "What needs doing? Enter adds it",
          onChange: (e) => draft = e.value,
          onKey: (e) => {
            if (e.key !== "enter" || draft.trim() === "") return;
            items.push({ title: draft.trim(), done: false });
            draft = "";
            conn.render(view());
          },
        }),
        column(
          { id: 3, align: "start" },
          items.map((item, n) =>
            clickable(
              row({ id: 100 + 2 * n }, [
                text(`${item.done ? "[x]" : "[ ]"} ${item.title}`, {
                  id: 101 + 2 * n,
                  dim: item.done,
                }),
              ]),
              () => {
                item.done = !item.done;
                conn.render(view());
              },
            )
          ),
        ),
        text(`${items.filter((i) => !i.done).length} to do`, { id: 4, color: "dim" }),
      ]);

    conn.render(view());
  },
});
