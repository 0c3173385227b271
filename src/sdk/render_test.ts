import { assertEquals } from "../../tests/_util/assert.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import type { Message } from "../protocol/messages/types.ts";
import { column, input, scroll, text } from "./components.ts";
import { Connection } from "./connection.ts";
import type { Link } from "./link.ts";

/** A connection whose link records what it sends. */
function recorded() {
  const sent: Message[] = [];
  const link: Link = {
    send: (messages) => void sent.push(...messages),
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const conn = new Connection({
    mode: { type: "viewer", uri: "test:" } as never,
    model: new ViewportModel(),
    link,
    env: { type: "ENV" },
  });
  return { conn, sent, types: () => sent.map((m) => m.type).join(",") };
}

Deno.test("render: an input's value is re-sent when the viewer shows another, stamped", async () => {
  const { conn, sent } = recorded();
  let draft = "";
  const view = () => column({ id: 1 }, [input({ id: 2, value: draft })]);
  conn.render(view());
  await conn.flush();
  assertEquals(conn.model.tree.get(2)?.props, { value: "", value_seq: 0 });
  conn.receive({
    type: "INPUT",
    kind: "value_change",
    target: 2,
    value: "ab",
    seq: 2,
    base_seq: 0,
  });
  sent.length = 0;
  conn.render(view()); // draft is still "": the field is cleared
  await conn.flush();
  assertEquals(sent, [{
    type: "PATCH",
    patches: [{ target: 2, set: { value: "", value_seq: 2 } }],
  }]);
  sent.length = 0;
  conn.render(view());
  await conn.flush();
  assertEquals(sent, [], "nothing when the viewer already shows it");
  draft = "x";
  conn.receive({ type: "INPUT", kind: "value_change", target: 2, value: "x", seq: 3, base_seq: 2 });
  conn.render(view());
  await conn.flush();
  assertEquals(sent, [{
    type: "PATCH",
    patches: [{ target: 2, set: { value: "x", value_seq: 3 } }],
  }]);
  await conn.close();
});

Deno.test("render: after imperative calls it diffs against the tree they left", async () => {
  const { conn, sent, types } = recorded();
  const view = (n: number) =>
    column({ id: 1 }, [text(`n = ${n}`, { id: 2 }), input({ id: 3, placeholder: "x" })]);
  conn.render(view(0));
  conn.set(2, { content: "changed by set" });
  await conn.flush();
  sent.length = 0;
  conn.render(view(1));
  await conn.flush();
  assertEquals(types(), "PATCH", "no new TREE: the input keeps its focus and text");
  assertEquals(sent[0].type === "PATCH" && sent[0].patches, [
    { target: 2, set: { content: "n = 1" } },
  ]);
  // A value set imperatively and left out of the next render is removed with its value_seq.
  conn.set(3, { value: "typed" });
  await conn.flush();
  sent.length = 0;
  conn.render(view(1));
  await conn.flush();
  assertEquals(sent[0].type === "PATCH" && sent[0].patches, [
    { target: 3, set: { value: null, value_seq: null } },
  ]);
  await conn.close();
});

Deno.test("render: rows given to scroll() go out once, when the node is first sent", async () => {
  const { conn } = recorded();
  const log = conn.schema(7, [{ name: "line", type: "string" }]);
  const view = (more: boolean) =>
    column({ id: 1 }, [
      scroll({ id: 2, schema: log }, [["a"], ["b"]]),
      more ? scroll({ id: 3, schema: log }, [["c"]]) : null,
    ]);
  conn.render(view(false));
  conn.render(view(false));
  conn.render(view(true));
  await conn.flush();
  assertEquals(conn.model.data.schema(7)?.rows.toArray(), [["a"], ["b"], ["c"]]);
  await conn.close();
});
