/**
 * A CBOR decoder that can stop after any number of items and go on later, for
 * payloads too large to decode in one turn of the event loop (a viewer must keep
 * serving other apps while one sends a 16 MiB frame). Containers are kept on an
 * explicit stack; every scalar (number, string, tagged scalar, simple value) is
 * decoded by `decodeCborAt`, so values and errors are the same as
 * {@linkcode decodeCbor}'s. Map keys must be text strings (the protocol's rule).
 *
 * @module
 */
import { ViewportError } from "../errors.ts";
import {
  decodeCborAt,
  type DecodeOptions,
  DEFAULT_ALLOC_BASE,
  DEFAULT_ALLOC_PER_BYTE,
  DEFAULT_DECODE_MAX_DEPTH,
  DEFAULT_MAX_BIGNUM_BYTES,
  DEFAULT_MAX_CHUNKS,
  DEFAULT_MAX_ITEMS,
} from "./decode.ts";
import { Tagged } from "./tagged.ts";

// The same estimates as decode.ts (V8 sizes, measured in Deno).
const BYTES_COST = 200;
const STRING_COST = 24;
const ARRAY_COST = 32;
const SLOT_COST = 8;
const OBJECT_COST = 56;
const PROPERTY_COST = 16;
const BOX_COST = 32;

const ARRAY = 0;
const INDEFINITE_ARRAY = 1;
const MAP = 2;
const TAG = 3;
// Tags decodeCbor interprets; each wraps one scalar.
const SCALAR_TAGS = new Set([0, 1, 2, 3, 39]);
const NO_KEY = Symbol("no key");

/** The content types decodeCbor reads for the tags it interprets (else it rejects). */
function tagContentOk(tag: number, cb: number): boolean {
  switch (tag) {
    case 39:
      return cb >> 5 === 0;
    case 2:
    case 3:
      return cb >> 5 === 2;
    case 0:
      return cb >> 5 === 3;
    default: // 1
      return cb >> 5 <= 1 || (cb >= 0xf9 && cb <= 0xfb);
  }
}

interface Open {
  kind: number;
  start: number;
  // deno-lint-ignore no-explicit-any
  value: any;
  /** Entries or elements; -1 when indefinite. */
  n: number;
  i: number;
  key: string | typeof NO_KEY;
  tag: number | bigint;
}

/**
 * Decodes one CBOR item in steps.
 *
 * @example
 * ```ts
 * import { CborSteps } from "./decode_steps.ts";
 * import { encodeCbor } from "./encode.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeCbor({ rows: [[1, "a"], [2, "b"]] });
 * const steps = new CborSteps(bytes, 0, bytes.length);
 * let turns = 0;
 * while (!steps.step(2)) turns++;
 * assert.ok(turns >= 2);
 * assert.deepEqual(steps.value, { rows: [[1, "a"], [2, "b"]] });
 * ```
 */
export class CborSteps {
  readonly #src: Uint8Array;
  readonly #base: number;
  readonly #end: number;
  readonly #maxDepth: number;
  readonly #maxItems: number;
  readonly #maxAlloc: number;
  readonly #maxChunks: number;
  readonly #scalar: DecodeOptions;
  readonly #options: DecodeOptions | undefined;
  #pos: number;
  #depth = 0;
  #itemsLeft: number;
  #allocLeft: number;
  #stack: Open[] = [];
  #value: unknown;
  #done = false;
  #failed: ViewportError | null = null;
  readonly #dry: boolean;

  /**
   * Prepares to decode `bytes[start, stop)`, which must not change until the
   * last step. Takes `maxDepth`, `maxItems`, `maxBignumBytes`,
   * `maxAllocation` and `stats` as {@linkcode decodeCbor} does; keys are
   * always text. With `dryRun`, nothing is made: only the structure and the
   * limits (items, depth, memory) are checked, so a payload that would
   * exceed the allocation budget is refused before anything is allocated;
   * what only values tell (UTF-8, tag content, duplicate keys) is left to
   * the real decode.
   */
  constructor(
    bytes: Uint8Array,
    start: number,
    stop: number,
    options?: DecodeOptions,
    dryRun = false,
  ) {
    this.#dry = dryRun;
    if (!(start >= 0 && stop >= start && stop <= bytes.length)) {
      throw new RangeError(`range [${start}, ${stop}) is outside the ${bytes.length} input bytes`);
    }
    this.#src = bytes.constructor === Uint8Array
      ? bytes
      : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#pos = this.#base = start;
    this.#end = stop;
    this.#options = options;
    this.#maxDepth = options?.maxDepth ?? DEFAULT_DECODE_MAX_DEPTH;
    this.#maxItems = this.#itemsLeft = options?.maxItems ?? DEFAULT_MAX_ITEMS;
    this.#maxAlloc = this.#allocLeft = options?.maxAllocation ??
      DEFAULT_ALLOC_PER_BYTE * (stop - start) + DEFAULT_ALLOC_BASE;
    this.#maxChunks = options?.maxChunks ?? DEFAULT_MAX_CHUNKS;
    this.#scalar = {
      maxBignumBytes: options?.maxBignumBytes ?? DEFAULT_MAX_BIGNUM_BYTES,
      maxItems: Infinity,
      maxAllocation: Infinity,
      maxChunks: Infinity,
    };
  }

  /** The decoded value, once {@linkcode CborSteps.step} returned true. */
  get value(): unknown {
    if (!this.#done) throw new Error("CborSteps: not done yet");
    return this.#value;
  }

  /** Bytes decoded so far. */
  get offset(): number {
    return this.#pos - this.#base;
  }

  /**
   * Decodes up to `budget` more items (heads); true once the whole item is
   * decoded. Throws the `ViewportError` that {@linkcode decodeCbor} would (and
   * again on every later call).
   */
  step(budget: number): boolean {
    if (this.#done) return true;
    if (this.#failed) throw this.#failed;
    try {
      while (budget-- > 0 && !this.#done) this.#one();
      if (this.#done && this.#pos !== this.#end) {
        throw this.#bad(`${this.#end - this.#pos} trailing bytes after the data item`, this.#pos);
      }
    } catch (err) {
      this.#failed = err instanceof ViewportError ? err : new ViewportError(
        "bad_cbor",
        `undecodable input at offset ${this.#pos - this.#base}`,
        { offset: this.#pos - this.#base, cause: err },
      );
      this.#done = false;
      this.#report();
      throw this.#failed;
    }
    if (this.#done) this.#report();
    return this.#done;
  }

  #report(): void {
    const stats = this.#options?.stats;
    if (!stats) return;
    stats.items = Math.min(this.#maxItems, this.#maxItems - this.#itemsLeft);
    stats.allocated = Math.min(this.#maxAlloc, this.#maxAlloc - this.#allocLeft);
    stats.keyBytes = 0;
    stats.offset = this.#pos - this.#base;
  }

  /** One head: a scalar delivered, a container opened or closed, or a key read. */
  #one(): void {
    const s = this.#src;
    const top = this.#stack.length > 0 ? this.#stack[this.#stack.length - 1] : undefined;
    if (top !== undefined && top.n < 0 && top.key === NO_KEY) {
      if (this.#pos >= this.#end) {
        const what = top.kind === MAP ? "map" : "array";
        throw this.#bad(`unterminated indefinite-length ${what} starting`, top.start);
      }
      if (s[this.#pos] === 0xff) {
        this.#pos++;
        this.#stack.pop();
        this.#deliver(top.value);
        return;
      }
    }
    if (top !== undefined && top.kind === MAP && top.key === NO_KEY) {
      if (top.n < 0) {
        this.#spend(2, "indefinite-length map", top.start);
        this.#charge(PROPERTY_COST, top.start);
      }
      this.#readKey(top);
      return;
    }
    const start = this.#pos;
    if (start >= this.#end) {
      throw this.#bad("unexpected end of input, expected a data item", start);
    }
    if (top !== undefined && top.kind === INDEFINITE_ARRAY) {
      this.#spend(1, "indefinite-length array", top.start);
      this.#charge(SLOT_COST, top.start);
    }
    const ib = s[start];
    const major = ib >> 5;
    const ai = ib & 0x1f;
    if (major === 4 || major === 5) return this.#open(major, ai, start);
    if (major === 6) return this.#tag(ai, start);
    if ((major === 0 || major === 1) && ai < 27) {
      const n = this.#smallArg(ai, start);
      this.#deliver(major === 0 ? n : -1 - n);
      return;
    }
    if (major === 7 && ai >= 20 && ai <= 23) {
      this.#pos = start + 1;
      this.#deliver(ai === 20 ? false : ai === 21 ? true : ai === 22 ? null : undefined);
      return;
    }
    const stop = this.#scalarEnd(start);
    if (major === 7 && (ai < 20 || ai === 24)) this.#charge(BOX_COST, start);
    this.#deliver(this.#dry ? undefined : this.#decode(start, stop));
  }

  /** An argument of at most 4 bytes (ai < 27), bounds-checked; advances past the head. */
  #smallArg(ai: number, start: number): number {
    const s = this.#src;
    const p = start + 1;
    const size = ai < 24 ? 0 : 1 << (ai - 24);
    if (p + size > this.#end) this.#decode(start, this.#end); // throws the truncation error
    this.#pos = p + size;
    switch (size) {
      case 0:
        return ai;
      case 1:
        return s[p];
      case 2:
        return (s[p] << 8) | s[p + 1];
      default:
        return s[p] * 0x100_0000 + ((s[p + 1] << 16) | (s[p + 2] << 8) | s[p + 3]);
    }
  }

  /** The argument of the head at `start` (any size), or -1 for indefinite; advances past it. */
  #arg(start: number): number | bigint {
    const s = this.#src;
    const ai = s[start] & 0x1f;
    if (ai < 27) return this.#smallArg(ai, start);
    if (ai === 31) {
      this.#pos = start + 1;
      return -1;
    }
    const p = start + 1;
    if (ai > 27 || p + 8 > this.#end) this.#decode(start, this.#end); // reserved or truncated
    this.#pos = p + 8;
    const hi = s[p] * 0x100_0000 + ((s[p + 1] << 16) | (s[p + 2] << 8) | s[p + 3]);
    const lo = s[p + 4] * 0x100_0000 + ((s[p + 5] << 16) | (s[p + 6] << 8) | s[p + 7]);
    const n = hi * 0x1_0000_0000 + lo;
    return n <= Number.MAX_SAFE_INTEGER ? n : (BigInt(hi) << 32n) | BigInt(lo);
  }

  #open(major: 4 | 5, ai: number, start: number): void {
    const arg = this.#arg(start);
    const n = typeof arg === "bigint" ? Infinity : arg;
    const avail = this.#end - this.#pos;
    if (major === 4) {
      if (n < 0) {
        this.#enter(start);
        this.#charge(ARRAY_COST, start);
        this.#push(INDEFINITE_ARRAY, start, this.#dry ? null : [], -1);
        return;
      }
      if (n > avail) this.#decode(start, this.#end); // truncated
      this.#spend(n, `array of ${n} items`, start);
      this.#charge(ARRAY_COST + SLOT_COST * n, start);
      this.#enter(start);
      if (n === 0) {
        this.#depth--;
        this.#deliver(this.#dry ? undefined : []);
      } else this.#push(ARRAY, start, this.#dry ? null : new Array(n), n);
      return;
    }
    if (n > 0 && 2 * n > avail) this.#decode(start, this.#end); // truncated
    if (n > 0) this.#spend(2 * n, `map of ${n} entries`, start);
    this.#charge(n > 0 ? OBJECT_COST + PROPERTY_COST * n : OBJECT_COST, start);
    this.#enter(start);
    if (n === 0) {
      this.#depth--;
      this.#deliver(this.#dry ? undefined : {});
    } else this.#push(MAP, start, this.#dry ? null : {}, ai === 31 ? -1 : n);
  }

  #tag(ai: number, start: number): void {
    if (ai === 31) this.#decode(start, this.#end); // "indefinite length on a tag"
    const tag = this.#arg(start);
    const cs = this.#pos;
    if (cs >= this.#end) this.#decode(start, this.#end);
    this.#charge(BOX_COST, start);
    if (typeof tag === "number" && SCALAR_TAGS.has(tag)) {
      if (this.#depth + 1 > this.#maxDepth) throw this.#tooDeep(start);
      // Content of the wrong type: decodeCbor names the problem before reading it.
      if (!tagContentOk(tag, this.#src[cs])) this.#decode(start, this.#end);
      const stop = this.#scalarEnd(cs);
      this.#deliver(this.#dry ? undefined : this.#decode(start, stop));
      return;
    }
    this.#enter(start);
    this.#push(TAG, start, undefined, 1, tag);
  }

  /** Reads a text map key (definite or chunked), checks it is new, and holds it. */
  #readKey(top: Open): void {
    const ks = this.#pos;
    if (ks >= this.#end) throw this.#bad("unexpected end of input, expected a data item", ks);
    const kb = this.#src[ks];
    if (kb >> 5 !== 3) {
      throw this.#bad(`map key of major type ${kb >> 5}: map keys must be text strings`, ks);
    }
    const stop = this.#scalarEnd(ks);
    if (this.#dry) {
      if (top.n < 0 && this.#pos < this.#end && this.#src[this.#pos] === 0xff) {
        throw this.#bad("break where a map value was expected", this.#pos);
      }
      top.key = "";
      return;
    }
    const key = this.#decode(ks, stop) as string;
    if (Object.hasOwn(top.value, key)) {
      throw this.#bad(`duplicate map key ${JSON.stringify(key)}`, ks);
    }
    if (top.n < 0 && this.#pos < this.#end && this.#src[this.#pos] === 0xff) {
      throw this.#bad("break where a map value was expected", this.#pos);
    }
    top.key = key;
  }

  /**
   * Where the scalar at `start` ends (strings: every chunk checked and
   * counted, memory charged); advances past it. A head that is not a scalar's,
   * or a malformed one, throws decodeCbor's error.
   */
  #scalarEnd(start: number): number {
    const s = this.#src;
    const major = s[start] >> 5;
    const ai = s[start] & 0x1f;
    if (major === 2 || major === 3) {
      const n = this.#arg(start);
      if (typeof n === "bigint" || n > this.#end - this.#pos) this.#decode(start, this.#end);
      const cost = major === 2 ? BYTES_COST : STRING_COST;
      if (n >= 0) {
        this.#charge(n > 1 || major === 2 ? cost + (n as number) : 0, start);
        return this.#pos += n as number;
      }
      return this.#chunksEnd(start, major, cost);
    }
    if (major === 7 && ai !== 31) {
      const size = ai < 24 ? 0 : ai <= 27 ? 1 << (ai - 24) : 0;
      if (ai >= 28 || start + 1 + size > this.#end) this.#decode(start, this.#end);
      return this.#pos = start + 1 + size;
    }
    if (major === 0 || major === 1) {
      if (ai === 31) this.#decode(start, this.#end);
      this.#arg(start);
      return this.#pos;
    }
    return this.#decode(start, this.#end) as never; // a container or a stray break
  }

  #chunksEnd(start: number, major: number, cost: number): number {
    const s = this.#src;
    const what = `indefinite-length ${major === 2 ? "byte" : "text"} string`;
    let total = 0;
    let count = 0;
    for (;;) {
      const cs = this.#pos;
      if (cs >= this.#end) this.#decode(start, this.#end);
      if (s[cs] === 0xff) {
        this.#pos = cs + 1;
        break;
      }
      if (s[cs] >> 5 !== major || (s[cs] & 0x1f) === 31) this.#decode(start, this.#end);
      const n = this.#arg(cs);
      if (typeof n === "bigint" || n > this.#end - this.#pos) this.#decode(start, this.#end);
      this.#spend(1, what, start);
      if (++count > this.#maxChunks) {
        throw this.#tooLarge(`${what} of more than ${this.#maxChunks} chunks`, start);
      }
      if (major === 3 && n > 0) this.#charge(STRING_COST + SLOT_COST + (n as number), cs);
      this.#pos += n as number;
      total += n as number;
    }
    if (major === 2) this.#charge(cost + total, start);
    return this.#pos;
  }

  /** decodeCbor on one scalar; also how malformed input gets decodeCbor's exact error. */
  #decode(start: number, stop: number): unknown {
    const value = decodeCborAt(this.#src, this.#base, start, stop, this.#scalar);
    this.#pos = stop;
    return value;
  }

  #enter(start: number): void {
    if (++this.#depth > this.#maxDepth) throw this.#tooDeep(start);
  }

  #push(kind: number, start: number, value: unknown, n: number, tag: number | bigint = 0): void {
    this.#stack.push({ kind, start, value, n, i: 0, key: NO_KEY, tag });
  }

  /** Puts a finished value into its container, closing every container it completes. */
  #deliver(value: unknown): void {
    const stack = this.#stack;
    for (;;) {
      if (stack.length === 0) {
        this.#value = value;
        this.#done = true;
        return;
      }
      const top = stack[stack.length - 1];
      if (this.#dry) {
        // Structure only: count, and close what is complete.
        if (top.kind === INDEFINITE_ARRAY) return;
        if (top.kind === MAP) {
          top.key = NO_KEY;
          if (top.n < 0 || ++top.i < top.n) return;
        } else if (top.kind === ARRAY && ++top.i < top.n) return;
        stack.pop();
        this.#depth--;
        continue;
      }
      switch (top.kind) {
        case ARRAY:
          top.value[top.i++] = value;
          if (top.i < top.n) return;
          value = top.value;
          break;
        case INDEFINITE_ARRAY:
          top.value.push(value);
          return;
        case MAP: {
          const key = top.key as string;
          // Assigning "__proto__" would set the prototype; define an own property instead.
          if (key === "__proto__") {
            Object.defineProperty(top.value, key, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          } else top.value[key] = value;
          top.key = NO_KEY;
          if (top.n < 0 || ++top.i < top.n) return;
          value = top.value;
          break;
        }
        default:
          value = new Tagged(top.tag, value);
      }
      stack.pop();
      this.#depth--;
    }
  }

  #spend(count: number, what: string, start: number): void {
    if ((this.#itemsLeft -= count) < 0) {
      throw this.#tooLarge(
        `${what} exceeds the limit of ${this.#maxItems} items per input`,
        start,
      );
    }
  }

  #charge(bytes: number, start: number): void {
    if ((this.#allocLeft -= bytes) < 0) {
      throw this.#tooLarge(
        `decoding needs more than ${this.#maxAlloc} bytes of memory (the limit for ${
          this.#end - this.#base
        } bytes of input)`,
        start,
      );
    }
  }

  #tooDeep(start: number): ViewportError {
    return this.#tooLarge(`nesting deeper than ${this.#maxDepth} arrays, maps and tags`, start);
  }

  #bad(what: string, at: number): ViewportError {
    const offset = at - this.#base;
    return new ViewportError("bad_cbor", `${what} at offset ${offset}`, { offset });
  }

  #tooLarge(what: string, at: number): ViewportError {
    const offset = at - this.#base;
    return new ViewportError("too_large", `${what} at offset ${offset}`, { offset });
  }
}
