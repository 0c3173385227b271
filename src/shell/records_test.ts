import { assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { type RecordFormat, RecordReader } from "./records.ts";

function readAll(format: RecordFormat, text: string, splitAt?: number): unknown[] {
  const r = new RecordReader(format);
  if (splitAt === undefined) return [...r.push(text), ...r.end()];
  return [...r.push(text.slice(0, splitAt)), ...r.push(text.slice(splitAt)), ...r.end()];
}

const CASES: [RecordFormat, string, unknown[]][] = [
  ["tsv", "a\tb\r\n1\t2\n\n3\t\n", [["a", "b"], ["1", "2"], ["3", ""]]],
  ["tsv", "no newline at end", [["no newline at end"]]],
  ["csv", 'name,note\r\n"Smith, J","said ""hi""\nthen left"\nx,\n', [
    ["name", "note"],
    ["Smith, J", 'said "hi"\nthen left'],
    ["x", ""],
  ]],
  ["csv", '"a"', [["a"]]],
  ["ws", "total 8\n-rw-r--r-- 1 root root 12 Nov 2 10:00 my file.txt\n   \n", [
    ["total", "8"],
    ["-rw-r--r--", "1", "root", "root", "12", "Nov", "2", "10:00", "my", "file.txt"],
  ]],
  ["jsonl", '{"a":1}\n[1,"x"]\n\n"s"\n', [{ a: 1 }, [1, "x"], "s"]],
];

Deno.test("records: every format, split at every boundary, gives the same records", () => {
  for (const [format, text, expected] of CASES) {
    assertEquals(readAll(format, text), expected, `${format}: ${JSON.stringify(text)}`);
    for (let i = 0; i <= text.length; i++) {
      assertEquals(readAll(format, text, i), expected, `${format} split at ${i}`);
    }
  }
});

Deno.test("records: bad input names the line", () => {
  assertThrows(() => readAll("jsonl", '{"a":1}\n{oops\n'), SyntaxError, /line 2: not valid JSON/);
  assertThrows(
    () => readAll("csv", 'a\n"open'),
    SyntaxError,
    /line 2: unterminated quoted CSV field/,
  );
  assertThrows(
    () => readAll("csv", '"a"b\n'),
    SyntaxError,
    /unexpected 'b' after a quoted CSV field/,
  );
  assertThrows(
    () => new RecordReader("xml" as RecordFormat),
    TypeError,
    /unknown format 'xml' \(expected one of: tsv, csv, jsonl, ws\)/,
  );
});
