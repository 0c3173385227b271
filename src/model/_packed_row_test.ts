import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { PACK_MIN, PackedRow } from "./_packed_row.ts";
import { DataStore, RowBuffer } from "./data_store.ts";

const long = (s: string) => s.repeat(Math.ceil(40 / s.length));

Deno.test("PackedRow: every value comes back equal, text of any script included", () => {
  const rows: unknown[][] = [
    [long("x")],
    [1, long("é"), null, "short", long("日本"), -0, 2n ** 70n, true, undefined, long("🙂")],
    ["\uFEFF" + long("bom kept ")], // a leading U+FEFF is text, not a byte order mark
    [new Uint8Array([1, 2, 3]), [long("nested values stay")], { a: long("map") }, long("t")],
    [long("a") + "\uD800", long("b")], // a lone surrogate cannot be UTF-8: that value stays a string
  ];
  for (const row of rows) {
    const packed = PackedRow.from(row)!;
    assert(packed !== undefined);
    const back = packed.unpack();
    assertEquals(back, row);
    assert(Object.is(back[5], row[5]), "-0 stays -0");
    assert(back !== packed.unpack(), "a new array each time");
  }
  assertEquals(PackedRow.from(rows[4])!.texts, 1);
  assertEquals(PackedRow.from([1, "short", null]), undefined, "nothing to pack");
});

Deno.test("RowBuffer: rows of PACK_MIN estimated bytes or more are kept packed, the others as given", () => {
  const buf = new RowBuffer(10);
  const small = ["a", 1];
  const big = ["x".repeat(PACK_MIN), 2];
  buf.push(small);
  buf.push(big);
  assert(buf.at(0) === small, "a small row is the same array");
  assertEquals(buf.at(1), big);
  assert(buf.at(1) !== big, "a packed row comes back as an equal new array");
  assertEquals(buf.toArray(), [small, big]);
  assert(buf.keyAt(1) === buf.keyAt(1) && buf.keyAt(0) === small, "keys for caches stay the same");
  // Full: the newest takes the oldest's place, packed or not.
  for (let i = 0; i < 12; i++) buf.push([`${i}`.repeat(PACK_MIN), i]);
  assertEquals(buf.length, 10);
  assertEquals(buf.toArray().map((r) => r[1]), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assertEquals(buf.at(9)[0], "11".repeat(PACK_MIN));
});

Deno.test("DataStore with a byte budget: 64 KiB texts are held as bytes outside the JS heap, within the budget", () => {
  const store = new DataStore();
  store.maxBytes = 16 * 1024 * 1024;
  store.defineSchema(1, [{ id: 0, name: "s", type: "string" }]);
  const external = () => Deno.memoryUsage().external;
  const before = external();
  const texts = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(64 * 1024, "x"));
  for (let i = 0; i < 100; i += 10) store.append(1, texts.slice(i, i + 10).map((s) => [s]));
  const rows = store.schema(1)!.rows;
  assertEquals(rows.length, 100);
  // The rows' text (6.5 MB) is in array buffers the store keeps, not in strings
  // (less a little: other buffers may have been collected meanwhile).
  const grown = external() - before;
  assert(grown >= 0.9 * 100 * 64 * 1024, `external memory grew by ${grown} bytes`);
  for (let i = 0; i < 100; i++) assertEquals(rows.at(i)[0], texts[i]);
  // Past the budget the oldest are dropped and counted, as before.
  for (let i = 0; i < 3; i++) store.append(1, texts.map((s) => [s]));
  assert(store.bytes <= store.maxBytes);
  assertEquals(rows.length + rows.dropped, 400);
  assertEquals(rows.at(rows.length - 1)[0], texts[99]);
});
