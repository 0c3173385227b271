import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ViewportError } from "../errors.ts";
import { SlotRef } from "../slot_ref.ts";
import { decodeCbor, type DecodeOptions } from "./decode.ts";
import { encodeCbor } from "./encode.ts";
import { Simple, Tagged } from "./tagged.ts";

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));
}

function decodeHex(hex: string, options?: DecodeOptions): unknown {
  return decodeCbor(bytes(hex), options);
}

/** Asserts a ViewportError with `code`, and when given the offset and a message match. */
function rejects(
  hex: string,
  code: "bad_cbor" | "too_large",
  offset?: number,
  pattern?: RegExp,
  options?: DecodeOptions,
): void {
  throws(() => decodeHex(hex, options), (err) => {
    ok(err instanceof ViewportError, `${hex}: not a ViewportError: ${err}`);
    strictEqual(err.code, code, `${hex}: ${err.message}`);
    if (offset !== undefined) {
      strictEqual(err.offset, offset, `${hex}: ${err.message}`);
      ok(err.message.includes(`at offset ${offset}`), err.message);
    }
    if (pattern) ok(pattern.test(err.message), `${hex}: ${err.message}`);
    return true;
  });
}

// RFC 8949 Appendix F: every not-well-formed example.
const NOT_WELL_FORMED = [
  // F.1: end of input in a head
  "18",
  "19",
  "1a",
  "1b",
  "1901",
  "1a0102",
  "1b01020304050607",
  "38",
  "58",
  "78",
  "98",
  "9a01ff00",
  "b8",
  "d8",
  "f8",
  "f900",
  "fa0000",
  "fb000000",
  // F.1: definite-length strings with short data
  "41",
  "61",
  "5affffffff00",
  "5bffffffffffffffff010203",
  "7affffffff00",
  "7b7fffffffffffffff010203",
  // F.1: definite-length maps and arrays not closed with enough items
  "81",
  "818181818181818181",
  "8200",
  "a1",
  "a20102",
  "a100",
  "a2000000",
  // F.1: tag number not followed by tag content
  "c0",
  // F.1: indefinite-length strings, maps and arrays not closed by a break
  "5f4100",
  "7f6100",
  "9f",
  "9f0102",
  "bf",
  "bf01020102",
  "819f",
  "9f8000",
  "9f9f9f9f9fffffffff",
  "9f819f819f9fffffff",
  // F.2: reserved additional information values
  "1c",
  "1d",
  "1e",
  "3c",
  "3d",
  "3e",
  "5c",
  "5d",
  "5e",
  "7c",
  "7d",
  "7e",
  "9c",
  "9d",
  "9e",
  "bc",
  "bd",
  "be",
  "dc",
  "dd",
  "de",
  "fc",
  "fd",
  "fe",
  // F.2: reserved two-byte encodings of simple values
  "f800",
  "f801",
  "f818",
  "f81f",
  // F.2: indefinite-length string chunks not of the correct type, or not definite
  "5f00ff",
  "5f21ff",
  "5f6100ff",
  "5f80ff",
  "5fa0ff",
  "5fc000ff",
  "5fe0ff",
  "7f4100ff",
  "5f5f4100ffff",
  "7f7f6100ffff",
  // F.2: break on its own, in a definite-length container or tag, in a map value position
  "ff",
  "81ff",
  "8200ff",
  "a1ff",
  "a1ff00",
  "a100ff",
  "a20000ff",
  "9f81ff",
  "9f829f819f9fffffffff",
  "bf00ff",
  "bf000000ff",
  // F.2: major types 0, 1 and 6 with additional information 31
  "1f",
  "3f",
  "df",
];

Deno.test("decode: every not-well-formed example of RFC 8949 Appendix F is bad_cbor", () => {
  strictEqual(NOT_WELL_FORMED.length, 94);
  for (const hex of NOT_WELL_FORMED) rejects(hex, "bad_cbor");
});

Deno.test("decode: errors name the problem and its byte offset", () => {
  rejects("", "bad_cbor", 0, /unexpected end of input/);
  rejects("82190100", "bad_cbor", 4, /unexpected end of input, expected a data item/);
  rejects("830102", "bad_cbor", 0, /truncated array of 3 items: needs 3 bytes, 2 remain/);
  rejects("0000", "bad_cbor", 1, /1 trailing bytes/);
  rejects("8201 1c", "bad_cbor", 2, /reserved additional information 28 in initial byte 0x1c/);
  rejects("82 00 19 01", "bad_cbor", 2, /truncated head: needs 2 bytes, 1 remain/);
  rejects("81 65 6162", "bad_cbor", 1, /truncated text string: needs 5 bytes, 2 remain/);
  rejects("f818", "bad_cbor", 0, /simple value 24 must use the one-byte form/);
  rejects("8100ff", "bad_cbor", 2, /trailing/);
  rejects("81ff", "bad_cbor", 1, /break \(0xff\) outside/);
  rejects("bf 6161 ff", "bad_cbor", 3, /break where a map value was expected/);
  rejects("7f 6161 4100 ff", "bad_cbor", 3, /chunk of indefinite-length text string has major/);
  rejects("5f 5f ff ff", "bad_cbor", 1, /nested indefinite-length chunk/);
  rejects("9f 01", "bad_cbor", 0, /unterminated indefinite-length array/);
  rejects("1f", "bad_cbor", 0, /indefinite length on an unsigned integer/);
  rejects("df 00", "bad_cbor", 0, /indefinite length on a tag/);
  rejects("a2 6161 01 6161 02", "bad_cbor", 4, /duplicate map key "a"/);
});

Deno.test("decode: hostile lengths are rejected before allocating", () => {
  rejects("9b 0000000100000000", "bad_cbor", 0, /array of 4294967296 items/);
  rejects("9bffffffffffffffff", "bad_cbor", 0, /truncated array/);
  rejects("bbffffffffffffffff", "bad_cbor", 0, /truncated map/);
  rejects("5bffffffffffffffff 00", "bad_cbor", 0, /truncated byte string/);
  rejects("7a7fffffff 00", "bad_cbor", 0, /truncated text string/);
  rejects("d9ffff 9a00100000", "bad_cbor", 3, /array of 1048576 items/);
  rejects("a2 00", "bad_cbor", 0, /map of 2 entries: needs 4 bytes/);
});

Deno.test("decode: maxItems and maxDepth limits give too_large", () => {
  rejects("850000000000", "too_large", 0, /limit of 4 items/, { maxItems: 4 });
  deepStrictEqual(decodeHex("8400000000", { maxItems: 4 }), [0, 0, 0, 0]);
  // The budget covers the whole input: 2 + 2 + 2 items.
  rejects("82 820102 820304", "too_large", 4, /items per input/, { maxItems: 5 });
  rejects("a2 0000 0000", "too_large", 0, /map of 2 entries/, { maxItems: 3 });
  rejects("9f 00 00 00 ff", "too_large", 0, undefined, { maxItems: 2 });
  rejects("bf 0000 0000 ff", "too_large", 0, undefined, { maxItems: 3 });
  rejects("818100", "too_large", 1, /nesting deeper than 1/, { maxDepth: 1 });
  deepStrictEqual(decodeHex("818100", { maxDepth: 2 }), [[0]]);
  rejects("c6c600", "too_large", 1, undefined, { maxDepth: 1 });
  rejects("a1 6161 a0", "too_large", 3, undefined, { maxDepth: 1 });
  // A huge maxDepth still ends in a ViewportError, never a raw stack overflow.
  const deep = new Uint8Array(1_000_001).fill(0x81);
  deep[deep.length - 1] = 0;
  throws(
    () => decodeCbor(deep, { maxDepth: Infinity, maxItems: Infinity }),
    (err) => err instanceof ViewportError && err.code === "too_large",
  );
});

Deno.test("decode: integers become number when safe, else bigint", () => {
  strictEqual(decodeHex("1b001fffffffffffff"), Number.MAX_SAFE_INTEGER);
  strictEqual(decodeHex("1b0020000000000000"), 2n ** 53n);
  strictEqual(decodeHex("1bffffffffffffffff"), 2n ** 64n - 1n);
  strictEqual(decodeHex("3b001ffffffffffffe"), -Number.MAX_SAFE_INTEGER);
  strictEqual(decodeHex("3b001fffffffffffff"), -(2n ** 53n));
  strictEqual(decodeHex("3bffffffffffffffff"), -(2n ** 64n));
  // Non-preferred (longer) heads are well-formed and accepted.
  strictEqual(decodeHex("1800"), 0);
  strictEqual(decodeHex("1b0000000000000001"), 1);
  strictEqual(decodeHex("3a7fffffff"), -(2 ** 31));
  strictEqual(decodeHex("1affffffff"), 0xffff_ffff);
});

Deno.test("decode: tags 2 and 3 give bigint and must wrap a byte string", () => {
  strictEqual(decodeHex("c240"), 0n);
  strictEqual(decodeHex("c24101"), 1n);
  strictEqual(decodeHex("c340"), -1n);
  strictEqual(decodeHex("c25f 4101 420203 ff"), 0x10203n);
  rejects("c201", "bad_cbor", 1, /tag 2 \(bignum\) must wrap a byte string/);
  rejects("c36161", "bad_cbor", 1, /tag 3/);
  const big = "c2590401" + "ff".repeat(1025);
  rejects(big, "too_large", 1, /bignum of 1025 bytes/);
  strictEqual(decodeHex(big, { maxBignumBytes: 2048 }), 2n ** (1025n * 8n) - 1n);
});

Deno.test("decode: floats of every width, including non-preferred ones", () => {
  strictEqual(decodeHex("f93c00"), 1);
  strictEqual(decodeHex("f97bff"), 65504);
  strictEqual(decodeHex("f98001"), -(2 ** -24));
  strictEqual(decodeHex("fa3f800000"), 1);
  strictEqual(decodeHex("fa33000000"), 2 ** -25);
  strictEqual(decodeHex("fb3ff0000000000000"), 1);
  strictEqual(decodeHex("fb0000000000000001"), Number.MIN_VALUE);
  ok(Object.is(decodeHex("fb8000000000000000"), -0));
  ok(Number.isNaN(decodeHex("f97c01")));
  ok(Number.isNaN(decodeHex("fa7f800001")));
});

Deno.test("decode: text must be valid UTF-8, in short and long strings and every chunk", () => {
  strictEqual(decodeHex("63efbbbf"), "\ufeff"); // a BOM is content, not stripped
  strictEqual(decodeHex("7f 62c3bc 63e6b0b4 ff"), "\u00fc\u6c34");
  const invalid = [
    "62c080", // overlong NUL
    "63eda080", // UTF-16 surrogate
    "64f4908080", // beyond U+10FFFF
    "62e6b0", // truncated sequence
    "6180", // lone continuation byte
    "61ff",
    "7828" + "61".repeat(39) + "80", // long string: the TextDecoder path
  ];
  for (const hex of invalid) rejects(hex, "bad_cbor", 0, /invalid UTF-8/);
  rejects("81 62c328", "bad_cbor", 1, /invalid UTF-8 in text string/);
  // A character split across chunks is invalid: each chunk must stand alone.
  rejects("7f 61c3 61bc ff", "bad_cbor", 1, /invalid UTF-8/);
});

Deno.test("decode: byte strings are copies, from any Uint8Array view or subclass", () => {
  const input = bytes("43010203");
  const out = decodeCbor(input) as Uint8Array;
  input[1] = 99;
  deepStrictEqual(out, Uint8Array.of(1, 2, 3));
  const framed = bytes("ffff 420a0b ffff").subarray(2, 5);
  deepStrictEqual(decodeCbor(framed), Uint8Array.of(10, 11));
  class Bytes extends Uint8Array {}
  deepStrictEqual(decodeCbor(Bytes.from([0x41, 0x07])), Uint8Array.of(7));
  deepStrictEqual(decodeHex("5f 4101 40 420203 ff"), Uint8Array.of(1, 2, 3));
  throws(
    () => decodeCbor([0] as unknown as Uint8Array),
    (err) => err instanceof ViewportError && err.code === "bad_cbor",
  );
});

Deno.test("decode: input in a SharedArrayBuffer decodes the same", () => {
  const value = ["\u00fc".repeat(40), "x".repeat(100), Uint8Array.of(1, 2)];
  const encoded = encodeCbor(value);
  const shared = new Uint8Array(new SharedArrayBuffer(encoded.length + 2), 1, encoded.length);
  shared.set(encoded);
  deepStrictEqual(decodeCbor(shared), value);
  shared.set([0x62, 0xc3, 0x28]);
  throws(
    () => decodeCbor(shared.subarray(0, 3)),
    (err) => err instanceof ViewportError && /invalid UTF-8/.test(err.message),
  );
});

Deno.test("decode: tag 39 is a SlotRef around an unsigned integer only", () => {
  deepStrictEqual(decodeHex("d82700"), new SlotRef(0));
  deepStrictEqual(decodeHex("d8271affffffff"), new SlotRef(0xffff_ffff));
  deepStrictEqual(decodeHex("d9002718ff"), new SlotRef(255)); // longer heads are fine
  const hostile = [
    "d8271b0000000100000000",
    "d82720",
    "d8276161",
    "d827d82700",
    "d827f6",
    "d827fa3f800000",
  ];
  for (const hex of hostile) rejects(hex, "bad_cbor", 2, /tag 39 \(slot reference\)/);
  rejects("d827", "bad_cbor", 2, /expected tag content/);
});

Deno.test("decode: dates from tags 0 and 1 are validated", () => {
  deepStrictEqual(decodeHex("c1 20"), new Date(-1000));
  deepStrictEqual(decodeHex("c1 f93e00"), new Date(1500));
  const iso = encodeCbor(new Tagged(0, "2024-02-29t12:00:00.25+01:00"));
  deepStrictEqual(decodeCbor(iso), new Date("2024-02-29T11:00:00.250Z"));
  rejects("c0 00", "bad_cbor", 1, /tag 0 must wrap an RFC 3339/);
  rejects("c0 6474657374", "bad_cbor", 1, /tag 0/);
  rejects("c1 6161", "bad_cbor", 1, /tag 1 must wrap a number/);
  rejects("c1 f97e00", "bad_cbor", 1, /tag 1/);
  rejects("c1 fb7e37e43c8800759c", "bad_cbor", 1, /tag 1/);
  rejects("c1 1bffffffffffffffff", "bad_cbor", 1, /tag 1/);
});

Deno.test("decode: other tags and simple values round trip as Tagged and Simple", () => {
  deepStrictEqual(decodeHex("d820 6161"), new Tagged(32, "a"));
  deepStrictEqual(decodeHex("dbffffffffffffffff 00"), new Tagged(2n ** 64n - 1n, 0));
  deepStrictEqual(decodeHex("c6 c7 00"), new Tagged(6, new Tagged(7, 0)));
  deepStrictEqual(decodeHex("e0"), new Simple(0));
  deepStrictEqual(decodeHex("f3"), new Simple(19));
  deepStrictEqual(decodeHex("f820"), new Simple(32));
  strictEqual(decodeHex("f7"), undefined);
});

Deno.test("decode: text-keyed maps are plain objects; __proto__ is only an own key", () => {
  const value = decodeHex(
    "a2 695f5f70726f746f5f5f a1 6178 01 6b636f6e7374727563746f72 05",
  ) as Record<
    string,
    unknown
  >;
  strictEqual(Object.getPrototypeOf(value), Object.prototype);
  ok(Object.hasOwn(value, "__proto__"));
  deepStrictEqual(Object.getOwnPropertyDescriptor(value, "__proto__")?.value, { x: 1 });
  strictEqual((value as { x?: unknown }).x, undefined);
  strictEqual(value.constructor, 5);
  deepStrictEqual(Object.keys(value), ["__proto__", "constructor"]);
  strictEqual(({} as { x?: unknown }).x, undefined); // Object.prototype untouched
  deepStrictEqual(decodeHex("bf 6161 01 7f 6162 ff 02 ff"), { a: 1, b: 2 });
});

Deno.test("decode: maps with any non-text key are Maps, in wire order", () => {
  deepStrictEqual(decodeHex("a2 01 02 6161 03"), new Map<unknown, unknown>([[1, 2], ["a", 3]]));
  // The non-text key comes late, after integer-like text keys JS objects would reorder.
  const late = decodeHex("a4 6162 01 6131 02 6130 03 f6 04") as Map<unknown, unknown>;
  deepStrictEqual([...late.keys()], ["b", "1", "0", null]);
  const mixed = decodeHex("bf 6161 01 6130 02 01 02 ff") as Map<unknown, unknown>;
  deepStrictEqual([...mixed.entries()], [["a", 1], ["0", 2], [1, 2]]);
  deepStrictEqual(decodeHex("a1 8101 02"), new Map([[[1], 2]]));
  deepStrictEqual(decodeHex("a0"), {});
});

Deno.test("decode: duplicate map keys are bad_cbor, for every key kind", () => {
  rejects("a2 6161 01 6161 02", "bad_cbor", 4, /duplicate map key "a"/);
  rejects("a2 01 00 01 00", "bad_cbor", 3, /duplicate map key 1/);
  rejects("a2 01 00 f93c00 00", "bad_cbor", 3); // 1 and 1.0 are one JS number
  rejects("a2 f97e00 00 fa7fc00000 00", "bad_cbor", 5); // NaN twice
  rejects("a2 8101 00 8101 00", "bad_cbor", 4, /duplicate map key/);
  rejects("a3 6161 00 01 00 6161 00", "bad_cbor", 6, /duplicate map key a/);
  rejects("bf 6161 00 6161 00 ff", "bad_cbor", 4);
  rejects("bf 00 00 00 00 ff", "bad_cbor", 3);
  rejects("a2 d82701 00 d82701 00", "bad_cbor", 5);
  // Equal values encoded differently are not caught for composite keys: that would
  // need a canonical form. The Map keeps both.
  strictEqual((decodeHex("a2 8101 00 811801 00") as Map<unknown, unknown>).size, 2);
});

Deno.test("decode: decoded values re-encode to the same bytes", () => {
  const samples = [
    "a2 64726f6f74 a2 626964 00 646b696e64 63626f78 6474657874 d82705",
    "83 6a7365727665722e6c6f67 19bc67 1a67a3f2d4",
    "a3 01 02 6161 f5 f6 f7",
    "c2 49 010000000000000000",
  ];
  for (const hex of samples) {
    const input = bytes(hex);
    deepStrictEqual(encodeCbor(decodeCbor(input)), input, hex);
  }
});
