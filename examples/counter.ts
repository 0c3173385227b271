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

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "counter",
  autoRun: import.meta.main,
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
