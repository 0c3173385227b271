/// <reference lib="dom" />
/**
 * One table cell as a person reads it on a web page: numbers right-aligned,
 * timestamps in the reader's locale and time zone (the exact UTC value on
 * hover), and the text projection's formats (`human_bytes`,
 * `relative_time`, `percent`) kept.
 *
 * @module
 */
import type { Column } from "../../../src/protocol/messages/types.ts";
import { formatValue, isoTimestamp } from "../../../src/projection/format.ts";

const NUMERIC_TYPES: ReadonlySet<string> = new Set(["int64", "uint64", "float64", "duration"]);

/**
 * True for columns whose values line up on the right: numbers, sizes,
 * percentages (not timestamps, which read left to right like text).
 *
 * @example
 * ```ts
 * import { isNumeric } from "./table_cells.ts";
 * if (!isNumeric({ id: 0, name: "size", type: "uint64", format: "human_bytes" })) throw new Error();
 * if (isNumeric({ id: 1, name: "when", type: "timestamp" })) throw new Error();
 * ```
 */
export function isNumeric(column: Column | undefined): boolean {
  if (!column) return false;
  if (column.type === "timestamp") return false;
  return NUMERIC_TYPES.has(column.type) || column.format === "percent" ||
    column.format === "human_bytes";
}

/** A cell's shown text and, where it says less than the value, the exact one for `title`. */
export interface CellText {
  text: string;
  /** The exact value (a timestamp in ISO 8601 UTC), when the text rounds or localizes it. */
  exact?: string;
  /** For timestamps: the `datetime` of a `<time>` element. */
  datetime?: string;
}

let dateFormat: Intl.DateTimeFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;

/**
 * The text of `value` in `column`: timestamps without a format in the
 * reader's locale (`date`: the day only), everything else as the text
 * projection formats it.
 *
 * @example
 * ```ts
 * import { cellText } from "./table_cells.ts";
 * const c = cellText(0, { id: 0, name: "t", type: "timestamp" }, 0);
 * if (c.exact !== "1970-01-01T00:00:00Z" || c.datetime !== c.exact) throw new Error();
 * ```
 */
export function cellText(value: unknown, column: Column | undefined, nowMs: number): CellText {
  const text = formatValue(value, column, nowMs);
  if (column?.type !== "timestamp" || (typeof value !== "number" && typeof value !== "bigint")) {
    return { text };
  }
  const ms = Number(value) * 1000;
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) return { text };
  const iso = isoTimestamp(value);
  if (column.format === "relative_time") {
    return { text, exact: `${local(ms, false)} (${iso})`, datetime: iso };
  }
  if (column.format === undefined || column.format === "date") {
    return { text: local(ms, column.format === "date"), exact: iso, datetime: iso };
  }
  return { text, exact: iso, datetime: iso };
}

function local(ms: number, dayOnly: boolean): string {
  if (dayOnly) {
    dayFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
    return dayFormat.format(ms);
  }
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return dateFormat.format(ms);
}

/** A cell element for `c` (a `<time>` inside for timestamps). */
export function cellElement(c: CellText, role: string, numeric: boolean): HTMLElement {
  const el = document.createElement("div");
  el.className = numeric ? "vp-cell vp-num" : "vp-cell";
  el.setAttribute("role", role);
  if (c.datetime) {
    const t = document.createElement("time");
    t.dateTime = c.datetime;
    t.textContent = c.text;
    if (c.exact) t.title = c.exact;
    el.append(t);
  } else el.textContent = c.text;
  return el;
}
