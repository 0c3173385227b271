import { assert, assertEquals, assertViewportError } from "../../tests/_util/assert.ts";
import { slot } from "../protocol/slot_ref.ts";
import type { Column } from "../protocol/messages/types.ts";
import { ViewportModel } from "./viewport_model.ts";
import { DataStore } from "./data_store.ts";
import { DefinitionTable } from "./definition_table.ts";

const columns: Column[] = [
  { id: 0, name: "name", type: "string" },
  { id: 1, name: "size", type: "uint64", unit: "bytes", format: "human_bytes" },
  { id: 2, name: "modified", type: "timestamp", format: "relative_time" },
];

Deno.test("definition table: standard slots, viewer precedence, deletion", () => {
  const t = new DefinitionTable();
  assertEquals(t.fillStandard().length, 14);
  assertEquals(t.get(0), { kind: "color", role: "background", value: "#1e1e2e" });
  assertEquals(
    t.define(0, { kind: "color", role: "background", value: "#000" }, "app"),
    "overridden",
  );
  assertEquals(t.get(0)!.value, "#1e1e2e");
  assertEquals(t.define(0, { kind: "color", role: "background", value: "#fff" }, "viewer"), "set");
  assertEquals(t.get(0)!.value, "#fff");
  assertEquals(t.define(6, { kind: "color", value: "#123" }, "app"), "set"); // standard range, not viewer-owned
  assertEquals(t.define(200, { kind: "style", bold: true }, "app"), "set");
  assertEquals(t.define(200, null, "app"), "deleted");
  assertEquals(t.define(200, null, "app"), "unchanged");
});

Deno.test("data store: positional, dict, batched rows; type checks are all-or-nothing", () => {
  const s = new DataStore({ maxRows: 3 });
  s.defineSchema(100, columns);
  s.append(100, [["a", 1, 10]]);
  s.append(100, [{ name: "b", size: 2, modified: 20, extra: "ignored" }]);
  s.append(100, [["c", 3n, 30], ["d", 4, 40]]);
  const rows = s.schema(100)!.rows;
  assertEquals(rows.toArray(), [["b", 2, 20], ["c", 3n, 30], ["d", 4, 40]]);
  assertEquals(rows.dropped, 1);
  assertViewportError(
    () => s.append(100, [["e", 5, 50], ["f", -1, 60]]),
    "bad_message",
    /row 1 column 'size': expected uint64, got -1/,
  );
  assertViewportError(
    () => s.append(100, [["e", 5]]),
    "bad_message",
    /2 values; schema @100 has 3 columns/,
  );
  assertViewportError(() => s.append(7, [["x"]]), "unknown_target", /@7 is not declared/);
  assertEquals(rows.length, 3);
  assertEquals(rows.at(2)[0], "d");
  // Dict rows with missing columns get nulls.
  s.append(100, [{ name: "z" }]);
  assertEquals(rows.at(2), ["z", null, null]);
  // Identical columns keep rows (reconnect); different columns start afresh.
  s.defineSchema(100, columns.map((c) => ({ ...c })));
  assertEquals(s.schema(100)!.rows.length, 3);
  s.defineSchema(100, columns.slice(0, 2));
  assertEquals(s.schema(100)!.rows.length, 0);
  // Rows without a schema are kept as opaque values.
  s.append(undefined, [{ anything: 1 }]);
  assertEquals(s.unbound.length, 1);
});

Deno.test("model: a rejected message leaves the model unchanged and emits nothing", () => {
  const m = new ViewportModel();
  m.apply({ type: "SCHEMA", slot: 100, columns });
  m.apply({ type: "TREE", root: { id: 1, type: "scroll", props: { schema: slot(100) } } });
  let events = 0;
  m.onChange(() => events++);
  assertViewportError(
    () => m.apply({ type: "DATA", schema: slot(100), rows: [["a", 1, 1], ["b", "x", 1]] }),
    "bad_message",
  );
  assertEquals(m.data.schema(100)!.rows.length, 0);
  assertViewportError(
    () => m.apply({ type: "CANVAS", target: 1, mode: "vector2d", commands: [] }),
    "unknown_target",
    /scroll node/,
  );
  assertEquals(events, 0);
});

Deno.test("model: data rows mark the bound scroll changed; schema redefinition too", () => {
  const m = new ViewportModel();
  m.apply({ type: "SCHEMA", slot: 100, columns });
  m.apply({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: [{ id: 3, type: "scroll", props: { schema: slot(100) } }],
    },
  });
  const seen: number[][] = [];
  m.onChange((c) => seen.push([...c.nodes]));
  m.apply({ type: "DATA", schema: slot(100), row: ["a", 1, 1] });
  m.apply({ type: "SCHEMA", slot: 100, columns: columns.slice(0, 1) });
  assertEquals(seen, [[3], [3]]);
});

Deno.test("model: DEFINE of a schema kind and deletion of a schema slot", () => {
  const m = new ViewportModel();
  m.apply({ type: "DEFINE", slot: 100, value: { kind: "schema", columns } });
  assert(m.data.schema(100));
  m.apply({ type: "DEFINE", slot: 100, value: null });
  assertEquals(m.data.schema(100), undefined);
  assertEquals(m.slots.get(100), undefined);
});

Deno.test("model: canvas drawings replace each other and go with their node", () => {
  const m = new ViewportModel();
  m.apply({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: [{ id: 2, type: "canvas", props: { alt: "chart" } }],
    },
  });
  m.apply({ type: "CANVAS", target: 2, mode: "vector2d", commands: [["fill_rect", 0, 0, 1, 1]] });
  m.apply({ type: "CANVAS", target: 2, mode: "vector2d", commands: [["move_to", 0, 0]] });
  assertEquals(m.canvases.get(2)!.commands, [["move_to", 0, 0]]);
  m.apply({ type: "PATCH", patches: [{ target: 2, remove: true }] });
  assertEquals(m.canvases.size, 0);
});

Deno.test("snapshot: messages rebuild an equal model (app slots only when asked)", async () => {
  const { snapshotMessages } = await import("./snapshot.ts");
  const { TextProjection } = await import("../projection/text_projection.ts");
  const m = new ViewportModel();
  m.slots.fillStandard();
  m.apply({ type: "DEFINE", slot: 200, value: { kind: "style", bold: true } });
  m.apply({ type: "SCHEMA", slot: 100, columns });
  m.apply({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: [{ id: 2, type: "scroll", props: { schema: slot(100) } }, {
        id: 3,
        type: "canvas",
        props: {},
      }],
    },
  });
  m.apply({ type: "CANVAS", target: 3, mode: "vector2d", commands: [["fill_rect", 0, 0, 1, 1]] });
  m.apply({ type: "DATA", schema: slot(100), rows: [["a", 1, 1], ["b", 2, 2], ["c", 3, 3]] });
  const msgs = snapshotMessages(m, { slots: "app", rowsPerMessage: 2 });
  assertEquals(msgs.map((x) => x.type), ["DEFINE", "SCHEMA", "TREE", "CANVAS", "DATA", "DATA"]);
  const copy = new ViewportModel();
  for (const x of msgs) copy.apply(x);
  const now = () => 0;
  assertEquals(new TextProjection(copy, { now }).text(), new TextProjection(m, { now }).text());
  assertEquals(copy.canvases.get(3), m.canvases.get(3));
  assertEquals(snapshotMessages(m).filter((x) => x.type === "DEFINE").length, 15);
});
