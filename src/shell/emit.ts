/**
 * `viewport emit`: arbitrary messages written as JSON, with slot references as
 * `{"$slot": 12}` and bytes as `{"$bytes": "<base64>"}`.
 *
 * @module
 */
import { MessageType } from "../protocol/constants.ts";
import { decodeMessage } from "../protocol/messages/decode.ts";
import type { Message } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";

const NAMES = Object.keys(MessageType) as (keyof typeof MessageType)[];

/**
 * Resolves a message type given as a name (any case) or a number (`3`, `0x03`).
 *
 * @example
 * ```ts
 * import { messageTypeFromText } from "./emit.ts";
 * import assert from "node:assert/strict";
 * assert.equal(messageTypeFromText("patch"), 3);
 * assert.equal(messageTypeFromText("0x0a"), 10);
 * ```
 */
export function messageTypeFromText(text: string): number {
  const upper = text.trim().toUpperCase();
  if (upper in MessageType) return MessageType[upper as keyof typeof MessageType];
  const n = /^(0X[0-9A-F]+|\d+)$/.test(upper) ? Number(upper.toLowerCase()) : NaN;
  if (Object.values(MessageType).includes(n as never)) return n;
  throw new TypeError(
    `unknown message type '${text}' (expected one of: ${NAMES.join(", ")}, or 1-11)`,
  );
}

/**
 * Turns parsed JSON into a payload value: `{"$slot": N}` becomes a slot
 * reference, `{"$bytes": "base64"}` a byte string.
 *
 * @example
 * ```ts
 * import { fromJson } from "./emit.ts";
 * import { SlotRef } from "../protocol/slot_ref.ts";
 * import assert from "node:assert/strict";
 * const v = fromJson({ schema: { $slot: 12 } }) as { schema: SlotRef };
 * assert.ok(v.schema instanceof SlotRef);
 * assert.equal(v.schema.slot, 12);
 * ```
 */
export function fromJson(value: unknown, path = "$"): unknown {
  if (Array.isArray(value)) return value.map((v, i) => fromJson(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === "$slot") {
    const slot = o.$slot;
    if (typeof slot !== "number" || !Number.isSafeInteger(slot) || slot < 0) {
      throw new TypeError(
        `${path}: {"$slot": ...} needs a non-negative integer, got ${JSON.stringify(slot)}`,
      );
    }
    return new SlotRef(slot);
  }
  if (keys.length === 1 && keys[0] === "$bytes") {
    if (typeof o.$bytes !== "string") {
      throw new TypeError(`${path}: {"$bytes": ...} needs a base64 string`);
    }
    try {
      return Uint8Array.from(atob(o.$bytes), (c) => c.charCodeAt(0));
    } catch {
      throw new TypeError(`${path}: {"$bytes": ...} is not valid base64`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = fromJson(o[k], `${path}.${k}`);
  return out;
}

/**
 * Builds a validated message from a type and a JSON payload.
 *
 * @example
 * ```ts
 * import { messageFromJson } from "./emit.ts";
 * import assert from "node:assert/strict";
 * const m = messageFromJson("DATA", '{"schema": {"$slot": 130}, "row": ["a", 1]}');
 * assert.equal(m.type, "DATA");
 * assert.equal(m.schema?.slot, 130);
 * ```
 */
export function messageFromJson(type: string, json: string | unknown): Message {
  const code = messageTypeFromText(type);
  let value: unknown = json;
  if (typeof json === "string") {
    try {
      value = json.trim() === "" ? {} : JSON.parse(json);
    } catch (err) {
      throw new SyntaxError(`the ${type} payload is not valid JSON: ${(err as Error).message}`);
    }
  }
  // The wire form of PATCH is a patch or an array of patches; `{"patches": [...]}`
  // (the SDK's shape) is accepted too.
  if (
    code === MessageType.PATCH && value && typeof value === "object" && !Array.isArray(value) &&
    Array.isArray((value as { patches?: unknown }).patches)
  ) value = (value as { patches: unknown[] }).patches;
  return decodeMessage(code, fromJson(value));
}

/**
 * Parses one `--jsonl` line: `{"type": "PATCH", ...payload}`.
 *
 * @example
 * ```ts
 * import { messageFromJsonLine } from "./emit.ts";
 * import assert from "node:assert/strict";
 * const m = messageFromJsonLine('{"type": "TREE", "root": {"id": 1, "type": "text", "content": "hi"}}');
 * assert.equal(m.type, "TREE");
 * ```
 */
export function messageFromJsonLine(line: string): Message {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new SyntaxError(`not valid JSON: ${(err as Error).message}`);
  }
  if (
    !value || typeof value !== "object" || Array.isArray(value) ||
    typeof (value as { type?: unknown }).type !== "string"
  ) {
    throw new TypeError(
      `expected an object with a "type" field naming the message (e.g. {"type": "PATCH", ...})`,
    );
  }
  const { type, ...payload } = value as Record<string, unknown>;
  return messageFromJson(type as string, payload);
}
