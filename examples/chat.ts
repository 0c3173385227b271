/**
 * A chat: an input field and a scrolling log of typed rows. Type, then Enter.
 * A bot answers every message.
 *
 *   deno run -A examples/chat.ts
 *
 * Ids: the input is 4, the log 3.
 *
 * @module
 */
import { column, defineApp, heading, input, type InputMessage, scroll } from "../src/mod.ts";

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "chat",
  autoRun: import.meta.main,
  setup(conn) {
    const log = conn.schema(140, [
      { name: "time", type: "timestamp" },
      { name: "who", type: "string" },
      { name: "text", type: "string" },
    ]);
    let draft = "";
    const say = (who: string, line: string) =>
      conn.data([Math.floor(Date.now() / 1000), who, line], { schema: log });

    const submit = () => {
      const line = draft.trim();
      if (!line) return;
      say("you", line);
      say("bot", `you said ${JSON.stringify(line)} (${line.length} characters)`);
      draft = "";
      conn.set(field, { value: "" });
    };
    const field = input({
      id: 4,
      placeholder: "Say something and press Enter",
      // First in tab order, so a terminal focuses it at once (the log scrolls by wheel or Tab).
      tab_index: 1,
      onChange: (e: InputMessage) => draft = e.value ?? "",
      onKey: (e: InputMessage) => {
        if (e.key === "enter") submit();
      },
    });
    conn.setTree(column({ id: 1, gap: 1 }, [
      heading("Chat", { id: 2 }),
      scroll({ id: 3, schema: log, grow: 1, follow: true }), // a log: it shows the newest line
      field,
    ]));
    say("bot", "Welcome! Type a message below.");
  },
});
