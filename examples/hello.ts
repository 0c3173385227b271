/**
 * The smallest Viewport app: one text node.
 *
 *   deno run -A examples/hello.ts            # ANSI in a terminal
 *   deno run -A examples/hello.ts | cat      # plain text in a pipe
 *
 * @module
 */
import { defineApp, text } from "../src/mod.ts";

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "hello",
  autoRun: import.meta.main,
  keepAlive: false,
  setup(conn) {
    conn.setTree(text("Hello, Viewport!", { id: 1 }));
  },
});
