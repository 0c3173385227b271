import { assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { fieldConverter, inferColumns, parseColumnsFlag } from "./columns.ts";

Deno.test("--columns: parsed, and errors say what is expected", () => {
  assertEquals(parseColumnsFlag("a:string, b:timestamp:relative_time"), [
    { name: "a", type: "string" },
    { name: "b", type: "timestamp", format: "relative_time" },
  ]);
  assertThrows(() => parseColumnsFlag("a"), TypeError, /entry 1 'a' is not name:type\[:format\]/);
  assertThrows(
    () => parseColumnsFlag("a:string,b:int"),
    TypeError,
    /entry 2: unknown type 'int' \(expected one of: string, bool, int64/,
  );
});

Deno.test("inference and conversion; misfits become null", () => {
  const cols = inferColumns(["i", "f", "b", "t", "s", "e"], [
    ["1", "1.5", "true", "2024-05-01T12:00:00Z", "x", ""],
    ["-2", "3", "FALSE", "2024-05-02", "4", ""],
  ]);
  assertEquals(cols.map((c) => c.type), [
    "int64",
    "float64",
    "bool",
    "timestamp",
    "string",
    "string",
  ]);
  const conv = fieldConverter(cols);
  assertEquals(conv(["7", "2e3", "True", "2024-05-01T12:00:00Z", "y", ""]), [
    7,
    2000,
    true,
    1714564800,
    "y",
    null,
  ]);
  assertEquals(conv(["x", "y", "maybe", "soon", "", "z"]), [null, null, null, null, null, "z"]);
  assertEquals(conv(["99999999999999999999"])[0], null); // beyond int64
  assertEquals(conv(["9007199254740993"])[0], 9007199254740993n);
});
