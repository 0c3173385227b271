/**
 * Test-only apps that live in the test process: they put trees into a
 * {@linkcode ModelSessionSource} and react to what browsers send, as the SDK
 * examples do over a real connection.
 *
 * @module
 */
import type { ModelSessionSource } from "../../viewer/web/model_source.ts";
import type { WebToAppMessage } from "../../viewer/web/source.ts";
import { SlotRef } from "../../src/protocol/slot_ref.ts";

/** Everything browsers sent, per session, and a way to wait for one. */
export class Inbox {
  readonly messages: { session: string; message: WebToAppMessage }[] = [];
  #waiters = new Set<() => void>();

  constructor(source: ModelSessionSource) {
    source.onToApp((session, message) => {
      this.messages.push({ session, message });
      for (const w of this.#waiters) w();
    });
  }

  /** Resolves with the first message matching `pred` (received at or after index `from`). */
  waitFor(
    pred: (m: WebToAppMessage, session: string) => boolean,
    from = 0,
  ): Promise<WebToAppMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no such message; got ${Deno.inspect(this.messages.slice(from))}`));
      }, 5000);
      const check = () => {
        const hit = this.messages.slice(from).find((m) => pred(m.message, m.session));
        if (!hit) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(hit.message);
      };
      this.#waiters.add(check);
      check();
    });
  }
}

/** The counter: text 2 counts clicks on clickable box 3. */
export function counterApp(source: ModelSessionSource, id = "counter"): void {
  let count = 0;
  source.add(id, "Counter");
  source.apply(id, {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column", gap: 1, padding: 1 },
      children: [
        { id: 2, type: "text", props: { content: "Counter: 0", role: "heading" } },
        {
          id: 3,
          type: "box",
          props: { interactive: "clickable", border: "rounded", padding: [0, 1], width: 12 },
          children: [{ id: 4, type: "text", props: { content: "+1" } }],
        },
      ],
    },
  });
  source.onToApp((session, m) => {
    if (session !== id || m.type !== "INPUT" || m.kind !== "click" || m.target !== 3) return;
    source.apply(id, {
      type: "PATCH",
      patches: [{ target: 2, set: { content: `Counter: ${++count}` } }],
    });
  });
}

/** A chat-like form: input 4 (cleared on Enter) above a data log bound to slot 140. */
export function chatApp(source: ModelSessionSource, id = "chat"): void {
  source.add(id, "Chat");
  source.apply(id, {
    type: "SCHEMA",
    slot: 140,
    columns: [{ id: 0, name: "who", type: "string" }, { id: 1, name: "text", type: "string" }],
  }, {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column", gap: 1 },
      children: [
        {
          id: 3,
          type: "scroll",
          // A log: it follows its newest row (tables without `follow` open at the top).
          props: { schema: new SlotRef(140), grow: 1, follow: true },
          children: [],
        },
        { id: 4, type: "input", props: { value: "", placeholder: "Say something" } },
      ],
    },
  });
  let draft = "";
  source.onToApp((session, m) => {
    if (session !== id || m.type !== "INPUT" || m.target !== 4) return;
    if (m.kind === "value_change") draft = m.value ?? "";
    if (m.kind === "key" && m.key === "enter" && draft) {
      source.apply(id, { type: "DATA", schema: new SlotRef(140), row: ["you", draft] }, {
        type: "PATCH",
        patches: [{ target: 4, set: { value: "" } }],
      });
      draft = "";
    }
  });
}
