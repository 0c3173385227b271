/**
 * `deno task demo`: the protocol core at work on the spec's wire examples
 * (protocol-spec section 11 A, B, C). Each message is encoded to a frame,
 * decoded, applied to a model, and the live text projection is shown.
 *
 *   deno task demo [--help]
 */
import {
  decodeCbor,
  decodeFrame,
  encodeMessage,
  FrameDecoder,
  inspectFrame,
  type Message,
  slot,
} from "../src/protocol/mod.ts";
import { ViewportModel } from "../src/model/mod.ts";
import { TextProjection } from "../src/projection/mod.ts";

if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
  console.log(`Usage: deno task demo

Encodes the protocol spec's three wire examples (hello world, a table of files,
an interactive counter) as Viewport frames, decodes them, applies them to a
session model and prints each frame and the resulting text projection.`);
  Deno.exit(0);
}
if (Deno.args.length > 0) {
  console.error(`demo: unexpected argument '${Deno.args[0]}' (try --help)`);
  Deno.exit(2);
}

const color = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR") &&
  Deno.env.get("TERM") !== "dumb";
const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);

function run(title: string, messages: Message[], now?: () => number): void {
  console.log(bold(`\n== ${title}`));
  const model = new ViewportModel();
  const projection = new TextProjection(model, { now });
  const decoder = new FrameDecoder();
  for (const message of messages) {
    const bytes = encodeMessage(message);
    for (const frame of decoder.push(bytes)) {
      console.log(
        dim(`${String(bytes.length).padStart(5)} B  `) +
          inspectFrame(frame.type, decodeCbor(frame.payload)),
      );
      model.apply(decodeFrame(frame));
    }
  }
  console.log(dim("-- text projection:"));
  console.log(projection.text());
}

run("A. Hello world", [
  {
    type: "TREE",
    root: {
      id: 1,
      type: "text",
      props: { content: "Hello, Viewport!", style: { color: "#89b4fa" } },
    },
  },
]);

const fileTime = 1738764180;
run(
  "B. A table with structured data",
  [
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
    { type: "DATA", schema: slot(100), row: ["server.log", 48231, fileTime] },
    { type: "DATA", schema: slot(100), row: ["config.yml", 892, fileTime - 14180] },
  ],
  () => (fileTime + 180) * 1000,
);

run("C. An interactive counter (one click)", [
  {
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
          props: { interactive: "clickable", style: { background: slot(2), padding: [8, 16] } },
          children: [{ id: 4, type: "text", props: { content: "Increment" } }],
        },
      ],
    },
  },
  { type: "INPUT", kind: "click", target: 3, x: 42, y: 8, button: 0 },
  { type: "PATCH", patches: [{ target: 2, set: { content: "Counter: 1" } }] },
]);
