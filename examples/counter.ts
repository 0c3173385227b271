/**
 * A counter: click the button (or focus it and press Enter) to count.
 *
 *   deno run -A examples/counter.ts
 *
 * Node ids are fixed so that tests and viewers can target them: the label is 2,
 * the button 3.
 *
 * @module
 */
import { button, column, defineApp, text } from "../src/mod.ts";

defineApp({
  name: "counter",
  setup(conn) {
    let count = 0;
    const label = text("Counter: 0", { id: 2 });
    const plus = button("+1", {
      id: 3,
      onPress: () => conn.set(label, { content: `Counter: ${++count}` }),
    });
    conn.setTree(column({ id: 1, gap: 1, padding: 1 }, [label, plus]));
  },
});
