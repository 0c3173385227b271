/**
 * The smallest Viewport app: one text node.
 *
 *   deno run -A examples/hello.ts            # ANSI in a terminal
 *   deno run -A examples/hello.ts | cat      # plain text in a pipe
 *
 * @module
 */
import { defineApp, text } from "../src/mod.ts";

defineApp({
  name: "hello",
  keepAlive: false,
  setup(conn) {
    conn.setTree(text("Hello, Viewport!", { id: 1 }));
  },
});
