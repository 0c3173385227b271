// CborSteps must give exactly what decodeCbor gives (with text keys): the same
// value, or the same error code, offset and message, however its work is cut.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { ViewportError } from "../errors.ts";
import { SlotRef } from "../slot_ref.ts";
import { decodeCbor, type DecodeOptions, DecodeStats } from "./decode.ts";
import { CborSteps } from "./decode_steps.ts";
import { encodeCbor } from "./encode.ts";
import { Simple, Tagged } from "./tagged.ts";
import {
  emptyByteStrings,
  emptyChunks,
  nestedKeys,
} from "../../../tests/_util/hostile_payloads.ts";

type Outcome = { value: unknown } | { code: string; offset?: number; message: string };

function recursive(bytes: Uint8Array, options: DecodeOptions): Outcome {
  try {
    return { value: decodeCbor(bytes, { ...options, textKeys: true }) };
  } catch (err) {
    ok(err instanceof ViewportError, String(err));
    return { code: err.code, offset: err.offset, message: err.message };
  }
}

function stepped(bytes: Uint8Array, options: DecodeOptions, budget: number): Outcome {
  const steps = new CborSteps(bytes, 0, bytes.length, options);
  try {
    let turns = 0;
    while (!steps.step(budget)) {
      if (++turns > bytes.length + 10) throw new Error("no progress");
    }
    return { value: steps.value };
  } catch (err) {
    ok(err instanceof ViewportError, String(err));
    return { code: err.code, offset: err.offset, message: err.message };
  }
}

function same(bytes: Uint8Array, options: DecodeOptions = {}, budgets = [1, 3, 1000]): void {
  const want = recursive(bytes, options);
  for (const budget of budgets) {
    const got = stepped(bytes, options, budget);
    deepStrictEqual(got, want, `budget ${budget}, input ${hex(bytes)}`);
  }
  // A dry run refuses exactly what fails on structure or limits: never a
  // payload that decodes, and only payloads that do not.
  const dry = dryRun(bytes, options);
  if ("value" in want) strictEqual(dry, "ok", `dry run refused ${hex(bytes)}`);
  else if (dry !== "ok") ok("code" in want, `dry run: ${dry}`);
}

function dryRun(bytes: Uint8Array, options: DecodeOptions): string {
  const steps = new CborSteps(bytes, 0, bytes.length, options, true);
  try {
    while (!steps.step(5));
    return "ok";
  } catch (err) {
    ok(err instanceof ViewportError, String(err));
    return err.code;
  }
}

function hex(bytes: Uint8Array): string {
  const head = [...bytes.subarray(0, 64)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return bytes.length > 64 ? `${head}... (${bytes.length} bytes)` : head;
}

const key = fc.oneof(
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom("__proto__", "constructor", "0", "42", "", "id", "type"),
);
const leaf = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.double(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.uint8Array({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.nat({ max: 0xffff_ffff }).map((n) => new SlotRef(n)),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom(new Simple(16), new Simple(255)),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object"), tie("tagged")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  tagged: fc.tuple(fc.integer({ min: 40, max: 1000 }), tie("value")).map(([t, v]) =>
    new Tagged(t, v)
  ),
}));

Deno.test("CborSteps: random values decode as decodeCbor decodes them, at any step size", () => {
  fc.assert(
    fc.property(value, fc.integer({ min: 1, max: 7 }), (v, budget) => {
      same(encodeCbor(v), {}, [budget, 10_000]);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("CborSteps: mutated and truncated encodings fail (or not) exactly as decodeCbor", () => {
  fc.assert(
    fc.property(
      value,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      fc.nat(),
      (v, flips, cut) => {
        const bytes = encodeCbor(v).slice();
        for (const [at, b] of flips) if (bytes.length > 0) bytes[at % bytes.length] = b;
        same(bytes);
        same(bytes.subarray(0, cut % (bytes.length + 1)));
      },
    ),
    { numRuns: 3000 },
  );
});

Deno.test("CborSteps: random bytes fail (or not) exactly as decodeCbor", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => same(bytes)),
    { numRuns: 5000 },
  );
});

Deno.test("CborSteps: limits, non-text keys and hostile shapes match decodeCbor", () => {
  same(nestedKeys(1000, 20));
  same(emptyByteStrings(100_000), {}, [4096]);
  same(emptyChunks(10_000), { maxItems: 9_999 }, [64]);
  same(emptyChunks(10_000), { maxItems: 10_000 }, [64]);
  same(emptyChunks(70_000), {}, [64]);
  same(emptyChunks(70_000), { maxChunks: 100_000 }, [64]);
  same(new Uint8Array(600).fill(0x81), { maxDepth: 512 }, [7]);
  same(encodeCbor({ rows: Array.from({ length: 1000 }, (_, i) => [i, `r${i}`]) }), {
    maxItems: 2000,
  });
  same(encodeCbor([1, [2, [3]]]), { maxAllocation: 100 });
  for (
    const h of [
      "bf6161016162ff", // indefinite map
      "bf6161ff", // break where a value was expected
      "9f01029f03ffff",
      "5f4101420203ff",
      "7f6161626263ff",
      "d82719ffff",
      "d82780", // tag 39 around an array
      "c1ff",
      "c0a0",
      "a26161016161 02",
      "a1016161", // integer key
      "f818",
      "fc",
      "ff",
      "5f01ff",
      "9b0000000100000000",
      "1bffffffffffffffff",
      "3bffffffffffffffff",
      "dbffffffffffffffff00",
      "c24a0102030405060708090a",
    ]
  ) {
    const bytes = Uint8Array.from(h.replace(/\s/g, "").match(/../g)!, (b) => parseInt(b, 16));
    same(bytes);
  }
});

Deno.test("CborSteps: counts items and memory like decodeCbor and reports stats", () => {
  const bytes = encodeCbor({
    rows: Array.from({ length: 100 }, (_, i) => [i, "x", new Uint8Array(2)]),
  });
  const stats = new DecodeStats();
  const steps = new CborSteps(bytes, 0, bytes.length, { stats });
  while (!steps.step(10));
  strictEqual(stats.items, 2 + 100 * 4);
  strictEqual(stats.offset, bytes.length);
  ok(stats.allocated > 100 * 200, `${stats.allocated}`);
});
