/**
 * Reading whitespace tables the way people paste them: `ls -l` (no header, a
 * `total N` line, dates in three fields, names with spaces and `-> target`),
 * `ps` and `df` (a header line; `COMMAND` and `Mounted on` keep their
 * spaces), and picking a format from the first line for `--format auto`.
 *
 * @module
 */
import { type RecordFormat, sourceLine } from "./records.ts";

/**
 * The format of a table whose first line is `line`: a leading `{` or `[` is
 * JSON lines, a tab makes TSV, commas without runs of spaces make CSV, and
 * anything else is whitespace columns.
 *
 * @example
 * ```ts
 * import { sniffFormat } from "./ws_table.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sniffFormat("total 64"), "ws");
 * assert.equal(sniffFormat("a\tb"), "tsv");
 * assert.equal(sniffFormat('{"a": 1}'), "jsonl");
 * assert.equal(sniffFormat("name,size"), "csv");
 * ```
 */
export function sniffFormat(line: string): RecordFormat {
  const t = line.trim();
  if (t.startsWith("{") || t.startsWith("[")) return "jsonl";
  if (line.includes("\t")) return "tsv";
  if (t.includes(",") && !/\s{2,}/.test(t) && t.split(",").length > t.split(/\s+/).length) {
    return "csv";
  }
  return "ws";
}

/** `ls -l`'s summary line (`total 64`, also in a `ls -lh` form like `total 1.2M`). */
export function isTotalLine(fields: readonly string[]): boolean {
  return fields.length === 2 && fields[0] === "total" && /^\d[\d.,]*[KMGTP]?$/i.test(fields[1]);
}

// File type and permission bits, as ls -l prints them (ACL/SELinux marks after).
const MODE = /^[-dlcbpsDn?][-rwxsStTlL]{9}[.+@]?$/;

/** The columns `viewport table` gives `ls -l` output. */
export const LS_COLUMNS: readonly string[] = [
  "mode",
  "links",
  "owner",
  "group",
  "size",
  "modified",
  "name",
];

/**
 * True when most sample records look like `ls -l` lines.
 *
 * @example
 * ```ts
 * import { looksLikeLs } from "./ws_table.ts";
 * import assert from "node:assert/strict";
 * const rec = "-rw-r--r-- 1 root root 5 Jan 1 10:00 b".split(" ");
 * assert.ok(looksLikeLs([rec]));
 * assert.ok(!looksLikeLs([["PID", "TTY"]]));
 * ```
 */
export function looksLikeLs(sample: readonly (readonly string[])[]): boolean {
  let hits = 0;
  for (const r of sample) if (r.length >= 9 && MODE.test(r[0])) hits++;
  return sample.length > 0 && hits * 2 > sample.length;
}

/**
 * An `ls -l` record as the {@linkcode LS_COLUMNS}: the three date fields
 * joined, the name with its spaces (and `-> target`) as printed.
 *
 * @example
 * ```ts
 * import { RecordReader } from "./records.ts";
 * import { lsRecord } from "./ws_table.ts";
 * import assert from "node:assert/strict";
 * const [rec] = new RecordReader("ws").push("drwxr-xr-x 2 root root 4096 Jan  1 10:00 some  dir\n") as string[][];
 * const out = lsRecord(rec);
 * assert.equal(out[5], "Jan 1 10:00");
 * assert.equal(out[6], "some  dir");
 * ```
 */
export function lsRecord(fields: readonly string[]): string[] {
  if (fields.length < 8 || !MODE.test(fields[0])) return [...fields];
  let i = 4;
  // A device's size is "major, minor".
  let size = fields[i++];
  if (size.endsWith(",") && i < fields.length) size += " " + fields[i++];
  // "Jan  1 10:00" or "Jan  1  2024", or an ISO date and time (--time-style).
  const dateFields = /^\d{4}-\d\d-\d\d$/.test(fields[i] ?? "") ? 2 : 3;
  const modified = fields.slice(i, i + dateFields).join(" ");
  i += dateFields;
  return [...fields.slice(0, 4), size, modified, restOf(fields, i)];
}

/**
 * The part of a record's line from field `k` on, spaces as they were (the
 * fields joined by one space when the line is unknown).
 *
 * @example
 * ```ts
 * import { RecordReader } from "./records.ts";
 * import { restOf } from "./ws_table.ts";
 * import assert from "node:assert/strict";
 * const [rec] = new RecordReader("ws").push("1 ?  sleep   10\n") as string[][];
 * assert.equal(restOf(rec, 2), "sleep   10");
 * ```
 */
export function restOf(fields: readonly string[], k: number): string {
  const line = sourceLine(fields);
  if (line === undefined) return fields.slice(k).join(" ");
  let i = 0;
  for (let f = 0; f < k; f++) {
    while (i < line.length && isSpace(line, i)) i++;
    while (i < line.length && !isSpace(line, i)) i++;
  }
  while (i < line.length && isSpace(line, i)) i++;
  return line.slice(i);
}

/** What `\s` matches, without a regular expression per character for ASCII. */
function isSpace(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(s[i]);
}

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[KMGTP%]?$/i;
const HEADER_WORD = /^[A-Z%#][A-Z0-9%#_.:/()-]*$|^[A-Z][a-z][A-Za-z0-9_%-]*$/;

/**
 * Whether the first record of a whitespace table is a header line: no field
 * is a number, and either some column is mostly numbers below it (`PID`,
 * `1K-blocks`) or every field reads as a column name (`USER`, `Filesystem`).
 *
 * @example
 * ```ts
 * import { looksLikeHeader } from "./ws_table.ts";
 * import assert from "node:assert/strict";
 * assert.ok(looksLikeHeader(["PID", "TTY", "TIME", "CMD"], [["1", "?", "00:00:06", "init"]]));
 * assert.ok(!looksLikeHeader(["root", "pts/0"], [["alice", "pts/1"]]));
 * ```
 */
export function looksLikeHeader(
  first: readonly string[],
  rest: readonly (readonly string[])[],
): boolean {
  if (first.length === 0 || first.some((f) => NUMERIC.test(f))) return false;
  if (rest.length > 0) {
    for (let c = 0; c < first.length; c++) {
      let numbers = 0;
      for (const r of rest) if (r[c] !== undefined && NUMERIC.test(r[c])) numbers++;
      if (numbers * 2 > rest.length) return true;
    }
  }
  return first.every((f) => HEADER_WORD.test(f));
}

/**
 * The most common field count in a sample (an outlier line such as `ls -l`'s
 * `total` does not decide it); on a tie the smaller one, since the last
 * column is the one that may hold spaces.
 *
 * @example
 * ```ts
 * import { commonWidth } from "./ws_table.ts";
 * import assert from "node:assert/strict";
 * assert.equal(commonWidth([["a"], ["a", "b"], ["c", "d"]]), 2);
 * ```
 */
export function commonWidth(records: readonly (readonly string[])[]): number {
  const counts = new Map<number, number>();
  let best = 0, bestCount = 0;
  for (const r of records) {
    const c = (counts.get(r.length) ?? 0) + 1;
    counts.set(r.length, c);
    if (c > bestCount || (c === bestCount && r.length < best)) {
      best = r.length;
      bestCount = c;
    }
  }
  return Math.max(best, 1);
}

/**
 * Column names for a whitespace table with header `header`: one per header
 * word, except that when the rows have fewer fields than the header has words
 * (`df`'s `Mounted on`), the extra words join the last name.
 *
 * @example
 * ```ts
 * import { headerNames } from "./ws_table.ts";
 * import assert from "node:assert/strict";
 * const names = headerNames(["Filesystem", "Size", "Used", "Avail", "Use%", "Mounted", "on"], 6);
 * assert.equal(names.at(-1), "Mounted on");
 * assert.equal(names.length, 6);
 * ```
 */
export function headerNames(header: readonly string[], rowWidth: number): string[] {
  if (header.length <= rowWidth || rowWidth < 1) return [...header];
  return [...header.slice(0, rowWidth - 1), header.slice(rowWidth - 1).join(" ")];
}
