/**
 * CANVAS `webgpu`: the message shapes, their validation and the state a
 * canvas keeps. An app defines resources once (WGSL shader modules, buffers,
 * textures, samplers, pipelines, bind groups: each under a text id) and sends
 * a frame (render and compute passes); later messages change resources
 * (`write_buffer` for a uniform, say) and the viewer runs the frame again.
 * Everything is checked here without a GPU, so a bad message is rejected
 * whole with an ERROR naming the command and field; what only the GPU can
 * judge (WGSL compilation, pipeline layout) the browser reports as ERROR.
 * Shapes are in docs/protocol.md.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { CanvasCommand } from "../protocol/messages/types.ts";

/** Limits per canvas. */
export const WEBGPU_LIMITS = {
  /** Resources alive at once. */
  resources: 256,
  /** Bytes of buffer and texture data kept (the viewer mirrors them for late joiners). */
  bytes: 64 * 1024 * 1024,
  /** WGSL source characters per shader. */
  shaderChars: 1024 * 1024,
  /** Passes in a frame, and draws per render pass. */
  passes: 16,
  draws: 256,
} as const;

/** Buffer usages (GPUBufferUsage in snake_case). */
export const BUFFER_USAGES = [
  "vertex",
  "index",
  "uniform",
  "storage",
  "indirect",
  "copy_src",
  "copy_dst",
] as const;
/** Texture usages. */
export const TEXTURE_USAGES = [
  "texture_binding",
  "storage_binding",
  "render_attachment",
  "copy_src",
  "copy_dst",
] as const;
/** Texture formats a message may name, with bytes per pixel. */
export const TEXTURE_FORMATS: Readonly<Record<string, number>> = {
  "r8unorm": 1,
  "rg8unorm": 2,
  "rgba8unorm": 4,
  "rgba8unorm-srgb": 4,
  "bgra8unorm": 4,
  "r32float": 4,
  "rgba16float": 8,
  "rgba32float": 16,
};
/** Vertex attribute formats. */
export const VERTEX_FORMATS = [
  "float32",
  "float32x2",
  "float32x3",
  "float32x4",
  "uint32",
  "uint32x2",
  "uint32x3",
  "uint32x4",
  "sint32",
  "sint32x2",
  "sint32x3",
  "sint32x4",
  "unorm8x4",
  "uint8x4",
] as const;
const TOPOLOGIES = ["point-list", "line-list", "line-strip", "triangle-list", "triangle-strip"];

/** A resource kind. */
export type GpuKind =
  | "shader"
  | "buffer"
  | "texture"
  | "sampler"
  | "render_pipeline"
  | "compute_pipeline"
  | "bind_group";

/** One resource as the canvas keeps it. */
export interface GpuResource {
  kind: GpuKind;
  id: string;
  /** The defining spec (a shader's source is `{code}`). */
  spec: Record<string, unknown>;
  /** Bumped whenever the resource or its data changes. */
  version: number;
  /** Buffer and texture contents (buffers: `size` bytes; textures: when given). */
  data?: Uint8Array;
}

/** The state of a `webgpu` canvas. */
export interface GpuState {
  /** Resources in creation order. */
  resources: Map<string, GpuResource>;
  /** The frame: `render` and `compute` passes, run in order. */
  frame: CanvasCommand[];
  /** Bytes of data held. */
  bytes: number;
  /** Bumped on every applied message. */
  version: number;
}

/** A fresh, empty state. */
export function emptyGpuState(): GpuState {
  return { resources: new Map(), frame: [], bytes: 0, version: 0 };
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

class Problem extends Error {}

function fail(where: string, what: string): never {
  throw new Problem(`${where}: ${what}`);
}

function rec(v: unknown, where: string): Record<string, unknown> {
  if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof Uint8Array) {
    fail(where, "expected a map");
  }
  return v as Record<string, unknown>;
}

function uint(v: unknown, where: string, max = 0xffff_ffff): number {
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > max) {
    fail(where, `expected an integer 0-${max}, got ${JSON.stringify(v)}`);
  }
  return v as number;
}

function oneOf<T extends string>(v: unknown, list: readonly T[], where: string): T {
  if (!list.includes(v as T)) {
    fail(where, `expected one of ${list.join(", ")}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function optional<T>(v: unknown, f: (v: unknown) => T): T | undefined {
  return v === undefined || v === null ? undefined : f(v);
}

function text(v: unknown, where: string, max = 200): string {
  if (typeof v !== "string" || v.length === 0 || v.length > max) {
    fail(where, `expected text of 1-${max} characters`);
  }
  return v;
}

function bytes(v: unknown, where: string): Uint8Array {
  if (!(v instanceof Uint8Array)) fail(where, "expected a byte string");
  return v;
}

function usages<T extends string>(v: unknown, list: readonly T[], where: string): T[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > list.length) {
    fail(where, `expected a list of ${list.join(", ")}`);
  }
  return v.map((u, i) => oneOf(u, list, `${where}[${i}]`));
}

/** Resolves an id to a resource of one of `kinds`, in the state being built. */
type Lookup = (id: unknown, kinds: readonly GpuKind[], where: string) => GpuResource;

/**
 * Applies a CANVAS `webgpu` message's commands to `prev` and returns the new
 * state. Throws `ViewportError` (`bad_message`, `too_large`,
 * `unknown_target`) naming the command and field when anything is wrong; then
 * nothing is applied. Buffer writes go into the shared data in place, after
 * every check passed and after `admit` (a caller's own limit, such as a
 * session's byte budget) accepted the new state: if it throws, `prev` is left
 * exactly as it was.
 *
 * @example
 * ```ts
 * import { applyGpu, emptyGpuState } from "./webgpu.ts";
 * const s = applyGpu(emptyGpuState(), [
 *   ["shader", "s", "@vertex fn vs() -> @builtin(position) vec4f { return vec4f(); }"],
 *   ["render_pipeline", "p", { shader: "s", vertex: "vs", fragment: "fs" }],
 *   ["render", { clear: [0, 0, 0, 1], draws: [{ pipeline: "p", count: 3 }] }],
 * ]);
 * if (s.resources.size !== 2 || s.frame.length !== 1) throw new Error();
 * ```
 */
export function applyGpu(
  prev: GpuState,
  commands: readonly CanvasCommand[],
  admit?: (next: GpuState) => void,
): GpuState {
  const res = new Map(prev.resources);
  let bytesHeld = prev.bytes;
  let frame: CanvasCommand[] | null = null;
  // Buffer writes are applied after every check passed (the old data is shared).
  const writes: { r: GpuResource; offset: number; data: Uint8Array }[] = [];
  const allocate = new Set<GpuResource>();
  const held = (r: GpuResource) => r.data?.length ?? (allocate.has(r) ? r.spec.size as number : 0);
  const version = prev.version + 1;
  const lookup: Lookup = (id, kinds, where) => {
    const r = typeof id === "string" ? res.get(id) : undefined;
    if (!r) fail(where, `no resource ${JSON.stringify(id)}`);
    if (!kinds.includes(r.kind)) {
      fail(where, `${JSON.stringify(id)} is a ${r.kind}, expected ${kinds.join(" or ")}`);
    }
    return r;
  };
  try {
    for (let i = 0; i < commands.length; i++) {
      const cmd = commands[i];
      const op = cmd[0];
      const at = `commands[${i}] (${op})`;
      if (op === "render" || op === "compute") {
        if (frame === null) frame = [];
        if (frame.length >= WEBGPU_LIMITS.passes) {
          fail(at, `more than ${WEBGPU_LIMITS.passes} passes`);
        }
        checkPass(op, cmd[1], at, lookup);
        frame.push(cmd);
        continue;
      }
      if (op === "write_buffer") {
        const r = lookup(cmd[1], ["buffer"], `${at} id`);
        const offset = uint(cmd[2], `${at} offset`);
        const data = bytes(cmd[3], `${at} data`);
        const size = r.spec.size as number;
        if (offset % 4 !== 0 || data.length % 4 !== 0) {
          fail(at, "offset and data length must be multiples of 4");
        }
        if (offset + data.length > size) {
          fail(at, `writes ${offset}+${data.length} past the buffer's ${size} bytes`);
        }
        writes.push({ r, offset, data });
        if (!r.data && !allocate.has(r)) {
          allocate.add(r);
          bytesHeld += size;
          if (bytesHeld > WEBGPU_LIMITS.bytes) {
            throw new ViewportError(
              ErrorCode.TOO_LARGE,
              `CANVAS webgpu ${at}: more than ${WEBGPU_LIMITS.bytes} bytes of data`,
            );
          }
        }
        continue;
      }
      if (op === "destroy") {
        const id = cmd[1];
        const r = typeof id === "string" ? res.get(id) : undefined;
        if (!r) fail(at, `no resource ${JSON.stringify(id)}`);
        res.delete(r.id);
        bytesHeld -= held(r);
        continue;
      }
      const id = cmd[1];
      if (typeof id !== "string" || !ID.test(id)) {
        fail(`${at} id`, "expected 1-64 characters of A-Z a-z 0-9 _ . : -");
      }
      const made = define(op, id, cmd[2], at, lookup, version);
      const old = res.get(id);
      bytesHeld += (made.data?.length ?? 0) - (old ? held(old) : 0);
      if (old) res.delete(id); // a redefinition moves to the end: creation order stays valid
      res.set(id, made);
      if (res.size > WEBGPU_LIMITS.resources) {
        throw new ViewportError(
          ErrorCode.TOO_LARGE,
          `CANVAS webgpu ${at}: more than ${WEBGPU_LIMITS.resources} resources`,
        );
      }
      if (bytesHeld > WEBGPU_LIMITS.bytes) {
        throw new ViewportError(
          ErrorCode.TOO_LARGE,
          `CANVAS webgpu ${at}: more than ${WEBGPU_LIMITS.bytes} bytes of data`,
        );
      }
    }
    // A frame must still name live resources after this message's destroys.
    for (const [j, pass] of (frame ?? prev.frame).entries()) {
      checkPass(pass[0] as string, pass[1], `frame pass ${j}`, lookup);
    }
    for (const r of res.values()) checkRefs(r, lookup);
  } catch (err) {
    if (err instanceof Problem) {
      throw new ViewportError(ErrorCode.BAD_MESSAGE, `CANVAS webgpu ${err.message}`);
    }
    throw err;
  }
  const next: GpuState = { resources: res, frame: frame ?? prev.frame, bytes: bytesHeld, version };
  admit?.(next);
  // Everything checked: now the writes, in place (the previous state is being replaced).
  for (const w of writes) {
    const live = w.r;
    live.data ??= new Uint8Array(live.spec.size as number);
    live.data.set(w.data, w.offset);
    live.version = version;
  }
  return next;
}

function define(
  op: string,
  id: string,
  spec: unknown,
  at: string,
  lookup: Lookup,
  version: number,
): GpuResource {
  switch (op) {
    case "shader": {
      if (
        typeof spec !== "string" || spec.length === 0 || spec.length > WEBGPU_LIMITS.shaderChars
      ) {
        fail(`${at} code`, `expected WGSL text of 1-${WEBGPU_LIMITS.shaderChars} characters`);
      }
      return { kind: "shader", id, spec: { code: spec }, version };
    }
    case "buffer": {
      const s = rec(spec, `${at} spec`);
      const size = uint(s.size, `${at} size`, WEBGPU_LIMITS.bytes);
      if (size === 0 || size % 4 !== 0) fail(`${at} size`, "expected a positive multiple of 4");
      usages(s.usage, BUFFER_USAGES, `${at} usage`);
      // The viewer mirrors a buffer's data only once the app gave some.
      let data: Uint8Array | undefined;
      if (s.data !== undefined) {
        const d = bytes(s.data, `${at} data`);
        if (d.length > size) fail(`${at} data`, `${d.length} bytes do not fit in ${size}`);
        data = new Uint8Array(size);
        data.set(d);
      }
      const { data: _drop, ...rest } = s;
      return { kind: "buffer", id, spec: rest, version, data };
    }
    case "texture": {
      const s = rec(spec, `${at} spec`);
      const w = uint(s.width, `${at} width`, 8192), h = uint(s.height, `${at} height`, 8192);
      if (w === 0 || h === 0) fail(at, "width and height must be >= 1");
      const format = oneOf(s.format, Object.keys(TEXTURE_FORMATS), `${at} format`);
      usages(s.usage, TEXTURE_USAGES, `${at} usage`);
      let data: Uint8Array | undefined;
      if (s.data !== undefined) {
        data = bytes(s.data, `${at} data`);
        const want = w * h * TEXTURE_FORMATS[format];
        if (data.length !== want) {
          fail(`${at} data`, `expected ${want} bytes (${w}x${h} ${format}), got ${data.length}`);
        }
      }
      const { data: _drop, ...rest } = s;
      return { kind: "texture", id, spec: rest, version, data };
    }
    case "sampler": {
      const s = spec === undefined ? {} : rec(spec, `${at} spec`);
      optional(s.mag_filter, (v) => oneOf(v, ["nearest", "linear"], `${at} mag_filter`));
      optional(s.min_filter, (v) => oneOf(v, ["nearest", "linear"], `${at} min_filter`));
      optional(
        s.address_mode,
        (v) => oneOf(v, ["clamp-to-edge", "repeat", "mirror-repeat"], `${at} address_mode`),
      );
      return { kind: "sampler", id, spec: s, version };
    }
    case "render_pipeline": {
      const s = rec(spec, `${at} spec`);
      lookup(s.shader, ["shader"], `${at} shader`);
      optional(s.vertex, (v) => text(v, `${at} vertex`, 64));
      optional(s.fragment, (v) => text(v, `${at} fragment`, 64));
      optional(s.topology, (v) => oneOf(v, TOPOLOGIES, `${at} topology`));
      optional(s.cull_mode, (v) => oneOf(v, ["none", "front", "back"], `${at} cull_mode`));
      optional(s.blend, (v) => oneOf(v, ["none", "alpha", "additive"], `${at} blend`));
      optional(
        s.depth,
        (v) => typeof v === "boolean" || fail(`${at} depth`, "expected true or false"),
      );
      const buffers = s.buffers === undefined ? [] : s.buffers;
      if (!Array.isArray(buffers) || buffers.length > 8) {
        fail(`${at} buffers`, "expected at most 8 vertex buffer layouts");
      }
      buffers.forEach((b, j) => {
        const bl = rec(b, `${at} buffers[${j}]`);
        uint(bl.stride, `${at} buffers[${j}].stride`, 2048);
        optional(bl.step, (v) => oneOf(v, ["vertex", "instance"], `${at} buffers[${j}].step`));
        const attrs = bl.attributes;
        if (!Array.isArray(attrs) || attrs.length === 0 || attrs.length > 16) {
          fail(`${at} buffers[${j}].attributes`, "expected 1-16 attributes");
        }
        attrs.forEach((a, k) => {
          const ar = rec(a, `${at} buffers[${j}].attributes[${k}]`);
          uint(ar.location, `${at} buffers[${j}].attributes[${k}].location`, 15);
          uint(ar.offset, `${at} buffers[${j}].attributes[${k}].offset`, 2048);
          oneOf(ar.format, VERTEX_FORMATS, `${at} buffers[${j}].attributes[${k}].format`);
        });
      });
      return { kind: "render_pipeline", id, spec: s, version };
    }
    case "compute_pipeline": {
      const s = rec(spec, `${at} spec`);
      lookup(s.shader, ["shader"], `${at} shader`);
      optional(s.entry, (v) => text(v, `${at} entry`, 64));
      return { kind: "compute_pipeline", id, spec: s, version };
    }
    case "bind_group": {
      const s = rec(spec, `${at} spec`);
      lookup(s.pipeline, ["render_pipeline", "compute_pipeline"], `${at} pipeline`);
      optional(s.group, (v) => uint(v, `${at} group`, 3));
      const entries = s.entries;
      if (!Array.isArray(entries) || entries.length === 0 || entries.length > 16) {
        fail(`${at} entries`, "expected 1-16 entries");
      }
      entries.forEach((e, j) => {
        const er = rec(e, `${at} entries[${j}]`);
        uint(er.binding, `${at} entries[${j}].binding`, 31);
        const keys = ["buffer", "texture", "sampler"].filter((k) => er[k] !== undefined);
        if (keys.length !== 1) {
          fail(`${at} entries[${j}]`, "expected exactly one of buffer, texture, sampler");
        }
        const r = lookup(er[keys[0]], [keys[0] as GpuKind], `${at} entries[${j}].${keys[0]}`);
        if (r.kind === "buffer") {
          const u = r.spec.usage as string[];
          if (!u.includes("uniform") && !u.includes("storage")) {
            fail(`${at} entries[${j}].buffer`, `${r.id} needs usage uniform or storage`);
          }
        }
      });
      return { kind: "bind_group", id, spec: s, version };
    }
  }
  fail(
    at,
    "unknown command (expected shader, buffer, write_buffer, texture, sampler, " +
      "render_pipeline, compute_pipeline, bind_group, destroy, render or compute)",
  );
}

/** A resource must not name one that is gone (re-checked after destroys). */
function checkRefs(r: GpuResource, lookup: Lookup): void {
  const at = `${r.kind} ${r.id}`;
  if (r.kind === "render_pipeline" || r.kind === "compute_pipeline") {
    lookup(r.spec.shader, ["shader"], `${at} shader`);
  }
  if (r.kind === "bind_group") {
    lookup(r.spec.pipeline, ["render_pipeline", "compute_pipeline"], `${at} pipeline`);
    for (const e of r.spec.entries as Record<string, unknown>[]) {
      for (const k of ["buffer", "texture", "sampler"] as const) {
        if (e[k] !== undefined) lookup(e[k], [k], `${at} ${k}`);
      }
    }
  }
}

function hasUsage(r: GpuResource, u: string): boolean {
  return (r.spec.usage as string[]).includes(u);
}

function checkPass(op: string, spec: unknown, at: string, lookup: Lookup): void {
  const s = rec(spec, `${at} spec`);
  const groups = (v: unknown, where: string) => {
    if (v === undefined) return;
    if (!Array.isArray(v) || v.length > 4) fail(where, "expected at most 4 bind group ids");
    v.forEach((g, k) => lookup(g, ["bind_group"], `${where}[${k}]`));
  };
  if (op === "compute") {
    lookup(s.pipeline, ["compute_pipeline"], `${at} pipeline`);
    groups(s.bind_groups, `${at} bind_groups`);
    const wg = s.workgroups;
    if (!Array.isArray(wg) || wg.length < 1 || wg.length > 3) {
      fail(`${at} workgroups`, "expected [x, y?, z?]");
    }
    wg.forEach((n, k) => uint(n, `${at} workgroups[${k}]`, 65535));
    return;
  }
  if (s.clear !== undefined) {
    const c = s.clear;
    if (
      !Array.isArray(c) || c.length !== 4 ||
      !c.every((x) => typeof x === "number" && x >= 0 && x <= 1)
    ) {
      fail(`${at} clear`, "expected [r, g, b, a] in 0..1");
    }
  }
  const draws = s.draws ?? [];
  if (!Array.isArray(draws) || draws.length > WEBGPU_LIMITS.draws) {
    fail(`${at} draws`, `expected at most ${WEBGPU_LIMITS.draws} draws`);
  }
  draws.forEach((d, j) => {
    const w = `${at} draws[${j}]`;
    const dr = rec(d, w);
    lookup(dr.pipeline, ["render_pipeline"], `${w}.pipeline`);
    groups(dr.bind_groups, `${w}.bind_groups`);
    const vbs = dr.vertex_buffers ?? [];
    if (!Array.isArray(vbs) || vbs.length > 8) {
      fail(`${w}.vertex_buffers`, "expected at most 8 buffer ids");
    }
    vbs.forEach((b, k) => {
      const r = lookup(b, ["buffer"], `${w}.vertex_buffers[${k}]`);
      if (!hasUsage(r, "vertex")) fail(`${w}.vertex_buffers[${k}]`, `${r.id} needs usage vertex`);
    });
    if (dr.index_buffer !== undefined) {
      const r = lookup(dr.index_buffer, ["buffer"], `${w}.index_buffer`);
      if (!hasUsage(r, "index")) fail(`${w}.index_buffer`, `${r.id} needs usage index`);
      optional(dr.index_format, (v) => oneOf(v, ["uint16", "uint32"], `${w}.index_format`));
    }
    uint(dr.count, `${w}.count`);
    optional(dr.instances, (v) => uint(v, `${w}.instances`));
    optional(dr.first, (v) => uint(v, `${w}.first`));
  });
}

/**
 * The commands that rebuild `state` in a fresh viewer: resources in creation
 * order (buffers with their current data), then the frame; split into
 * several command lists when the data is large, each under `maxBytes`.
 */
export function gpuSnapshot(state: GpuState, maxBytes = 8 * 1024 * 1024): CanvasCommand[][] {
  const out: CanvasCommand[][] = [];
  let cur: CanvasCommand[] = [];
  let size = 0;
  const push = (c: CanvasCommand, n: number) => {
    if (cur.length > 0 && size + n > maxBytes) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(c);
    size += n;
  };
  for (const r of state.resources.values()) {
    if (r.kind === "shader") push(["shader", r.id, r.spec.code], (r.spec.code as string).length);
    else if (r.kind === "buffer" || r.kind === "texture") {
      const spec = r.data ? { ...r.spec, data: r.data } : r.spec;
      push([r.kind, r.id, spec], r.data?.length ?? 0);
    } else push([r.kind, r.id, r.spec], 0);
  }
  for (const p of state.frame) push(p, 0);
  if (cur.length > 0) out.push(cur);
  return out;
}
