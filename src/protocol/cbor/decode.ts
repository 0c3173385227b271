/**
 * CBOR (RFC 8949) decoder for exactly one data item, hardened for hostile input:
 * every length is checked against the remaining bytes before anything is allocated,
 * nesting, item counts and the memory the result takes are bounded, work is
 * O(bytes) for any input (duplicate composite map keys are found by ids built
 * once, bottom-up), and every failure is a `ViewportError` (`bad_cbor` for input
 * that is not well-formed or not valid for a tag the codec interprets, `too_large`
 * for limit breaches) carrying the byte offset.
 *
 * @module
 */
import { ViewportError } from "../errors.ts";
import { SlotRef } from "../slot_ref.ts";
import { Simple, Tagged } from "./tagged.ts";
import { asciiText } from "./_ascii.ts";
import { doubleFloat, epochMs, halfFloat, rfc3339Ms, singleFloat } from "./_scalars.ts";
import {
  type DecodeOptions,
  DEFAULT_ALLOC_BASE,
  DEFAULT_ALLOC_PER_BYTE,
  DEFAULT_DECODE_MAX_DEPTH,
  DEFAULT_MAX_BIGNUM_BYTES,
  DEFAULT_MAX_CHUNKS,
  DEFAULT_MAX_ITEMS,
} from "./decode_options.ts";

export {
  type DecodeOptions,
  DecodeStats,
  DEFAULT_ALLOC_BASE,
  DEFAULT_ALLOC_PER_BYTE,
  DEFAULT_DECODE_MAX_DEPTH,
  DEFAULT_MAX_BIGNUM_BYTES,
  DEFAULT_MAX_CHUNKS,
  DEFAULT_MAX_ITEMS,
} from "./decode_options.ts";

// Estimated V8 heap sizes (64-bit, measured in Deno): what the allocation budget counts.
const BYTES_COST = 200; // a Uint8Array with its own ArrayBuffer
const STRING_COST = 24;
const ARRAY_COST = 32;
const SLOT_COST = 8;
const OBJECT_COST = 56;
const PROPERTY_COST = 16;
const MAP_COST = 184;
const MAP_ENTRY_COST = 24;
const BOX_COST = 32; // SlotRef, Date, Tagged, Simple, bigint

const TWO_32 = 0x1_0000_0000;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// Up to this many bytes a charCode loop beats a TextDecoder call for ASCII text.
const SHORT_TEXT = 32;
const EMPTY = new Uint8Array(0);

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

// Decoder state lives in module variables: decoding runs no user code, so it
// cannot re-enter, and plain variables are the cheapest state V8 can access.
let src: Uint8Array = EMPTY;
let shared = false;
let pos = 0;
let end = 0;
let depth = 0;
let maxDepth = DEFAULT_DECODE_MAX_DEPTH;
let itemsLeft = 0;
let maxItems = DEFAULT_MAX_ITEMS;
let maxBignum = DEFAULT_MAX_BIGNUM_BYTES;
let maxChunks = DEFAULT_MAX_CHUNKS;
let textKeys = false;
let allocLeft = 0;
let maxAlloc = 0;
// Composite map keys compare by their encoded bytes. Inside such a key
// (keyDepth > 0) every item gets an id from `ids` once, bottom-up: a scalar from
// its bytes, an array, map or tag from its head and its children's ids. The
// last id made is kept with the range it describes, for the parent to take.
let keyDepth = 0;
let ids: Map<string, number> | null = null;
let lastId = -1;
let lastIdStart = -1;
let lastIdEnd = -1;
let keyBytes = 0;
// The exact words of the last 8-byte argument, for values beyond 2^53.
let argHi = 0;
let argLo = 0;
// Where the item starts in `src`: error offsets are relative to it.
let base = 0;

// While only checking (isDecodableCbor), failures throw this one object: no
// message, no stack trace, which is most of what a throw costs.
let checking = false;
const REJECTED = new ViewportError("bad_cbor", "not decodable");

function bad(what: string, offset: number): ViewportError {
  if (checking) return REJECTED;
  offset -= base;
  return new ViewportError("bad_cbor", `${what} at offset ${offset}`, { offset });
}

function tooLarge(what: string, offset: number): ViewportError {
  if (checking) return REJECTED;
  offset -= base;
  return new ViewportError("too_large", `${what} at offset ${offset}`, { offset });
}

function truncated(what: string, need: number, offset: number, from = pos): ViewportError {
  return bad(`truncated ${what}: needs ${need} bytes, ${end - from} remain,`, offset);
}

function hex(byte: number): string {
  return "0x" + HEX[byte];
}

/**
 * Reads the argument of the head at `start` (its initial byte already consumed).
 * Returns -1 for indefinite length (ai 31). 8-byte arguments beyond 2^53 come back
 * rounded; `argHi`/`argLo` keep the exact value.
 */
function readArg(ai: number, start: number): number {
  if (ai < 24) return ai;
  const p = pos;
  const s = src;
  switch (ai) {
    case 24:
      if (p + 1 > end) throw truncated("head", 1, start);
      pos = p + 1;
      return s[p];
    case 25:
      if (p + 2 > end) throw truncated("head", 2, start);
      pos = p + 2;
      return (s[p] << 8) | s[p + 1];
    case 26:
      if (p + 4 > end) throw truncated("head", 4, start);
      pos = p + 4;
      return s[p] * 0x100_0000 + ((s[p + 1] << 16) | (s[p + 2] << 8) | s[p + 3]);
    case 27:
      if (p + 8 > end) throw truncated("head", 8, start);
      pos = p + 8;
      argHi = s[p] * 0x100_0000 + ((s[p + 1] << 16) | (s[p + 2] << 8) | s[p + 3]);
      argLo = s[p + 4] * 0x100_0000 + ((s[p + 5] << 16) | (s[p + 6] << 8) | s[p + 7]);
      return argHi * TWO_32 + argLo;
    case 31:
      return -1;
    default:
      throw bad(`reserved additional information ${ai} in initial byte ${hex(s[start])}`, start);
  }
}

function wideArg(): bigint {
  return (BigInt(argHi) << 32n) | BigInt(argLo);
}

function tooDeep(start: number): ViewportError {
  return tooLarge(`nesting deeper than ${maxDepth} arrays, maps and tags`, start);
}

function enter(start: number): void {
  if (++depth > maxDepth) throw tooDeep(start);
}

function overBudget(what: string, start: number): ViewportError {
  return tooLarge(`${what} exceeds the limit of ${maxItems} items per input`, start);
}

function spend(count: number, what: string, start: number): void {
  if ((itemsLeft -= count) < 0) throw overBudget(what, start);
}

function overAlloc(start: number): ViewportError {
  return tooLarge(
    `decoding needs more than ${maxAlloc} bytes of memory (the limit for ${
      end - base
    } bytes of input)`,
    start,
  );
}

function charge(bytes: number, start: number): void {
  if ((allocLeft -= bytes) < 0) throw overAlloc(start);
}

function nonTextKey(kb: number, start: number): ViewportError {
  return bad(`map key of major type ${kb >> 5}: map keys must be text strings`, start);
}

function readItem(): unknown {
  const s = src;
  const start = pos;
  if (start >= end) throw bad("unexpected end of input, expected a data item", start);
  const ib = s[start];
  const ai = ib & 0x1f;
  // The head is parsed inline: this is the hottest code in the decoder.
  let p = start + 1;
  let n = ai;
  if (ai >= 24) {
    if (ai === 24) {
      if (p + 1 > end) throw truncated("head", 1, start, p);
      n = s[p++];
    } else if (ai === 25) {
      if (p + 2 > end) throw truncated("head", 2, start, p);
      n = (s[p] << 8) | s[p + 1];
      p += 2;
    } else if (ai === 26) {
      if (p + 4 > end) throw truncated("head", 4, start, p);
      n = ((s[p] << 24) | (s[p + 1] << 16) | (s[p + 2] << 8) | s[p + 3]) >>> 0;
      p += 4;
    } else if (ai === 27) {
      if (p + 8 > end) throw truncated("head", 8, start, p);
      argHi = ((s[p] << 24) | (s[p + 1] << 16) | (s[p + 2] << 8) | s[p + 3]) >>> 0;
      argLo = ((s[p + 4] << 24) | (s[p + 5] << 16) | (s[p + 6] << 8) | s[p + 7]) >>> 0;
      n = argHi * TWO_32 + argLo;
      p += 8;
    } else if (ai === 31) n = -1;
    else throw bad(`reserved additional information ${ai} in initial byte ${hex(ib)}`, start);
  }
  pos = p;
  switch (ib >> 5) {
    case 0:
      if (n < 0) throw bad("indefinite length on an unsigned integer", start);
      return n <= MAX_SAFE ? n : wideArg();
    case 1:
      if (n < 0) throw bad("indefinite length on a negative integer", start);
      return n < MAX_SAFE ? -1 - n : -1n - wideArg();
    case 2:
      if (n < 0) return readChunks(2, start);
      if (n > end - p) throw truncated("byte string", n, start, p);
      if ((allocLeft -= BYTES_COST + n) < 0) throw overAlloc(start);
      return s.slice(p, pos = p + n);
    case 3:
      if (n < 0) return readChunks(3, start);
      if (n > end - p) throw truncated("text string", n, start, p);
      if (n > 1 && (allocLeft -= STRING_COST + n) < 0) throw overAlloc(start);
      return readText(n, start);
    case 4: {
      if (n < 0) return readIndefiniteArray(start);
      if (n > end - p) throw truncated(`array of ${n} items`, n, start, p);
      if ((itemsLeft -= n) < 0) throw overBudget(`array of ${n} items`, start);
      if ((allocLeft -= ARRAY_COST + SLOT_COST * n) < 0) throw overAlloc(start);
      if (++depth > maxDepth) throw tooDeep(start);
      if (keyDepth > 0) return readArrayInKey(n, start);
      const array = new Array(n);
      for (let i = 0; i < n; i++) array[i] = readItem();
      depth--;
      return array;
    }
    case 5:
      if (n > 0 && 2 * n > end - p) throw truncated(`map of ${n} entries`, 2 * n, start, p);
      return readMap(n, start);
    case 6:
      if (n < 0) throw bad("indefinite length on a tag", start);
      return readTag(n <= MAX_SAFE ? n : wideArg(), start);
    default:
      return readSimple(ai, n, start);
  }
}

/** Text of `n` bytes at `pos` (already bounds-checked); advances `pos`. */
function readText(n: number, start: number): string {
  const p = pos;
  pos = p + n;
  if (n <= SHORT_TEXT) {
    let text = asciiText(src, p, n <= 16 ? n : 16);
    if (n > 16 && text !== undefined) {
      const rest = asciiText(src, p + 16, n - 16);
      text = rest === undefined ? undefined : text + rest;
    }
    if (text !== undefined) return text;
  }
  try {
    // Browsers' TextDecoder refuses views of a SharedArrayBuffer; give it a copy.
    return utf8.decode(shared ? src.slice(p, pos) : src.subarray(p, pos));
  } catch {
    throw bad("invalid UTF-8 in text string", start);
  }
}

const fromCharCode = String.fromCharCode;

// Map keys repeat across messages; returning the same string object skips both
// building it and V8 internalizing it again when it is used as a property name.
const KEY_CACHE_SIZE = 4096;
const KEY_CACHE_MAX = 24;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE).fill(undefined);

function readKey(kb: number, start: number): string {
  pos++;
  const n = readArg(kb & 0x1f, start);
  if (n > end - pos) throw truncated("text string", n, start);
  if (n === 0) return "";
  if (n > KEY_CACHE_MAX) {
    charge(STRING_COST + n, start);
    return readText(n, start);
  }
  const s = src;
  const p = pos;
  const slot = (n * 0x9e37 ^ s[p] << 5 ^ s[p + n - 1] << 10 ^ s[p + (n >> 1)]) &
    (KEY_CACHE_SIZE - 1);
  const cached = keyCache[slot];
  if (cached !== undefined && cached.length === n) {
    let i = 0;
    while (i < n && cached.charCodeAt(i) === s[p + i]) i++;
    if (i === n) {
      pos = p + n;
      return cached;
    }
  }
  if (n > 1) charge(STRING_COST + n, start);
  const key = readText(n, start);
  // Only ASCII keys go in: the hit test compares UTF-16 units with bytes.
  if (key.length === n) keyCache[slot] = key;
  return key;
}

/**
 * Indefinite-length byte (major 2) or text (major 3) string: definite chunks
 * until break. Every chunk counts as an item; byte chunks are checked in one
 * pass and copied in a second, so no object is made per chunk.
 */
function readChunks(major: 2 | 3, start: number): Uint8Array | string {
  const kind = major === 2 ? "byte" : "text";
  const what = `indefinite-length ${kind} string`;
  const chunks: string[] = [];
  const first = pos;
  let total = 0;
  let count = 0;
  for (;;) {
    if (pos >= end) throw bad(`unterminated ${what} starting`, start);
    const cs = pos;
    const ib = src[pos++];
    if (ib === 0xff) break;
    if (ib >> 5 !== major) {
      throw bad(`chunk of ${what} has major type ${ib >> 5}`, cs);
    }
    const n = readArg(ib & 0x1f, cs);
    if (n < 0) throw bad(`nested indefinite-length chunk in a ${kind} string`, cs);
    if (n > end - pos) throw truncated(`${kind} string chunk`, n, cs);
    spend(1, what, start);
    if (++count > maxChunks) throw tooLarge(`${what} of more than ${maxChunks} chunks`, start);
    total += n;
    if (major === 2) {
      pos += n;
    } else if (n > 0) {
      charge(STRING_COST + SLOT_COST + n, cs);
      // Each text chunk must be valid UTF-8 on its own (RFC 8949 §3.2.3).
      chunks.push(readText(n, cs));
    }
  }
  if (major === 3) return chunks.length === 1 ? chunks[0] : chunks.join("");
  charge(BYTES_COST + total, start);
  const out = new Uint8Array(total);
  const after = pos;
  let at = 0;
  pos = first;
  // The heads were all checked above.
  while (src[pos] !== 0xff) {
    const n = readArg(src[pos++] & 0x1f, pos - 1);
    out.set(src.subarray(pos, pos + n), at);
    at += n;
    pos += n;
  }
  pos = after;
  return out;
}

function readIndefiniteArray(start: number): unknown[] {
  enter(start);
  charge(ARRAY_COST, start);
  let sig = keyDepth > 0 ? "a" + headText(start, pos) : null;
  const array: unknown[] = [];
  for (;;) {
    if (pos >= end) throw bad("unterminated indefinite-length array starting", start);
    if (src[pos] === 0xff) break;
    spend(1, "indefinite-length array", start);
    charge(SLOT_COST, start);
    const cs = pos;
    array.push(readItem());
    if (sig !== null) sig += "," + childId(cs);
  }
  pos++;
  depth--;
  if (sig !== null) setId(sig, start);
  return array;
}

/** A definite array inside a composite map key: its id is made as it is read. */
function readArrayInKey(n: number, start: number): unknown[] {
  let sig = "a" + headText(start, pos);
  const array = new Array(n);
  for (let i = 0; i < n; i++) {
    const cs = pos;
    array[i] = readItem();
    sig += "," + childId(cs);
  }
  depth--;
  setId(sig, start);
  return array;
}

/** The head bytes [from, to) as text, for an id. */
function headText(from: number, to: number): string {
  keyBytes += to - from;
  let out = "";
  for (let i = from; i < to; i++) out += fromCharCode(src[i]);
  return out;
}

/** The id of the item just read at [start, pos): the one it made, or one from its bytes. */
function childId(start: number): number {
  if (lastIdStart === start && lastIdEnd === pos) return lastId;
  keyBytes += pos - start;
  let sig = "r";
  for (let i = start; i < pos; i += 4096) {
    sig += fromCharCode.apply(
      null,
      src.subarray(i, Math.min(pos, i + 4096)) as unknown as number[],
    );
  }
  return intern(sig);
}

function intern(sig: string): number {
  ids ??= new Map();
  let id = ids.get(sig);
  if (id === undefined) ids.set(sig, id = ids.size);
  return id;
}

function setId(sig: string, start: number): void {
  lastId = intern(sig);
  lastIdStart = start;
  lastIdEnd = pos;
}

/** Map with `n` entries, or indefinite when `n` < 0 (length already bounds-checked). */
function readMap(n: number, start: number): unknown {
  if (n > 0) spend(2 * n, `map of ${n} entries`, start);
  charge(n > 0 ? OBJECT_COST + PROPERTY_COST * n : OBJECT_COST, start);
  enter(start);
  let sig = keyDepth > 0 ? "m" + headText(start, pos) : null;
  const object: Record<string, unknown> = {};
  // Objects list integer-like keys first; once one appears, keep the wire order here
  // in case the map has to become a Map.
  let order: string[] | undefined;
  for (let i = 0; n < 0 || i < n; i++) {
    if (n < 0 && atBreak(start)) break;
    const ks = pos;
    if (ks >= end) throw bad("unexpected end of input, expected a data item", ks);
    const kb = src[ks];
    if (kb >> 5 !== 3) {
      if (textKeys) throw nonTextKey(kb, ks);
      // A non-text key: move what we have into a Map (no re-decoding, so no blowup).
      charge(MAP_COST + MAP_ENTRY_COST * i, ks);
      const map = new Map<unknown, unknown>();
      for (const key of order ?? Object.keys(object)) map.set(key, object[key]);
      return readMapEntries(map, n, i, start, sig);
    }
    const key = kb === 0x7f ? readItem() as string : readKey(kb, ks);
    if (Object.hasOwn(object, key)) throw bad(`duplicate map key ${JSON.stringify(key)}`, ks);
    if (sig !== null) sig += "," + childId(ks);
    if (order !== undefined) order.push(key);
    else if (key.charCodeAt(0) <= 0x39) {
      order = Object.keys(object);
      order.push(key);
    }
    if (n < 0) valueFollows();
    const vs = pos;
    const value = readItem();
    if (sig !== null) sig += "," + childId(vs);
    // Assigning "__proto__" would set the prototype; define an own property instead.
    if (key === "__proto__") {
      Object.defineProperty(object, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else object[key] = value;
  }
  depth--;
  if (sig !== null) setId(sig, start);
  return object;
}

/** For indefinite maps: true (consuming it) at the break, else charges one entry. */
function atBreak(start: number): boolean {
  if (pos >= end) throw bad("unterminated indefinite-length map starting", start);
  if (src[pos] === 0xff) {
    pos++;
    return true;
  }
  spend(2, "indefinite-length map", start);
  charge(PROPERTY_COST, start);
  return false;
}

function valueFollows(): void {
  if (pos < end && src[pos] === 0xff) throw bad("break where a map value was expected", pos);
}

/**
 * Continues a map from entry `i` into `map` (some key is not a text string).
 * Keys that decode to objects (byte strings, arrays, maps, tags) compare by
 * their encoded bytes, through ids made once per item (see `keyDepth`): a key
 * nested in a key is not read again, so the cost stays O(bytes).
 */
function readMapEntries(
  map: Map<unknown, unknown>,
  n: number,
  i: number,
  start: number,
  sig: string | null,
): Map<unknown, unknown> {
  let seen: Set<number> | undefined;
  for (let first = true; n < 0 || i < n; i++, first = false) {
    // The first entry here was already charged (and checked for break) by readMap.
    if (n < 0 && !first && atBreak(start)) break;
    charge(MAP_ENTRY_COST, start);
    const ks = pos;
    // (A throw leaves keyDepth raised: the next decode resets it.)
    keyDepth++;
    const key = readItem();
    keyDepth--;
    if (key !== null && typeof key === "object") {
      const id = childId(ks);
      seen ??= new Set();
      if (seen.has(id)) throw bad("duplicate map key", ks);
      seen.add(id);
      if (sig !== null) sig += "," + id;
    } else {
      if (map.has(key)) throw bad(`duplicate map key ${String(key)}`, ks);
      if (sig !== null) sig += "," + childId(ks);
    }
    if (n < 0) valueFollows();
    const vs = pos;
    map.set(key, readItem());
    if (sig !== null) sig += "," + childId(vs);
  }
  depth--;
  if (sig !== null) setId(sig, start);
  return map;
}

function readTag(tag: number | bigint, start: number): unknown {
  enter(start);
  charge(BOX_COST, start);
  if (pos >= end) throw bad("unexpected end of input, expected tag content", pos);
  let value: unknown;
  const cs = pos;
  const cb = src[pos];
  switch (tag) {
    case 39: {
      const slot = cb >> 5 === 0 ? readItem() : -1;
      if (typeof slot !== "number" || slot < 0 || slot > 0xffff_ffff) {
        throw bad("tag 39 (slot reference) must wrap an unsigned integer 0..2^32-1", cs);
      }
      value = new SlotRef(slot);
      break;
    }
    case 2:
    case 3: {
      if (cb >> 5 !== 2) throw bad(`tag ${tag} (bignum) must wrap a byte string`, cs);
      const bytes = readItem() as Uint8Array;
      if (bytes.length > maxBignum) {
        throw tooLarge(`bignum of ${bytes.length} bytes exceeds the limit of ${maxBignum}`, cs);
      }
      let digits = "0x0";
      for (let i = 0; i < bytes.length; i++) digits += HEX[bytes[i]];
      value = tag === 2 ? BigInt(digits) : -1n - BigInt(digits);
      break;
    }
    case 0: {
      const text = cb >> 5 === 3 ? readItem() as string : "";
      const ms = rfc3339Ms(text);
      if (ms !== ms) throw bad("tag 0 must wrap an RFC 3339 date/time text string", cs);
      value = new Date(ms);
      break;
    }
    case 1: {
      const seconds = cb >> 5 <= 1 || (cb >= 0xf9 && cb <= 0xfb) ? readItem() : NaN;
      const ms = typeof seconds === "number" ? epochMs(seconds) : NaN;
      if (ms !== ms) {
        throw bad("tag 1 must wrap a number of epoch seconds within the Date range", cs);
      }
      value = new Date(ms);
      break;
    }
    default:
      if (keyDepth > 0) {
        const head = headText(start, cs);
        value = new Tagged(tag, readItem());
        depth--;
        setId("t" + head + "," + childId(cs), start);
        return value;
      }
      value = new Tagged(tag, readItem());
  }
  depth--;
  return value;
}

/** Major type 7; `n` is the head argument: the simple value or the float bits. */
function readSimple(ai: number, n: number, start: number): unknown {
  switch (ai) {
    case 20:
      return false;
    case 21:
      return true;
    case 22:
      return null;
    case 23:
      return undefined;
    case 24:
      if (n < 32) throw bad(`simple value ${n} must use the one-byte form`, start);
      charge(BOX_COST, start);
      return new Simple(n);
    case 25:
      return halfFloat(n);
    case 26:
      return singleFloat(n);
    case 27:
      return doubleFloat(argHi, argLo);
    case 31:
      throw bad("break (0xff) outside an indefinite-length item", start);
    default:
      charge(BOX_COST, start);
      return new Simple(ai);
  }
}

/**
 * Decodes exactly one CBOR data item from `bytes`; trailing bytes are an error.
 *
 * Mapping: integers become `number` when safe, else `bigint` (tags 2/3 always give
 * `bigint`); floats `number`; byte strings fresh `Uint8Array`s; maps whose keys are
 * all text strings plain objects, other maps `Map`; tag 39 `SlotRef`; tags 0/1
 * `Date`; other tags `Tagged`; unassigned simple values `Simple`. Duplicate map
 * keys are rejected.
 *
 * @throws {ViewportError} `bad_cbor` when the input is not well-formed (with the
 * byte `offset`), `too_large` when a limit in `options` is exceeded.
 *
 * @example
 * ```ts
 * import { decodeCbor } from "./decode.ts";
 * import { SlotRef } from "../slot_ref.ts";
 * import assert from "node:assert/strict";
 * const value = decodeCbor(new Uint8Array([0xa1, 0x61, 0x73, 0xd8, 0x27, 0x0c])) as { s: SlotRef };
 * assert.ok(value.s instanceof SlotRef);
 * assert.equal(value.s.slot, 12);
 * ```
 */
export function decodeCbor(bytes: Uint8Array, options?: DecodeOptions): unknown {
  if (!(bytes instanceof Uint8Array)) {
    throw new ViewportError("bad_cbor", "CBOR input must be a Uint8Array", { offset: 0 });
  }
  return decodeCborRange(bytes, 0, bytes.length, options);
}

/**
 * Like {@linkcode decodeCbor} for the item in `bytes[start, end)`, without
 * making a view first (the frame decoder's hot path). Error offsets are
 * relative to `start`.
 *
 * @example
 * ```ts
 * import { decodeCborRange } from "./decode.ts";
 * import assert from "node:assert/strict";
 * const bytes = new Uint8Array([0xff, 0x83, 1, 2, 3, 0xff]);
 * assert.deepEqual(decodeCborRange(bytes, 1, 5), [1, 2, 3]);
 * ```
 */
export function decodeCborRange(
  bytes: Uint8Array,
  start: number,
  stop: number,
  options?: DecodeOptions,
): unknown {
  return decodeCborAt(bytes, start, start, stop, options);
}

/**
 * True when `bytes[start, stop)` decodes as exactly one item with `options`
 * (what {@linkcode decodeCborRange} would return a value for). Failures cost no
 * error object: for scanners that try many candidates (the stdio splitter).
 *
 * @example
 * ```ts
 * import { isDecodableCbor } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isDecodableCbor(new Uint8Array([0x82, 1, 2]), 0, 3));
 * assert.ok(!isDecodableCbor(new Uint8Array([0x82, 1]), 0, 2));
 * ```
 */
export function isDecodableCbor(
  bytes: Uint8Array,
  start: number,
  stop: number,
  options?: DecodeOptions,
): boolean {
  checking = true;
  try {
    decodeCborAt(bytes, start, start, stop, options);
    return true;
  } catch {
    return false;
  } finally {
    checking = false;
  }
}

/**
 * Like {@linkcode decodeCborRange} for the item in `bytes[start, stop)`, with
 * error offsets relative to `origin` (at or before `start`): for decoders that
 * hand one item of a larger input to this one (`CborSteps`).
 *
 * @example
 * ```ts
 * import { decodeCborAt } from "./decode.ts";
 * import assert from "node:assert/strict";
 * const bytes = new Uint8Array([0x82, 0x61, 0xff, 0x00]);
 * assert.throws(() => decodeCborAt(bytes, 0, 1, 3), { code: "bad_cbor", offset: 1 });
 * ```
 */
export function decodeCborAt(
  bytes: Uint8Array,
  origin: number,
  start: number,
  stop: number,
  options?: DecodeOptions,
): unknown {
  if (!(origin >= 0 && start >= origin && stop >= start && stop <= bytes.length)) {
    throw new RangeError(`range [${start}, ${stop}) is outside the ${bytes.length} input bytes`);
  }
  // A plain Uint8Array keeps property access monomorphic and slice() copying (Buffer aliases).
  src = bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  shared = typeof SharedArrayBuffer === "function" && src.buffer instanceof SharedArrayBuffer;
  base = origin;
  pos = start;
  end = stop;
  depth = 0;
  maxDepth = options?.maxDepth ?? DEFAULT_DECODE_MAX_DEPTH;
  maxItems = itemsLeft = options?.maxItems ?? DEFAULT_MAX_ITEMS;
  maxBignum = options?.maxBignumBytes ?? DEFAULT_MAX_BIGNUM_BYTES;
  maxChunks = options?.maxChunks ?? DEFAULT_MAX_CHUNKS;
  textKeys = options?.textKeys ?? false;
  maxAlloc = allocLeft = options?.maxAllocation ??
    DEFAULT_ALLOC_PER_BYTE * (stop - start) + DEFAULT_ALLOC_BASE;
  keyDepth = keyBytes = 0;
  lastIdStart = lastIdEnd = -1;
  try {
    const value = readItem();
    if (pos !== end) throw bad(`${end - pos} trailing bytes after the data item`, pos);
    return value;
  } catch (err) {
    if (err instanceof ViewportError) throw err;
    // Only a call-stack overflow (maxDepth set very high) should get here.
    const overflow = err instanceof RangeError;
    throw new ViewportError(
      overflow ? "too_large" : "bad_cbor",
      `${overflow ? "nesting too deep for the call stack" : "undecodable input"} at offset ${
        pos - base
      }`,
      { offset: pos - base, cause: err },
    );
  } finally {
    const stats = options?.stats;
    if (stats) {
      stats.items = Math.min(maxItems, maxItems - itemsLeft);
      stats.allocated = Math.min(maxAlloc, maxAlloc - allocLeft);
      stats.keyBytes = keyBytes;
      stats.offset = pos - base;
    }
    src = EMPTY;
    base = 0;
    ids = null;
  }
}
