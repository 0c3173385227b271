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

Deno.test("table: ls -l is read as it is: named columns, total skipped, names keep their spaces", async () => {
  for (const args of [[], ["--format", "ws"]]) {
    const t = io(LS);
    assertEquals(await runTable(args, t), 0);
    assertEquals(
      t.out(),
      "mode\tlinks\towner\tgroup\tsize\tmodified\tname\n" +
        "-rw-r--r--\t1\troot\troot\t2048\tJan 1 10:00\ta.txt\n" +
        "drwxr-xr-x\t2\troot\troot\t4096\tJan 1 10:00\tsome dir\n" +
        "-rw-r--r--\t1\troot\troot\t5\tJan 1 10:00\tb\n",
      args.join(" "),
    );
  }
  const odd = io(
    "total 8\ncrw-rw-rw- 1 root root 1, 3 Jan  1 10:00 null\n" +
      "lrwxrwxrwx 1 root root 4 2024-01-01 10:00 a  b -> c\n",
  );
  await runTable(["--output", "jsonl"], odd);
  assertEquals(odd.out().split("\n").map((l) => l && JSON.parse(l)), [
    {
      mode: "crw-rw-rw-",
      links: 1,
      owner: "root",
      group: "root",
      size: "1, 3",
      modified: "Jan 1 10:00",
      name: "null",
    },
    {
      mode: "lrwxrwxrwx",
      links: 1,
      owner: "root",
      group: "root",
      size: "4",
      modified: "2024-01-01 10:00",
      name: "a  b -> c",
    },
    "",
  ]);
});

Deno.test("table: ps and df headers are recognised; COMMAND and 'Mounted on' keep their spaces", async () => {
  const ps = io(
    "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n" +
      "root         1  0.6  0.0  55800 16220 ?        Ss   20:02   0:06 /sbin/init  splash\n" +
      "alice     4242  1.5  0.1  10000  2000 pts/0    R+   20:03   0:00 ps aux\n",
  );
  await runTable(["--output", "tsv"], ps);
  assertEquals(ps.out().split("\n"), [
    "USER\tPID\t%CPU\t%MEM\tVSZ\tRSS\tTTY\tSTAT\tSTART\tTIME\tCOMMAND",
    "root\t1\t0.6\t0\t55800\t16220\t?\tSs\t20:02\t0:06\t/sbin/init  splash",
    "alice\t4242\t1.5\t0.1\t10000\t2000\tpts/0\tR+\t20:03\t0:00\tps aux",
    "",
  ]);
  const df = io(
    "Filesystem     1K-blocks     Used Available Use% Mounted on\n" +
      "/dev/vda       263174176 23000000  80000000  23% /\n" +
      "tmpfs           24683748        0  24683748   0% /mnt/my disk\n",
  );
  await runTable([], df);
  assertEquals(df.out().split("\n"), [
    "Filesystem\t1K-blocks\tUsed\tAvailable\tUse%\tMounted on",
    "/dev/vda\t263174176\t23000000\t80000000\t23%\t/",
    "tmpfs\t24683748\t0\t24683748\t0%\t/mnt/my disk",
    "",
  ]);
  // Without a header line: c1, c2...
  const plain = io("alpha 1\nbeta 2\n");
  await runTable([], plain);
  assertEquals(plain.out(), "c1\tc2\nalpha\t1\nbeta\t2\n");
});

Deno.test("table: typed output keeps values raw; dates stay dates; extra TSV fields are kept and reported", async () => {
  const csv = io("day,n,size\n2024-01-02,1,4096\n2024-01-03,2,10\n");
  await runTable([
    "--columns",
    "day:timestamp:date,n:int64,size:uint64:human_bytes",
    "--header",
    "--format",
    "csv",
  ], csv);
  assertEquals(csv.out(), "day\tn\tsize\n2024-01-02\t1\t4.0 KiB\n2024-01-03\t2\t10 B\n");
  const inferred = io("day,n\n2024-01-02,1\n");
  await runTable(["--format", "csv"], inferred);
  assertEquals(inferred.out(), "day\tn\n2024-01-02\t1\n", "a date is not turned into a time");
  const raw = io("day,size\n2024-01-02,4096\n");
  await runTable([
    "--format",
    "csv",
    "--columns",
    "day:timestamp,size:uint64:human_bytes",
    "--header",
    "--output",
    "jsonl",
  ], raw);
  assertEquals(raw.out(), '{"day":"2024-01-02T00:00:00Z","size":4096}\n');
  const extra = io("a\tb\n1\t2\t3\n");
  assertEquals(await runTable([], extra), 0);
  assertEquals(
    extra.out(),
    // (stderr and stdout share one sink here: the note comes as the columns are decided)
    "viewport table: line 2: 3 fields but 2 columns; the extra fields are kept in the last column\na\tb\n1\t2 3\n",
  );
  await assertRejects(
    () => runTable(["--output", "xml"], io("")),
    UsageError,
    /unknown --output 'xml' \(expected one of: text, tsv, jsonl\)/,
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
    /unknown --format 'xml' \(expected one of: auto, tsv, csv, jsonl, ws\)/,
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
