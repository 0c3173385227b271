/**
 * Canvas helpers for apps: {@linkcode Vector2d}, a builder for vector2d
 * display lists (the Canvas 2D calls in camelCase, checked against the op
 * table as they are added); {@linkcode GpuCanvas}, which sends WebGPU
 * resources and frames; and {@linkcode watchCanvasMode}, which picks
 * `webgpu` or `vector2d` from the viewer's ENV and picks again when it
 * changes (a tab with a GPU opened), so a fallback takes a few lines.
 *
 * @module
 */
import { checkCommand } from "../media/vector2d.ts";
import type { ImageSource } from "../media/image.ts";
import type { CanvasCommand, EnvMessage } from "../protocol/messages/types.ts";
import type { SlotRef } from "../protocol/slot_ref.ts";
import type { Connection } from "./connection.ts";
import { idOf, type NodeRef } from "./vnode.ts";

/** A fill or stroke style: CSS color text, a slot reference, or a gradient. */
export type CanvasStyle =
  | string
  | SlotRef
  | { linear: [number, number, number, number]; stops: [number, string | SlotRef][] }
  | {
    radial: [number, number, number, number, number, number];
    stops: [number, string | SlotRef][];
  };

/**
 * A vector2d display list under construction. Every call checks its
 * arguments against the shared op table and throws `TypeError` at the call
 * site when they are wrong.
 *
 * @example
 * ```ts
 * import { Vector2d } from "./canvas.ts";
 * const d = new Vector2d().fillStyle("#336").fillRect(0, 0, 100, 50)
 *   .beginPath().arc(50, 25, 20, 0, Math.PI * 2).strokeStyle("white").stroke();
 * if (d.commands.length !== 6 || d.commands[0][0] !== "set_fill") throw new Error();
 * ```
 */
export class Vector2d {
  /** The commands so far. */
  readonly commands: CanvasCommand[] = [];

  #op(...cmd: CanvasCommand): this {
    const checked = checkCommand(cmd);
    if (typeof checked === "string") throw new TypeError(`vector2d ${checked}`);
    this.commands.push(cmd);
    return this;
  }

  save(): this {
    return this.#op("save");
  }
  restore(): this {
    return this.#op("restore");
  }
  /** Clears the whole canvas (transparent). */
  clear(): this {
    return this.#op("clear");
  }
  translate(x: number, y: number): this {
    return this.#op("translate", x, y);
  }
  rotate(angle: number): this {
    return this.#op("rotate", angle);
  }
  scale(x: number, y: number): this {
    return this.#op("scale", x, y);
  }
  transform(a: number, b: number, c: number, d: number, e: number, f: number): this {
    return this.#op("transform", a, b, c, d, e, f);
  }
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): this {
    return this.#op("set_transform", a, b, c, d, e, f);
  }
  resetTransform(): this {
    return this.#op("reset_transform");
  }
  fillStyle(style: CanvasStyle): this {
    return this.#op("set_fill", style);
  }
  strokeStyle(style: CanvasStyle): this {
    return this.#op("set_stroke", style);
  }
  lineWidth(width: number): this {
    return this.#op("set_line_width", width);
  }
  lineCap(cap: "butt" | "round" | "square"): this {
    return this.#op("set_line_cap", cap);
  }
  lineJoin(join: "round" | "bevel" | "miter"): this {
    return this.#op("set_line_join", join);
  }
  miterLimit(limit: number): this {
    return this.#op("set_miter_limit", limit);
  }
  lineDash(segments: number[]): this {
    return this.#op("set_line_dash", segments);
  }
  lineDashOffset(offset: number): this {
    return this.#op("set_line_dash_offset", offset);
  }
  globalAlpha(alpha: number): this {
    return this.#op("set_global_alpha", alpha);
  }
  font(font: string): this {
    return this.#op("set_font", font);
  }
  textAlign(align: "start" | "end" | "left" | "right" | "center"): this {
    return this.#op("set_text_align", align);
  }
  textBaseline(
    baseline: "top" | "hanging" | "middle" | "alphabetic" | "ideographic" | "bottom",
  ): this {
    return this.#op("set_text_baseline", baseline);
  }
  beginPath(): this {
    return this.#op("begin_path");
  }
  closePath(): this {
    return this.#op("close_path");
  }
  moveTo(x: number, y: number): this {
    return this.#op("move_to", x, y);
  }
  lineTo(x: number, y: number): this {
    return this.#op("line_to", x, y);
  }
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): this {
    return this.#op("quadratic_curve_to", cx, cy, x, y);
  }
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): this {
    return this.#op("bezier_curve_to", c1x, c1y, c2x, c2y, x, y);
  }
  arc(x: number, y: number, r: number, start: number, end: number, ccw = false): this {
    return this.#op("arc", x, y, r, start, end, ccw);
  }
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): this {
    return this.#op("arc_to", x1, y1, x2, y2, r);
  }
  ellipse(
    x: number,
    y: number,
    rx: number,
    ry: number,
    rotation: number,
    start: number,
    end: number,
    ccw = false,
  ): this {
    return this.#op("ellipse", x, y, rx, ry, rotation, start, end, ccw);
  }
  rect(x: number, y: number, w: number, h: number): this {
    return this.#op("rect", x, y, w, h);
  }
  roundRect(x: number, y: number, w: number, h: number, radii: number | number[] = 0): this {
    return this.#op("round_rect", x, y, w, h, radii);
  }
  fill(rule: "nonzero" | "evenodd" = "nonzero"): this {
    return this.#op("fill", rule);
  }
  stroke(): this {
    return this.#op("stroke");
  }
  clip(rule: "nonzero" | "evenodd" = "nonzero"): this {
    return this.#op("clip", rule);
  }
  fillRect(x: number, y: number, w: number, h: number): this {
    return this.#op("fill_rect", x, y, w, h);
  }
  strokeRect(x: number, y: number, w: number, h: number): this {
    return this.#op("stroke_rect", x, y, w, h);
  }
  clearRect(x: number, y: number, w: number, h: number): this {
    return this.#op("clear_rect", x, y, w, h);
  }
  fillText(text: string, x: number, y: number, maxWidth?: number): this {
    return maxWidth === undefined
      ? this.#op("fill_text", text, x, y)
      : this.#op("fill_text", text, x, y, maxWidth);
  }
  strokeText(text: string, x: number, y: number, maxWidth?: number): this {
    return maxWidth === undefined
      ? this.#op("stroke_text", text, x, y)
      : this.#op("stroke_text", text, x, y, maxWidth);
  }
  /**
   * Blits an image: at (dx, dy) in its own size, scaled into (dx, dy, dw,
   * dh), or a source rectangle into a destination one (9 numbers, as Canvas
   * 2D). `image` is `{format: "png" | "rgba" | "jpeg" | ..., data, width?, height?}`.
   */
  drawImage(image: ImageSource, ...rect: number[]): this {
    return this.#op("draw_image", image, ...rect);
  }
}

/**
 * Sends a WebGPU canvas's resources and frames. Calls made in one tick go out
 * as one CANVAS message; the viewer validates it whole (an ERROR names the
 * command and field) and runs the frame after every message, so animating a
 * uniform is one `writeBuffer` per tick. Shapes: docs/protocol.md.
 *
 * @example
 * ```ts
 * import { connect } from "./connect.ts";
 * import { canvas } from "./components.ts";
 * import { GpuCanvas } from "./canvas.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * conn.setTree(canvas({ id: 1, width: 64, height: 64 }));
 * const gpu = new GpuCanvas(conn, 1)
 *   .shader("s", "@vertex fn vs() -> @builtin(position) vec4f { return vec4f(); }")
 *   .renderPipeline("p", { shader: "s", vertex: "vs", fragment: "fs" })
 *   .render({ clear: [0, 0, 0, 1], draws: [{ pipeline: "p", count: 3 }] });
 * await conn.flush();
 * if (conn.model.canvases.get(1)?.gpu?.resources.size !== 2) throw new Error();
 * await conn.close();
 * ```
 */
export class GpuCanvas {
  readonly target: number;
  #conn: Connection;
  #pending: CanvasCommand[] = [];

  constructor(conn: Connection, ref: NodeRef) {
    this.#conn = conn;
    this.target = idOf(ref);
  }

  #add(cmd: CanvasCommand): this {
    if (this.#pending.length === 0) queueMicrotask(() => this.flush());
    this.#pending.push(cmd);
    return this;
  }

  /** Sends what was added so far now (normally done at the end of the tick). */
  flush(): void {
    if (this.#pending.length === 0) return;
    const commands = this.#pending;
    this.#pending = [];
    this.#conn.draw(this.target, commands, "webgpu");
  }

  shader(id: string, wgsl: string): this {
    return this.#add(["shader", id, wgsl]);
  }
  /** `usage` from vertex, index, uniform, storage, indirect, copy_src, copy_dst. */
  buffer(id: string, spec: { size: number; usage: string[]; data?: Uint8Array }): this {
    return this.#add(["buffer", id, spec]);
  }
  writeBuffer(id: string, offset: number, data: Uint8Array | Float32Array | Uint32Array): this {
    const bytes = data instanceof Uint8Array
      ? data
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    return this.#add(["write_buffer", id, offset, bytes]);
  }
  texture(
    id: string,
    spec: { width: number; height: number; format: string; usage: string[]; data?: Uint8Array },
  ): this {
    return this.#add(["texture", id, spec]);
  }
  sampler(
    id: string,
    spec: { mag_filter?: string; min_filter?: string; address_mode?: string } = {},
  ): this {
    return this.#add(["sampler", id, spec]);
  }
  renderPipeline(id: string, spec: Record<string, unknown>): this {
    return this.#add(["render_pipeline", id, spec]);
  }
  computePipeline(id: string, spec: { shader: string; entry?: string }): this {
    return this.#add(["compute_pipeline", id, spec]);
  }
  bindGroup(
    id: string,
    spec: { pipeline: string; group?: number; entries: Record<string, unknown>[] },
  ): this {
    return this.#add(["bind_group", id, spec]);
  }
  destroy(id: string): this {
    return this.#add(["destroy", id]);
  }
  /** A render pass of the frame (the first pass command of a message replaces the frame). */
  render(spec: { clear?: number[]; draws: Record<string, unknown>[] }): this {
    return this.#add(["render", spec]);
  }
  /** A compute pass of the frame. */
  compute(spec: { pipeline: string; bind_groups?: string[]; workgroups: number[] }): this {
    return this.#add(["compute", spec]);
  }
}

/** The canvas mode an app should draw in with this ENV. */
export function canvasModeFor(env: EnvMessage): "webgpu" | "vector2d" {
  return env.gpu === true && env.gpu_api === "webgpu" ? "webgpu" : "vector2d";
}

/**
 * Calls `use` with the canvas mode to draw in now (`webgpu` when the viewer
 * has a GPU, else `vector2d`), and again whenever a new ENV changes it (a
 * browser tab with WebGPU opened, or the last one without it closed).
 * Returns an unsubscribe function.
 *
 * @example
 * ```ts
 * import { connect } from "./connect.ts";
 * import { watchCanvasMode } from "./canvas.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * const modes: string[] = [];
 * watchCanvasMode(conn, (mode) => modes.push(mode));
 * conn.receive({ type: "ENV", gpu: true, gpu_api: "webgpu" });
 * if (modes.join() !== "vector2d,webgpu") throw new Error(modes.join());
 * await conn.close();
 * ```
 */
export function watchCanvasMode(
  conn: Connection,
  use: (mode: "webgpu" | "vector2d") => void,
): () => void {
  let mode = canvasModeFor(conn.env);
  use(mode);
  return conn.on("env", (env) => {
    const next = canvasModeFor(env);
    if (next === mode) return;
    mode = next;
    use(mode);
  });
}
