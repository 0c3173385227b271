/**
 * Retained rows whose text is kept as UTF-8 bytes outside the JS heap.
 *
 * A viewer keeps up to its byte budget of rows (64 MiB a session by default)
 * and drops the oldest as new ones arrive. Kept as JS strings, every large
 * value outlives the young generation and is copied into the old one, and a
 * stream of them (10,000 rows of 64 KiB) made each young-generation collection
 * copy 24 MB into fresh old-space pages: 60-120 ms pauses on this machine,
 * where a page fault costs about 12 µs. Kept as bytes in an `ArrayBuffer`
 * (memory V8 does not move), a row costs the collector a few small objects,
 * and the strings made while decoding die young, where they cost nothing.
 *
 * @module
 */

/** Rows of at least this many estimated bytes are packed. */
export const PACK_MIN = 1024;
/** Strings shorter than this stay strings in a packed row. */
const PACK_TEXT = 32;

const encoder = new TextEncoder();
// `ignoreBOM`: a value that starts with U+FEFF keeps it.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Marks, in a packed row's shape, a value that is text in `bytes`. */
const TEXT: unique symbol = Symbol("packed text");

/**
 * A row with its longer strings moved into one byte buffer; `unpack` gives an
 * equal row back (a new array each time).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PackedRow } from "./_packed_row.ts";
 * const row = [1, "x".repeat(2000), null, "short", "é".repeat(40)];
 * const packed = PackedRow.from(row)!;
 * assert.deepEqual(packed.unpack(), row);
 * assert.equal(packed.texts, 2);
 * ```
 */
export class PackedRow {
  readonly #shape: unknown[];
  readonly #ends: number[];
  readonly #bytes: Uint8Array;

  private constructor(shape: unknown[], ends: number[], bytes: Uint8Array) {
    this.#shape = shape;
    this.#ends = ends;
    this.#bytes = bytes;
  }

  /**
   * `row` with its strings of 32 or more UTF-16 units packed, or `undefined`
   * when it has none (a string that is not well-formed UTF-16, such as a lone
   * surrogate, stays as it is: UTF-8 cannot hold it).
   */
  static from(row: readonly unknown[]): PackedRow | undefined {
    let parts: Uint8Array[] | undefined;
    let shape: unknown[] | undefined;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v !== "string" || v.length < PACK_TEXT || !isWellFormed(v)) continue;
      shape ??= row.slice();
      shape[i] = TEXT;
      (parts ??= []).push(encoder.encode(v));
    }
    if (!parts || !shape) return undefined;
    const ends: number[] = new Array(parts.length);
    let total = 0;
    for (let k = 0; k < parts.length; k++) ends[k] = total += parts[k].length;
    let bytes = parts[0];
    if (parts.length > 1) {
      bytes = new Uint8Array(total);
      for (let k = 0; k < parts.length; k++) bytes.set(parts[k], k === 0 ? 0 : ends[k - 1]);
    }
    return new PackedRow(shape, ends, bytes);
  }

  /** How many values are packed as text. */
  get texts(): number {
    return this.#ends.length;
  }

  /** The row as it was given (equal values, a new array). */
  unpack(): unknown[] {
    const row = this.#shape.slice();
    const bytes = this.#bytes, ends = this.#ends;
    let k = 0;
    for (let i = 0; i < row.length; i++) {
      if (row[i] !== TEXT) continue;
      row[i] = decoder.decode(bytes.subarray(k === 0 ? 0 : ends[k - 1], ends[k]));
      k++;
    }
    return row;
  }
}

const wellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;

function isWellFormed(s: string): boolean {
  if (wellFormed) return wellFormed.call(s);
  // Older engines: any surrogate at all keeps the string as it is.
  return !/[\uD800-\uDFFF]/.test(s);
}
