/**
 * `viewport table`: text records in, a schema-bound scroll and DATA rows out.
 *
 * @module
 */
import type { Connection } from "../sdk/connection.ts";
import { column, heading, scroll } from "../sdk/components.ts";
import {
  type ColumnSpec,
  fieldConverter,
  inferColumns,
  inferJsonColumns,
  jsonConverter,
} from "./columns.ts";
import { type RecordFormat, RecordReader, type TableFormat } from "./records.ts";
import {
  commonWidth,
  headerNames,
  isTotalLine,
  looksLikeHeader,
  looksLikeLs,
  LS_COLUMNS,
  lsRecord,
  restOf,
  sniffFormat,
} from "./ws_table.ts";

/** Options for {@linkcode streamTable}. */
export interface TableOptions {
  /** The input format; `auto` picks one from the first line (see `sniffFormat`). */
  format: TableFormat;
  /** Explicit columns; otherwise inferred from the first `sampleSize` records. */
  columns?: ColumnSpec[];
  /**
   * Whether the first record is a header (default: true for tsv and csv,
   * detected for ws, where `ls -l` output gets named columns).
   */
  header?: boolean;
  /** A heading above the table. */
  title?: string;
  /** The schema slot (default 128, the first app slot). */
  slot?: number;
  /** Records used for type inference (default 1000). */
  sampleSize?: number;
  /** One-line notes about the input (rows with more fields than columns). */
  warn?: (line: string) => void;
}

/**
 * Streams text chunks as rows of one table. Returns the number of rows sent.
 *
 * @example
 * ```ts
 * import { connect } from "../sdk/connect.ts";
 * import { streamTable } from "./table.ts";
 * import assert from "node:assert/strict";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * const n = await streamTable(conn, ["name\tsize\na\t1\n", "b\t2\n"], { format: "auto" });
 * assert.equal(n, 2);
 * assert.equal(conn.model.data.schema(128)?.columns[1].type, "int64");
 * await conn.close();
 * ```
 */
export async function streamTable(
  conn: Connection,
  input: AsyncIterable<string> | Iterable<string>,
  options: TableOptions,
): Promise<number> {
  const sampleSize = options.sampleSize ?? 1000;
  const slot = options.slot ?? 128;
  let reader: RecordReader | null = null;
  let pending = "";
  let format: RecordFormat = "ws";
  let header: boolean | "detect" = false;
  let headerWords: string[] | null = null;
  let shape: ((rec: unknown) => unknown) | null = null;
  let convert: ((rec: unknown) => unknown[]) | null = null;
  let sample: unknown[] = [];
  let sent = 0;
  let warned = false;

  const open = (f: RecordFormat): RecordReader => {
    format = f;
    header = options.header ??
      (options.columns ? false : f === "tsv" || f === "csv" ? true : f === "ws" ? "detect" : false);
    return new RecordReader(f);
  };
  if (options.format !== "auto") reader = open(options.format);

  const start = (records: unknown[]) => {
    const json = format === "jsonl";
    let names: string[];
    let width: number;
    if (json) {
      shape = (r) => r;
      names = [];
      width = 0;
    } else if (format === "ws" && header !== true && looksLikeLs(records as string[][])) {
      shape = (r) => lsRecord(r as string[]);
      names = [...LS_COLUMNS];
      width = names.length;
    } else {
      const rows = records as string[][];
      if (header === "detect" && rows.length > 0 && looksLikeHeader(rows[0], rows.slice(1))) {
        headerWords = rows.shift()!;
      }
      const rowWidth = rows.length > 0 ? commonWidth(rows) : headerWords?.length ?? 1;
      names = headerWords
        ? (format === "ws" ? headerNames(headerWords, rowWidth) : headerWords)
          .map((n, i) => n.trim() || `c${i + 1}`)
        : Array.from({ length: rowWidth }, (_, i) => `c${i + 1}`);
      width = names.length;
      shape = (r) => fit(r as string[], width);
    }
    const shaped = records.map(shape);
    const cols = options.columns ??
      (json ? inferJsonColumns(shaped) : inferColumns(names, shaped as string[][]));
    const conv = json ? jsonConverter(cols) : fieldConverter(cols);
    convert = (rec) => conv(shape!(rec) as string[]);
    const ref = conn.schema(slot, cols);
    const table = scroll({ id: 3, schema: ref, grow: 1 });
    conn.setTree(
      column({ id: 1 }, options.title ? [heading(options.title, { id: 2 }), table] : [table]),
    );
    return width;
  };

  /** Whitespace tables: extra fields are the last column's (file names, commands); others warn. */
  const fit = (fields: string[], width: number): string[] => {
    if (fields.length <= width || width < 1) return fields;
    if (format === "ws") return [...fields.slice(0, width - 1), restOf(fields, width - 1)];
    if (!warned && options.warn) {
      warned = true;
      options.warn(
        `line ${reader?.line ?? 0}: ${fields.length} fields but ${width} columns; ` +
          `the extra fields are kept in the last column`,
      );
    }
    const sep = format === "csv" ? "," : "\t";
    return [...fields.slice(0, width - 1), fields.slice(width - 1).join(sep)];
  };

  const send = (records: unknown[]) => {
    if (records.length === 0) return;
    const rows = new Array(records.length);
    for (let i = 0; i < records.length; i++) rows[i] = convert!(records[i]);
    conn.data(rows, { schema: slot });
    sent += rows.length;
  };
  const take = async (records: unknown[]) => {
    if (format === "ws") records = records.filter((r) => !isTotalLine(r as string[]));
    if (header === true && headerWords === null && records.length > 0 && format !== "jsonl") {
      headerWords = records.shift() as string[];
    }
    if (convert) send(records);
    else {
      sample = sample.concat(records);
      if (sample.length < sampleSize) return;
      start(sample);
      send(sample);
      sample = [];
    }
    // Awaiting the link is how a slow viewer slows the reader down.
    await conn.flush();
  };

  for await (const chunk of input) {
    if (reader) {
      await take(reader.push(chunk));
      continue;
    }
    pending += chunk;
    const line = firstLine(pending);
    if (line === null && pending.length < SNIFF_LIMIT) continue;
    reader = open(sniffFormat(line ?? pending));
    await take(reader.push(pending));
    pending = "";
  }
  if (!reader) {
    reader = open(sniffFormat(pending));
    await take(reader.push(pending));
  }
  await take(reader.end());
  if (!convert) {
    start(sample);
    send(sample);
  }
  await conn.flush();
  return sent;
}

// How much input `auto` reads at most before it must decide.
const SNIFF_LIMIT = 64 * 1024;

/** The first complete non-blank line, or null until there is one. */
function firstLine(text: string): string | null {
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return null;
    const line = text.slice(start, nl).replace(/\r$/, "");
    if (line.trim() !== "") return line;
    start = nl + 1;
  }
}
