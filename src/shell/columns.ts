/**
 * Schemas for `viewport table`: the `--columns` flag, inference from a sample
 * of rows, and conversion of text fields to typed values.
 *
 * @module
 */
import { COLUMN_TYPES, type ColumnType } from "../protocol/messages/types.ts";

/** A column as `viewport table` builds it. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  format?: string;
}

/**
 * Parses `name:type[:format],...`.
 *
 * @example
 * ```ts
 * import { parseColumnsFlag } from "./columns.ts";
 * import assert from "node:assert/strict";
 * const cols = parseColumnsFlag("name:string,size:uint64:human_bytes");
 * assert.equal(cols[1].format, "human_bytes");
 * ```
 */
export function parseColumnsFlag(text: string): ColumnSpec[] {
  const out: ColumnSpec[] = [];
  for (const [i, part] of text.split(",").entries()) {
    const [name, type, format, ...rest] = part.trim().split(":");
    if (!name || !type || rest.length > 0) {
      throw new TypeError(
        `--columns entry ${
          i + 1
        } '${part}' is not name:type[:format] (e.g. size:uint64:human_bytes)`,
      );
    }
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
      throw new TypeError(
        `--columns entry ${i + 1}: unknown type '${type}' (expected one of: ${
          COLUMN_TYPES.join(", ")
        })`,
      );
    }
    out.push(
      format ? { name, type: type as ColumnType, format } : { name, type: type as ColumnType },
    );
  }
  return out;
}

const INT = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const BOOL = /^(?:true|false)$/i;
const ISO = /^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/;

const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;

/**
 * Infers column types from sample rows of text fields: integers, floats,
 * booleans, ISO 8601 timestamps (format `date` when every value is a date
 * without a time, so `2024-01-02` prints as it came), else strings. Empty
 * fields are ignored.
 *
 * @example
 * ```ts
 * import { inferColumns } from "./columns.ts";
 * import assert from "node:assert/strict";
 * const cols = inferColumns(["n", "x", "when"], [["1", "1.5", "2024-01-02"], ["2", "", "2024-01-03T10:00:00Z"]]);
 * assert.equal(cols.map((c) => c.type).join(), "int64,float64,timestamp");
 * ```
 */
export function inferColumns(
  names: readonly string[],
  sample: readonly (readonly string[])[],
): ColumnSpec[] {
  return names.map((name, c) => {
    let int = true, float = true, bool = true, iso = true, dateOnly = true, seen = false;
    for (const row of sample) {
      const v = row[c];
      if (v === undefined || v === "") continue;
      seen = true;
      if (int && !INT.test(v)) int = false;
      if (float && !FLOAT.test(v)) float = false;
      if (bool && !BOOL.test(v)) bool = false;
      if (iso && !(ISO.test(v) && !Number.isNaN(Date.parse(v)))) iso = false;
      if (iso && dateOnly && !DATE_ONLY.test(v)) dateOnly = false;
      if (!int && !float && !bool && !iso) break;
    }
    const type: ColumnType = !seen
      ? "string"
      : int
      ? "int64"
      : float
      ? "float64"
      : bool
      ? "bool"
      : iso
      ? "timestamp"
      : "string";
    return type === "timestamp" && dateOnly ? { name, type, format: "date" } : { name, type };
  });
}

/**
 * Infers columns from sample JSON records (objects: keys in first-seen order;
 * arrays: positions).
 *
 * @example
 * ```ts
 * import { inferJsonColumns } from "./columns.ts";
 * import assert from "node:assert/strict";
 * const cols = inferJsonColumns([{ a: 1, b: "x" }, { a: 2.5, c: true }]);
 * assert.equal(cols.map((c) => `${c.name}:${c.type}`).join(), "a:float64,b:string,c:bool");
 * ```
 */
export function inferJsonColumns(sample: readonly unknown[]): ColumnSpec[] {
  const names: string[] = [];
  const types = new Map<string, Set<string>>();
  for (const rec of sample) {
    const entries = Array.isArray(rec)
      ? rec.map((v, i) => [`c${i + 1}`, v] as const)
      : rec && typeof rec === "object"
      ? Object.entries(rec)
      : [["value", rec] as const];
    for (const [k, v] of entries) {
      if (!types.has(k)) {
        names.push(k);
        types.set(k, new Set());
      }
      if (v !== null && v !== undefined) {
        types.get(k)!.add(
          typeof v === "number" ? (Number.isInteger(v) ? "int" : "float") : typeof v,
        );
      }
    }
  }
  return names.map((name) => {
    const t = types.get(name)!;
    const only = (...allowed: string[]) => t.size > 0 && [...t].every((x) => allowed.includes(x));
    const type: ColumnType = only("int")
      ? "int64"
      : only("int", "float")
      ? "float64"
      : only("boolean")
      ? "bool"
      : "string";
    return { name, type };
  });
}

/**
 * Converts text fields to typed values for `columns`. Empty fields and fields
 * that do not fit the column's type become null (documented: inference looks at
 * a sample, and later rows may disagree).
 *
 * @example
 * ```ts
 * import { fieldConverter } from "./columns.ts";
 * import assert from "node:assert/strict";
 * const conv = fieldConverter([{ name: "n", type: "int64" }, { name: "s", type: "string" }]);
 * const row = conv(["42", "x", "extra"]);
 * assert.equal(row[0], 42);
 * assert.equal(row[1], "x");
 * assert.equal(row.length, 2);
 * ```
 */
export function fieldConverter(
  columns: readonly ColumnSpec[],
): (fields: readonly string[]) => unknown[] {
  const convs = columns.map((c) => CONVERT[c.type]);
  const n = columns.length;
  return (fields) => {
    const row = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = fields[i];
      row[i] = v === undefined || v === "" ? null : convs[i](v);
    }
    return row;
  };
}

/**
 * Converts a JSON record (object or array) to a positional row for `columns`.
 *
 * @example
 * ```ts
 * import { jsonConverter } from "./columns.ts";
 * import assert from "node:assert/strict";
 * const conv = jsonConverter([{ name: "a", type: "int64" }, { name: "b", type: "string" }]);
 * assert.deepEqual(conv({ b: "x", a: 1 }), [1, "x"]);
 * ```
 */
export function jsonConverter(columns: readonly ColumnSpec[]): (record: unknown) => unknown[] {
  const names = columns.map((c) => c.name);
  const fit = columns.map((c) => (v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    switch (c.type) {
      case "int64":
      case "uint64":
        return typeof v === "number" && Number.isInteger(v) ? v : null;
      case "float64":
      case "timestamp":
      case "duration":
        return typeof v === "number" ? v : null;
      case "bool":
        return typeof v === "boolean" ? v : null;
      case "string":
        return typeof v === "string" ? v : JSON.stringify(v);
      default:
        return null;
    }
  });
  return (rec) => {
    if (Array.isArray(rec)) return names.map((_, i) => fit[i](rec[i]));
    if (rec && typeof rec === "object") {
      const o = rec as Record<string, unknown>;
      return names.map((k, i) => fit[i](o[k]));
    }
    return names.map((_, i) => (i === 0 ? fit[0](rec) : null));
  };
}

const CONVERT: Record<ColumnType, (v: string) => unknown> = {
  string: (v) => v,
  bool: (v) => (BOOL.test(v) ? v.toLowerCase() === "true" : null),
  int64: toInt,
  uint64: (v) => {
    const n = toInt(v);
    return n === null || n < 0 ? null : n;
  },
  float64: (v) => (FLOAT.test(v) ? Number(v) : null),
  duration: (v) => (FLOAT.test(v) ? Number(v) : null),
  timestamp: (v) => {
    if (FLOAT.test(v)) return Number(v);
    const ms = ISO.test(v) ? Date.parse(v) : NaN;
    return Number.isNaN(ms) ? null : ms / 1000;
  },
  bytes: (v) => new TextEncoder().encode(v),
};

function toInt(v: string): number | bigint | null {
  if (!INT.test(v)) return null;
  const n = Number(v);
  if (Number.isSafeInteger(n)) return n;
  const b = BigInt(v);
  return b >= -(2n ** 63n) && b < 2n ** 63n ? b : null;
}
