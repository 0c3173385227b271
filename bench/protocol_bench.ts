/**
 * Protocol benchmarks: encode+decode of TREE messages (10, 100, 1000 nodes) and a
 * single PATCH, as (a) our bare CBOR codec, (b) the same plus framing (header
 * written in place, FrameDecoder.scan decoding each payload where it lies), (b')
 * the same delivering a Frame object per frame, as transports do, (c) full typed
 * messages (payload building and validation), side by side with cbor-x and JSON
 * on the same values.
 * Target: framing adds < 5% over the bare codec.
 *
 *   deno bench -A bench/protocol_bench.ts
 */
// Bench-only: installed into bench/.packages on first use (see _packages.ts).
import { loadCborX } from "./_packages.ts";
import {
  CborEncoder,
  decodeCbor,
  decodeCborRange,
  decodeFrame,
  decodeFramePayload,
  type Frame,
  FrameDecoder,
  type FrameRangeHandler,
  HEADER_SIZE,
  type Message,
  MessageEncoder,
  messageToPayload,
  type NodeSpec,
} from "../src/protocol/mod.ts";

function tree(count: number): NodeSpec {
  let next = 1;
  const root: NodeSpec = {
    id: next++,
    type: "box",
    props: { dir: "column", gap: 1 },
    children: [],
  };
  let row: NodeSpec = root;
  while (next <= count) {
    if ((next - 2) % 10 === 0 && next + 1 <= count) {
      row = { id: next++, type: "box", props: { dir: "row" }, children: [] };
      root.children!.push(row);
      continue;
    }
    row.children!.push({
      id: next,
      type: "text",
      props: { content: `Item ${next}`, style: { color: "#cdd6f4", bold: next % 3 === 0 } },
    });
    next++;
  }
  return root;
}

const CASES: [string, Message][] = [
  ["TREE 10 nodes", { type: "TREE", root: tree(10) }],
  ["TREE 100 nodes", { type: "TREE", root: tree(100) }],
  ["TREE 1000 nodes", { type: "TREE", root: tree(1000) }],
  ["single PATCH", { type: "PATCH", patches: [{ target: 3, set: { content: "goodbye" } }] }],
  ["PATCH of 10 sets", {
    type: "PATCH",
    patches: Array.from({ length: 10 }, (_, i) => ({ target: 3 + i, set: { content: "goodbye" } })),
  }],
];

const ours = new CborEncoder();
const framer = new MessageEncoder();
// One long-lived decoder, as on a real connection.
const frameDecoder = new FrameDecoder();
const cborxModule = await loadCborX();
const cborxDecode = (bytes: Uint8Array) => cborxModule.decode(bytes);
const cborx = new cborxModule.Encoder({ useRecords: false, mapsAsObjects: true });
const te = new TextEncoder(), td = new TextDecoder();
let sink = 0;
// Callbacks made once, as a transport does.
const onRange: FrameRangeHandler = (_type, bytes, start, end) => {
  sink += (decodeCborRange(bytes, start, end) as object) ? 1 : 0;
};
const onFrameBare = (f: Frame) => {
  sink += (decodeFramePayload(f) as object) ? 1 : 0;
};
const onFrameTyped = (f: Frame) => {
  sink += decodeFrame(f).type.length;
};

for (const [label, message] of CASES) {
  const payload = messageToPayload(message);
  const type = message.type === "TREE" ? 2 : 3;
  Deno.bench({
    name: `ours: bare CBOR encode+decode`,
    group: label,
    baseline: true,
    fn() {
      const bytes = ours.encodeInto(payload, 0);
      sink += (decodeCbor(bytes) as object) ? 1 : 0;
    },
  });
  Deno.bench({
    name: `ours: framed (header + FrameDecoder.scan) encode+decode`,
    group: label,
    fn() {
      const frame = framer.encodePayloadView(type, payload);
      frameDecoder.scan(frame, onRange);
    },
  });
  Deno.bench({
    name: `ours: framed, each frame a Frame object (transports)`,
    group: label,
    fn() {
      const frame = framer.encodePayloadView(type, payload);
      frameDecoder.write(frame, onFrameBare);
    },
  });
  Deno.bench({
    name: `ours: typed message (build payload + frame + validate)`,
    group: label,
    fn() {
      const frame = framer.encodeView(message);
      frameDecoder.write(frame, onFrameTyped);
    },
  });
  Deno.bench({
    name: `cbor-x (pure JS) encode+decode`,
    group: label,
    fn() {
      const bytes = cborx.encode(payload);
      sink += (cborxDecode(bytes) as object) ? 1 : 0;
    },
  });
  Deno.bench({
    name: `JSON.stringify+parse (with UTF-8 bytes)`,
    group: label,
    fn() {
      const bytes = te.encode(JSON.stringify(payload));
      sink += (JSON.parse(td.decode(bytes)) as object) ? 1 : 0;
    },
  });
}

Deno.bench({
  name: "sizes (not timed): bytes per case, ours vs JSON",
  group: "sizes",
  n: 1,
  fn() {
    for (const [label, message] of CASES) {
      const p = messageToPayload(message);
      const size = ours.encodeInto(p, 0).length + HEADER_SIZE;
      const json = te.encode(JSON.stringify(p)).length;
      if (Deno.env.get("VP_BENCH_SIZES")) console.log(`${label}: frame ${size} B, JSON ${json} B`);
    }
  },
});

globalThis.addEventListener("unload", () => {
  if (sink < 0) console.log(sink);
});
