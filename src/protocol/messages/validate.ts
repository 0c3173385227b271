/**
 * Field checkers for message decoding. A failure throws {@linkcode Invalid}
 * carrying the path from the failing field up; each enclosing level prepends
 * its segment with {@linkcode within}, so the success path builds no strings.
 *
 * @module
 */
import { ErrorCode } from "../constants.ts";
import { SlotRef } from "../slot_ref.ts";

/** An internal validation failure; `decodeMessage` turns it into a ViewportError. */
export class Invalid {
  constructor(
    readonly path: (string | number)[],
    readonly detail: string,
    readonly code: ErrorCode = ErrorCode.BAD_MESSAGE,
  ) {}
}

/**
 * Throws an {@linkcode Invalid} for `field`.
 *
 * @example
 * ```ts
 * import { fail, Invalid } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => fail("id", "bad"), Invalid);
 * ```
 */
export function fail(field: string | number, detail: string, code?: ErrorCode): never {
  throw new Invalid([field], detail, code);
}

/**
 * Runs `fn`, prefixing the path of any {@linkcode Invalid} it throws with `segment`.
 *
 * @example
 * ```ts
 * import { fail, Invalid, within } from "./validate.ts";
 * import assert from "node:assert/strict";
 * try { within("root", () => fail("id", "bad")); } catch (e) {
 *   assert.equal((e as Invalid).path.join(), "root,id");
 * }
 * ```
 */
export function within<T>(segment: string | number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Invalid) err.path.unshift(segment);
    throw err;
  }
}

/**
 * Renders a path as `root.children[0].id`.
 *
 * @example
 * ```ts
 * import { formatPath } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatPath(["root", "children", 0, "id"]), "root.children[0].id");
 * ```
 */
export function formatPath(path: (string | number)[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/**
 * A short, safe rendering of a value for error messages.
 *
 * @example
 * ```ts
 * import { describe } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.ok(describe("x".repeat(100)).length < 60);
 * assert.equal(describe([1, 2]), "an array");
 * ```
 */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}`;
  }
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "a byte string";
  if (value instanceof SlotRef) return String(value);
  if (value instanceof Map) return "a map with non-text keys";
  return typeof value === "object" ? "a map" : typeof value;
}

/**
 * True for a plain decoded CBOR map (text keys), as opposed to arrays, byte
 * strings, slot references and other class instances.
 *
 * @example
 * ```ts
 * import { isRecord } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isRecord({ a: 1 }));
 * assert.ok(!isRecord([1]));
 * assert.ok(!isRecord(null));
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Expects a map.
 *
 * @example
 * ```ts
 * import { expectRecord } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.notEqual(expectRecord({}, "value"), undefined);
 * ```
 */
export function expectRecord(value: unknown, field: string | number): Record<string, unknown> {
  if (!isRecord(value)) fail(field, `expected a map, got ${describe(value)}`);
  return value;
}

/**
 * Expects an unsigned integer no larger than `max` (default 2^53-1).
 *
 * @example
 * ```ts
 * import { expectUint } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectUint(7, "id"), 7);
 * ```
 */
export function expectUint(
  value: unknown,
  field: string | number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    fail(field, `expected an unsigned integer 0..${max}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Expects an integer (any sign, safe range).
 *
 * @example
 * ```ts
 * import { expectInt } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectInt(-3, "tab_index"), -3);
 * ```
 */
export function expectInt(value: unknown, field: string | number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    fail(field, `expected an integer, got ${describe(value)}`);
  }
  return value;
}

/**
 * Expects a finite number.
 *
 * @example
 * ```ts
 * import { expectNumber } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectNumber(1.5, "x"), 1.5);
 * ```
 */
export function expectNumber(value: unknown, field: string | number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail(field, `expected a finite number, got ${describe(value)}`);
  }
  return value;
}

/**
 * Expects a text string.
 *
 * @example
 * ```ts
 * import { expectString } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectString("a", "name"), "a");
 * ```
 */
export function expectString(value: unknown, field: string | number): string {
  if (typeof value !== "string") fail(field, `expected a text string, got ${describe(value)}`);
  return value;
}

/**
 * Expects a boolean.
 *
 * @example
 * ```ts
 * import { expectBool } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectBool(true, "gpu"), true);
 * ```
 */
export function expectBool(value: unknown, field: string | number): boolean {
  if (typeof value !== "boolean") fail(field, `expected true or false, got ${describe(value)}`);
  return value;
}

/**
 * Expects one of `choices`.
 *
 * @example
 * ```ts
 * import { expectOneOf } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectOneOf("row", "dir", ["row", "column"] as const), "row");
 * ```
 */
export function expectOneOf<T extends string>(
  value: unknown,
  field: string | number,
  choices: readonly T[],
): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    fail(field, `expected one of ${choices.join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

/**
 * Expects a slot reference (CBOR tag 39). A bare unsigned integer is accepted
 * too and becomes a reference, since hand-written peers often send one.
 *
 * @example
 * ```ts
 * import { expectSlotRef } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectSlotRef(100, "schema").slot, 100);
 * ```
 */
export function expectSlotRef(value: unknown, field: string | number): SlotRef {
  if (value instanceof SlotRef) return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff) {
    return new SlotRef(value);
  }
  fail(field, `expected a slot reference (@N), got ${describe(value)}`);
}

/**
 * Expects an array.
 *
 * @example
 * ```ts
 * import { expectArray } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectArray([], "rows").length, 0);
 * ```
 */
export function expectArray(value: unknown, field: string | number): unknown[] {
  if (!Array.isArray(value)) fail(field, `expected an array, got ${describe(value)}`);
  return value;
}

/** camelCase spellings from the drafts, read as their snake_case names. */
export const CAMEL_ALIASES: Readonly<Record<string, string | undefined>> = Object.freeze(
  Object.assign(Object.create(null), {
    virtualHeight: "virtual_height",
    textAlt: "text_alt",
    tabIndex: "tab_index",
    scrollTop: "scroll_top",
    scrollLeft: "scroll_left",
    borderRadius: "border_radius",
    durationMs: "duration_ms",
    viewportVersion: "viewport_version",
    displayWidth: "display_width",
    displayHeight: "display_height",
    displayUnit: "display_unit",
    pixelDensity: "pixel_density",
    gpuApi: "gpu_api",
    colorDepth: "color_depth",
    videoDecode: "video_decode",
    latencyMs: "latency_ms",
    childrenInsert: "children_insert",
    childrenMove: "children_move",
  }),
);

/**
 * Returns `record` with draft camelCase keys renamed to snake_case (the
 * snake_case key wins if both are present). Returns the same object when there is
 * nothing to rename.
 *
 * @example
 * ```ts
 * import { snakeKeys } from "./validate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(snakeKeys({ textAlt: "x" }).text_alt, "x");
 * ```
 */
export function snakeKeys(record: Record<string, unknown>): Record<string, unknown> {
  let renamed: Record<string, unknown> | undefined;
  for (const key in record) {
    const alias = CAMEL_ALIASES[key];
    if (alias !== undefined) {
      renamed ??= { ...record };
      if (!(alias in record)) renamed[alias] = record[key];
      delete renamed[key];
    }
  }
  return renamed ?? record;
}
