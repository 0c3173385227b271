// A canvas's retained state counts against the session's byte budget in every
// mode: WebGPU resources and stream chunks accumulate over many small messages,
// so the budget must see the state, not the message. A refused CANVAS changes
// nothing, not even a buffer write that would have landed in place.
import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { CanvasCommand } from "../protocol/messages/types.ts";
import { canvasBytes } from "./canvas_bytes.ts";
import { ViewportModel } from "./viewport_model.ts";

const MiB = 1024 * 1024;
const SHADER = "@vertex fn vs() -> @builtin(position) vec4f { return vec4f(); }";

function session(maxBytes: number): ViewportModel {
  const m = new ViewportModel({ maxBytes });
  m.apply({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: [
        { id: 2, type: "canvas", props: {} },
        { id: 3, type: "canvas", props: {} },
      ],
    },
  });
  return m;
}

function code(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (err) {
    assert(err instanceof ViewportError, String(err));
    return err.code;
  }
}

const gpu = (target: number, commands: CanvasCommand[]) =>
  ({ type: "CANVAS", target, mode: "webgpu", commands }) as const;
const stream = (target: number, commands: CanvasCommand[]) =>
  ({ type: "CANVAS", target, mode: "stream", commands }) as const;

Deno.test("canvas bytes: WebGPU resources sent one by one add up and hit the session budget", () => {
  const m = session(8 * MiB);
  const before = m.bytes;
  m.apply(gpu(2, [["shader", "s", SHADER]]));
  // Each message is small; the buffers are 1 MiB each once data is written.
  let refused = -1;
  for (let i = 0; i < 16; i++) {
    const got = code(() =>
      m.apply(gpu(2, [
        ["buffer", `b${i}`, { size: MiB, usage: ["vertex", "copy_dst"] }],
        ["write_buffer", `b${i}`, 0, new Uint8Array([1, 2, 3, 4])],
      ]))
    );
    if (got !== "ok") {
      assertEquals(got, "too_large");
      refused = i;
      break;
    }
  }
  assert(refused >= 5 && refused < 8, `refused at buffer ${refused}`);
  assert(m.bytes <= 8 * MiB, `${m.bytes}`);
  assert(m.bytes - before >= refused * MiB, `${m.bytes - before} for ${refused} MiB of buffers`);
  const kept = m.canvases.get(2)!.gpu!;
  assertEquals(kept.resources.size, refused + 1);
  assertEquals(m.canvases.get(2)!.gpu!.resources.has(`b${refused}`), false);
  // A write that would allocate a declared buffer's data past the budget is refused
  // without touching the shared state in place.
  m.apply(gpu(2, [["buffer", "late", { size: 4 * MiB, usage: ["vertex", "copy_dst"] }]]));
  const late = m.canvases.get(2)!.gpu!.resources.get("late")!;
  const sizeBefore = m.bytes;
  assertEquals(
    code(() => m.apply(gpu(2, [["write_buffer", "late", 0, new Uint8Array([9, 9, 9, 9])]]))),
    "too_large",
  );
  assertEquals(late.data, undefined);
  assertEquals(m.bytes, sizeBefore);
  // Destroying resources gives the bytes back.
  const destroys: CanvasCommand[] = [];
  for (let i = 0; i < refused; i++) destroys.push(["destroy", `b${i}`]);
  m.apply(gpu(2, destroys));
  assert(m.bytes < before + MiB, `${m.bytes} after destroying the buffers`);
});

Deno.test("canvas bytes: shader code and texture data count", () => {
  const m = session(1.5 * MiB);
  const code1 = SHADER + "//".padEnd(900 * 1024, "x");
  assertEquals(code(() => m.apply(gpu(2, [["shader", "big", code1]]))), "ok");
  assert(m.bytes > 900 * 1024, `${m.bytes}`);
  // A second canvas cannot hold another such shader: the budget is the session's.
  assertEquals(code(() => m.apply(gpu(3, [["shader", "big", code1]]))), "too_large");
  assertEquals(m.canvases.has(3), false);
  const texture = {
    width: 512,
    height: 512,
    format: "rgba8unorm",
    usage: ["texture_binding"],
    data: new Uint8Array(512 * 512 * 4),
  };
  assertEquals(code(() => m.apply(gpu(3, [["texture", "t", texture]]))), "too_large");
  m.apply(gpu(2, [["destroy", "big"]]));
  assertEquals(code(() => m.apply(gpu(3, [["texture", "t", texture]]))), "ok");
  assert(m.bytes > 1024 * 1024, `${m.bytes}`);
});

Deno.test("canvas bytes: stream chunks since the key frame and the poster count", () => {
  const m = session(4 * MiB);
  m.apply(stream(2, [["config", { codec: "vp8" }]]));
  const base = m.bytes;
  const chunk = (key: boolean, t: number, n: number): CanvasCommand => [
    "chunk",
    { key, timestamp: t, data: new Uint8Array(n).fill(7) },
  ];
  m.apply(stream(2, [chunk(true, 0, 64 * 1024)]));
  for (let i = 1; i < 30; i++) m.apply(stream(2, [chunk(false, i * 33_333, 64 * 1024)]));
  const kept = m.canvases.get(2)!.stream!;
  assertEquals(kept.chunks.length, 30);
  assert(m.bytes - base >= 30 * 64 * 1024, `${m.bytes - base}`);
  assertEquals(m.bytes, m.tree.bytes + canvasBytes(m.canvases.get(2)!));
  // More deltas than fit: refused, the kept chunks stay as they were.
  let got = "ok";
  for (let i = 30; i < 100 && got === "ok"; i++) {
    got = code(() => m.apply(stream(2, [chunk(false, i * 33_333, 64 * 1024)])));
  }
  assertEquals(got, "too_large");
  assert(m.bytes <= 4 * MiB, `${m.bytes}`);
  const chunks = m.canvases.get(2)!.stream!.chunks.length;
  // A key frame starts a new group: the old chunks are released.
  m.apply(stream(2, [chunk(true, 10_000_000, 1024)]));
  assertEquals(m.canvases.get(2)!.stream!.chunks.length, 1);
  assert(m.bytes < base + 64 * 1024, `${m.bytes - base} after a key frame (was ${chunks} chunks)`);
  // The poster is kept too.
  const poster = { format: "rgba", width: 512, height: 512, data: new Uint8Array(512 * 512 * 4) };
  m.apply(stream(2, [["poster", poster]]));
  assert(m.bytes > base + MiB, `${m.bytes - base} with a 1 MiB poster`);
  // Removing the canvas node gives everything back.
  m.apply({ type: "PATCH", patches: [{ target: 2, remove: true }] });
  assertEquals(m.canvases.has(2), false);
  assert(m.bytes < base, `${m.bytes} after the canvas went`);
});
