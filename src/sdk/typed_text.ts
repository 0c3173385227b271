/**
 * Typed pipes: data rows as raw values for programs, not people
 * (`VIEWPORT=text:?format=tsv|jsonl`, the shell commands' `--output`). Numbers
 * stay numbers (no `4.0 KiB`), times are absolute (no `1m ago`): timestamps
 * print as ISO 8601 UTC, or as the column's `format` says (`epoch`: seconds
 * since the epoch; `date`: `YYYY-MM-DD`).
 *
 * @module
 */
import type { Column } from "../protocol/messages/types.ts";
import { isoTimestamp } from "../projection/format.ts";

/**
 * A timestamp (seconds since the epoch) as its column wants it raw.
 *
 * @example
 * ```ts
 * import { rawTimestamp } from "./typed_text.ts";
 * import assert from "node:assert/strict";
 * assert.equal(rawTimestamp(1704153600, undefined), "2024-01-02T00:00:00Z");
 * assert.equal(rawTimestamp(1704153600, "date"), "2024-01-02");
 * assert.equal(rawTimestamp(1704153600, "epoch"), 1704153600);
 * ```
 */
export function rawTimestamp(
  seconds: number | bigint,
  format: string | undefined,
): string | number {
  if (format === "epoch") return Number(seconds);
  const iso = isoTimestamp(seconds);
  return format === "date" && /^\d{4}-\d\d-\d\dT/.test(iso) ? iso.slice(0, 10) : iso;
}

/**
 * One value as a TSV field: raw, with tabs and line breaks inside strings
 * turned into spaces so that a row stays one line.
 *
 * @example
 * ```ts
 * import { tsvField } from "./typed_text.ts";
 * import assert from "node:assert/strict";
 * const size = { id: 1, name: "size", type: "uint64" as const, format: "human_bytes" };
 * assert.equal(tsvField(4096, size), "4096");
 * assert.equal(tsvField("a\tb", undefined), "a b");
 * ```
 */
export function tsvField(value: unknown, column: Column | undefined): string {
  if (value === null || value === undefined) return "";
  if (column?.type === "timestamp" && isNumeric(value)) {
    return String(rawTimestamp(value, column.format));
  }
  switch (typeof value) {
    case "string":
      return value.replace(/[\t\n\r]/g, " ");
    case "number":
    case "bigint":
    case "boolean":
      return String(value);
  }
  if (value instanceof Uint8Array) return hex(value);
  return jsonText(value).replace(/[\t\n\r]/g, " ");
}

/**
 * One value as JSON: numbers as numbers (64-bit integers keep every digit),
 * booleans, null, strings; timestamps as {@linkcode rawTimestamp} gives them;
 * bytes as a hex string.
 *
 * @example
 * ```ts
 * import { jsonField } from "./typed_text.ts";
 * import assert from "node:assert/strict";
 * assert.equal(jsonField(2n ** 63n - 1n, undefined), "9223372036854775807");
 * const when = { id: 2, name: "modified", type: "timestamp" as const, format: "relative_time" };
 * assert.equal(jsonField(0, when), '"1970-01-01T00:00:00Z"');
 * assert.equal(jsonField(NaN, undefined), "null");
 * ```
 */
export function jsonField(value: unknown, column: Column | undefined): string {
  if (value === null || value === undefined) return "null";
  if (column?.type === "timestamp" && isNumeric(value)) {
    return JSON.stringify(rawTimestamp(value, column.format)) ?? "null";
  }
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
  }
  if (value instanceof Uint8Array) return JSON.stringify(hex(value));
  return jsonText(value);
}

/**
 * A row as one JSON object keyed by column name, values typed.
 *
 * @example
 * ```ts
 * import { jsonRow } from "./typed_text.ts";
 * import assert from "node:assert/strict";
 * const cols = [{ id: 0, name: "name", type: "string" as const }, { id: 1, name: "n", type: "int64" as const }];
 * assert.equal(jsonRow(["a", 1], cols), '{"name":"a","n":1}');
 * ```
 */
export function jsonRow(
  values: readonly unknown[],
  columns: readonly Column[] | undefined,
): string {
  const keys = columns ? keysOf(columns) : undefined;
  const n = columns ? columns.length : values.length;
  let out = "{";
  for (let i = 0; i < n; i++) {
    const col = columns?.[i];
    out += (keys ? keys[i] : `${i ? "," : ""}"c${i + 1}":`) + jsonField(values[i], col);
  }
  return out + "}";
}

// `"name":` (with the comma before all but the first) per schema, made once.
const keyCache = new WeakMap<readonly Column[], string[]>();
function keysOf(columns: readonly Column[]): string[] {
  let keys = keyCache.get(columns);
  if (!keys) {
    keys = columns.map((c, i) => `${i ? "," : ""}${JSON.stringify(c.name)}:`);
    keyCache.set(columns, keys);
  }
  return keys;
}

function isNumeric(v: unknown): v is number | bigint {
  return typeof v === "number" || typeof v === "bigint";
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => typeof v === "bigint" ? v.toString() : v) ?? "null";
  } catch {
    return JSON.stringify(String(value));
  }
}
