// Payloads built by someone who knows the format: each must cost O(bytes) to
// decode and be bounded in memory. Work is asserted through the decoder's own
// counters (DecodeStats), never through wall time.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ViewportError } from "../errors.ts";
import {
  decodeCbor,
  DecodeStats,
  DEFAULT_ALLOC_BASE,
  DEFAULT_ALLOC_PER_BYTE,
  DEFAULT_MAX_ITEMS,
} from "./decode.ts";
import { encodeCbor } from "./encode.ts";
import {
  emptyByteStrings,
  emptyChunks,
  nestedKeys,
} from "../../../tests/_util/hostile_payloads.ts";

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    ok(err instanceof ViewportError, String(err));
    return err.code;
  }
  return "ok";
}

Deno.test("hostile: maps nested as each other's keys cost O(bytes) (each key byte is looked at once)", () => {
  for (const size of [100_000, 1_000_000]) {
    const bytes = nestedKeys(size);
    const stats = new DecodeStats();
    const value = decodeCbor(bytes, { stats }) as Map<unknown, unknown>;
    ok(value instanceof Map && value.size === 1);
    // Before: every level re-read the bytes of the key below it (500 x size).
    ok(stats.keyBytes <= 2 * bytes.length, `${stats.keyBytes} key bytes for ${bytes.length}`);
  }
});

Deno.test("hostile: duplicate composite keys are still found, at any depth", () => {
  // {[1]: 0, [1]: 1}
  throws(() => decodeCbor(new Uint8Array([0xa2, 0x81, 1, 0, 0x81, 1, 1])), /duplicate map key/);
  // {{[1]: 0}: 0, {[1]: 0}: 1}
  const inner = [0xa1, 0x81, 1, 0];
  throws(() => decodeCbor(new Uint8Array([0xa2, ...inner, 0, ...inner, 1])), /duplicate map key/);
  // A key holding a map with a duplicate key of its own: {{[1]: 0, [1]: 0}: 0}
  throws(
    () => decodeCbor(new Uint8Array([0xa1, 0xa2, 0x81, 1, 0, 0x81, 1, 0, 0])),
    /duplicate map key/,
  );
  // Same value, different encodings, stay distinct keys (keys compare by their bytes).
  const m = decodeCbor(new Uint8Array([0xa2, 0x81, 1, 0, 0x9f, 1, 0xff, 1])) as Map<
    unknown,
    unknown
  >;
  strictEqual(m.size, 2);
  // Byte strings and tags as keys.
  throws(() => decodeCbor(new Uint8Array([0xa2, 0x41, 7, 0, 0x41, 7, 1])), /duplicate map key/);
  throws(() => decodeCbor(new Uint8Array([0xa2, 0xc4, 1, 0, 0xc4, 1, 1])), /duplicate map key/);
  deepStrictEqual(
    [...(decodeCbor(new Uint8Array([0xa2, 0x41, 7, 0, 0x41, 8, 1])) as Map<unknown, unknown>)
      .values()],
    [0, 1],
  );
});

Deno.test("hostile: with textKeys (the protocol's rule) any other key is rejected at its first byte", () => {
  const bytes = nestedKeys(1_000_000);
  const stats = new DecodeStats();
  throws(() => decodeCbor(bytes, { textKeys: true, stats }), (err) => {
    ok(err instanceof ViewportError);
    strictEqual(err.code, "bad_cbor");
    strictEqual(err.offset, 1);
    ok(/map keys must be text strings/.test(err.message), err.message);
    return true;
  });
  ok(stats.items <= 2, `${stats.items} items`);
  deepStrictEqual(decodeCbor(encodeCbor({ a: { b: [1] } }), { textKeys: true }), { a: { b: [1] } });
  // An indefinite-length text key is still text.
  deepStrictEqual(
    decodeCbor(new Uint8Array([0xa1, 0x7f, 0x61, 0x61, 0xff, 1]), { textKeys: true }),
    {
      a: 1,
    },
  );
});

Deno.test("hostile: 4,000,000 empty byte strings exceed the allocation budget, not the heap", () => {
  const bytes = emptyByteStrings(4_000_000);
  const stats = new DecodeStats();
  strictEqual(code(() => decodeCbor(bytes, { stats })), "too_large");
  const budget = DEFAULT_ALLOC_PER_BYTE * bytes.length + DEFAULT_ALLOC_BASE;
  ok(stats.allocated <= budget, `${stats.allocated} > ${budget}`);
  // Stopped as soon as the budget ran out: well before the end of the input.
  ok(stats.offset < bytes.length / 2, `stopped at byte ${stats.offset} of ${bytes.length}`);
  // The same count of small integers is an ordinary table's worth of memory.
  const ints = new Uint8Array(bytes);
  ints.fill(0x00, 10);
  strictEqual(code(() => decodeCbor(ints)), "ok");
});

Deno.test("hostile: an explicit maxAllocation is honoured, and benign frames fit the default", () => {
  const rows = [];
  for (let i = 0; i < 20_000; i++) rows.push([i, `file-${i}.txt`, i * 17, true]);
  const table = encodeCbor({ rows });
  const stats = new DecodeStats();
  decodeCbor(table); // warms the key cache: a cached key costs nothing
  decodeCbor(table, { stats });
  ok(stats.allocated < table.length * DEFAULT_ALLOC_PER_BYTE / 2, `${stats.allocated}`);
  strictEqual(code(() => decodeCbor(table, { maxAllocation: stats.allocated - 1 })), "too_large");
  strictEqual(code(() => decodeCbor(table, { maxAllocation: stats.allocated })), "ok");
  // Tiny three-integer rows, the densest ordinary table.
  const tiny = encodeCbor({ rows: Array.from({ length: 200_000 }, () => [1, 2, 3]) });
  strictEqual(code(() => decodeCbor(tiny)), "ok");
});

Deno.test("hostile: every chunk of an indefinite-length string counts against maxItems", () => {
  const bytes = emptyChunks(1_000_000);
  const many = { maxChunks: Infinity };
  strictEqual(code(() => decodeCbor(bytes, { ...many, maxItems: 999_999 })), "too_large");
  const stats = new DecodeStats();
  deepStrictEqual(decodeCbor(bytes, { ...many, maxItems: 1_000_000, stats }), new Uint8Array(0));
  strictEqual(stats.items, 1_000_000);
  // Text chunks too.
  const text = new Uint8Array(bytes);
  text[0] = 0x7f;
  text.fill(0x60, 1, text.length - 1);
  strictEqual(code(() => decodeCbor(text, { ...many, maxItems: 10 })), "too_large");
  strictEqual(DEFAULT_MAX_ITEMS, 1 << 22);
  // And one string may have at most 65,536 chunks: 16M empty ones stop there.
  const stopped = new DecodeStats();
  strictEqual(code(() => decodeCbor(emptyChunks(16_000_000), { stats: stopped })), "too_large");
  ok(stopped.items <= 65_537, `${stopped.items} chunks walked`);
});
