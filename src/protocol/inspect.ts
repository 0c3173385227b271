/**
 * Readable, JSON-like rendering of decoded payloads for tools and logs: slot
 * references as `@N`, byte strings as `h'0a0b'`, bigints as plain digits.
 *
 * @module
 */
import { messageTypeName } from "./constants.ts";
import { SlotRef } from "./slot_ref.ts";
import { Simple, Tagged } from "./cbor/tagged.ts";

/** Options for {@linkcode inspectValue}. */
export interface InspectOptions {
  /** Longest byte string shown in full; longer ones are cut with `…`. Default 32. */
  maxBytes?: number;
  /** Deepest nesting shown; deeper parts print as `…`. Default 64. */
  maxDepth?: number;
}

/**
 * Renders a decoded CBOR value on one line.
 *
 * @example
 * ```ts
 * import { inspectValue } from "./inspect.ts";
 * import { slot } from "./slot_ref.ts";
 * import assert from "node:assert/strict";
 * assert.equal(inspectValue({ schema: slot(100), row: ["a", 1n] }), '{schema: @100, row: ["a", 1]}');
 * ```
 */
export function inspectValue(value: unknown, options: InspectOptions = {}): string {
  return render(value, options.maxBytes ?? 32, options.maxDepth ?? 64, 0);
}

/**
 * Renders one frame as a line: the type name, then the payload.
 *
 * @example
 * ```ts
 * import { inspectFrame } from "./inspect.ts";
 * import assert from "node:assert/strict";
 * assert.equal(inspectFrame(3, { target: 3, remove: true }), "PATCH {target: 3, remove: true}");
 * ```
 */
export function inspectFrame(type: number, payload: unknown, options?: InspectOptions): string {
  const name = messageTypeName(type) ?? `UNKNOWN(0x${type.toString(16).padStart(2, "0")})`;
  return `${name} ${inspectValue(payload, options)}`;
}

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function render(v: unknown, maxBytes: number, maxDepth: number, depth: number): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Object.is(v, -0) ? "-0.0" : String(v);
    case "bigint":
    case "boolean":
      return String(v);
    case "undefined":
      return "undefined";
  }
  if (v === null) return "null";
  if (depth >= maxDepth) return "…";
  if (v instanceof SlotRef) return `@${v.slot}`;
  if (v instanceof Uint8Array) {
    let hex = "";
    const n = Math.min(v.length, maxBytes);
    for (let i = 0; i < n; i++) hex += v[i].toString(16).padStart(2, "0");
    return `h'${hex}${v.length > n ? `…(${v.length} bytes)` : ""}'`;
  }
  if (v instanceof Date) return `date(${JSON.stringify(v.toISOString())})`;
  if (Array.isArray(v)) {
    return `[${v.map((x) => render(x, maxBytes, maxDepth, depth + 1)).join(", ")}]`;
  }
  if (v instanceof Map) {
    const parts: string[] = [];
    for (const [k, x] of v) {
      parts.push(
        `${render(k, maxBytes, maxDepth, depth + 1)}: ${render(x, maxBytes, maxDepth, depth + 1)}`,
      );
    }
    return `{${parts.join(", ")}}`;
  }
  if (typeof v === "object") {
    if (v instanceof Tagged) return `${v.tag}(${render(v.value, maxBytes, maxDepth, depth + 1)})`;
    if (v instanceof Simple) return `simple(${v.value})`;
    const rec = v as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(rec)) {
      const key = BARE_KEY.test(k) ? k : JSON.stringify(k);
      parts.push(`${key}: ${render(rec[k], maxBytes, maxDepth, depth + 1)}`);
    }
    return `{${parts.join(", ")}}`;
  }
  return String(v);
}
