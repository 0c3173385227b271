import { assertEquals, assertViewportError } from "../../../tests/_util/assert.ts";
import { encodeCbor } from "../cbor/mod.ts";
import { FrameDecoder } from "../frame_decoder.ts";
import { slot } from "../slot_ref.ts";
import { decodeFrame, encodeMessage } from "../wire.ts";
import { decodeMessage } from "./decode.ts";
import type { Message } from "./types.ts";

const EXAMPLES: Message[] = [
  { type: "DEFINE", slot: 12, value: { kind: "style", color: "#e0e0e0", weight: "bold" } },
  { type: "DEFINE", slot: 20, value: null },
  {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: { dir: "column", style: slot(12) },
      children: [
        {
          id: 2,
          type: "box",
          props: { dir: "row", gap: 8 },
          children: [
            { id: 3, type: "text", props: { content: "hello", style: slot(5) } },
          ],
        },
        { id: 5, type: "scroll", props: { schema: slot(100), virtual_height: 10000 } },
        { id: 6, type: "input", props: { value: "", placeholder: "name", tab_index: 2 } },
        { id: 7, type: "box", props: { interactive: "clickable" } },
        { id: 8, type: "canvas", props: { alt: "chart", width: 400, height: 200 } },
        { id: 9, type: "image", props: { alt: "logo", data: new Uint8Array([1, 2, 3]) } },
        { id: 10, type: "separator", props: {} },
      ],
    },
  },
  { type: "PATCH", patches: [{ target: 3, set: { content: "goodbye" } }] },
  {
    type: "PATCH",
    patches: [
      {
        target: 2,
        children_insert: { index: 2, node: { id: 6, type: "text", props: { content: "!" } } },
      },
      { target: 5, remove: true },
      { target: 2, children_move: { from: 0, to: 2 } },
      { target: 2, replace: { id: 2, type: "box", props: { dir: "column" }, children: [] } },
      { target: 3, set: { opacity: 0 }, transition: slot(64) },
    ],
  },
  { type: "DATA", schema: slot(100), row: ["server.log", 48231, 1738764180] },
  { type: "DATA", row: { filename: "server.log", size: 48231 } },
  { type: "DATA", schema: slot(100), rows: [["a", 1, 2], ["b", 2n ** 60n, 3]] },
  { type: "INPUT", kind: "click", target: 3, x: 42, y: 8, button: 0 },
  { type: "INPUT", kind: "key", key: "ctrl+s" },
  { type: "INPUT", kind: "value_change", target: 7, value: "new text" },
  { type: "INPUT", kind: "scroll", target: 3, scroll_top: 120 },
  { type: "INPUT", kind: "canvas_pointer", target: 20, x: 342, y: 187, action: "move" },
  {
    type: "ENV",
    viewport_version: 1,
    display_width: 2560,
    display_height: 1440,
    display_unit: "px",
    pixel_density: 2,
    gpu: true,
    gpu_api: "webgpu",
    color_depth: 10,
    video_decode: ["h264", "av1"],
    remote: false,
    latency_ms: 0,
    features: ["canvas"],
    session: "sess-1",
  },
  { type: "REGION", action: "attach", session: "sess-a3f2" },
  { type: "REGION", action: "resize", width: 80, height: 24 },
  { type: "REGION", action: "title", title: "Files" },
  { type: "AUDIO", action: "play", builtin: "notification" },
  { type: "AUDIO", action: "stream", format: "opus", data: new Uint8Array([9, 9]) },
  {
    type: "CANVAS",
    target: 8,
    mode: "vector2d",
    commands: [["set_fill", "#f00"], ["fill_rect", 0, 0, 10, 10]],
  },
  {
    type: "SCHEMA",
    slot: 100,
    columns: [
      { id: 0, name: "filename", type: "string" },
      { id: 1, name: "size", type: "uint64", unit: "bytes", format: "human_bytes" },
    ],
  },
  { type: "ERROR", code: "unknown_target", message: "unknown target id 99", ref: 4 },
];

Deno.test("every message type round-trips through frames", () => {
  for (const msg of EXAMPLES) {
    const frames = new FrameDecoder().push(encodeMessage(msg));
    assertEquals(frames.length, 1);
    assertEquals(decodeFrame(frames[0]), msg, msg.type);
  }
});

Deno.test("a stream of all examples decodes in order", () => {
  const dec = new FrameDecoder();
  const out: Message[] = [];
  for (const m of EXAMPLES) for (const f of dec.push(encodeMessage(m))) out.push(decodeFrame(f));
  assertEquals(out, EXAMPLES);
});

Deno.test("camelCase spellings from the drafts are accepted as snake_case", () => {
  const tree = decodeMessage(0x02, {
    root: {
      id: 1,
      type: "scroll",
      virtualHeight: 100,
      textAlt: "t",
      children: [{ id: 2, type: "text", tabIndex: 1 }],
    },
  });
  assertEquals(tree.type === "TREE" && tree.root.props, { virtual_height: 100, text_alt: "t" });
  assertEquals(tree.type === "TREE" && tree.root.children![0].props, { tab_index: 1 });
  const input = decodeMessage(0x05, { target: 3, kind: "scroll", scrollTop: 120 });
  assertEquals(input.type === "INPUT" && input.scroll_top, 120);
});

Deno.test("unknown fields are ignored (kept), not rejected", () => {
  const m = decodeMessage(0x07, { action: "focus", future_field: 1 });
  assertEquals(m, { type: "REGION", action: "focus", future_field: 1 });
});

Deno.test("validation errors name the message, field, value and expectation", () => {
  assertViewportError(
    () => decodeMessage(0x02, { root: { id: -1, type: "box" } }),
    "bad_message",
    /^TREE root\.id: expected an unsigned integer .* got -1$/,
  );
  assertViewportError(
    () =>
      decodeMessage(0x02, { root: { id: 1, type: "box", children: [{ id: 2, type: "blink" }] } }),
    "bad_message",
    /^TREE root\.children\[0\]\.type: expected one of box, scroll, text, image, canvas, input, separator, got "blink"$/,
  );
  assertViewportError(
    () => decodeMessage(0x02, { root: { id: 1, type: "text", children: [] } }),
    "bad_message",
    /only box and scroll/,
  );
  assertViewportError(
    () => decodeMessage(0x03, [{ target: 1, remove: true }, { target: 2 }]),
    "bad_message",
    /^PATCH \[1\]\.patch: expected exactly one of set/,
  );
  assertViewportError(
    () => decodeMessage(0x03, { target: 1, set: {}, remove: true }),
    "bad_message",
    /got 2/,
  );
  assertViewportError(
    () => decodeMessage(0x03, { target: 1, set: { id: 4 } }),
    "bad_message",
    /set\.id: cannot be changed/,
  );
  assertViewportError(
    () => decodeMessage(0x03, { target: 1, remove: true, transition: slot(64) }),
    "bad_message",
    /transition/,
  );
  assertViewportError(
    () => decodeMessage(0x03, { target: 1, set: { dir: "diagonal" } }),
    "bad_message",
    /set\.dir: expected one of row, column, got "diagonal"/,
  );
  assertViewportError(
    () => decodeMessage(0x03, { target: 1, children_insert: { index: -1, node: {} } }),
    "bad_message",
    /children_insert\.index/,
  );
  assertViewportError(
    () => decodeMessage(0x01, { slot: 1, value: { kind: "color", value: 3 } }),
    "bad_message",
    /^DEFINE value\.value: expected a text string, got 3$/,
  );
  assertViewportError(
    () => decodeMessage(0x04, { schema: slot(1), rows: [["a"], "b"] }),
    "bad_message",
    /DATA rows\[1\]/,
  );
  assertViewportError(
    () => decodeMessage(0x04, { rows: [["a"]] }),
    "bad_message",
    /rows needs a schema/,
  );
  assertViewportError(
    () => decodeMessage(0x05, { kind: "click" }),
    "bad_message",
    /needs a target/,
  );
  assertViewportError(
    () => decodeMessage(0x05, { kind: "teleport", target: 1 }),
    "bad_message",
    /INPUT kind: expected one of click/,
  );
  assertViewportError(
    () => decodeMessage(0x07, { action: "attach", session: "../etc" }),
    "bad_message",
    /session/,
  );
  assertViewportError(
    () =>
      decodeMessage(0x0a, {
        slot: 1,
        columns: [{ name: "a", type: "string" }, { name: "a", type: "string" }],
      }),
    "bad_message",
    /duplicate column name/,
  );
  assertViewportError(
    () => decodeMessage(0x0a, { slot: 1, columns: [{ name: "a", type: "text" }] }),
    "bad_message",
    /columns\[0\]\.type/,
  );
  assertViewportError(() => decodeMessage(0x0b, { code: "x" }), "bad_message", /ERROR message/);
  assertViewportError(
    () => decodeMessage(0x01, "nope"),
    "bad_message",
    /DEFINE payload: expected a map, got "nope"/,
  );
  assertViewportError(() => decodeMessage(0x7f, {}), "unsupported", /unknown message type 0x7f/);
});

Deno.test("decodeFrame: CBOR errors carry the frame type and stream offset", () => {
  const bad = new Uint8Array([0x56, 0x50, 1, 2, 2, 0, 0, 0, 0xa1, 0x61]);
  const [frame] = new FrameDecoder().push(bad);
  const err = assertViewportError(() => decodeFrame(frame), "bad_cbor", /^TREE frame at byte 0:/);
  assertEquals(typeof err.offset, "number");
  // Trailing bytes after the one payload item are an error.
  const payload = new Uint8Array([...encodeCbor({ root: 1 }), 0x00]);
  assertViewportError(() => decodeFrame({ type: 2, payload, offset: 0 }), "bad_cbor");
});

Deno.test("the __proto__ key in a node never sets a prototype", () => {
  const m = decodeMessage(
    0x02,
    JSON.parse('{"root":{"id":1,"type":"text","__proto__":{"polluted":true}}}'),
  );
  assertEquals(m.type === "TREE" && Object.getPrototypeOf(m.root.props), Object.prototype);
  assertEquals(({} as Record<string, unknown>).polluted, undefined);
});
