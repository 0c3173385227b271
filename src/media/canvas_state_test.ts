/**
 * Canvas state per mode: WebGPU messages validated whole (a bad one changes
 * nothing), resources kept and mirrored for late joiners, stream chunks kept
 * from the last key frame and bounded; snapshots rebuild equal state; and the
 * one vector2d op table implemented by both rasterizers.
 */
import { assert, assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import { snapshotMessages } from "../model/snapshot.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { CanvasCommand } from "../protocol/messages/types.ts";
import { BROWSER_VECTOR2D_OPS } from "../../viewer/web/client/canvas2d.ts";
import { TERMINAL_VECTOR2D_OPS } from "../render/ansi/raster2d.ts";
import { applyStream, emptyStreamState, STREAM_LIMITS } from "./stream.ts";
import { checkCommand, VECTOR2D, VECTOR2D_OPS } from "./vector2d.ts";
import { applyGpu, emptyGpuState, WEBGPU_LIMITS } from "./webgpu.ts";

const SHADER = "@vertex fn vs() -> @builtin(position) vec4f { return vec4f(); }";

function model(): ViewportModel {
  const m = new ViewportModel();
  m.apply({ type: "TREE", root: { id: 1, type: "canvas", props: {} } });
  return m;
}

function rejects(f: () => unknown, code: string, pattern: RegExp): void {
  const err = assertThrows(f, ViewportError) as ViewportError;
  assertEquals(err.code, code);
  assert(pattern.test(err.message), err.message);
}

Deno.test("vector2d: one op table, implemented whole by the browser and the terminal", () => {
  assertEquals([...BROWSER_VECTOR2D_OPS].sort(), [...VECTOR2D_OPS].sort());
  assertEquals([...TERMINAL_VECTOR2D_OPS].sort(), [...VECTOR2D_OPS].sort());
  // What a terminal does instead is said for every op it does not show fully.
  for (const op of VECTOR2D_OPS) {
    const spec: { terminal: string; note?: string } = VECTOR2D[op];
    if (spec.terminal !== "full") assert(spec.note, `${op} needs a note`);
  }
  // docs/protocol.md lists every op.
  const doc = Deno.readTextFileSync(new URL("../../docs/protocol.md", import.meta.url));
  for (const op of VECTOR2D_OPS) assert(doc.includes(`\`${op}\``), `docs/protocol.md lists ${op}`);
  assertEquals(checkCommand(["fill_style", "#fff"]), { op: "set_fill", args: ["#fff"] });
  assertEquals(
    checkCommand(["draw_image", { format: "bmp", data: new Uint8Array() }, 0, 0]),
    'draw_image argument 1: image format: expected one of png, rgba, jpeg, gif, webp, got "bmp"',
  );
  assertEquals(
    checkCommand(["draw_image", { format: "png", data: new Uint8Array() }, 0, 0, 1]),
    "draw_image: expected 3, 5, 9 arguments, got 4",
  );
  assertEquals(
    checkCommand(["set_fill", { linear: [0, 0, 1], stops: [] }]),
    "set_fill argument 1: gradient: expected linear: [x0, y0, x1, y1] or radial: [x0, y0, r0, x1, y1, r1]",
  );
});

Deno.test("webgpu: resources accumulate, writes land in the mirror, a snapshot rebuilds it", () => {
  const m = model();
  const draw = (commands: CanvasCommand[]) =>
    m.apply({ type: "CANVAS", target: 1, mode: "webgpu", commands });
  draw([
    ["shader", "s", SHADER],
    ["buffer", "u", {
      size: 16,
      usage: ["uniform", "copy_dst"],
      data: new Uint8Array([1, 2, 3, 4]),
    }],
    ["render_pipeline", "p", { shader: "s", vertex: "vs", fragment: "fs" }],
    ["bind_group", "g", { pipeline: "p", entries: [{ binding: 0, buffer: "u" }] }],
    ["render", { clear: [0, 0, 0, 1], draws: [{ pipeline: "p", bind_groups: ["g"], count: 3 }] }],
  ]);
  draw([["write_buffer", "u", 4, new Uint8Array([9, 9, 9, 9])]]);
  const gpu = m.canvases.get(1)!.gpu!;
  assertEquals([...gpu.resources.keys()], ["s", "u", "p", "g"]);
  assertEquals([...gpu.resources.get("u")!.data!.subarray(0, 8)], [1, 2, 3, 4, 9, 9, 9, 9]);
  assertEquals(gpu.frame.length, 1, "a message without passes keeps the frame");
  // A late joiner rebuilds the same state from the snapshot.
  const copy = new ViewportModel();
  for (const msg of snapshotMessages(m)) copy.apply(msg);
  const again = copy.canvases.get(1)!.gpu!;
  assertEquals([...again.resources.keys()], ["s", "u", "p", "g"]);
  assertEquals(again.resources.get("u")!.data, gpu.resources.get("u")!.data);
  assertEquals(again.frame, gpu.frame);
});

Deno.test("webgpu: a bad message is rejected whole, naming the command and field", () => {
  const m = model();
  m.apply({ type: "CANVAS", target: 1, mode: "webgpu", commands: [["shader", "s", SHADER]] });
  const before = m.canvases.get(1);
  const bad: [CanvasCommand[], RegExp][] = [
    [[["buffer", "b", { size: 6, usage: ["vertex"] }]], /size: expected a positive multiple of 4/],
    [[["buffer", "b", { size: 8, usage: ["vertex", "sideways"] }]], /usage\[1\]: expected one of/],
    [[["render_pipeline", "p", { shader: "nope" }]], /shader: no resource "nope"/],
    [
      [["buffer", "v", { size: 8, usage: ["uniform"] }], [
        "render_pipeline",
        "p",
        { shader: "s" },
      ], ["render", { draws: [{ pipeline: "p", vertex_buffers: ["v"], count: 3 }] }]],
      /v needs usage vertex/,
    ],
    [[["write_buffer", "s", 0, new Uint8Array(4)]], /"s" is a shader, expected buffer/],
    [[["buffer", "b", { size: 8, usage: ["storage"] }], [
      "write_buffer",
      "b",
      4,
      new Uint8Array(8),
    ]], /past the buffer/],
    [[["shader", "bad id!", SHADER]], /id: expected 1-64 characters/],
    [[["texture", "t", {
      width: 2,
      height: 2,
      format: "rgba8unorm",
      usage: ["copy_dst"],
      data: new Uint8Array(3),
    }]], /expected 16 bytes/],
    [[["destroy", "s"], ["render_pipeline", "p", { shader: "s" }]], /no resource "s"/],
    [[["teleport", "x"]], /unknown command/],
  ];
  for (const [commands, pattern] of bad) {
    rejects(
      () => m.apply({ type: "CANVAS", target: 1, mode: "webgpu", commands }),
      "bad_message",
      pattern,
    );
    assert(m.canvases.get(1) === before, `unchanged after ${pattern}`);
  }
  // Destroying a shader a pipeline uses breaks the pipeline: rejected too.
  m.apply({
    type: "CANVAS",
    target: 1,
    mode: "webgpu",
    commands: [["render_pipeline", "p", { shader: "s" }]],
  });
  rejects(
    () => m.apply({ type: "CANVAS", target: 1, mode: "webgpu", commands: [["destroy", "s"]] }),
    "bad_message",
    /render_pipeline p shader: no resource "s"/,
  );
});

Deno.test("webgpu: limits on resources and bytes are too_large", () => {
  let s = emptyGpuState();
  const many: CanvasCommand[] = [];
  for (let i = 0; i <= WEBGPU_LIMITS.resources; i++) many.push(["sampler", `x${i}`, {}]);
  rejects(() => applyGpu(s, many), "too_large", /more than 256 resources/);
  const big = WEBGPU_LIMITS.bytes / 2;
  s = applyGpu(s, [["buffer", "a", { size: big, usage: ["storage"] }]]);
  assertEquals(s.bytes, 0, "no mirror before data");
  s = applyGpu(s, [["write_buffer", "a", 0, new Uint8Array(4)]]);
  assertEquals(s.bytes, big);
  rejects(
    () =>
      applyGpu(s, [["buffer", "b", { size: big, usage: ["storage"] }], [
        "buffer",
        "c",
        { size: 4, usage: ["storage"], data: new Uint8Array(4) },
      ], ["write_buffer", "b", 0, new Uint8Array(4)]]),
    "too_large",
    /bytes of data/,
  );
});

Deno.test("stream: chunks kept from the last key frame, bounded; config starts afresh", () => {
  const chunk = (
    key: boolean,
    t: number,
    n = 8,
  ): CanvasCommand => ["chunk", { key, timestamp: t, data: new Uint8Array(n) }];
  rejects(
    () => applyStream(emptyStreamState(), [chunk(true, 0)]),
    "bad_message",
    /a chunk before any config/,
  );
  let s = applyStream(emptyStreamState(), [
    ["config", { codec: "vp8", width: 64, height: 48 }],
    chunk(true, 0),
    chunk(false, 1),
  ]);
  assertEquals(s.chunks.map((c) => c.seq), [0, 1]);
  s = applyStream(s, [chunk(false, 2), chunk(true, 3), chunk(false, 4)]);
  assertEquals(s.chunks.map((c) => [c.seq, c.key]), [[3, true], [4, false]]);
  // A group of pictures past the store's bound: dropped until the next key frame.
  const big = STREAM_LIMITS.chunkBytes;
  s = applyStream(s, [chunk(false, 5, big), chunk(false, 6, big), chunk(false, 7, big)]);
  assertEquals(s.chunks.length, 5);
  s = applyStream(s, [chunk(false, 8, big)]);
  assertEquals(s.chunks.length, 0);
  s = applyStream(s, [chunk(false, 9), chunk(true, 10)]);
  assertEquals(s.chunks.map((c) => c.seq), [10]);
  // So is a group of many tiny pictures (each message copies the list once).
  const many: CanvasCommand[] = [];
  for (let i = 0; i < STREAM_LIMITS.keptChunks; i++) many.push(chunk(false, 11 + i, 1));
  s = applyStream(s, many);
  assertEquals(s.chunks.length, 0);
  s = applyStream(s, [chunk(true, 20_000)]);
  const v = s.configVersion;
  s = applyStream(s, [["config", { codec: "avc1.42e01e" }]]);
  assertEquals([s.configVersion, s.chunks.length, s.config?.codec], [v + 1, 0, "avc1.42e01e"]);
  rejects(
    () => applyStream(s, [["config", { codec: "avc1;drop" }]]),
    "bad_message",
    /codec string/,
  );
  rejects(() => applyStream(s, [chunk(true, 1.5)]), "bad_message", /timestamp/);
  rejects(
    () =>
      applyStream(s, [["chunk", {
        key: true,
        timestamp: 0,
        data: new Uint8Array(STREAM_LIMITS.chunkBytes + 1),
      }]]),
    "too_large",
    /exceed/,
  );
  rejects(
    () => applyStream(s, [["poster", { format: "tiff", data: new Uint8Array(1) }]]),
    "bad_message",
    /image format/,
  );
});

Deno.test("stream: a snapshot gives a late joiner the config, poster and chunks since the key", () => {
  const m = model();
  const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  m.apply({
    type: "CANVAS",
    target: 1,
    mode: "stream",
    commands: [
      ["config", { codec: "vp09.00.10.08" }],
      ["poster", { format: "png", data: png }],
      ["chunk", { key: true, timestamp: 0, data: new Uint8Array([1]) }],
      ["chunk", { key: false, timestamp: 33_333, duration: 33_333, data: new Uint8Array([2]) }],
    ],
  });
  const copy = new ViewportModel();
  for (const msg of snapshotMessages(m)) copy.apply(msg);
  const s = copy.canvases.get(1)!;
  assertEquals(s.stream!.config, { codec: "vp09.00.10.08" });
  assertEquals(s.poster?.data, png);
  assertEquals(s.stream!.chunks.map((c) => [c.key, c.timestamp, c.duration]), [
    [true, 0, undefined],
    [
      false,
      33_333,
      33_333,
    ],
  ]);
  // Switching the node to vector2d starts afresh.
  m.apply({ type: "CANVAS", target: 1, mode: "vector2d", commands: [["clear"]] });
  assertEquals([m.canvases.get(1)!.stream, m.canvases.get(1)!.mode], [undefined, "vector2d"]);
  rejects(
    () => m.apply({ type: "CANVAS", target: 1, mode: "raytrace", commands: [] }),
    "unsupported",
    /not a canvas mode/,
  );
});
