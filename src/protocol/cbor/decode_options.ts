/**
 * Limits and statistics of the CBOR decoder ({@linkcode decodeCbor}): what a
 * caller may tune and what one decode reports.
 *
 * @module
 */

/**
 * Options for {@linkcode decodeCbor}.
 *
 * @example
 * ```ts
 * import { decodeCbor, type DecodeOptions } from "./decode.ts";
 * import assert from "node:assert/strict";
 * const options: DecodeOptions = { maxDepth: 8, maxItems: 1000, maxBignumBytes: 64 };
 * assert.deepEqual(decodeCbor(new Uint8Array([0x81, 0x00]), options), [0]);
 * ```
 */
export interface DecodeOptions {
  /** Maximum nesting of arrays, maps and tags. Default 512. */
  maxDepth?: number;
  /**
   * Maximum total number of array elements plus map keys and values in one input
   * (the top-level item is not counted). Default 4,194,304.
   */
  maxItems?: number;
  /** Maximum length of a tag 2/3 bignum's byte string. Default 1024 (8192 bits). */
  maxBignumBytes?: number;
  /**
   * Most chunks in one indefinite-length string (each also counts against
   * `maxItems`). Default {@linkcode DEFAULT_MAX_CHUNKS}: encoders stream a few
   * chunks, not millions of empty ones.
   */
  maxChunks?: number;
  /**
   * Map keys must be text strings (the Viewport protocol's rule): any other key
   * is `bad_cbor` at its first byte, before it is decoded. Default false (any
   * key; a map with a non-text key becomes a `Map`).
   */
  textKeys?: boolean;
  /**
   * Estimated bytes of memory the decoded value may take (V8's sizes of the
   * objects, arrays, strings and byte strings made); beyond it, `too_large`.
   * Default {@linkcode DEFAULT_ALLOC_PER_BYTE} per input byte plus
   * {@linkcode DEFAULT_ALLOC_BASE}: proportional to the input, so that a frame
   * of tiny items (empty byte strings take ~200 bytes each) cannot become
   * gigabytes.
   */
  maxAllocation?: number;
  /** Filled in with what the decode cost, also when it throws. */
  stats?: DecodeStats;
}

/**
 * What one decode cost: filled in when passed as {@linkcode DecodeOptions.stats}.
 *
 * @example
 * ```ts
 * import { decodeCbor, DecodeStats } from "./decode.ts";
 * import assert from "node:assert/strict";
 * const stats = new DecodeStats();
 * decodeCbor(new Uint8Array([0x82, 0x01, 0x41, 0x00]), { stats });
 * assert.equal(stats.items, 2);
 * assert.ok(stats.allocated > 200);
 * assert.equal(stats.offset, 4);
 * ```
 */
export class DecodeStats {
  /** Items counted against `maxItems` (array elements, map keys and values, string chunks). */
  items = 0;
  /** Estimated bytes of memory made, counted against `maxAllocation`. */
  allocated = 0;
  /** Input bytes read to compare composite map keys (each at most once). */
  keyBytes = 0;
  /** Where decoding stopped, relative to the item's start. */
  offset = 0;
}

/**
 * Default {@linkcode DecodeOptions.maxDepth}.
 *
 * @example
 * ```ts
 * import { DEFAULT_DECODE_MAX_DEPTH } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_DECODE_MAX_DEPTH, 512);
 * ```
 */
export const DEFAULT_DECODE_MAX_DEPTH = 512;
/**
 * Default {@linkcode DecodeOptions.maxItems}: room for a million-row, three-column
 * table, while a 16 MiB frame of one-byte items cannot become gigabytes of objects.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_ITEMS } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_MAX_ITEMS, 4_194_304);
 * ```
 */
export const DEFAULT_MAX_ITEMS = 1 << 22;
/**
 * Default {@linkcode DecodeOptions.maxBignumBytes}.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_BIGNUM_BYTES } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_MAX_BIGNUM_BYTES, 1024);
 * ```
 */
export const DEFAULT_MAX_BIGNUM_BYTES = 1024;
/**
 * Default {@linkcode DecodeOptions.maxChunks}.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_CHUNKS } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_MAX_CHUNKS, 65_536);
 * ```
 */
export const DEFAULT_MAX_CHUNKS = 65_536;
/**
 * Default allocation budget per input byte (see {@linkcode DecodeOptions.maxAllocation}):
 * ordinary payloads take 3-16 bytes of memory per byte (a row of three small
 * integers, 4 bytes on the wire, is a 56-byte array), while empty byte strings,
 * maps and arrays take 40-200.
 *
 * @example
 * ```ts
 * import { DEFAULT_ALLOC_PER_BYTE } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_ALLOC_PER_BYTE, 32);
 * ```
 */
export const DEFAULT_ALLOC_PER_BYTE = 32;
/**
 * Allocation budget every input gets on top of {@linkcode DEFAULT_ALLOC_PER_BYTE}.
 *
 * @example
 * ```ts
 * import { DEFAULT_ALLOC_BASE } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_ALLOC_BASE, 1 << 20);
 * ```
 */
export const DEFAULT_ALLOC_BASE = 1 << 20;
