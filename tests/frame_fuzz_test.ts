/**
 * Fuzz: random and mutated frames through the whole receive path (FrameDecoder,
 * decodeFrame, model.apply). Only messages or ViewportErrors may come out; no
 * other exception, no hang, no stack overflow.
 */
import fc from "fast-check";
import { assert } from "./_util/assert.ts";
import { concat } from "./_util/hex.ts";
import {
  decodeFrame,
  encodeMessage,
  FrameDecoder,
  type Message,
  slot,
  ViewportError,
  writeFrameHeader,
} from "../src/protocol/mod.ts";
import { ViewportModel } from "../src/model/mod.ts";

const SEEDS: Message[] = [
  {
    type: "SCHEMA",
    slot: 100,
    columns: [{ id: 0, name: "a", type: "string" }, { id: 1, name: "b", type: "uint64" }],
  },
  {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "row" },
      children: [{ id: 2, type: "text", props: { content: "x" } }, {
        id: 3,
        type: "scroll",
        props: { schema: slot(100) },
      }],
    },
  },
  {
    type: "PATCH",
    patches: [{ target: 2, set: { content: "y" } }, {
      target: 1,
      children_insert: { index: 0, node: { id: 4, type: "input", props: { value: "v" } } },
    }],
  },
  { type: "DATA", schema: slot(100), rows: [["r", 1], ["s", 2]] },
  { type: "DEFINE", slot: 12, value: { kind: "style", bold: true } },
  { type: "INPUT", kind: "click", target: 2, x: 1, y: 1 },
];
const SEED_BYTES = SEEDS.map(encodeMessage);

/** Feeds bytes through the receive path; returns how many messages applied. */
function receive(bytes: Uint8Array, chunk: number): number {
  const model = new ViewportModel({ maxDepth: 64 });
  const dec = new FrameDecoder({ maxPayload: 1 << 20 });
  let applied = 0;
  try {
    for (let i = 0; i < bytes.length; i += chunk) {
      for (const f of dec.push(bytes.subarray(i, i + chunk))) {
        try {
          model.apply(decodeFrame(f));
          applied++;
        } catch (err) {
          // A rejected message is reported and skipped; the connection lives on.
          if (!(err instanceof ViewportError)) throw err;
        }
      }
    }
    dec.end();
  } catch (err) {
    if (!(err instanceof ViewportError)) throw err;
  }
  return applied;
}

Deno.test("fuzz: random bytes", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 512 }),
      fc.integer({ min: 1, max: 64 }),
      (bytes, chunk) => {
        receive(bytes, chunk);
      },
    ),
    { numRuns: 3000 },
  );
});

Deno.test("fuzz: random frames with valid headers and random payloads", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.uint8Array({ maxLength: 200 })), {
        maxLength: 8,
      }),
      (list) => {
        const frames = list.map(([type, payload]) => {
          const f = new Uint8Array(8 + payload.length);
          writeFrameHeader(f, 0, type, payload.length);
          f.set(payload, 8);
          return f;
        });
        receive(concat(...frames), 7);
      },
    ),
    { numRuns: 3000 },
  );
});

Deno.test("fuzz: mutated valid streams (bit flips, truncation, splices)", () => {
  const stream = concat(...SEED_BYTES);
  let applied = 0;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(stream.length - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.nat(stream.length),
      fc.integer({ min: 1, max: 97 }),
      (flips, cut, chunk) => {
        const copy = stream.slice(0, Math.max(cut, 8));
        for (const [at, value] of flips) if (at < copy.length) copy[at] = value;
        applied += receive(copy, chunk);
      },
    ),
    { numRuns: 3000 },
  );
  assert(applied > 0, "mutations should leave some messages valid");
});

function nested(depth: number, open: number[], leaf: number[]): Uint8Array {
  const out = new Uint8Array(depth * open.length + leaf.length);
  for (let i = 0; i < depth; i++) out.set(open, i * open.length);
  out.set(leaf, depth * open.length);
  return out;
}

function frameOf(type: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(8 + payload.length);
  writeFrameHeader(f, 0, type, payload.length);
  f.set(payload, 8);
  return f;
}

Deno.test("fuzz: 100k levels of nested CBOR (arrays, maps, tags) are refused cleanly", () => {
  const cases = [
    nested(100_000, [0x81], [0x00]), // [[[[...0]]]]
    nested(100_000, [0xa1, 0x61, 0x61], [0x00]), // {"a": {"a": ...}}
    nested(100_000, [0xd8, 0x64], [0x00]), // tag(100, tag(100, ...))
    nested(100_000, [0x9f], [0x00]), // indefinite arrays, never closed
  ];
  for (const payload of cases) {
    const [f] = new FrameDecoder().push(frameOf(0x02, payload));
    let err: unknown;
    try {
      decodeFrame(f);
    } catch (e) {
      err = e;
    }
    assert(err instanceof ViewportError, `expected ViewportError, got ${String(err)}`);
  }
});

Deno.test("fuzz: a 100k-deep node tree (valid CBOR) is refused by depth limits", () => {
  // {"root": {"id":1,"type":"box","children":[{...}]}} nested 100k times.
  const open = [0xa1, 0x64, ...new TextEncoder().encode("root")];
  const node = [
    0xa3,
    0x62,
    0x69,
    0x64,
    0x01,
    0x64,
    ...new TextEncoder().encode("type"),
    0x63,
    ...new TextEncoder().encode("box"),
    0x68,
    ...new TextEncoder().encode("children"),
    0x81,
  ];
  const payload = concat(new Uint8Array(open), nested(100_000, node, [0xa0]));
  assert(receive(frameOf(0x02, payload), 65536) === 0);
});
