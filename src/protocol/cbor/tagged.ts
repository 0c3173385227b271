/**
 * Carriers for CBOR data items that have no native JavaScript form: tags the codec
 * does not interpret, and simple values without an assigned meaning. Keeping them
 * as objects (instead of dropping the tag or failing) lets them round trip.
 *
 * @module
 */

const MAX_U64 = 0xffff_ffff_ffff_ffffn;

/**
 * A CBOR tag (major type 6) that the codec does not interpret, around its content.
 * Tags 0, 1 (dates), 2, 3 (bignums) and 39 (slot references) decode to `Date`,
 * `bigint` and `SlotRef` instead.
 *
 * @example
 * ```ts
 * import { Tagged } from "./tagged.ts";
 * import assert from "node:assert/strict";
 * const uri = new Tagged(32, "http://www.example.com");
 * assert.equal(uri.tag, 32);
 * assert.equal(uri.value, "http://www.example.com");
 * ```
 */
export class Tagged<T = unknown> {
  /** The tag number, 0..2^64-1; a `bigint` only when it is beyond 2^53-1. */
  readonly tag: number | bigint;
  /** The tag content. */
  readonly value: T;

  /**
   * Wraps `value` in tag `tag`.
   *
   * @throws {RangeError} when `tag` is not an integer 0..2^64-1.
   *
   * @example
   * ```ts
   * import { Tagged } from "./tagged.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new Tagged(2n ** 64n - 1n, null).tag, 18446744073709551615n);
   * ```
   */
  constructor(tag: number | bigint, value: T) {
    const ok = typeof tag === "bigint"
      ? tag >= 0n && tag <= MAX_U64
      : Number.isSafeInteger(tag) && tag >= 0;
    if (!ok) {
      throw new RangeError(`CBOR tag must be an integer 0..2^64-1, got ${String(tag)}`);
    }
    this.tag = tag;
    this.value = value;
  }
}

/**
 * True when `value` is usable as a {@linkcode Simple} value: 0..19 or 32..255.
 * 20..23 are false, true, null and undefined; 24..31 are reserved by RFC 8949.
 *
 * @example
 * ```ts
 * import { isSimpleValue } from "./tagged.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isSimpleValue(16));
 * assert.ok(isSimpleValue(255));
 * assert.ok(!isSimpleValue(20));
 * ```
 */
export function isSimpleValue(value: number): boolean {
  return Number.isInteger(value) && (value >= 0 && value <= 19 || value >= 32 && value <= 255);
}

/**
 * An unassigned CBOR simple value (major type 7), such as `simple(16)`.
 *
 * @example
 * ```ts
 * import { Simple } from "./tagged.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new Simple(16).value, 16);
 * assert.equal(String(new Simple(255)), "simple(255)");
 * ```
 */
export class Simple {
  /** The simple value number: 0..19 or 32..255. */
  readonly value: number;

  /**
   * The simple value `value`.
   *
   * @throws {RangeError} unless `value` is 0..19 or 32..255.
   *
   * @example
   * ```ts
   * import { Simple } from "./tagged.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new Simple(32).value, 32);
   * ```
   */
  constructor(value: number) {
    if (!isSimpleValue(value)) {
      throw new RangeError(`CBOR simple value must be 0..19 or 32..255, got ${String(value)}`);
    }
    this.value = value;
  }

  /**
   * `simple(N)`, the diagnostic notation of RFC 8949.
   *
   * @example
   * ```ts
   * import { Simple } from "./tagged.ts";
   * import assert from "node:assert/strict";
   * assert.equal(`${new Simple(0)}`, "simple(0)");
   * ```
   */
  toString(): string {
    return `simple(${this.value})`;
  }
}
