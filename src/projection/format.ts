/**
 * How data values print in the text projection: the column's `format` hint,
 * else a default by column type (decisions.md, "Text projection").
 *
 * @module
 */
import type { Column } from "../protocol/messages/types.ts";

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/**
 * 1024-based size with one decimal: `892 B`, `47.1 KiB`.
 *
 * @example
 * ```ts
 * import { humanBytes } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(humanBytes(892), "892 B");
 * assert.equal(humanBytes(48231), "47.1 KiB");
 * ```
 */
export function humanBytes(value: number | bigint): string {
  let n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const sign = n < 0 ? "-" : "";
  n = Math.abs(n);
  if (n < 1024) return `${sign}${Math.round(n)} B`;
  let unit = 0;
  while (n >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  let digits = n.toFixed(1);
  // 1023.96 KiB would print as "1024.0 KiB"; step up instead.
  if (digits === "1024.0" && unit < BYTE_UNITS.length - 1) {
    digits = (n / 1024).toFixed(1);
    unit++;
  }
  return `${sign}${digits} ${BYTE_UNITS[unit]}`;
}

/**
 * Time from `seconds` (since the epoch) to `nowMs`, as `42s ago`, `3m ago`,
 * `5h ago`, `2d ago`, `4mo ago`, `1y ago`, `just now`, or `in 3m` for the future.
 *
 * @example
 * ```ts
 * import { relativeTime } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(relativeTime(1000, 1000_000 + 180_000), "3m ago");
 * ```
 */
export function relativeTime(seconds: number | bigint, nowMs: number): string {
  const delta = Math.round(nowMs / 1000 - Number(seconds));
  if (!Number.isFinite(delta)) return String(seconds);
  const abs = Math.abs(delta);
  if (abs < 1) return "just now";
  let text: string;
  if (abs < 60) text = `${abs}s`;
  else if (abs < 3600) text = `${Math.floor(abs / 60)}m`;
  else if (abs < 86400) text = `${Math.floor(abs / 3600)}h`;
  else if (abs < 30 * 86400) text = `${Math.floor(abs / 86400)}d`;
  else if (abs < 365 * 86400) text = `${Math.floor(abs / (30 * 86400))}mo`;
  else text = `${Math.floor(abs / (365 * 86400))}y`;
  return delta > 0 ? `${text} ago` : `in ${text}`;
}

/**
 * A fraction as a percentage: 0.42 -> `42%`, 0.425 -> `42.5%`.
 *
 * @example
 * ```ts
 * import { percent } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(percent(0.42), "42%");
 * assert.equal(percent(0.4251), "42.5%");
 * ```
 */
export function percent(value: number | bigint): string {
  const p = Number(value) * 100;
  if (!Number.isFinite(p)) return String(value);
  const rounded = Math.round(p * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/**
 * ISO 8601 UTC for epoch seconds, without milliseconds when they are zero.
 *
 * @example
 * ```ts
 * import { isoTimestamp } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isoTimestamp(1738764180), "2025-02-05T14:03:00Z");
 * ```
 */
export function isoTimestamp(seconds: number | bigint): string {
  const ms = Number(seconds) * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(seconds);
  const iso = d.toISOString();
  return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso;
}

/** Formats that depend on the current time (a projection using them ages). */
export const TIME_DEPENDENT_FORMATS: ReadonlySet<string> = new Set(["relative_time"]);

/**
 * One value as the text projection prints it. Tabs and newlines inside values
 * become spaces so that each row stays one TSV line.
 *
 * @example
 * ```ts
 * import { formatValue } from "./format.ts";
 * import assert from "node:assert/strict";
 * const col = { id: 1, name: "size", type: "uint64" as const, format: "human_bytes" };
 * assert.equal(formatValue(48231, col, 0), "47.1 KiB");
 * assert.equal(formatValue(true, { id: 0, name: "ok", type: "bool" }, 0), "true");
 * ```
 */
export function formatValue(value: unknown, column: Column | undefined, nowMs: number): string {
  if (value === null || value === undefined) return "";
  if (column && (typeof value === "number" || typeof value === "bigint")) {
    switch (column.format) {
      case "human_bytes":
        return humanBytes(value);
      case "relative_time":
        return relativeTime(value, nowMs);
      case "percent":
        return percent(value);
    }
    if (column.type === "timestamp") {
      const iso = isoTimestamp(value);
      // `date`: a day without a time (what a CSV of dates holds).
      return column.format === "date" && /^\d{4}-\d\d-\d\dT/.test(iso) ? iso.slice(0, 10) : iso;
    }
  }
  switch (typeof value) {
    case "string":
      return cleanCell(value);
    case "number":
    case "bigint":
    case "boolean":
      return String(value);
  }
  if (value instanceof Uint8Array) {
    let hex = "";
    for (const b of value) hex += b.toString(16).padStart(2, "0");
    return hex;
  }
  return cleanCell(JSON.stringify(value) ?? String(value));
}

function cleanCell(s: string): string {
  return /[\t\n\r]/.test(s) ? s.replace(/[\t\n\r]/g, " ") : s;
}
