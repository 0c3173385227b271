/// <reference lib="dom" />
/**
 * CANVAS `webgpu` on `navigator.gpu`: keeps a canvas's GPU objects in step
 * with its state (`src/media/webgpu.ts`: resources by id, each with a
 * version) and runs the frame (compute and render passes) after every
 * change. The state was validated by the shared code; what only the GPU can
 * judge (WGSL compile errors, pipeline and binding mismatches) is caught with
 * error scopes and compilation info and reported to the app as ERROR.
 *
 * The GPU draws into a texture of the canvas's size whose pixels are read
 * back and put on the page's canvas through its 2D context: a canvas keeps
 * the context it was first given, and one canvas element may switch between
 * vector2d and webgpu (an app falls back and back as tabs come and go); and
 * presenting through a WebGPU canvas context loses the device in headless
 * Chromium on SwiftShader, where the tests run.
 *
 * @module
 */
import type { GpuResource, GpuState } from "../../../src/media/webgpu.ts";

/** How a GPU view reports problems (the app gets them as ERROR). */
export type GpuReport = (code: "unsupported" | "bad_message", message: string) => void;

let devicePromise: Promise<GPUDevice | string> | undefined;

/** The page's GPU device, or why there is none. */
export function gpuDevice(): Promise<GPUDevice | string> {
  devicePromise ??= (async () => {
    if (!("gpu" in navigator) || !navigator.gpu) {
      return "this browser has no WebGPU (navigator.gpu)";
    }
    const adapter = await navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter) return "WebGPU has no adapter here (no GPU, or it is disabled)";
    try {
      const device = await adapter.requestDevice();
      device.lost.then(() => devicePromise = undefined);
      return device;
    } catch (err) {
      return `WebGPU device request failed: ${(err as Error).message}`;
    }
  })();
  return devicePromise;
}

// GPUBufferUsage and GPUTextureUsage values (WebGPU spec), spelled out: a page
// without WebGPU has no such globals, and this module loads there too.
const BUFFER_FLAGS: Record<string, number> = {
  copy_src: 0x4,
  copy_dst: 0x8,
  index: 0x10,
  vertex: 0x20,
  uniform: 0x40,
  storage: 0x80,
  indirect: 0x100,
};
const TEXTURE_FLAGS: Record<string, number> = {
  copy_src: 0x1,
  copy_dst: 0x2,
  texture_binding: 0x4,
  storage_binding: 0x8,
  render_attachment: 0x10,
};
const BYTES_PER_PIXEL: Record<string, number> = {
  "r8unorm": 1,
  "rg8unorm": 2,
  "rgba8unorm": 4,
  "rgba8unorm-srgb": 4,
  "bgra8unorm": 4,
  "r32float": 4,
  "rgba16float": 8,
  "rgba32float": 16,
};

interface Made {
  spec: unknown;
  /** Creation counter: dependents are rebuilt when a dependency was made again. */
  made: number;
  deps: string;
  version: number;
  obj:
    | GPUShaderModule
    | GPUBuffer
    | GPUTexture
    | GPUSampler
    | GPURenderPipeline
    | GPUComputePipeline
    | GPUBindGroup;
}

const ORDER = [
  "shader",
  "buffer",
  "texture",
  "sampler",
  "render_pipeline",
  "compute_pipeline",
  "bind_group",
];
let counter = 0;

/** Counters for tests: frames run and errors reported. */
export interface GpuStats {
  frames: number;
  errors: number;
}

/**
 * One webgpu canvas.
 *
 * @example
 * ```ts ignore
 * import { GpuView } from "./webgpu.ts";
 * const view = new GpuView(canvasElement, (code, message) => console.warn(code, message));
 * view.update(drawing.gpu!);
 * ```
 */
export class GpuView {
  readonly canvas: HTMLCanvasElement;
  readonly stats: GpuStats = { frames: 0, errors: 0 };
  #report: GpuReport;
  #objects = new Map<string, Made>();
  #device: GPUDevice | null = null;
  #format: GPUTextureFormat = "rgba8unorm";
  #target: GPUTexture | null = null;
  #readback: GPUBuffer | null = null;
  #depth: GPUTexture | null = null;
  #state: GpuState | null = null;
  #running = false;
  #again = false;
  #disposed = false;

  constructor(canvas: HTMLCanvasElement, report: GpuReport) {
    this.canvas = canvas;
    this.#report = report;
  }

  /** Shows `state` (its resources synced, its frame run); coalesces bursts. */
  update(state: GpuState): void {
    this.#state = state;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#run();
  }

  async #run(): Promise<void> {
    try {
      do {
        this.#again = false;
        const state = this.#state;
        if (!state || this.#disposed) break;
        const device = await this.#ensureDevice();
        if (!device) break;
        await this.#frame(device, state);
      } while (this.#again && !this.#disposed);
    } finally {
      this.#running = false;
    }
  }

  async #ensureDevice(): Promise<GPUDevice | null> {
    if (this.#device) return this.#device;
    const d = await gpuDevice();
    if (typeof d === "string") {
      this.#report("unsupported", `canvas mode "webgpu": ${d}`);
      return null;
    }
    this.#device = d;
    d.lost.then((info) => {
      if (this.#disposed) return;
      this.#device = null;
      this.#objects.clear();
      this.#target = this.#readback = this.#depth = null;
      this.#report("unsupported", `the GPU device was lost: ${info.message}`);
    });
    return d;
  }

  async #frame(device: GPUDevice, state: GpuState): Promise<void> {
    device.pushErrorScope("validation");
    device.pushErrorScope("out-of-memory");
    const compile: Promise<void>[] = [];
    this.#sync(device, state, compile);
    let ran = false;
    try {
      ran = this.#passes(device, state);
    } catch (err) {
      this.#fail(`the frame could not run: ${(err as Error).message}`);
    }
    const oom = await device.popErrorScope();
    const invalid = await device.popErrorScope();
    await Promise.all(compile);
    if (oom) this.#fail(`out of GPU memory: ${oom.message}`);
    if (invalid) this.#fail(invalid.message);
    if (ran && !oom && !invalid) {
      await this.#show();
      this.stats.frames++;
    }
  }

  /** Copies the rendered picture from the GPU onto the page's canvas. */
  async #show(): Promise<void> {
    const buf = this.#readback, target = this.#target;
    if (!buf || !target) return;
    const { width, height } = target;
    const stride = Math.ceil((width * 4) / 256) * 256;
    try {
      await buf.mapAsync(0x1 /* GPUMapMode.READ */);
    } catch {
      return; // the device went away meanwhile
    }
    const src = new Uint8Array(buf.getMappedRange());
    const img = new ImageData(width, height);
    for (let y = 0; y < height; y++) {
      img.data.set(src.subarray(y * stride, y * stride + width * 4), y * width * 4);
    }
    buf.unmap();
    if (this.#disposed) return;
    this.canvas.getContext("2d")?.putImageData(img, 0, 0);
  }

  /** The render target and its readback buffer, at the canvas's size. */
  #targetFor(device: GPUDevice): GPUTexture {
    const width = Math.max(1, this.canvas.width), height = Math.max(1, this.canvas.height);
    if (!this.#target || this.#target.width !== width || this.#target.height !== height) {
      this.#target?.destroy();
      this.#readback?.destroy();
      this.#target = device.createTexture({
        size: { width, height },
        format: this.#format,
        usage: TEXTURE_FLAGS.render_attachment | TEXTURE_FLAGS.copy_src,
      });
      this.#readback = device.createBuffer({
        size: Math.ceil((width * 4) / 256) * 256 * height,
        usage: 0x1 /* MAP_READ */ | BUFFER_FLAGS.copy_dst,
      });
    }
    return this.#target;
  }

  #fail(message: string): void {
    this.stats.errors++;
    this.#report("bad_message", `CANVAS webgpu: ${message.trim().slice(0, 1000)}`);
  }

  #sync(device: GPUDevice, state: GpuState, compile: Promise<void>[]): void {
    // Gone resources are freed.
    for (const [id, m] of this.#objects) {
      if (!state.resources.has(id)) {
        this.#free(m);
        this.#objects.delete(id);
      }
    }
    const list = [...state.resources.values()].sort((a, b) =>
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind)
    );
    for (const r of list) {
      const have = this.#objects.get(r.id);
      const deps = this.#depsKey(r);
      if (have && have.spec === r.spec && have.deps === deps) {
        if (have.version !== r.version && r.data) this.#upload(device, r, have.obj);
        have.version = r.version;
        continue;
      }
      if (have) this.#free(have);
      const obj = this.#create(device, r, compile);
      if (!obj) {
        this.#objects.delete(r.id);
        continue;
      }
      this.#objects.set(r.id, { spec: r.spec, made: ++counter, deps, version: r.version, obj });
    }
  }

  #depsKey(r: GpuResource): string {
    const made = (id: unknown) => this.#objects.get(id as string)?.made ?? 0;
    const s = r.spec;
    if (r.kind === "render_pipeline" || r.kind === "compute_pipeline") {
      return String(made(s.shader));
    }
    if (r.kind === "bind_group") {
      const entries = s.entries as Record<string, unknown>[];
      return [made(s.pipeline), ...entries.map((e) => made(e.buffer ?? e.texture ?? e.sampler))]
        .join(",");
    }
    return "";
  }

  #free(m: Made): void {
    if ("destroy" in m.obj) (m.obj as GPUBuffer | GPUTexture).destroy();
  }

  #upload(device: GPUDevice, r: GpuResource, obj: Made["obj"]): void {
    if (r.kind === "buffer") {
      device.queue.writeBuffer(obj as GPUBuffer, 0, r.data! as Uint8Array<ArrayBuffer>);
    } else if (r.kind === "texture") {
      const w = r.spec.width as number, h = r.spec.height as number;
      device.queue.writeTexture(
        { texture: obj as GPUTexture },
        r.data! as Uint8Array<ArrayBuffer>,
        { bytesPerRow: w * BYTES_PER_PIXEL[r.spec.format as string] },
        { width: w, height: h },
      );
    }
  }

  #get<T>(id: unknown): T {
    return this.#objects.get(id as string)?.obj as T;
  }

  #create(device: GPUDevice, r: GpuResource, compile: Promise<void>[]): Made["obj"] | null {
    const s = r.spec;
    switch (r.kind) {
      case "shader": {
        const m = device.createShaderModule({ code: s.code as string, label: r.id });
        compile.push(
          m.getCompilationInfo().then((info) => {
            const errors = info.messages.filter((x) => x.type === "error");
            if (errors.length === 0) return;
            this.#fail(
              `shader ${r.id}: ` +
                errors.slice(0, 3).map((e) => `line ${e.lineNum}:${e.linePos} ${e.message}`).join(
                  "; ",
                ),
            );
          }).catch(() => {}),
        );
        return m;
      }
      case "buffer": {
        let usage = BUFFER_FLAGS.copy_dst;
        for (const u of s.usage as string[]) usage |= BUFFER_FLAGS[u];
        const b = device.createBuffer({ size: s.size as number, usage, label: r.id });
        if (r.data) this.#upload(device, r, b);
        return b;
      }
      case "texture": {
        let usage = TEXTURE_FLAGS.copy_dst;
        for (const u of s.usage as string[]) usage |= TEXTURE_FLAGS[u];
        const t = device.createTexture({
          size: { width: s.width as number, height: s.height as number },
          format: s.format as GPUTextureFormat,
          usage,
          label: r.id,
        });
        if (r.data) this.#upload(device, r, t);
        return t;
      }
      case "sampler":
        return device.createSampler({
          magFilter: (s.mag_filter as GPUFilterMode) ?? "linear",
          minFilter: (s.min_filter as GPUFilterMode) ?? "linear",
          addressModeU: (s.address_mode as GPUAddressMode) ?? "clamp-to-edge",
          addressModeV: (s.address_mode as GPUAddressMode) ?? "clamp-to-edge",
          label: r.id,
        });
      case "render_pipeline": {
        const module = this.#get<GPUShaderModule>(s.shader);
        if (!module) return null;
        const blend: GPUBlendState | undefined = s.blend === "alpha"
          ? {
            color: { srcFactor: "src-alpha", dstFactor: "one-minus-src-alpha" },
            alpha: { srcFactor: "one", dstFactor: "one-minus-src-alpha" },
          }
          : s.blend === "additive"
          ? {
            color: { srcFactor: "one", dstFactor: "one" },
            alpha: { srcFactor: "one", dstFactor: "one" },
          }
          : undefined;
        const buffers = ((s.buffers ?? []) as Record<string, unknown>[]).map((b) => ({
          arrayStride: b.stride as number,
          stepMode: (b.step as GPUVertexStepMode) ?? "vertex",
          attributes: (b.attributes as Record<string, unknown>[]).map((a) => ({
            shaderLocation: a.location as number,
            offset: a.offset as number,
            format: a.format as GPUVertexFormat,
          })),
        }));
        return device.createRenderPipeline({
          label: r.id,
          layout: "auto",
          vertex: { module, entryPoint: (s.vertex as string) ?? "vs_main", buffers },
          fragment: {
            module,
            entryPoint: (s.fragment as string) ?? "fs_main",
            targets: [{ format: this.#format, blend }],
          },
          primitive: {
            topology: (s.topology as GPUPrimitiveTopology) ?? "triangle-list",
            cullMode: (s.cull_mode as GPUCullMode) ?? "none",
          },
          depthStencil: s.depth
            ? { format: "depth24plus", depthWriteEnabled: true, depthCompare: "less" }
            : undefined,
        });
      }
      case "compute_pipeline": {
        const module = this.#get<GPUShaderModule>(s.shader);
        if (!module) return null;
        return device.createComputePipeline({
          label: r.id,
          layout: "auto",
          compute: { module, entryPoint: (s.entry as string) ?? "main" },
        });
      }
      case "bind_group": {
        const pipeline = this.#get<GPURenderPipeline | GPUComputePipeline>(s.pipeline);
        if (!pipeline) return null;
        const entries = (s.entries as Record<string, unknown>[]).map((e) => {
          let resource: GPUBindingResource;
          if (e.buffer !== undefined) {
            const b: GPUBufferBinding = { buffer: this.#get<GPUBuffer>(e.buffer) };
            if (typeof e.offset === "number") b.offset = e.offset;
            if (typeof e.size === "number") b.size = e.size;
            resource = b;
          } else if (e.texture !== undefined) {
            resource = this.#get<GPUTexture>(e.texture).createView();
          } else resource = this.#get<GPUSampler>(e.sampler);
          return { binding: e.binding as number, resource };
        });
        return device.createBindGroup({
          label: r.id,
          layout: pipeline.getBindGroupLayout((s.group as number) ?? 0),
          entries,
        });
      }
    }
    return null;
  }

  /** Encodes and submits the frame; false when there is nothing to run. */
  #passes(device: GPUDevice, state: GpuState): boolean {
    if (state.frame.length === 0) return false;
    const enc = device.createCommandEncoder();
    let target: GPUTexture | null = null;
    let cleared = false;
    for (const [op, spec] of state.frame) {
      const s = spec as Record<string, unknown>;
      if (op === "compute") {
        const pass = enc.beginComputePass();
        pass.setPipeline(this.#get(s.pipeline));
        ((s.bind_groups ?? []) as string[]).forEach((g, i) => pass.setBindGroup(i, this.#get(g)));
        const [x, y = 1, z = 1] = s.workgroups as number[];
        pass.dispatchWorkgroups(x, y, z);
        pass.end();
        continue;
      }
      target ??= this.#targetFor(device);
      const draws = (s.draws ?? []) as Record<string, unknown>[];
      const depth = draws.some((d) =>
        state.resources.get(d.pipeline as string)?.spec.depth === true
      );
      const clear = s.clear as number[] | undefined;
      const pass = enc.beginRenderPass({
        colorAttachments: [{
          view: target.createView(),
          // The first pass clears (the current texture's content is undefined).
          loadOp: clear || !cleared ? "clear" : "load",
          clearValue: clear
            ? { r: clear[0], g: clear[1], b: clear[2], a: clear[3] }
            : { r: 0, g: 0, b: 0, a: 0 },
          storeOp: "store",
        }],
        depthStencilAttachment: depth
          ? {
            view: this.#depthTexture(device).createView(),
            depthLoadOp: "clear",
            depthClearValue: 1,
            depthStoreOp: "store",
          }
          : undefined,
      });
      cleared = true;
      for (const d of draws) {
        pass.setPipeline(this.#get(d.pipeline));
        ((d.bind_groups ?? []) as string[]).forEach((g, i) => pass.setBindGroup(i, this.#get(g)));
        ((d.vertex_buffers ?? []) as string[]).forEach((b, i) =>
          pass.setVertexBuffer(i, this.#get(b))
        );
        const instances = (d.instances as number) ?? 1, first = (d.first as number) ?? 0;
        if (d.index_buffer !== undefined) {
          pass.setIndexBuffer(
            this.#get(d.index_buffer),
            (d.index_format as GPUIndexFormat) ?? "uint16",
          );
          pass.drawIndexed(d.count as number, instances, first);
        } else pass.draw(d.count as number, instances, first);
      }
      pass.end();
    }
    if (!target) {
      device.queue.submit([enc.finish()]);
      return false; // compute only: nothing to show
    }
    enc.copyTextureToBuffer(
      { texture: target },
      { buffer: this.#readback!, bytesPerRow: Math.ceil((target.width * 4) / 256) * 256 },
      { width: target.width, height: target.height },
    );
    device.queue.submit([enc.finish()]);
    return true;
  }

  #depthTexture(device: GPUDevice): GPUTexture {
    const { width, height } = this.canvas;
    if (!this.#depth || this.#depth.width !== width || this.#depth.height !== height) {
      this.#depth?.destroy();
      this.#depth = device.createTexture({
        size: { width, height },
        format: "depth24plus",
        usage: TEXTURE_FLAGS.render_attachment,
      });
    }
    return this.#depth;
  }

  /** Frees the GPU objects. */
  dispose(): void {
    this.#disposed = true;
    for (const m of this.#objects.values()) this.#free(m);
    this.#objects.clear();
    this.#depth?.destroy();
    this.#target?.destroy();
    this.#readback?.destroy();
  }
}
