/**
 * Splitting text input into records for `viewport table`: TSV, CSV (RFC 4180,
 * quoted fields may span lines), JSON lines and whitespace-separated columns.
 *
 * @module
 */

/** Input formats of `viewport table`; `auto` picks one from the first line. */
export type TableFormat = "auto" | "tsv" | "csv" | "jsonl" | "ws";

/** The formats a {@linkcode RecordReader} reads (`auto` is decided before). */
export type RecordFormat = Exclude<TableFormat, "auto">;

/**
 * The accepted `--format` values.
 *
 * @example
 * ```ts
 * import { TABLE_FORMATS } from "./records.ts";
 * import assert from "node:assert/strict";
 * assert.ok(TABLE_FORMATS.includes("csv"));
 * ```
 */
export const TABLE_FORMATS: readonly TableFormat[] = ["auto", "tsv", "csv", "jsonl", "ws"];

// The source line rides on the record itself (a WeakMap of a million records
// costs the garbage collector dearly).
const LINE = Symbol("line");
type WithLine = string[] & { [LINE]?: string };

/**
 * The line a `ws` record was split from, so that a last column can keep its
 * spaces exactly (file names, commands with arguments).
 *
 * @example
 * ```ts
 * import { RecordReader, sourceLine } from "./records.ts";
 * import assert from "node:assert/strict";
 * const [rec] = new RecordReader("ws").push("a  b   c\n") as string[][];
 * assert.equal(sourceLine(rec), "a  b   c");
 * ```
 */
export function sourceLine(record: readonly string[]): string | undefined {
  return (record as WithLine)[LINE];
}

/**
 * An incremental record reader: push text in any chunking, get whole records.
 * A record is an array of field strings, or for `jsonl` the parsed value.
 *
 * @example
 * ```ts
 * import { RecordReader } from "./records.ts";
 * import assert from "node:assert/strict";
 * const r = new RecordReader("csv");
 * const got = [...r.push('a,"b\n'), ...r.push('c",d\n'), ...r.end()];
 * assert.deepEqual(got, [["a", "b\nc", "d"]]);
 * ```
 */
export class RecordReader {
  readonly format: RecordFormat;
  #carry = "";
  #line = 0;

  constructor(format: RecordFormat) {
    if (!TABLE_FORMATS.includes(format) || (format as string) === "auto") {
      throw new TypeError(
        `unknown format '${format}' (expected one of: tsv, csv, jsonl, ws)`,
      );
    }
    this.format = format;
  }

  /** Lines consumed so far (for error messages). */
  get line(): number {
    return this.#line;
  }

  /** Adds text; returns the records it completed. */
  push(text: string): unknown[] {
    const data = this.#carry + text;
    const out: unknown[] = [];
    const consumed = this.format === "csv"
      ? this.#csv(data, out, false)
      : this.#lines(data, out, false);
    this.#carry = data.slice(consumed);
    return out;
  }

  /** Ends the input; returns the last record, if any. */
  end(): unknown[] {
    const data = this.#carry;
    this.#carry = "";
    const out: unknown[] = [];
    if (data === "") return out;
    if (this.format === "csv") this.#csv(data, out, true);
    else this.#lines(data, out, true);
    return out;
  }

  #lines(data: string, out: unknown[], final: boolean): number {
    let start = 0;
    for (;;) {
      let nl = data.indexOf("\n", start);
      if (nl < 0) {
        if (!final || start >= data.length) return start;
        nl = data.length;
      }
      let end = nl;
      if (end > start && data.charCodeAt(end - 1) === 13) end--;
      this.#line++;
      if (end > start) this.#record(data.slice(start, end), out);
      start = nl + 1;
      if (start > data.length) return data.length;
    }
  }

  #record(line: string, out: unknown[]): void {
    switch (this.format) {
      case "tsv":
        out.push(line.split("\t"));
        return;
      case "ws": {
        const t = line.trim();
        if (t === "") return;
        const fields: WithLine = t.split(/\s+/);
        // Not enumerable: the record still compares and prints as its fields.
        Object.defineProperty(fields, LINE, { value: t });
        out.push(fields);
        return;
      }
      case "jsonl":
        try {
          out.push(JSON.parse(line));
        } catch (err) {
          throw new SyntaxError(`line ${this.#line}: not valid JSON (${(err as Error).message})`);
        }
        return;
    }
  }

  /** RFC 4180; returns how much of `data` was consumed (whole records only). */
  #csv(data: string, out: unknown[], final: boolean): number {
    let i = 0, recordStart = 0;
    let fields: string[] = [];
    let field = "";
    const n = data.length;
    while (i <= n) {
      if (i === n) {
        if (!final) return recordStart;
        if (field !== "" || fields.length > 0) {
          fields.push(field);
          out.push(fields);
          this.#line++;
        }
        return n;
      }
      const c = data.charCodeAt(i);
      if (c === 34 /* " */ && field === "") {
        // Quoted field: find the closing quote, "" is an escaped quote.
        let j = i + 1, value = "";
        for (;;) {
          const q = data.indexOf('"', j);
          if (q < 0) {
            if (!final) return recordStart;
            throw new SyntaxError(`line ${this.#line + 1}: unterminated quoted CSV field`);
          }
          value += data.slice(j, q);
          if (data.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (i === n && !final) return recordStart;
        field = value;
        // A quoted field is followed by a separator or a line end.
        const next = data.charCodeAt(i);
        if (i < n && next !== 44 && next !== 10 && next !== 13) {
          throw new SyntaxError(
            `line ${this.#line + 1}: unexpected '${data[i]}' after a quoted CSV field`,
          );
        }
        continue;
      }
      if (c === 44 /* , */) {
        fields.push(field);
        field = "";
        i++;
      } else if (c === 10 || c === 13) {
        if (c === 13 && i + 1 === n && !final) return recordStart; // maybe \r\n split
        fields.push(field);
        if (!(fields.length === 1 && fields[0] === "")) out.push(fields);
        this.#line++;
        fields = [];
        field = "";
        i += c === 13 && data.charCodeAt(i + 1) === 10 ? 2 : 1;
        recordStart = i;
      } else {
        let j = i;
        while (j < n) {
          const d = data.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        field += data.slice(i, j);
        i = j;
      }
    }
    return recordStart;
  }
}
