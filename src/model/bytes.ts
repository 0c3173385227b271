/**
 * Estimated memory of decoded values, for the byte budgets of retained rows and
 * trees. The estimates follow V8's sizes on 64-bit (measured in Deno): what
 * matters is that they grow with what a peer sends, so a budget in bytes bounds
 * the memory a session can hold, whatever the shape of its data.
 *
 * @module
 */
import { SlotRef } from "../protocol/slot_ref.ts";

/** A node's own cost besides its props: the node, its index entry and its props object. */
export const NODE_BYTES = 200;
const STRING = 16;
const ARRAY = 32;
const SLOT = 8;
const OBJECT = 56;
const PROPERTY = 16;
const BOX = 32;
const BYTES = 200;

/**
 * Estimated bytes `value` holds (itself and everything it references, shared
 * parts counted each time). O(size of the value).
 *
 * @example
 * ```ts
 * import { estimateBytes } from "./bytes.ts";
 * import assert from "node:assert/strict";
 * assert.equal(estimateBytes("abc"), 19);
 * assert.ok(estimateBytes(["abc", 1]) > 19);
 * ```
 */
export function estimateBytes(value: unknown): number {
  switch (typeof value) {
    case "string":
      // One byte per UTF-16 unit: exact for Latin-1, half for other text.
      return STRING + value.length;
    case "number":
    case "boolean":
    case "undefined":
      return SLOT;
    case "bigint":
      return BOX;
    case "object":
      break;
    default:
      return BOX;
  }
  if (value === null) return SLOT;
  if (Array.isArray(value)) {
    let total = ARRAY + SLOT * value.length;
    for (let i = 0; i < value.length; i++) total += estimateBytes(value[i]);
    return total;
  }
  if (value instanceof Uint8Array) return BYTES + value.byteLength;
  if (value instanceof SlotRef || value instanceof Date) return BOX;
  if (value instanceof Map) {
    let total = OBJECT * 3;
    for (const [k, v] of value) total += PROPERTY + estimateBytes(k) + estimateBytes(v);
    return total;
  }
  let total = OBJECT;
  for (const key in value as Record<string, unknown>) {
    if (!Object.hasOwn(value, key)) continue;
    total += PROPERTY + estimateBytes(key) + estimateBytes((value as Record<string, unknown>)[key]);
  }
  // Tagged and Simple carry their content in fields: counted above.
  return total;
}
