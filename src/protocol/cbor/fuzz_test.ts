// Property tests: random values round trip, and hostile bytes (random, mutated,
// deeply nested, indefinite-length bombs) only ever yield a value or a ViewportError.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { ViewportError } from "../errors.ts";
import { SlotRef } from "../slot_ref.ts";
import { decodeCbor } from "./decode.ts";
import { encodeCbor } from "./encode.ts";
import { isSimpleValue, Simple, Tagged } from "./tagged.ts";

const RUNS = 5000;
const TWO_64 = 2 ** 64;

const key = fc.oneof(
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom("__proto__", "constructor", "toString", "0", "1", "42", "", "id", "type"),
);
const leaf = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.double(),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 63, 2 ** 64, -(2 ** 64), 0.1),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 80 }),
  fc.uint8Array({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.nat({ max: 0xffff_ffff }).map((n) => new SlotRef(n)),
  fc.date({ noInvalidDate: true }),
  fc.integer({ min: 0, max: 255 }).filter(isSimpleValue).map((n) => new Simple(n)),
);
// Tags the codec interprets (0-3, 39) would not come back as Tagged.
const tagNumber = fc.oneof(
  fc.integer({ min: 4, max: 38 }),
  fc.integer({ min: 40, max: 2 ** 40 }),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
);
const mapKey = fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null));

const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("array"),
    tie("object"),
    tie("map"),
    tie("tagged"),
  ),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  map: fc.uniqueArray(fc.tuple(mapKey, tie("value")), {
    maxLength: 4,
    selector: ([k]) => `${typeof k}:${String(k)}`,
  }).map((entries) => new Map(entries)),
  tagged: fc.tuple(tagNumber, tie("value")).map(([tag, inner]) => new Tagged(tag, inner)),
}));

/** What `decodeCbor(encodeCbor(v))` must give: JS values the codec cannot tell apart. */
function expected(v: unknown): unknown {
  if (typeof v === "number") {
    const wide = Number.isInteger(v) && !Number.isSafeInteger(v) && v < TWO_64 && v >= -TWO_64;
    return wide ? BigInt(v) : v;
  }
  if (typeof v === "bigint") {
    return v >= -Number.MAX_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER ? Number(v) : v;
  }
  if (Array.isArray(v)) return v.map(expected);
  if (v instanceof Tagged) {
    const tag = expected(v.tag) as number | bigint;
    return new Tagged(tag, expected(v.value));
  }
  if (v instanceof Map) {
    const entries = [...v].map(([k, x]): [unknown, unknown] => [expected(k), expected(x)]);
    return entries.every(([k]) => typeof k === "string") ? plain(entries) : new Map(entries);
  }
  if (
    v !== null && typeof v === "object" &&
    [Object.prototype, null].includes(Object.getPrototypeOf(v))
  ) {
    return plain(Object.entries(v).map(([k, x]): [unknown, unknown] => [k, expected(x)]));
  }
  return v;
}

function plain(entries: [unknown, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of entries) {
    Object.defineProperty(out, k as string, {
      value: x,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function decodesOrViewportError(bytes: Uint8Array): void {
  try {
    const decoded = decodeCbor(bytes);
    encodeCbor(decoded); // whatever decodes must encode again
  } catch (err) {
    ok(err instanceof ViewportError, `not a ViewportError: ${err}`);
    ok(err.code === "bad_cbor" || err.code === "too_large", err.code);
    ok(
      Number.isInteger(err.offset) && err.offset! >= 0 && err.offset! <= bytes.length,
      err.message,
    );
  }
}

function expectTooLarge(bytes: Uint8Array): void {
  try {
    decodeCbor(bytes);
  } catch (err) {
    ok(err instanceof ViewportError && err.code === "too_large", String(err));
    return;
  }
  throw new Error("expected too_large");
}

Deno.test("fuzz: random values round trip, and re-encoding is stable", () => {
  fc.assert(
    fc.property(value, (v) => {
      const bytes = encodeCbor(v);
      const decoded = decodeCbor(bytes);
      deepStrictEqual(decoded, expected(v));
      // Bytes can differ once (objects move integer-like keys first); then they are fixed.
      const again = encodeCbor(decoded);
      deepStrictEqual(encodeCbor(decodeCbor(again)), again);
    }),
    { numRuns: RUNS },
  );
});

Deno.test("fuzz: random bytes decode or throw ViewportError", () => {
  const cborish = fc.constantFrom(
    0x00,
    0x18,
    0x19,
    0x1a,
    0x1b,
    0x1f,
    0x3b,
    0x41,
    0x5f,
    0x61,
    0x7f,
    0x81,
    0x9f,
    0xa1,
    0xbf,
    0xc2,
    0xc3,
    0xd8,
    0x27,
    0xf8,
    0xf9,
    0xfa,
    0xfb,
    0xff,
    0xc0,
    0xc1,
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 48 }),
        fc.array(fc.oneof(cborish, fc.integer({ min: 0, max: 255 })), { maxLength: 48 })
          .map((xs) => Uint8Array.from(xs)),
      ),
      decodesOrViewportError,
    ),
    { numRuns: RUNS },
  );
});

Deno.test("fuzz: mutated valid encodings decode or throw ViewportError", () => {
  const edit = fc.record({
    kind: fc.constantFrom("flip", "set", "truncate", "insert", "delete", "repeat"),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  fc.assert(
    fc.property(value, fc.array(edit, { minLength: 1, maxLength: 4 }), (v, edits) => {
      let bytes = [...encodeCbor(v)];
      for (const { kind, at, byte } of edits) {
        const i = at % (bytes.length + 1);
        if (kind === "flip") bytes[i % bytes.length] ^= 1 << (byte & 7);
        else if (kind === "set") bytes[i % bytes.length] = byte;
        else if (kind === "truncate") bytes = bytes.slice(0, i);
        else if (kind === "insert") bytes.splice(i, 0, byte);
        else if (kind === "delete") bytes.splice(i, 1);
        else bytes.splice(i, 0, ...bytes.slice(i, i + (byte & 15)));
        if (bytes.length === 0) break;
      }
      decodesOrViewportError(Uint8Array.from(bytes));
    }),
    { numRuns: RUNS },
  );
});

Deno.test("fuzz: 100,000 levels of arrays, maps, tags and indefinite arrays are too_large", () => {
  const levels = 100_000;
  const repeat = (unit: number[], tail: number[]) => {
    const out = new Uint8Array(unit.length * levels + tail.length);
    for (let i = 0; i < levels; i++) out.set(unit, i * unit.length);
    out.set(tail, unit.length * levels);
    return out;
  };
  expectTooLarge(repeat([0x81], [0x00]));
  expectTooLarge(repeat([0xa1, 0x61, 0x6b], [0x00])); // {"k": {"k": ...}}
  expectTooLarge(repeat([0xa1, 0x00], [0x00])); // {0: {0: ...}}: Maps
  expectTooLarge(repeat([0xc6], [0x00]));
  expectTooLarge(repeat([0x9f], []));
  expectTooLarge(repeat([0xbf, 0x61, 0x6b], []));
  expectTooLarge(repeat([0x82, 0x00], [0x00]));
  // Tag 39 checks its content's first byte before descending, so this stops at once.
  throws(
    () => decodeCbor(repeat([0xd8, 0x27], [0x00])),
    (err) => err instanceof ViewportError && err.code === "bad_cbor" && err.offset === 2,
  );
});

Deno.test("fuzz: indefinite-length bombs finish quickly with a value or an error", () => {
  const n = 200_000;
  const bomb = (head: number, unit: number[], tail: number[]) => {
    const out = new Uint8Array(1 + unit.length * n + tail.length);
    out[0] = head;
    for (let i = 0; i < n; i++) out.set(unit, 1 + i * unit.length);
    out.set(tail, 1 + unit.length * n);
    return out;
  };
  // 200,000 chunks in one string: past the default of 65,536, fine when allowed.
  const chunks = { maxChunks: n };
  expectTooLargeWith(bomb(0x5f, [0x40], [0xff]), {});
  deepStrictEqual(decodeCbor(bomb(0x5f, [0x40], [0xff]), chunks), new Uint8Array(0));
  strictEqual(decodeCbor(bomb(0x7f, [0x60], [0xff]), chunks), "");
  strictEqual((decodeCbor(bomb(0x7f, [0x61, 0x61], [0xff]), chunks) as string).length, n);
  strictEqual((decodeCbor(bomb(0x9f, [0x00], [0xff])) as unknown[]).length, n);
  // 200,000 empty arrays take 40 bytes of memory each per input byte: over the
  // default allocation budget (32 per byte), fine with a larger one.
  const empties = bomb(0x9f, [0x80], [0xff]);
  expectTooLargeWith(empties, {});
  strictEqual((decodeCbor(empties, { maxAllocation: 64 * n }) as unknown[]).length, n);
  for (
    const unterminated of [
      bomb(0x5f, [0x41, 0x00], []),
      bomb(0x9f, [0x00], []),
      bomb(0xbf, [0x00], []),
    ]
  ) {
    decodesOrViewportError(unterminated);
  }
  expectTooLargeWith(bomb(0x9f, [0x00], [0xff]), { maxItems: 1000 });
});

function expectTooLargeWith(bytes: Uint8Array, options: { maxItems?: number }): void {
  try {
    decodeCbor(bytes, options);
  } catch (err) {
    ok(err instanceof ViewportError && err.code === "too_large", String(err));
    return;
  }
  throw new Error("expected too_large");
}
