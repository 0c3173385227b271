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
import { RecordReader, type TableFormat } from "./records.ts";

/** Options for {@linkcode streamTable}. */
export interface TableOptions {
  format: TableFormat;
  /** Explicit columns; otherwise inferred from the first `sampleSize` records. */
  columns?: ColumnSpec[];
  /** Whether the first record is a header (default: true for tsv and csv). */
  header?: boolean;
  /** A heading above the table. */
  title?: string;
  /** The schema slot (default 128, the first app slot). */
  slot?: number;
  /** Records used for type inference (default 1000). */
  sampleSize?: number;
}

/**
 * Streams text chunks as rows of one table. Returns the number of rows sent.
 *
 * @example
 * ```ts
 * import { connect } from "../sdk/connect.ts";
 * import { streamTable } from "./table.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * const n = await streamTable(conn, ["name\tsize\na\t1\n", "b\t2\n"], { format: "tsv" });
 * if (n !== 2 || conn.model.data.schema(128)?.columns[1].type !== "int64") throw new Error();
 * await conn.close();
 * ```
 */
export async function streamTable(
  conn: Connection,
  input: AsyncIterable<string> | Iterable<string>,
  options: TableOptions,
): Promise<number> {
  const reader = new RecordReader(options.format);
  const json = options.format === "jsonl";
  let header = options.header ?? (options.format === "tsv" || options.format === "csv");
  if (options.columns) header = options.header ?? false;
  const sampleSize = options.sampleSize ?? 1000;
  const slot = options.slot ?? 128;
  let names: string[] | null = null;
  let convert: ((rec: unknown) => unknown[]) | null = null;
  let sample: unknown[] = [];
  let sent = 0;

  const start = (records: unknown[]) => {
    let cols = options.columns;
    if (!cols) {
      if (json) cols = inferJsonColumns(records);
      else {
        const width = names ? names.length : commonWidth(records as string[][]);
        names ??= Array.from({ length: width }, (_, i) => `c${i + 1}`);
        cols = inferColumns(names, records as string[][]);
      }
    }
    const fit = json ? jsonConverter(cols) : fieldConverter(cols);
    const width = cols.length;
    convert = json
      ? fit as (r: unknown) => unknown[]
      : (rec) => fit(joinExtra(rec as string[], width, options.format));
    const ref = conn.schema(slot, cols);
    const table = scroll({ id: 3, schema: ref, grow: 1 });
    conn.setTree(
      column({ id: 1 }, options.title ? [heading(options.title, { id: 2 }), table] : [table]),
    );
  };
  const send = (records: unknown[]) => {
    if (records.length === 0) return;
    const rows = new Array(records.length);
    for (let i = 0; i < records.length; i++) rows[i] = convert!(records[i]);
    conn.data(rows, { schema: slot });
    sent += rows.length;
  };
  const take = async (records: unknown[]) => {
    if (header && names === null && records.length > 0 && !json) {
      names = (records.shift() as string[]).map((n, i) => n.trim() || `c${i + 1}`);
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

  for await (const chunk of input) await take(reader.push(chunk));
  await take(reader.end());
  if (!convert) {
    start(sample);
    send(sample);
  }
  await conn.flush();
  return sent;
}

/** The most common field count in a sample (ls -l's "total" line is an outlier). */
function commonWidth(records: string[][]): number {
  const counts = new Map<number, number>();
  let best = 0, bestCount = 0;
  for (const r of records) {
    const c = (counts.get(r.length) ?? 0) + 1;
    counts.set(r.length, c);
    if (c > bestCount || (c === bestCount && r.length > best)) {
      best = r.length;
      bestCount = c;
    }
  }
  return Math.max(best, 1);
}

/** Whitespace tables: extra fields belong to the last column (file names with spaces). */
function joinExtra(fields: string[], width: number, format: TableFormat): string[] {
  if (format !== "ws" || fields.length <= width) return fields;
  return [...fields.slice(0, width - 1), fields.slice(width - 1).join(" ")];
}
