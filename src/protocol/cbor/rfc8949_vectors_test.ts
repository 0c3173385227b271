// Every example of RFC 8949 Appendix A (Table 6), in table order. Each vector
// decodes to `value`; unless `why` explains otherwise, encoding `value` gives the
// bytes back. RFC 7049's table also had simple(24) as f818; RFC 8949 made that
// not well-formed, so it is absent here and decode_test.ts checks it is rejected.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { decodeCbor } from "./decode.ts";
import { encodeCbor } from "./encode.ts";
import { Simple, Tagged } from "./tagged.ts";

interface Vector {
  hex: string;
  value: unknown;
  /** Why the vector cannot be re-encoded byte for byte. */
  why?: string;
}

const enc = new TextEncoder();
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

// JS has one number type: an integral float decodes to the same `number` as the
// integer, and integral numbers encode as CBOR integers (preferred serialization).
const INTEGRAL_FLOAT = "integral float decodes to a number, which encodes as an integer";
// NaN and the infinities always encode in their shortest (half) form.
const WIDE_SPECIAL = "non-finite value re-encodes in its shortest form, f97c00/f97e00/f9fc00";
// The encoder only emits definite lengths.
const INDEFINITE = "indefinite length re-encodes as definite length";

const VECTORS: Vector[] = [
  { hex: "00", value: 0 },
  { hex: "01", value: 1 },
  { hex: "0a", value: 10 },
  { hex: "17", value: 23 },
  { hex: "1818", value: 24 },
  { hex: "1819", value: 25 },
  { hex: "1864", value: 100 },
  { hex: "1903e8", value: 1000 },
  { hex: "1a000f4240", value: 1000000 },
  { hex: "1b000000e8d4a51000", value: 1000000000000 },
  { hex: "1bffffffffffffffff", value: 18446744073709551615n },
  { hex: "c249010000000000000000", value: 18446744073709551616n },
  { hex: "3bffffffffffffffff", value: -18446744073709551616n },
  { hex: "c349010000000000000000", value: -18446744073709551617n },
  { hex: "20", value: -1 },
  { hex: "29", value: -10 },
  { hex: "3863", value: -100 },
  { hex: "3903e7", value: -1000 },
  { hex: "f90000", value: 0, why: INTEGRAL_FLOAT },
  { hex: "f98000", value: -0 },
  { hex: "f93c00", value: 1, why: INTEGRAL_FLOAT },
  { hex: "fb3ff199999999999a", value: 1.1 },
  { hex: "f93e00", value: 1.5 },
  { hex: "f97bff", value: 65504, why: INTEGRAL_FLOAT },
  { hex: "fa47c35000", value: 100000, why: INTEGRAL_FLOAT },
  // Integral but beyond 2^64, so it stays a float and round trips.
  { hex: "fa7f7fffff", value: 3.4028234663852886e+38 },
  { hex: "fb7e37e43c8800759c", value: 1.0e+300 },
  { hex: "f90001", value: 5.960464477539063e-8 },
  { hex: "f90400", value: 0.00006103515625 },
  { hex: "f9c400", value: -4, why: INTEGRAL_FLOAT },
  { hex: "fbc010666666666666", value: -4.1 },
  { hex: "f97c00", value: Infinity },
  { hex: "f97e00", value: NaN },
  { hex: "f9fc00", value: -Infinity },
  { hex: "fa7f800000", value: Infinity, why: WIDE_SPECIAL },
  { hex: "fa7fc00000", value: NaN, why: WIDE_SPECIAL },
  { hex: "faff800000", value: -Infinity, why: WIDE_SPECIAL },
  { hex: "fb7ff0000000000000", value: Infinity, why: WIDE_SPECIAL },
  { hex: "fb7ff8000000000000", value: NaN, why: WIDE_SPECIAL },
  { hex: "fbfff0000000000000", value: -Infinity, why: WIDE_SPECIAL },
  { hex: "f4", value: false },
  { hex: "f5", value: true },
  { hex: "f6", value: null },
  { hex: "f7", value: undefined },
  { hex: "f0", value: new Simple(16) },
  { hex: "f8ff", value: new Simple(255) },
  {
    hex: "c074323031332d30332d32315432303a30343a30305a",
    value: new Date("2013-03-21T20:04:00Z"),
    why: "tag 0 decodes to a Date, and a Date encodes as tag 1 (epoch seconds)",
  },
  { hex: "c11a514b67b0", value: new Date(1363896240000) },
  { hex: "c1fb41d452d9ec200000", value: new Date(1363896240500) },
  { hex: "d74401020304", value: new Tagged(23, Uint8Array.of(1, 2, 3, 4)) },
  { hex: "d818456449455446", value: new Tagged(24, enc.encode("dIETF")) },
  {
    hex: "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
    value: new Tagged(32, "http://www.example.com"),
  },
  { hex: "40", value: new Uint8Array(0) },
  { hex: "4401020304", value: Uint8Array.of(1, 2, 3, 4) },
  { hex: "60", value: "" },
  { hex: "6161", value: "a" },
  { hex: "6449455446", value: "IETF" },
  { hex: "62225c", value: '"\\' },
  { hex: "62c3bc", value: "\u00fc" },
  { hex: "63e6b0b4", value: "\u6c34" },
  { hex: "64f0908591", value: "\ud800\udd51" },
  { hex: "80", value: [] },
  { hex: "83010203", value: [1, 2, 3] },
  { hex: "8301820203820405", value: [1, [2, 3], [4, 5]] },
  {
    hex: "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
    value: range(1, 25),
  },
  { hex: "a0", value: {} },
  { hex: "a201020304", value: new Map([[1, 2], [3, 4]]) },
  { hex: "a26161016162820203", value: { a: 1, b: [2, 3] } },
  { hex: "826161a161626163", value: ["a", { b: "c" }] },
  {
    hex: "a56161614161626142616361436164614461656145",
    value: { a: "A", b: "B", c: "C", d: "D", e: "E" },
  },
  { hex: "5f42010243030405ff", value: Uint8Array.of(1, 2, 3, 4, 5), why: INDEFINITE },
  { hex: "7f657374726561646d696e67ff", value: "streaming", why: INDEFINITE },
  { hex: "9fff", value: [], why: INDEFINITE },
  { hex: "9f018202039f0405ffff", value: [1, [2, 3], [4, 5]], why: INDEFINITE },
  { hex: "9f01820203820405ff", value: [1, [2, 3], [4, 5]], why: INDEFINITE },
  { hex: "83018202039f0405ff", value: [1, [2, 3], [4, 5]], why: INDEFINITE },
  { hex: "83019f0203ff820405", value: [1, [2, 3], [4, 5]], why: INDEFINITE },
  {
    hex: "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
    value: range(1, 25),
    why: INDEFINITE,
  },
  { hex: "bf61610161629f0203ffff", value: { a: 1, b: [2, 3] }, why: INDEFINITE },
  { hex: "826161bf61626163ff", value: ["a", { b: "c" }], why: INDEFINITE },
  { hex: "bf6346756ef563416d7421ff", value: { Fun: true, Amt: -2 }, why: INDEFINITE },
];

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

Deno.test("RFC 8949 Appendix A: the table has all 81 examples", () => {
  strictEqual(VECTORS.length, 81);
  strictEqual(new Set(VECTORS.map((v) => v.hex)).size, 81);
});

Deno.test("RFC 8949 Appendix A: every example decodes to its value", () => {
  for (const { hex, value } of VECTORS) {
    deepStrictEqual(decodeCbor(fromHex(hex)), value, `decoding ${hex}`);
  }
});

Deno.test("RFC 8949 Appendix A: round-trippable examples re-encode byte for byte", () => {
  let checked = 0;
  for (const { hex, value, why } of VECTORS) {
    if (why !== undefined) continue;
    strictEqual(toHex(encodeCbor(value)), hex, `encoding ${hex}`);
    strictEqual(toHex(encodeCbor(decodeCbor(fromHex(hex)))), hex, `re-encoding ${hex}`);
    checked++;
  }
  strictEqual(checked, 58);
});

Deno.test("RFC 8949 Appendix A: the others re-encode to their preferred form", () => {
  const preferred: Record<string, string> = {
    f90000: "00",
    f93c00: "01",
    f97bff: "19ffe0",
    fa47c35000: "1a000186a0",
    f9c400: "23",
    fa7f800000: "f97c00",
    fa7fc00000: "f97e00",
    faff800000: "f9fc00",
    fb7ff0000000000000: "f97c00",
    fb7ff8000000000000: "f97e00",
    fbfff0000000000000: "f9fc00",
    c074323031332d30332d32315432303a30343a30305a: "c11a514b67b0",
    "5f42010243030405ff": "450102030405",
    "7f657374726561646d696e67ff": "6973747265616d696e67",
    "9fff": "80",
    bf6346756ef563416d7421ff: "a26346756ef563416d7421",
  };
  for (const { hex, why } of VECTORS) {
    if (why === undefined) continue;
    const again = toHex(encodeCbor(decodeCbor(fromHex(hex))));
    if (hex in preferred) strictEqual(again, preferred[hex], `re-encoding ${hex}`);
    // The result is itself preferred, so it is a fixed point.
    strictEqual(toHex(encodeCbor(decodeCbor(fromHex(again)))), again);
  }
});
