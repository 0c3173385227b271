/**
 * protocol-spec.md section 11, examples A, B and C: encoded, decoded, applied
 * and projected.
 */
import { assertEquals } from "./_util/assert.ts";
import { concat, hex, toHex } from "./_util/hex.ts";
import {
  decodeFrame,
  encodeMessage,
  FrameDecoder,
  isDecodablePayload,
  type Message,
  slot,
  StdioSplitter,
} from "../src/protocol/mod.ts";
import { ViewportModel } from "../src/model/mod.ts";
import { TextProjection } from "../src/projection/mod.ts";

function applyAll(model: ViewportModel, bytes: Uint8Array): Message[] {
  const out: Message[] = [];
  for (const f of new FrameDecoder().push(bytes)) {
    const m = decodeFrame(f);
    model.apply(m);
    out.push(m);
  }
  return out;
}

Deno.test("example A: Tier 1 hello world inside terminal output", () => {
  const tree: Message = {
    type: "TREE",
    root: {
      id: 1,
      type: "text",
      props: { content: "Hello, Viewport!", style: { color: "#89b4fa" } },
    },
  };
  const frame = encodeMessage(tree);
  assertEquals(toHex(frame.subarray(0, 4)), "56500102");
  const enc = new TextEncoder();
  const stream = concat(enc.encode("$ ./hello\r\n"), frame, enc.encode("\x1b[32mdone\x1b[0m\r\n"));
  const splitter = new StdioSplitter({ isValidPayload: isDecodablePayload });
  const pieces = splitter.push(stream);
  const text = pieces.filter((p) => p.kind === "text").map((p) =>
    p.kind === "text" ? new TextDecoder().decode(p.bytes) : ""
  ).join("");
  assertEquals(text, "$ ./hello\r\n\x1b[32mdone\x1b[0m\r\n");
  const frames = pieces.flatMap((p) => (p.kind === "frame" ? [p.frame] : []));
  assertEquals(frames.length, 1);
  const model = new ViewportModel();
  model.apply(decodeFrame(frames[0]));
  assertEquals(new TextProjection(model).text(), "Hello, Viewport!");
});

Deno.test("example B: table with structured data", () => {
  const messages: Message[] = [
    {
      type: "SCHEMA",
      slot: 100,
      columns: [
        { id: 0, name: "name", type: "string" },
        { id: 1, name: "size", type: "uint64", unit: "bytes", format: "human_bytes" },
        { id: 2, name: "modified", type: "timestamp", format: "relative_time" },
      ],
    },
    {
      type: "TREE",
      root: {
        id: 1,
        type: "box",
        props: { dir: "column" },
        children: [
          { id: 2, type: "text", props: { content: "Files", style: slot(82) } },
          { id: 3, type: "scroll", props: { schema: slot(100), virtual_height: 10000 } },
        ],
      },
    },
    { type: "DATA", schema: slot(100), row: ["server.log", 48231, 1738764180] },
    { type: "DATA", schema: slot(100), row: ["config.yml", 892, 1738750000] },
    // A dict record without a schema reference is opaque: kept, not projected.
    { type: "DATA", row: { name: "server.log", size: 48231, modified: 1738764180 } },
  ];
  const model = new ViewportModel();
  const decoded = applyAll(model, concat(...messages.map(encodeMessage)));
  assertEquals(decoded, messages);
  const now = () => (1738764180 + 180) * 1000;
  assertEquals(
    new TextProjection(model, { now }).text(),
    "Files\nname\tsize\tmodified\nserver.log\t47.1 KiB\t3m ago\nconfig.yml\t892 B\t3h ago",
  );
  assertEquals(model.data.unbound.length, 1);
});

Deno.test("example C: interactive counter with patches", () => {
  const model = new ViewportModel();
  const proj = new TextProjection(model);
  applyAll(
    model,
    encodeMessage({
      type: "TREE",
      root: {
        id: 1,
        type: "box",
        props: { dir: "column", padding: 16 },
        children: [
          { id: 2, type: "text", props: { content: "Counter: 0", style: { size: slot(82) } } },
          {
            id: 3,
            type: "box",
            props: {
              interactive: "clickable",
              style: { background: slot(2), padding: [8, 16], border_radius: 6 },
            },
            children: [{
              id: 4,
              type: "text",
              props: { content: "Increment", style: { color: "#fff" } },
            }],
          },
        ],
      },
    }),
  );
  assertEquals(proj.text(), "Counter: 0\nIncrement");
  // The viewer reports a click on node 3; the app answers with a PATCH.
  const click = decodeFrame(
    new FrameDecoder().push(
      encodeMessage({ type: "INPUT", kind: "click", target: 3, x: 42, y: 8, button: 0 }),
    )[0],
  );
  let counter = 0;
  if (click.type === "INPUT" && click.kind === "click" && click.target === 3) counter += 1;
  const patch = encodeMessage({
    type: "PATCH",
    patches: [{ target: 2, set: { content: `Counter: ${counter}` } }],
  });
  // Hex vector, computed by hand from RFC 8949: {"target": 2, "set": {"content": "Counter: 1"}}.
  assertEquals(
    toHex(patch),
    toHex(hex(`56 50 01 03 21 00 00 00
      a2 66 746172676574 02 63 736574 a1 67 636f6e74656e74 6a 436f756e7465723a2031`)),
  );
  applyAll(model, patch);
  assertEquals(proj.text(), "Counter: 1\nIncrement");
});
