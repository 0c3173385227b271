import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import { slot } from "../protocol/slot_ref.ts";
import { TextProjection } from "./text_projection.ts";
import { formatValue, humanBytes, isoTimestamp, percent, relativeTime } from "./format.ts";

Deno.test("formats: human_bytes, relative_time, percent, timestamps, defaults", () => {
  assertEquals(humanBytes(892), "892 B");
  assertEquals(humanBytes(48231), "47.1 KiB");
  assertEquals(humanBytes(1024), "1.0 KiB");
  assertEquals(humanBytes(1048575), "1.0 MiB");
  assertEquals(humanBytes(5n * 1024n ** 4n), "5.0 TiB");
  assertEquals(relativeTime(1000, 1_180_000), "3m ago");
  assertEquals(relativeTime(1000, 1_000_000), "just now");
  assertEquals(relativeTime(1000, 1_042_000), "42s ago");
  assertEquals(relativeTime(1000 + 7200, 1_000_000), "in 2h");
  assertEquals(relativeTime(0, 400 * 86400_000), "1y ago");
  assertEquals(percent(0.42), "42%");
  assertEquals(percent(1), "100%");
  assertEquals(percent(0.0005), "0.1%");
  assertEquals(isoTimestamp(1738764180), "2025-02-05T14:03:00Z");
  assertEquals(isoTimestamp(1.5), "1970-01-01T00:00:01.500Z");
  assertEquals(formatValue(12n, { id: 0, name: "n", type: "uint64" }, 0), "12");
  assertEquals(formatValue(false, { id: 0, name: "b", type: "bool" }, 0), "false");
  assertEquals(formatValue("a\tb\nc", { id: 0, name: "s", type: "string" }, 0), "a b c");
  assertEquals(
    formatValue(new Uint8Array([1, 255]), { id: 0, name: "x", type: "bytes" }, 0),
    "01ff",
  );
  assertEquals(formatValue(null, undefined, 0), "");
});

function model(): ViewportModel {
  const m = new ViewportModel();
  m.apply({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column" },
      children: [
        {
          id: 2,
          type: "box",
          props: { dir: "row" },
          children: [
            { id: 3, type: "text", props: { content: "hello" } },
            {
              id: 4,
              type: "text",
              props: { spans: [{ text: "wor" }, { text: "ld", style: slot(12) }] },
            },
          ],
        },
        { id: 5, type: "separator", props: {} },
        { id: 6, type: "input", props: { placeholder: "type here" } },
        { id: 7, type: "image", props: {} },
        { id: 8, type: "canvas", props: { alt: "a chart" } },
        { id: 9, type: "text", props: { content: "secret", text_alt: "[redacted]" } },
      ],
    },
  });
  return m;
}

Deno.test("projection: every node type, text_alt, row and column joins", () => {
  const m = model();
  const p = new TextProjection(m, { width: 10 });
  assertEquals(p.text(), "hello\tworld\n----------\ntype here\n[image]\na chart\n[redacted]");
  m.apply({ type: "PATCH", patches: [{ target: 6, set: { value: "typed" } }] });
  assertEquals(p.nodeText(6), "typed");
  p.width = 3;
  assertEquals(p.nodeText(5), "---");
  assertEquals(new TextProjection(new ViewportModel()).text(), "");
});

Deno.test("projection: incremental after patches equals a fresh projection", () => {
  const m = model();
  const p = new TextProjection(m);
  p.text();
  m.apply({
    type: "PATCH",
    patches: [
      { target: 3, set: { content: "goodbye" } },
      {
        target: 2,
        children_insert: { index: 2, node: { id: 10, type: "text", props: { content: "!" } } },
      },
      { target: 2, children_move: { from: 0, to: 2 } },
      { target: 9, remove: true },
    ],
  });
  assertEquals(p.text(), new TextProjection(m).text());
  assertEquals(p.text().split("\n")[0], "world\t!\tgoodbye");
});

Deno.test("projection: scroll with schema prints children, header and rows; dropped count", () => {
  const m = new ViewportModel({ maxRows: 2 });
  const now = () => 1738764180_000 + 180_000;
  const p = new TextProjection(m, { now });
  m.apply({
    type: "SCHEMA",
    slot: 100,
    columns: [
      { id: 0, name: "name", type: "string" },
      { id: 1, name: "size", type: "uint64", unit: "bytes", format: "human_bytes" },
      { id: 2, name: "modified", type: "timestamp", format: "relative_time" },
    ],
  });
  m.apply({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column" },
      children: [
        { id: 2, type: "text", props: { content: "Files" } },
        { id: 3, type: "scroll", props: { schema: slot(100), virtual_height: 10000 } },
      ],
    },
  });
  assertEquals(p.text(), "Files\nname\tsize\tmodified");
  m.apply({ type: "DATA", schema: slot(100), row: ["server.log", 48231, 1738764180] });
  m.apply({ type: "DATA", schema: slot(100), row: ["config.yml", 892, 1738750000] });
  assertEquals(
    p.text(),
    "Files\nname\tsize\tmodified\nserver.log\t47.1 KiB\t3m ago\nconfig.yml\t892 B\t3h ago",
  );
  m.apply({ type: "DATA", schema: slot(100), rows: [["third", 1, 1738764180]] });
  assertEquals(p.text().split("\n").slice(1, 3), [
    "name\tsize\tmodified",
    "(1 earlier rows dropped)",
  ]);
});

Deno.test("projection: relative times age with the clock", () => {
  let clock = 1_000_000;
  const m = new ViewportModel();
  const p = new TextProjection(m, { now: () => clock });
  m.apply({
    type: "SCHEMA",
    slot: 1,
    columns: [{ id: 0, name: "t", type: "timestamp", format: "relative_time" }],
  });
  m.apply({ type: "TREE", root: { id: 1, type: "scroll", props: { schema: slot(1) } } });
  m.apply({ type: "DATA", schema: slot(1), row: [1000] });
  assertEquals(p.text(), "t\njust now");
  clock += 120_000;
  assertEquals(p.text(), "t\n2m ago");
});

Deno.test("projection: tableRows shows a table's latest rows and counts the rest", () => {
  const m = new ViewportModel({ maxRows: 4 });
  m.apply({ type: "SCHEMA", slot: 100, columns: [{ id: 0, name: "n", type: "int64" }] });
  m.apply({ type: "TREE", root: { id: 1, type: "scroll", props: { schema: slot(100) } } });
  m.apply({ type: "DATA", schema: slot(100), rows: [[1], [2], [3], [4], [5], [6]] });
  const all = new TextProjection(m).text();
  assertEquals(all, "n\n(2 earlier rows dropped)\n3\n4\n5\n6");
  assertEquals(
    new TextProjection(m, { tableRows: 2 }).text(),
    "n\n(4 earlier rows not shown)\n5\n6",
  );
  assertEquals(new TextProjection(m, { tableRows: 0 }).text(), "n\n(6 earlier rows not shown)");
  assertEquals(new TextProjection(m, { tableRows: 10 }).text(), all);
});

Deno.test("TextProjection: rows kept packed (a viewer's budgeted store) print as given, render after render", () => {
  const model = new ViewportModel({ maxBytes: 64 * 1024 * 1024 });
  model.apply({
    type: "SCHEMA",
    slot: 100,
    columns: [{ id: 0, name: "n", type: "uint64" }, { id: 1, name: "text", type: "string" }],
  });
  model.apply({ type: "TREE", root: { id: 1, type: "scroll", props: { schema: slot(100) } } });
  const wide = (i: number) => `${i}:` + "é".repeat(2000);
  model.apply({ type: "DATA", schema: slot(100), rows: [[1, wide(1)], [2, wide(2)]] });
  const proj = new TextProjection(model);
  const text = proj.text();
  assertEquals(text.split("\n").slice(1), [`1\t${wide(1)}`, `2\t${wide(2)}`]);
  const rows = model.data.schema(100)!.rows;
  assert(rows.at(0) !== rows.at(0), "the rows are kept packed");
  assertEquals(proj.text(), text);
});
