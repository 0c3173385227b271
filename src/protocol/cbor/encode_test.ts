import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ViewportError } from "../errors.ts";
import { SlotRef } from "../slot_ref.ts";
import { decodeCbor } from "./decode.ts";
import { CborEncoder, encodeCbor } from "./encode.ts";
import { Simple, Tagged } from "./tagged.ts";

function hex(value: unknown): string {
  return Array.from(encodeCbor(value), (b) => b.toString(16).padStart(2, "0")).join("");
}

function badMessage(fn: () => unknown, pattern: RegExp): void {
  throws(
    fn,
    (err) =>
      err instanceof ViewportError && err.code === "bad_message" && pattern.test(err.message),
  );
}

Deno.test("encode: integer heads use the shortest form at every boundary", () => {
  const cases: [number, string][] = [
    [0, "00"],
    [23, "17"],
    [24, "1818"],
    [255, "18ff"],
    [256, "190100"],
    [65535, "19ffff"],
    [65536, "1a00010000"],
    [0xffff_ffff, "1affffffff"],
    [0x1_0000_0000, "1b0000000100000000"],
    [Number.MAX_SAFE_INTEGER, "1b001fffffffffffff"],
    [-1, "20"],
    [-24, "37"],
    [-25, "3818"],
    [-256, "38ff"],
    [-257, "390100"],
    [-65537, "3a00010000"],
    [-0x1_0000_0001, "3b0000000100000000"],
    [-Number.MAX_SAFE_INTEGER, "3b001ffffffffffffe"],
  ];
  for (const [value, expected] of cases) strictEqual(hex(value), expected, String(value));
});

Deno.test("encode: integral numbers beyond 2^53 stay exact CBOR integers", () => {
  strictEqual(hex(2 ** 53), "1b0020000000000000");
  strictEqual(hex(2 ** 64 - 2048), "1bfffffffffffff800"); // largest double below 2^64
  strictEqual(hex(-(2 ** 53)), "3b001fffffffffffff");
  // -1 - v is not representable here; the encoder must not round it.
  strictEqual(hex(-(2 ** 60)), "3b0fffffffffffffff");
  strictEqual(hex(-(2 ** 64)), "3bffffffffffffffff");
  // From 2^64 on, only a float can carry the value.
  strictEqual(hex(2 ** 64), "fa5f800000");
  strictEqual(hex(-(2 ** 64) - 4096), "fbc3f0000000000001");
  strictEqual(decodeCbor(encodeCbor(2 ** 60)), 2n ** 60n);
});

Deno.test("encode: bigint uses major types 0/1 within 64 bits, else tags 2/3", () => {
  strictEqual(hex(0n), "00");
  strictEqual(hex(-1n), "20");
  strictEqual(hex(1000n), "1903e8");
  strictEqual(hex(2n ** 64n - 1n), "1bffffffffffffffff");
  strictEqual(hex(2n ** 64n), "c249010000000000000000");
  strictEqual(hex(-(2n ** 64n)), "3bffffffffffffffff");
  strictEqual(hex(-(2n ** 64n) - 1n), "c349010000000000000000");
  strictEqual(hex(2n ** 200n), "c2581a01" + "00".repeat(25));
  strictEqual(hex(-(2n ** 72n) - 0x1234n), "c34a01000000000000001233");
  for (const n of [2n ** 64n, -(2n ** 64n) - 1n, 2n ** 200n + 12345n, -(3n ** 99n)]) {
    strictEqual(decodeCbor(encodeCbor(n)), n);
  }
});

Deno.test("encode: floats take the shortest exact width; -0, NaN and infinities", () => {
  strictEqual(hex(-0), "f98000");
  strictEqual(hex(0.5), "f93800");
  strictEqual(hex(NaN), "f97e00");
  strictEqual(hex(Infinity), "f97c00");
  strictEqual(hex(-Infinity), "f9fc00");
  strictEqual(hex(2 ** -24), "f90001"); // smallest half subnormal
  strictEqual(hex(3 * 2 ** -24), "f90003");
  strictEqual(hex(2 ** -25), "fa33000000"); // below half's range, exact in single
  strictEqual(hex(1.5 * 2 ** -24), "fa33c00000"); // needs a bit half lacks
  strictEqual(hex(100000.5), "fa47c35040");
  strictEqual(hex(65504.5), "fa477fe080");
  strictEqual(hex(0.1), "fb3fb999999999999a");
  strictEqual(hex(1 / 3), "fb3fd5555555555555");
  strictEqual(hex(Number.MIN_VALUE), "fb0000000000000001");
  strictEqual(hex(Number.MAX_VALUE), "fb7fefffffffffffff");
});

Deno.test("encode: every half-precision value encodes as f9 with its own bits", () => {
  const halves = new Float16Array(1);
  const bits = new Uint16Array(halves.buffer);
  for (let h = 0; h < 0x10000; h++) {
    bits[0] = h;
    const v = halves[0];
    const out = encodeCbor(v);
    if (Number.isNaN(v)) strictEqual(hex(v), "f97e00");
    else if (Number.isInteger(v) && !Object.is(v, -0)) strictEqual(out[0] >> 5, v < 0 ? 1 : 0);
    else deepStrictEqual([...out], [0xf9, h >> 8, h & 0xff], `half 0x${h.toString(16)}`);
  }
});

Deno.test("encode: float width agrees with Math.f16round/Math.fround on random doubles", () => {
  const words = new Uint32Array(2);
  const doubles = new Float64Array(words.buffer);
  for (let i = 0; i < 20000; i++) {
    words[0] = Math.random() * 2 ** 32;
    words[1] = Math.random() * 2 ** 32;
    // Mix in values with short mantissas, which are the interesting ones.
    const v = i % 2 ? doubles[0] : Math.fround(doubles[0]) * (i % 3 ? 1 : 2 ** -20);
    if (Number.isNaN(v) || (Number.isInteger(v) && Math.abs(v) < 2 ** 64)) continue;
    const expected = Math.f16round(v) === v ? 3 : Math.fround(v) === v ? 5 : 9;
    const out = encodeCbor(v);
    strictEqual(out.length, expected, String(v));
    strictEqual(decodeCbor(out), v);
  }
});

Deno.test("encode: text strings, ASCII and not, at head-size boundaries", () => {
  strictEqual(hex(""), "60");
  strictEqual(hex("a".repeat(23)), "77" + "61".repeat(23));
  strictEqual(hex("a".repeat(24)), "7818" + "61".repeat(24));
  strictEqual(hex("\u00fc"), "62c3bc");
  strictEqual(hex("\ud800\udd51"), "64f0908591");
  // Lone surrogates cannot be UTF-8; like TextEncoder, they become U+FFFD.
  strictEqual(hex("\ud800"), "63efbfbd");
  strictEqual(hex("a\udc00b"), "6561efbfbd62");
  const enc = new TextEncoder();
  const samples = [
    "x".repeat(63),
    "x".repeat(64),
    "x".repeat(90), // long path: worst-case head is 3 bytes, real one 2
    "x".repeat(300),
    "é".repeat(11), // 22 bytes, short path
    "é".repeat(12), // 24 bytes
    "é".repeat(100),
    "水".repeat(85), // 255 bytes
    "水".repeat(86), // 258 bytes
    "a😀".repeat(40),
    "😀".repeat(20000), // 80,000 bytes: 5-byte head
    "z".repeat(70000),
  ];
  for (const s of samples) {
    const bytes = enc.encode(s);
    const out = encodeCbor(s);
    const n = bytes.length;
    const head = n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
    strictEqual(out.length, head + n, `${s.length} units`);
    deepStrictEqual(out.subarray(head), bytes);
    strictEqual(decodeCbor(out), s);
  }
});

Deno.test("encode: byte strings, arrays, undefined, holes", () => {
  strictEqual(hex(new Uint8Array(0)), "40");
  strictEqual(hex(Uint8Array.of(1, 2, 3)), "43010203");
  const view = Uint8Array.of(9, 1, 2, 9).subarray(1, 3);
  strictEqual(hex(view), "420102");
  strictEqual(hex([]), "80");
  strictEqual(hex([1, [2, 3], "a"]), "8301820203" + "6161");
  strictEqual(hex([undefined, null, true, false]), "84f7f6f5f4");
  // deno-lint-ignore no-sparse-arrays
  strictEqual(hex([1, , 3]), "8301f703");
  strictEqual(hex(new Array(24).fill(0)), "9818" + "00".repeat(24));
});

Deno.test("encode: objects keep property order, which puts integer-like keys first", () => {
  strictEqual(hex({ b: 1, a: 2 }), "a2616201616102");
  // JS orders integer-like keys ascending before others; the encoder does not sort.
  strictEqual(hex({ b: 1, 2: 2, 1: 3 }), "a3613103613202616201");
  strictEqual(hex({ a: undefined }), "a16161f7");
  strictEqual(hex({ [Symbol("s")]: 1, a: 1 }), "a1616101"); // symbol keys are skipped
  const bare = Object.create(null);
  bare.k = 1;
  strictEqual(hex(bare), "a1616b01");
  const proto = JSON.parse('{"__proto__": 1}');
  strictEqual(hex(proto), "a1695f5f70726f746f5f5f01");
  strictEqual(hex({ constructor: 5 }), "a16b636f6e7374727563746f7205");
});

Deno.test("encode: Map keys of any type, in insertion order", () => {
  strictEqual(hex(new Map()), "a0");
  strictEqual(
    hex(new Map<unknown, unknown>([[1, 2], ["a", [3]], [null, true]])),
    "a3010261618103f6f5",
  );
});

Deno.test("encode: SlotRef, Date, Tagged, Simple", () => {
  strictEqual(hex(new SlotRef(0)), "d82700");
  strictEqual(hex(new SlotRef(12)), "d8270c");
  strictEqual(hex(new SlotRef(0xffff_ffff)), "d8271affffffff");
  strictEqual(hex(new Date(1363896240000)), "c11a514b67b0");
  strictEqual(hex(new Date(1363896240500)), "c1fb41d452d9ec200000");
  strictEqual(hex(new Date(-1000)), "c120");
  strictEqual(hex(new Tagged(32, "a")), "d8206161");
  strictEqual(hex(new Tagged(5n, 0)), "c500"); // a small bigint tag still gets a short head
  strictEqual(hex(new Tagged(2n ** 64n - 1n, 0)), "dbffffffffffffffff00");
  strictEqual(hex(new Tagged(39, 7)), "d82707");
  strictEqual(hex(new Simple(0)), "e0");
  strictEqual(hex(new Simple(19)), "f3");
  strictEqual(hex(new Simple(32)), "f820");
  strictEqual(hex(new Simple(255)), "f8ff");
});

Deno.test("encode: unsupported values throw ViewportError bad_message", () => {
  badMessage(() => encodeCbor(() => 1), /function/);
  badMessage(() => encodeCbor(Symbol("x")), /symbol/);
  badMessage(() => encodeCbor({ f: Symbol("x") }), /symbol/);
  badMessage(() => encodeCbor(new Set([1])), /Set/);
  badMessage(() => encodeCbor(new (class Widget {})()), /Widget/);
  badMessage(() => encodeCbor(new Float32Array(2)), /Float32Array/);
  badMessage(() => encodeCbor(new Date(NaN)), /invalid Date/);
  badMessage(() => encodeCbor(new Tagged(39, "x")), /tag 39/);
  badMessage(() => encodeCbor(new Tagged(39, -1)), /tag 39/);
});

Deno.test("encode: cycles and deep nesting hit the depth limit, not the stack", () => {
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  badMessage(() => encodeCbor(cyclic), /deeper than 512/);
  const object: Record<string, unknown> = {};
  object.self = object;
  badMessage(() => encodeCbor(object), /a cycle\?/);
  let deep: unknown = 0;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  badMessage(() => encodeCbor(deep), /deeper than 512/);
  let nested: unknown = 0;
  for (let i = 0; i < 3; i++) nested = new Map([[i, nested]]);
  badMessage(() => encodeCbor(nested, { maxDepth: 2 }), /deeper than 2/);
  strictEqual(encodeCbor(nested, { maxDepth: 3 }).length, 7);
  // The shared encoder's limit is per call, not sticky.
  strictEqual(encodeCbor([[[[[1]]]]]).length, 6);
});

Deno.test("CborEncoder.encodeInto reserves header room and reuses its buffer", () => {
  const encoder = new CborEncoder({ initialSize: 64 });
  const frame = encoder.encodeInto({ target: 3 }, 8);
  strictEqual(frame.length, 8 + 9);
  strictEqual(frame.byteOffset, 0);
  deepStrictEqual(decodeCbor(frame.subarray(8)), { target: 3 });
  const again = encoder.encodeInto([1], 8);
  strictEqual(again.buffer, frame.buffer); // same buffer: the earlier view is stale now
  deepStrictEqual([...again.subarray(8)], [0x81, 0x01]);
  // Growth keeps the reserved prefix and the payload intact.
  const big = "q".repeat(10_000);
  const grown = encoder.encodeInto([big, big], 8);
  ok(encoder.capacity >= grown.length);
  deepStrictEqual(decodeCbor(grown.subarray(8)), [big, big]);
  throws(() => encoder.encodeInto(1, -1), RangeError);
});

Deno.test("CborEncoder.encode and encodeCbor return bytes that later calls leave alone", () => {
  const encoder = new CborEncoder();
  const first = encoder.encode("first");
  const second = encoder.encode("second");
  strictEqual(decodeCbor(first), "first");
  strictEqual(decodeCbor(second), "second");
  const results = Array.from({ length: 2000 }, (_, i) => encodeCbor({ i, s: "x".repeat(i % 50) }));
  results.forEach((bytes, i) => deepStrictEqual(decodeCbor(bytes), { i, s: "x".repeat(i % 50) }));
  const large = encodeCbor("y".repeat(10_000));
  strictEqual(large.byteOffset, 0);
  strictEqual(large.buffer.byteLength, large.length);
});

Deno.test("encode: a getter may call encodeCbor while encodeCbor runs", () => {
  const value = {
    get inner() {
      return encodeCbor({ nested: true });
    },
  };
  const outer = decodeCbor(encodeCbor(value)) as { inner: Uint8Array };
  deepStrictEqual(decodeCbor(outer.inner), { nested: true });
  const encoder = new CborEncoder();
  const sneaky = {
    get x() {
      return encoder.encodeInto(1);
    },
  };
  badMessage(() => encoder.encodeInto(sneaky), /re-entered/);
  strictEqual(encoder.encode(2)[0], 0x02); // still usable afterwards
});

Deno.test("arena mode: results stay valid after later encodes and buffer growth", () => {
  const enc = new CborEncoder({ initialSize: 64, arena: true });
  const kept: [Uint8Array, unknown][] = [];
  for (let i = 0; i < 500; i++) {
    const value = i % 7 === 0 ? "x".repeat(i) : { i, list: [i, i + 1], s: `v${i}` };
    kept.push([enc.encodeInto(value, i % 3 === 0 ? 8 : 0), value]);
  }
  for (const [i, [view, value]] of kept.entries()) {
    const payload = i % 3 === 0 ? view.subarray(8) : view;
    deepStrictEqual(decodeCbor(payload), value);
  }
  // A failed encode leaves the next result intact.
  throws(() => enc.encodeInto({ f: () => 1 }), ViewportError);
  deepStrictEqual(decodeCbor(enc.encodeInto([1, 2, 3])), [1, 2, 3]);
});
