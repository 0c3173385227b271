/**
 * `viewport table`: stdin as a table (TSV, CSV, JSON lines or whitespace columns).
 *
 * @module
 */
import { connect } from "../../src/sdk/connect.ts";
import { parseColumnsFlag } from "../../src/shell/columns.ts";
import { TABLE_FORMATS, type TableFormat } from "../../src/shell/records.ts";
import { streamTable } from "../../src/shell/table.ts";
import { UsageError } from "../args.ts";
import { intFlag, parseFlags } from "./flags.ts";
import {
  checkDataInput,
  commandConnect,
  OUTPUT_HELP,
  type ShellIo,
  textChunks,
  writeText,
} from "./io.ts";

/**
 * `viewport table --help`.
 *
 * @example
 * ```ts
 * import { TABLE_HELP } from "./table.ts";
 * import assert from "node:assert/strict";
 * assert.ok(TABLE_HELP.includes("--format"));
 * ```
 */
export const TABLE_HELP = `Usage: viewport table [options] < INPUT

Shows stdin as a table: in a terminal, a scrollable table kept on screen
until you quit (the data comes from stdin, keys from the terminal, like less);
in a pipe, the rows as text; with VIEWPORT set, in that viewer (attaches to
VIEWPORT_SESSION).

Keys in a terminal (shown on its bottom line): up/down, PgUp/PgDn, Home/End
scroll; q or ctrl+q quits (exit 0); ctrl+c interrupts (exit 130).

Options:
  --format F     auto (default), tsv, csv, jsonl, or ws. auto reads tabs as
                 tsv, a leading { or [ as jsonl, anything else as ws:
                 whitespace columns like ls -l, ps and df (a header line is
                 recognised, ls -l's "total N" is skipped, the last column
                 keeps its spaces)
  --columns SPEC name:type[:format],... (types: string, bool, int64, uint64,
                 float64, timestamp, duration, bytes); without it types are
                 inferred from the first 1000 rows
  --header       the first line names the columns (default for tsv and csv;
                 detected for ws)
  --no-header    the first line is data
  --title TEXT   a heading above the table
  --slot N       the schema slot (default 128)
${OUTPUT_HELP}
  -h, --help     this help

Examples:
  ls -l | viewport table
  ps aux | viewport table --title Processes
  viewport table --format csv --output jsonl < sales.csv | jq .
`;

/**
 * Runs `viewport table`.
 *
 * @example
 * ```ts
 * import { runTable } from "./table.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const sink = { write: (b: Uint8Array) => { out += new TextDecoder().decode(b); return b.length; } };
 * const code = await runTable(["--format", "csv"], {
 *   connect: { env: { VIEWPORT: "text:" }, stdout: sink },
 *   stdin: new Blob(["a,b\n1,2\n"]).stream(), stdout: sink, stderr: sink,
 * });
 * assert.equal(code, 0);
 * assert.equal(out, "a\tb\n1\t2\n");
 * ```
 */
export async function runTable(argv: string[], io: ShellIo): Promise<number> {
  const p = parseFlags("table", argv, {
    string: ["format", "columns", "title", "slot", "output"],
    boolean: ["header", "no-header"],
  });
  if (p.switches.has("help")) {
    await writeText(io.stdout, TABLE_HELP);
    return 0;
  }
  if (p.positionals.length > 0) {
    throw new UsageError(
      `viewport table: unexpected argument '${p.positionals[0]}' (the table is read from stdin)`,
    );
  }
  const format = (p.values.format ?? "auto") as TableFormat;
  if (!TABLE_FORMATS.includes(format)) {
    throw new UsageError(
      `viewport table: unknown --format '${format}' (expected one of: ${TABLE_FORMATS.join(", ")})`,
    );
  }
  if (p.switches.has("header") && p.switches.has("no-header")) {
    throw new UsageError("viewport table: --header and --no-header contradict each other");
  }
  let columns;
  try {
    columns = p.values.columns === undefined ? undefined : parseColumnsFlag(p.values.columns);
  } catch (err) {
    throw new UsageError(`viewport table: ${(err as Error).message}`);
  }
  const header = p.switches.has("header") ? true : p.switches.has("no-header") ? false : undefined;
  const slot = intFlag("table", "slot", p.values.slot, 0);
  const options = commandConnect("table", io, p.values.output, {
    altScreen: true,
    input: true,
    finalText: false,
  });
  checkDataInput("table", io, options, "ls -l | viewport table");
  const conn = await connect(options);
  try {
    await streamTable(conn, textChunks(io.stdin), {
      format,
      columns,
      header,
      title: p.values.title,
      slot,
      warn: (line) => void writeText(io.stderr, `viewport table: ${line}\n`).catch(() => {}),
    });
    // In a terminal the table stays to be scrolled until the user quits (like less).
    if (conn.outputMode.type === "ansi") await conn.done;
  } finally {
    await conn.close();
  }
  return 0;
}
