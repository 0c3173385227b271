/**
 * Encode/decode speed of Viewport's CBOR codec against cbor-x, cborg and
 * JSON (+ TextEncoder/TextDecoder) on a realistic message mix.
 *
 * Run: `deno bench -A bench/cbor_bench.ts`
 *
 * Fairness notes:
 * - cbor-x is loaded as what its `cbor-x/encode` entry is under Deno, the
 *   pure-JS build. The bare `cbor-x` entry loads the native `cbor-extract` string
 *   decoder when permissions allow; set CBOR_X_NATIVE=1 to bench that instead.
 * - cbor-x and cborg are no project dependencies: bench/_packages.ts installs them
 *   (pinned) into bench/.packages on first use.
 * - SlotRef is tag 39 everywhere: a cbor-x extension, cborg typeEncoders/tags.
 *   JSON writes it as `{"$slot": N}` and does not revive it (no reviver), which
 *   flatters JSON's decode numbers.
 * - cborg sorts map keys by default; that is switched off (`mapSorter: undefined`)
 *   since neither we nor cbor-x sort.
 * - `ours` returns bytes the caller owns (small results share a pooled buffer,
 *   as cbor-x's do); `ours encodeInto` is the zero-copy path a framing layer uses.
 *
 * @module
 */
import { deepStrictEqual } from "node:assert/strict";
import { CborEncoder, decodeCbor, encodeCbor } from "../src/protocol/cbor/mod.ts";
import { SlotRef } from "../src/protocol/slot_ref.ts";
// Bench-only packages: installed into bench/.packages on first use, not project dependencies.
import { loadCborg, loadCborX } from "./_packages.ts";

const cborg = await loadCborg();
const { Token, Type } = cborg;
const cborx = await loadCborX(Deno.env.get("CBOR_X_NATIVE") === "1");
cborx.addExtension({
  Class: SlotRef,
  tag: 39,
  encode: (ref: SlotRef, encode: (value: unknown) => Uint8Array) => encode(ref.slot),
  decode: (slot: number) => new SlotRef(slot),
});
const cborxEncoder = new cborx.Encoder({ useRecords: false });
const cborxDecoder = new cborx.Decoder({ useRecords: false });

const cborgEncodeOptions = {
  mapSorter: undefined,
  typeEncoders: {
    Object: (obj: unknown) =>
      obj instanceof SlotRef ? [new Token(Type.tag, 39), new Token(Type.uint, obj.slot)] : null,
  },
};
const cborgTags: ((inner: unknown) => unknown)[] = [];
cborgTags[39] = (slot) => new SlotRef(slot as number);
const cborgDecodeOptions = { tags: cborgTags };

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();
const ours = new CborEncoder();

/** A TREE message with `n` nodes: a column of text nodes, every tenth one a box. */
function tree(n: number): unknown {
  let id = 0;
  const root = { id: id++, type: "box", dir: "column", children: [] as unknown[] };
  let box = root;
  while (id < n) {
    if (id % 10 === 0) {
      box = { id: id++, type: "box", dir: "row", children: [] };
      root.children.push(box);
    } else {
      box.children.push({ id, type: "text", content: `Item ${id}`, style: new SlotRef(id % 7) });
      id++;
    }
  }
  return { root };
}

function rows(n: number): unknown {
  const list = [];
  for (let i = 0; i < n; i++) list.push([`server-${i % 50}.log`, 48231 + i * 17, 1738764180 + i]);
  return { schema: new SlotRef(100), rows: list };
}

const cases: [string, unknown][] = [
  ["tree 10", tree(10)],
  ["tree 100", tree(100)],
  ["tree 1000", tree(1000)],
  ["patch", { target: 3, set: { content: "goodbye" } }],
  ["data 1000 rows", rows(1000)],
];

for (const [name, value] of cases) {
  const bytes = {
    ours: encodeCbor(value),
    cborx: cborxEncoder.encode(value),
    cborg: cborg.encode(value, cborgEncodeOptions),
    json: textEncoder.encode(JSON.stringify(value)),
  };
  // Every codec must really round trip the message, or the numbers mean nothing.
  deepStrictEqual(decodeCbor(bytes.ours), value);
  deepStrictEqual(cborxDecoder.decode(bytes.cborx), value);
  deepStrictEqual(cborg.decode(bytes.cborg, cborgDecodeOptions), value);
  const sizes = Object.entries(bytes).map(([k, b]) => `${k} ${b.length}`).join(", ");

  const encode = `encode ${name}`;
  Deno.bench({ name: "ours", group: encode, baseline: true }, () => {
    encodeCbor(value);
  });
  Deno.bench({ name: "ours encodeInto", group: encode }, () => {
    ours.encodeInto(value, 8);
  });
  Deno.bench({ name: "cbor-x", group: encode }, () => {
    cborxEncoder.encode(value);
  });
  Deno.bench({ name: "cborg", group: encode }, () => {
    cborg.encode(value, cborgEncodeOptions);
  });
  Deno.bench({ name: "JSON", group: encode }, () => {
    textEncoder.encode(JSON.stringify(value));
  });

  const decode = `decode ${name} (bytes: ${sizes})`;
  Deno.bench({ name: "ours", group: decode, baseline: true }, () => {
    decodeCbor(bytes.ours);
  });
  Deno.bench({ name: "cbor-x", group: decode }, () => {
    cborxDecoder.decode(bytes.cborx);
  });
  Deno.bench({ name: "cborg", group: decode }, () => {
    cborg.decode(bytes.cborg, cborgDecodeOptions);
  });
  Deno.bench({ name: "JSON", group: decode }, () => {
    JSON.parse(textDecoder.decode(bytes.json));
  });
}
