import { assertEquals, assertMatch, assertRejects } from "../_util/assert.ts";
import { runEmit, runProgress, runTable, runText, type ShellIo } from "../../cli/commands/mod.ts";
import { UsageError } from "../../cli/args.ts";

function io(stdin: string, viewport = "text:"): ShellIo & { out: () => string } {
  let out = "";
  const sink = {
    write: (b: Uint8Array) => {
      out += new TextDecoder().decode(b);
      return b.length;
    },
  };
  return {
    connect: {
      env: { VIEWPORT: viewport },
      stdout: sink,
      stderr: sink,
      now: () => Date.UTC(2024, 0, 2),
    },
    stdin: new Blob([stdin]).stream(),
    stdout: sink,
    stderr: sink,
    out: () => out,
  };
}

const LS = `total 12
-rw-r--r-- 1 root root  2048 Jan  1 10:00 a.txt
drwxr-xr-x 2 root root  4096 Jan  1 10:00 some dir
-rw-r--r-- 1 root root     5 Jan  1 10:00 b
`;

Deno.test("table --format ws: ls -l becomes typed columns; names with spaces stay whole", async () => {
  const t = io(LS);
  assertEquals(await runTable(["--format", "ws"], t), 0);
  assertEquals(
    t.out(),
    "c1\tc2\tc3\tc4\tc5\tc6\tc7\tc8\tc9\n" +
      "total\t12\t\t\t\t\t\t\t\n" +
      "-rw-r--r--\t1\troot\troot\t2048\tJan\t1\t10:00\ta.txt\n" +
      "drwxr-xr-x\t2\troot\troot\t4096\tJan\t1\t10:00\tsome dir\n" +
      "-rw-r--r--\t1\troot\troot\t5\tJan\t1\t10:00\tb\n",
  );
});

Deno.test("table: csv with a title, explicit columns with formats, jsonl", async () => {
  const csv = io('name,size\n"x, y",2048\n');
  await runTable([
    "--format=csv",
    "--title",
    "Files",
    "--columns",
    "name:string,size:uint64:human_bytes",
    "--header",
  ], csv);
  assertEquals(csv.out(), "Files\nname\tsize\nx, y\t2.0 KiB\n");
  const jl = io('{"n": 1, "ok": true}\n{"n": 2, "ok": false, "extra": [1]}\n');
  await runTable(["--format", "jsonl"], jl);
  assertEquals(jl.out(), "n\tok\textra\n1\ttrue\t\n2\tfalse\t[1]\n");
});

Deno.test("table headless: the rows are in the model with inferred types", async () => {
  const t = io("a\tb\n1\tx\n2\ty\n", "headless:");
  assertEquals(await runTable([], t), 0);
  assertEquals(t.out(), "");
});

Deno.test("table misuse is a UsageError naming the problem", async () => {
  await assertRejects(
    () => runTable(["--format", "xml"], io("")),
    UsageError,
    /unknown --format 'xml' \(expected one of: tsv, csv, jsonl, ws\)/,
  );
  await assertRejects(() => runTable(["--bogus"], io("")), UsageError, /unknown option '--bogus'/);
  await assertRejects(
    () => runTable(["--columns", "a:int"], io("")),
    UsageError,
    /unknown type 'int'/,
  );
  await assertRejects(
    () => runTable(["--header", "--no-header"], io("")),
    UsageError,
    /contradict/,
  );
  await assertRejects(() => runTable(["file.csv"], io("")), UsageError, /read from stdin/);
  await assertRejects(
    () => runTable(["--slot", "-1"], io("")),
    UsageError,
    /--slot must be an integer >= 0/,
  );
});

Deno.test("text and progress: sparse percentages in text mode", async () => {
  const t = io("");
  await runText(["--heading", "Build", "done"], t);
  assertEquals(t.out(), "Build done\n");
  const p = io(Array.from({ length: 20 }, (_, i) => `file${i}`).join("\n"));
  await runProgress(["--total", "20", "--label", "gzip"], p);
  const lines = p.out().trimEnd().split("\n");
  assertEquals(lines.length, 11);
  assertEquals(lines[0], "gzip [------------------------------] 0% (0/20)");
  assertEquals(lines[10], "gzip [##############################] 100% (20/20)");
  await assertRejects(() => runProgress([], io("")), UsageError, /--total N is required/);
  await assertRejects(
    () => runProgress(["--total", "x"], io("")),
    UsageError,
    /positive number, got 'x'/,
  );
  await assertRejects(
    () => runProgress(["--total", "3", "--increments"], io("1\nfoo\n")),
    TypeError,
    /line 2: 'foo' is not a number/,
  );
  await assertRejects(() => runText([], io("")), UsageError, /MESSAGE is missing/);
});

Deno.test("emit: single messages and --jsonl; bad ones name the line and the field", async () => {
  const e = io("");
  await runEmit(["TREE", '{"root": {"id": 1, "type": "text", "content": "hi"}}'], e);
  assertEquals(e.out(), "hi\n");
  const jl = io([
    '{"type": "SCHEMA", "slot": 130, "columns": [{"id": 0, "name": "k", "type": "string"}]}',
    '{"type": "TREE", "root": {"id": 1, "type": "scroll", "schema": {"$slot": 130}}}',
    '{"type": "DATA", "schema": {"$slot": 130}, "row": ["v"]}',
  ].join("\n"));
  await runEmit(["--jsonl"], jl);
  assertEquals(jl.out(), "k\nv\n");
  await assertRejects(() => runEmit(["NOPE"], io("")), UsageError, /unknown message type 'NOPE'/);
  await assertRejects(
    () => runEmit(["PATCH", "{bad"], io("")),
    UsageError,
    /payload is not valid JSON/,
  );
  const bad = io(
    '{"type": "TREE", "root": {"id": 1, "type": "text"}}\n{"type": "PATCH", "patches": [{"target": 9, "remove": true}]}\n',
  );
  const err = await assertRejects(() => runEmit(["--jsonl"], bad), UsageError);
  assertMatch((err as Error).message, /line 2: .*9.* \[unknown_target\]/);
});
