/**
 * CBOR (RFC 8949) encoder with preferred serialization: shortest integer and length
 * heads, floats in the shortest of half, single and double precision that holds the
 * value exactly, definite lengths only.
 *
 * Object keys are written in JavaScript property order (integer-like keys first,
 * then insertion order); maps are not sorted, so the output is not RFC 8949
 * §4.2.1 "core deterministic encoding" when that ordering matters.
 *
 * @module
 */
import { SLOT_REF_TAG } from "../constants.ts";
import { ViewportError } from "../errors.ts";
import { SlotRef } from "../slot_ref.ts";
import { Simple, Tagged } from "./tagged.ts";

/**
 * Options for {@linkcode encodeCbor} and {@linkcode CborEncoder}.
 *
 * @example
 * ```ts
 * import { encodeCbor, type EncodeOptions } from "./encode.ts";
 * import assert from "node:assert/strict";
 * const options: EncodeOptions = { maxDepth: 2 };
 * assert.equal(encodeCbor([[1]], options).length, 3);
 * ```
 */
export interface EncodeOptions {
  /**
   * Maximum nesting of arrays, maps and tags. Deeper values, and cyclic ones, throw
   * `ViewportError("bad_message")`. Default 512.
   */
  maxDepth?: number;
}

/**
 * Options for a {@linkcode CborEncoder}.
 *
 * @example
 * ```ts
 * import { CborEncoder, type CborEncoderOptions } from "./encode.ts";
 * import assert from "node:assert/strict";
 * const options: CborEncoderOptions = { initialSize: 65536, maxDepth: 64 };
 * assert.equal(new CborEncoder(options).capacity, 65536);
 * ```
 */
export interface CborEncoderOptions extends EncodeOptions {
  /** Initial size of the internal buffer in bytes. Default 8192. */
  initialSize?: number;
  /**
   * Arena mode: `encodeInto` returns views the caller may keep. Each result
   * follows the previous one in the buffer, and a full buffer is replaced, never
   * overwritten, so a sender can hand views to a queue without copying them.
   */
  arena?: boolean;
}

/**
 * Default {@linkcode EncodeOptions.maxDepth}.
 *
 * @example
 * ```ts
 * import { DEFAULT_ENCODE_MAX_DEPTH } from "./encode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_ENCODE_MAX_DEPTH, 512);
 * ```
 */
export const DEFAULT_ENCODE_MAX_DEPTH = 512;

const TWO_32 = 0x1_0000_0000;
const TWO_64 = 18446744073709551616; // exact as a double
const MAX_U64 = 0xffff_ffff_ffff_ffffn;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
// Below this length, hand-written UTF-8 beats the TextEncoder.encodeInto call overhead.
const SHORT_STRING = 64;

const textEncoder = new TextEncoder();
// Float bit patterns come from typed-array aliasing, which avoids a DataView per call.
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

function badMessage(message: string): ViewportError {
  return new ViewportError("bad_message", message);
}

/** Bytes the head takes for an argument `n` (n < 2^32 here: string byte counts). */
function headSize(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < TWO_32 ? 5 : 9;
}

function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57; // "0"-"9", "a"-"f" (toString(16) is lowercase)
}

/**
 * Half-precision bits for the float32 bit pattern `bits`, or -1 when half precision
 * cannot hold the value exactly. Infinities and NaN never reach here.
 */
function toHalf(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7f_ffff;
  if (exp === 0) return mant === 0 ? sign : -1; // float32 subnormals are far below half's range
  const e = exp - 127;
  if (e >= -14 && e <= 15) {
    return (mant & 0x1fff) === 0 ? sign | ((e + 15) << 10) | (mant >>> 13) : -1;
  }
  if (e >= -24 && e < -14) {
    // Half subnormal: value = k * 2^-24 with k < 1024.
    const shift = -e - 1;
    const sig = mant | 0x80_0000;
    return (sig & ((1 << shift) - 1)) === 0 ? sign | (sig >>> shift) : -1;
  }
  return -1;
}

// Sets the shared encoder's depth limit for one call; false while it is busy.
let claim: (encoder: CborEncoder, maxDepth: number) => boolean;

/**
 * A reusable CBOR encoder. It writes into one growable buffer that is kept between
 * calls, so steady-state encoding allocates only the result (or nothing, with
 * {@linkcode CborEncoder.encodeInto}).
 *
 * @example
 * ```ts
 * import { CborEncoder } from "./encode.ts";
 * import assert from "node:assert/strict";
 * const encoder = new CborEncoder();
 * const bytes = encoder.encode({ target: 3, set: { content: "goodbye" } });
 * assert.equal(bytes[0], 0xa2);
 * ```
 */
export class CborEncoder {
  #buf: Uint8Array;
  #pos = 0;
  #busy = false;
  #arena: boolean;
  // Arena mode: where the current item starts, and where the last one ended.
  #base = 0;
  #end = 0;
  // Per call: encodeCbor sets it on the shared encoder through `claim`.
  #maxDepth: number;

  static {
    claim = (encoder, maxDepth) => {
      if (encoder.#busy) return false;
      encoder.#maxDepth = maxDepth;
      return true;
    };
  }

  /**
   * Creates an encoder with its own buffer of `options.initialSize` bytes.
   *
   * @example
   * ```ts
   * import { CborEncoder } from "./encode.ts";
   * import assert from "node:assert/strict";
   * const encoder = new CborEncoder({ initialSize: 1024 });
   * assert.equal(encoder.encode("hi").length, 3);
   * ```
   */
  constructor(options: CborEncoderOptions = {}) {
    this.#buf = new Uint8Array(Math.max(64, options.initialSize ?? 8192));
    this.#arena = options.arena ?? false;
    this.#maxDepth = options.maxDepth ?? DEFAULT_ENCODE_MAX_DEPTH;
  }

  /**
   * Current size of the internal buffer in bytes; it only grows.
   *
   * @example
   * ```ts
   * import { CborEncoder } from "./encode.ts";
   * import assert from "node:assert/strict";
   * const encoder = new CborEncoder({ initialSize: 64 });
   * encoder.encodeInto("x".repeat(1000));
   * assert.ok(encoder.capacity >= 1003);
   * ```
   */
  get capacity(): number {
    return this.#buf.length;
  }

  /**
   * Encodes `value` and returns a copy of the bytes, which the caller owns. Like
   * Node's `Buffer`, results under 4 KiB are carved from a shared 8 KiB pool, so
   * respect `byteOffset`/`byteLength` and copy before transferring `.buffer`.
   *
   * @example
   * ```ts
   * import { CborEncoder } from "./encode.ts";
   * import assert from "node:assert/strict";
   * const bytes = new CborEncoder().encode([1, "a"]);
   * assert.equal(bytes.length, 4);
   * assert.equal(bytes[0], 0x82);
   * ```
   */
  encode(value: unknown): Uint8Array {
    return copyOut(this.encodeInto(value, 0));
  }

  /**
   * Encodes `value` after `reserveHeaderBytes` unused bytes and returns a view of
   * the internal buffer holding both: the payload starts at `reserveHeaderBytes`.
   * A framing layer fills the reserved bytes with its header and sends the view as
   * is, with no copy. The reserved bytes hold stale data until overwritten. The
   * view is only valid until the next call on this encoder.
   *
   * @example
   * ```ts
   * import { CborEncoder } from "./encode.ts";
   * import assert from "node:assert/strict";
   * const frame = new CborEncoder().encodeInto({ target: 3 }, 8);
   * const payloadLength = frame.length - 8;
   * frame.set([0x56, 0x50, 1, 3]); // header bytes written in place
   * new DataView(frame.buffer, frame.byteOffset).setUint32(4, payloadLength, true);
   * assert.equal(payloadLength, 9);
   * assert.equal(frame[8], 0xa1);
   * ```
   */
  encodeInto(value: unknown, reserveHeaderBytes = 0): Uint8Array {
    if (this.#busy) throw badMessage("CborEncoder re-entered while encoding (from a getter?)");
    if (!Number.isSafeInteger(reserveHeaderBytes) || reserveHeaderBytes < 0) {
      throw new RangeError(`reserveHeaderBytes must be a non-negative integer`);
    }
    this.#busy = true;
    try {
      this.#base = this.#pos = this.#arena ? this.#end : 0;
      this.#ensure(reserveHeaderBytes);
      this.#pos += reserveHeaderBytes;
      this.#write(value, 0);
      if (this.#arena) this.#end = this.#pos;
      return this.#buf.subarray(this.#base, this.#pos);
    } catch (err) {
      this.#pos = this.#base; // a failed item leaves no trace in the arena
      throw err;
    } finally {
      this.#busy = false;
    }
  }

  #ensure(n: number): void {
    if (this.#pos + n > this.#buf.length) this.#grow(n);
  }

  #grow(n: number): void {
    if (this.#arena) {
      // Earlier results still point into the old buffer: move only the item
      // being written to a fresh one.
      const used = this.#pos - this.#base;
      const size = Math.max(this.#buf.length, (used + n) * 2);
      let fresh: Uint8Array;
      try {
        fresh = new Uint8Array(size);
      } catch (cause) {
        throw new ViewportError("too_large", `cannot grow the CBOR buffer to ${size} bytes`, {
          cause,
        });
      }
      fresh.set(this.#buf.subarray(this.#base, this.#pos));
      this.#buf = fresh;
      this.#pos = used;
      this.#base = this.#end = 0;
      return;
    }
    const size = Math.max(this.#buf.length * 2, this.#pos + n);
    let next: Uint8Array;
    try {
      next = new Uint8Array(size);
    } catch (cause) {
      throw new ViewportError("too_large", `cannot grow the CBOR buffer to ${size} bytes`, {
        cause,
      });
    }
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
  }

  /** Writes a head; `n` is an exact integer 0..2^64-1. Needs 9 bytes of room. */
  #head(major: number, n: number): void {
    const b = this.#buf;
    let p = this.#pos;
    if (n < 24) b[p++] = major | n;
    else if (n < 0x100) {
      b[p++] = major | 24;
      b[p++] = n;
    } else if (n < 0x10000) {
      b[p++] = major | 25;
      b[p++] = n >> 8;
      b[p++] = n;
    } else if (n < TWO_32) {
      b[p++] = major | 26;
      b[p++] = n >>> 24;
      b[p++] = n >> 16;
      b[p++] = n >> 8;
      b[p++] = n;
    } else {
      const hi = Math.floor(n / TWO_32);
      b[p++] = major | 27;
      this.#pos = p;
      this.#word64(hi, n >>> 0);
      return;
    }
    this.#pos = p;
  }

  #word64(hi: number, lo: number): void {
    const b = this.#buf;
    let p = this.#pos;
    b[p++] = hi >>> 24;
    b[p++] = hi >> 16;
    b[p++] = hi >> 8;
    b[p++] = hi;
    b[p++] = lo >>> 24;
    b[p++] = lo >> 16;
    b[p++] = lo >> 8;
    b[p++] = lo;
    this.#pos = p;
  }

  #write(v: unknown, depth: number): void {
    switch (typeof v) {
      case "string":
        return this.#writeString(v);
      case "number":
        return this.#writeNumber(v);
      case "object":
        if (v === null) {
          this.#ensure(1);
          this.#buf[this.#pos++] = 0xf6;
          return;
        }
        return this.#writeObject(v, depth);
      case "boolean":
        this.#ensure(1);
        this.#buf[this.#pos++] = v ? 0xf5 : 0xf4;
        return;
      case "undefined":
        this.#ensure(1);
        this.#buf[this.#pos++] = 0xf7;
        return;
      case "bigint":
        return this.#writeBigInt(v);
      default:
        throw badMessage(`cannot encode a ${typeof v} as CBOR`);
    }
  }

  #writeNumber(v: number): void {
    this.#ensure(9);
    if (Number.isInteger(v) && (v !== 0 || 1 / v > 0)) {
      if (v >= 0) {
        if (v < TWO_64) return this.#head(0x00, v);
      } else if (v >= -9007199254740992) {
        return this.#head(0x20, -1 - v);
      } else if (v >= -TWO_64) {
        // -1 - v is not exact beyond 2^53: subtract 1 from the exact magnitude split.
        const m = -v;
        let hi = Math.floor(m / TWO_32);
        let lo = m - hi * TWO_32 - 1;
        if (lo < 0) {
          lo += TWO_32;
          hi -= 1;
        }
        this.#buf[this.#pos++] = 0x3b;
        return this.#word64(hi, lo);
      }
    }
    this.#writeFloat(v);
  }

  #writeFloat(v: number): void {
    const b = this.#buf;
    let p = this.#pos;
    if (v !== v) {
      b[p++] = 0xf9;
      b[p++] = 0x7e;
      b[p++] = 0x00;
    } else if (Math.fround(v) === v) {
      f32[0] = v;
      const bits = f32Bits[0];
      const half = (bits & 0x7f80_0000) === 0x7f80_0000 ? (bits >>> 16) & 0xfc00 : toHalf(bits);
      if (half >= 0) {
        b[p++] = 0xf9;
        b[p++] = half >> 8;
        b[p++] = half;
      } else {
        b[p++] = 0xfa;
        b[p++] = bits >>> 24;
        b[p++] = bits >> 16;
        b[p++] = bits >> 8;
        b[p++] = bits;
      }
    } else {
      f64[0] = v;
      b[p++] = 0xfb;
      this.#pos = p;
      return this.#word64(f64Words[HI], f64Words[LO]);
    }
    this.#pos = p;
  }

  #writeBigInt(v: bigint): void {
    const major = v < 0n ? 0x20 : 0x00;
    const n = v < 0n ? -1n - v : v;
    this.#ensure(9);
    if (n <= MAX_SAFE_BIG) return this.#head(major, Number(n));
    if (n <= MAX_U64) {
      this.#buf[this.#pos++] = major | 27;
      return this.#word64(Number(n >> 32n), Number(n & 0xffff_ffffn));
    }
    // Bignum (tag 2 or 3): magnitude as a big-endian byte string without leading zeros.
    let hex = n.toString(16);
    if (hex.length & 1) hex = "0" + hex;
    const len = hex.length >> 1;
    this.#buf[this.#pos++] = major === 0 ? 0xc2 : 0xc3;
    this.#ensure(9 + len);
    this.#head(0x40, len);
    const b = this.#buf;
    for (let i = 0, p = this.#pos; i < len; i++) {
      b[p + i] = (hexDigit(hex.charCodeAt(2 * i)) << 4) | hexDigit(hex.charCodeAt(2 * i + 1));
    }
    this.#pos += len;
  }

  #writeString(s: string): void {
    const n = s.length;
    this.#ensure(9 + n * 3);
    const b = this.#buf;
    const start = this.#pos;
    if (n < SHORT_STRING) {
      // Optimistic ASCII: the byte count equals the length, so the head is known.
      const h = n < 24 ? 1 : 2;
      let p = start + h;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p++] = c;
      }
      if (i === n) {
        if (h === 1) b[start] = 0x60 | n;
        else {
          b[start] = 0x78;
          b[start + 1] = n;
        }
        this.#pos = p;
        return;
      }
    }
    // Reserve a head for the worst case, then slide the bytes if the real one is shorter.
    const reserved = headSize(n * 3);
    const at = start + reserved;
    const written = n < SHORT_STRING
      ? utf8Write(s, b, at)
      : textEncoder.encodeInto(s, b.subarray(at, at + n * 3)).written;
    const actual = headSize(written);
    if (actual !== reserved) b.copyWithin(start + actual, at, at + written);
    this.#head(0x60, written);
    this.#pos = start + actual + written;
  }

  #writeObject(v: object, depth: number): void {
    if (depth >= this.#maxDepth) {
      throw badMessage(
        `value nests deeper than ${this.#maxDepth} arrays, maps and tags (a cycle?)`,
      );
    }
    if (Array.isArray(v)) {
      const n = v.length;
      this.#ensure(9);
      this.#head(0x80, n);
      for (let i = 0; i < n; i++) this.#write(v[i], depth + 1);
      return;
    }
    const ctor = v.constructor;
    if (ctor === Object) return this.#writePlain(v as Record<string, unknown>, depth);
    if (v instanceof SlotRef) {
      this.#ensure(11);
      this.#buf[this.#pos++] = 0xd8;
      this.#buf[this.#pos++] = SLOT_REF_TAG;
      return this.#head(0x00, v.slot);
    }
    if (v instanceof Uint8Array) {
      const n = v.length;
      this.#ensure(9 + n);
      this.#head(0x40, n);
      this.#buf.set(v, this.#pos);
      this.#pos += n;
      return;
    }
    if (v instanceof Map) {
      this.#ensure(9);
      this.#head(0xa0, v.size);
      for (const [key, value] of v) {
        this.#write(key, depth + 1);
        this.#write(value, depth + 1);
      }
      return;
    }
    if (v instanceof Tagged) {
      if (v.tag === SLOT_REF_TAG) {
        const s = v.value;
        if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 0xffff_ffff) {
          throw badMessage(`tag 39 (slot reference) must wrap an integer 0..2^32-1`);
        }
      }
      this.#ensure(9);
      const tag = v.tag;
      if (typeof tag === "number" || tag <= MAX_SAFE_BIG) this.#head(0xc0, Number(tag));
      else {
        this.#buf[this.#pos++] = 0xdb;
        this.#word64(Number(tag >> 32n), Number(tag & 0xffff_ffffn));
      }
      return this.#write(v.value, depth + 1);
    }
    if (v instanceof Date) {
      const t = v.getTime();
      if (t !== t) throw badMessage("cannot encode an invalid Date");
      this.#ensure(1);
      this.#buf[this.#pos++] = 0xc1;
      return this.#writeNumber(t / 1000);
    }
    if (v instanceof Simple) {
      this.#ensure(2);
      if (v.value < 24) this.#buf[this.#pos++] = 0xe0 | v.value;
      else {
        this.#buf[this.#pos++] = 0xf8;
        this.#buf[this.#pos++] = v.value;
      }
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      return this.#writePlain(v as Record<string, unknown>, depth);
    }
    const name = typeof ctor === "function" && ctor.name ? ctor.name : "object";
    throw badMessage(`cannot encode a ${name} as CBOR (only plain objects, arrays, Map, ...)`);
  }

  #writePlain(v: Record<string, unknown>, depth: number): void {
    const keys = Object.keys(v);
    const n = keys.length;
    this.#ensure(9);
    this.#head(0xa0, n);
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      this.#writeString(key);
      this.#write(v[key], depth + 1);
    }
  }
}

/**
 * UTF-8 encodes `s` into `b` at `p` (room for 3 bytes per code unit is guaranteed)
 * and returns the byte count. Lone surrogates become U+FFFD, as with TextEncoder.
 */
function utf8Write(s: string, b: Uint8Array, p: number): number {
  const start = p;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) b[p++] = c;
    else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          b[p++] = 0xf0 | (c >> 18);
          b[p++] = 0x80 | ((c >> 12) & 0x3f);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p - start;
}

// Buffers above this are dropped after a call so one huge message does not pin memory.
const SHARED_KEEP_LIMIT = 1 << 20;
let shared: CborEncoder | undefined;

// Small results come from a shared pool, as in Node's Buffer: a new ArrayBuffer costs
// Deno about 0.5 µs (measured), more than encoding a small message does.
const POOL_SIZE = 8192;
let pool = new Uint8Array(0);
let poolUsed = 0;

function copyOut(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n > POOL_SIZE >>> 1) return bytes.slice();
  // A transferred (detached) pool has length 0 and is replaced here too.
  if (poolUsed + n > pool.length) {
    pool = new Uint8Array(POOL_SIZE);
    poolUsed = 0;
  }
  const out = pool.subarray(poolUsed, poolUsed + n);
  out.set(bytes);
  poolUsed = (poolUsed + n + 7) & ~7; // keep results 8-byte aligned, as Node does
  return out;
}

/**
 * Encodes `value` as CBOR with preferred serialization and returns bytes the caller
 * owns. Results under 4 KiB share a pooled `ArrayBuffer` (as Node's `Buffer` does):
 * use `byteOffset`/`byteLength`, and copy before transferring `.buffer`.
 *
 * Mapping: `number` integers below 2^64 in magnitude become CBOR integers (-0 stays
 * a float), other numbers the shortest exact float; `bigint` beyond 64 bits becomes
 * a tag 2/3 bignum; `string`, `boolean`, `null`, `undefined` (f7), `Uint8Array`
 * (byte string), arrays, plain objects and `Map` (maps), `SlotRef` (tag 39),
 * `Date` (tag 1, epoch seconds), `Tagged` and `Simple`. Anything else throws
 * `ViewportError("bad_message")`.
 *
 * @example
 * ```ts
 * import { encodeCbor } from "./encode.ts";
 * import { slot } from "../slot_ref.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeCbor({ style: slot(12) });
 * assert.equal(bytes.join(), [0xa1, 0x65, 0x73, 0x74, 0x79, 0x6c, 0x65, 0xd8, 0x27, 0x0c].join());
 * ```
 */
export function encodeCbor(value: unknown, options?: EncodeOptions): Uint8Array {
  const maxDepth = options?.maxDepth ?? DEFAULT_ENCODE_MAX_DEPTH;
  let encoder = shared ??= new CborEncoder();
  // A getter may call back into encodeCbor; give the nested call its own encoder.
  if (!claim(encoder, maxDepth)) encoder = new CborEncoder({ maxDepth, initialSize: 256 });
  const bytes = copyOut(encoder.encodeInto(value, 0));
  if (encoder === shared && encoder.capacity > SHARED_KEEP_LIMIT) shared = undefined;
  return bytes;
}
