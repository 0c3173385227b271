/**
 * A spinning, shaded cube. In a browser viewer with WebGPU the mesh, a WGSL
 * shader and a rotation uniform go to the tab's GPU once, and each tick sends
 * only the new rotation (64 bytes). Anywhere else (a terminal, a browser
 * without WebGPU) the app projects the cube itself and draws it as vector2d
 * polygons, which a terminal shows in Braille and block cells; in a pipe it
 * prints its alt text. It switches as the viewer's ENV changes (a tab with a
 * GPU opens, or the last one closes).
 *
 *   deno task viewport --web -- deno run -A examples/gpu_cube.ts
 *   deno run -A examples/gpu_cube.ts            # the terminal: vector2d
 *
 * @module
 */
import {
  canvas,
  column,
  type Connection,
  defineApp,
  GpuCanvas,
  text,
  Vector2d,
  watchCanvasMode,
} from "../src/mod.ts";

const W = 320, H = 240;

// Faces: normal and four corners (each a unit cube corner), in order around the face.
const FACES: { n: number[]; c: number[][]; color: number[] }[] = [
  { n: [0, 0, 1], c: [[-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1]], color: [0.9, 0.3, 0.3] },
  {
    n: [0, 0, -1],
    c: [[1, -1, -1], [-1, -1, -1], [-1, 1, -1], [1, 1, -1]],
    color: [0.3, 0.9, 0.3],
  },
  { n: [1, 0, 0], c: [[1, -1, 1], [1, -1, -1], [1, 1, -1], [1, 1, 1]], color: [0.3, 0.4, 0.95] },
  {
    n: [-1, 0, 0],
    c: [[-1, -1, -1], [-1, -1, 1], [-1, 1, 1], [-1, 1, -1]],
    color: [0.95, 0.85, 0.3],
  },
  { n: [0, 1, 0], c: [[-1, 1, 1], [1, 1, 1], [1, 1, -1], [-1, 1, -1]], color: [0.3, 0.9, 0.9] },
  {
    n: [0, -1, 0],
    c: [[-1, -1, -1], [1, -1, -1], [1, -1, 1], [-1, -1, 1]],
    color: [0.9, 0.3, 0.9],
  },
];

const LIGHT = normalize([0.4, 0.7, 1]);

function normalize(v: number[]): number[] {
  const l = Math.hypot(...v);
  return v.map((x) => x / l);
}

/** Rotation about y then x, as a column-major 4 x 4 matrix. */
function rotation(t: number): Float32Array {
  const a = t, b = t * 0.6;
  const ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b);
  // R = Rx(b) * Ry(a)
  return new Float32Array([
    ca,
    sa * sb,
    -sa * cb,
    0,
    0,
    cb,
    sb,
    0,
    sa,
    -ca * sb,
    ca * cb,
    0,
    0,
    0,
    0,
    1,
  ]);
}

function rotate(m: Float32Array, v: number[]): number[] {
  return [
    m[0] * v[0] + m[4] * v[1] + m[8] * v[2],
    m[1] * v[0] + m[5] * v[1] + m[9] * v[2],
    m[2] * v[0] + m[6] * v[1] + m[10] * v[2],
  ];
}

/** Perspective projection to canvas pixels. */
function project(p: number[]): [number, number] {
  const f = 1.8 / (5 - p[2]);
  return [W / 2 + p[0] * f * (H / 2), H / 2 - p[1] * f * (H / 2)];
}

const shade = (color: number[], n: number[]) => {
  const d = Math.max(0, n[0] * LIGHT[0] + n[1] * LIGHT[1] + n[2] * LIGHT[2]);
  const k = 0.25 + 0.75 * d;
  const hex = (v: number) => Math.round(Math.min(1, v * k) * 255).toString(16).padStart(2, "0");
  return `#${hex(color[0])}${hex(color[1])}${hex(color[2])}`;
};

/** The cube as vector2d polygons: faces toward the viewer, far ones first. */
export function cubeVector(t: number): Vector2d {
  const m = rotation(t);
  const d = new Vector2d().fillStyle("#11111b").fillRect(0, 0, W, H);
  const faces = FACES.map((f) => ({ f, n: rotate(m, f.n), pts: f.c.map((c) => rotate(m, c)) }))
    .filter((x) => x.n[2] > 0)
    .sort((a, b) => a.pts.reduce((s, p) => s + p[2], 0) - b.pts.reduce((s, p) => s + p[2], 0));
  for (const { f, n, pts } of faces) {
    const [first, ...rest] = pts.map(project);
    d.fillStyle(shade(f.color, n)).beginPath().moveTo(...first);
    for (const p of rest) d.lineTo(...p);
    d.closePath().fill();
  }
  return d;
}

const WGSL = `
struct U { rot: mat4x4f };
@group(0) @binding(0) var<uniform> u: U;
struct Out { @builtin(position) pos: vec4f, @location(0) color: vec3f };
@vertex fn vs(@location(0) p: vec3f, @location(1) n: vec3f, @location(2) c: vec3f) -> Out {
  let r = u.rot * vec4f(p, 1.0);
  let f = 1.8 / (5.0 - r.z);
  var o: Out;
  o.pos = vec4f(r.x * f * ${H / W}, r.y * f, (5.0 - r.z) / 10.0, 1.0);
  let light = normalize(vec3f(0.4, 0.7, 1.0));
  let d = max(dot((u.rot * vec4f(n, 0.0)).xyz, light), 0.0);
  o.color = c * (0.25 + 0.75 * d);
  return o;
}
@fragment fn fs(i: Out) -> @location(0) vec4f { return vec4f(i.color, 1.0); }`;

/** Position, normal and color of every vertex: two triangles per face. */
function mesh(): Float32Array {
  const out: number[] = [];
  for (const f of FACES) {
    for (const i of [0, 1, 2, 0, 2, 3]) out.push(...f.c[i], ...f.n, ...f.color);
  }
  return new Float32Array(out);
}

function startGpu(conn: Connection): GpuCanvas {
  const vertices = mesh();
  return new GpuCanvas(conn, 10)
    .shader("cube", WGSL)
    .buffer("mesh", {
      size: vertices.byteLength,
      usage: ["vertex"],
      data: new Uint8Array(vertices.buffer),
    })
    .buffer("rot", { size: 64, usage: ["uniform"], data: new Uint8Array(rotation(0).buffer) })
    .renderPipeline("pipe", {
      shader: "cube",
      vertex: "vs",
      fragment: "fs",
      depth: true,
      cull_mode: "back",
      buffers: [{
        stride: 36,
        attributes: [
          { location: 0, offset: 0, format: "float32x3" },
          { location: 1, offset: 12, format: "float32x3" },
          { location: 2, offset: 24, format: "float32x3" },
        ],
      }],
    })
    .bindGroup("u", { pipeline: "pipe", entries: [{ binding: 0, buffer: "rot" }] })
    .render({
      clear: [0.067, 0.067, 0.106, 1],
      draws: [{ pipeline: "pipe", bind_groups: ["u"], vertex_buffers: ["mesh"], count: 36 }],
    });
}

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "gpu cube",
  autoRun: import.meta.main,
  setup(conn) {
    const status = text("", { id: 3, color: "dim" });
    conn.setTree(column({ id: 1, gap: 1, padding: [0, 1] }, [
      text("A spinning cube", { id: 2, role: "heading" }),
      canvas({ id: 10, width: W, height: H, cols: 40, rows: 15, alt: "a spinning shaded cube" }),
      status,
    ]));
    let mode: "webgpu" | "vector2d" = "vector2d";
    let gpu: GpuCanvas | null = null;
    let t = 0;
    const frame = () => {
      if (mode === "webgpu") gpu!.writeBuffer("rot", 0, rotation(t));
      else conn.draw(10, cubeVector(t).commands);
    };
    watchCanvasMode(conn, (m) => {
      mode = m;
      // Switching to WebGPU sends the whole scene (the canvas starts afresh in a new mode).
      gpu = m === "webgpu" ? startGpu(conn) : null;
      conn.set(status, {
        content: m === "webgpu"
          ? "drawn by WebGPU on this tab's GPU; each frame sends a 64-byte rotation"
          : "drawn as vector2d polygons (this viewer has no WebGPU)",
      });
      frame();
    });
    if (!conn.interactive) return;
    const timer = setInterval(() => {
      // The viewer may have closed the region a moment before "close" is emitted.
      if (conn.closed) return clearInterval(timer);
      t += 0.05;
      frame();
    }, 33);
    conn.on("close", () => clearInterval(timer));
  },
});
