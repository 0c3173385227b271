/// <reference lib="dom" />
/**
 * Runs CANVAS `vector2d` display lists on an HTML canvas. The ops, their
 * arguments and their checks come from the shared table
 * (`src/media/vector2d.ts`), which the terminal rasterizer implements too; a
 * bad command is skipped and reported instead of throwing mid-drawing.
 * Images for `draw_image` are decoded ahead of the (synchronous) drawing by
 * {@linkcode loadImages}, and kept by content so an animation that blits the
 * same picture every frame decodes it once.
 *
 * @module
 */
import { bytesKey, IMAGE_MIME, type ImageSource } from "../../../src/media/image.ts";
import {
  checkCommand,
  MAX_VECTOR2D_COMMANDS,
  type Vector2dOp,
} from "../../../src/media/vector2d.ts";
import type { CanvasCommand } from "../../../src/protocol/messages/types.ts";
import { SlotRef } from "../../../src/protocol/slot_ref.ts";

type Ctx = CanvasRenderingContext2D;

/** What ops need besides the context. */
interface Env {
  dpr: number;
  color(v: unknown): string | undefined;
  image(src: ImageSource): ImageBitmap | undefined;
  problem(text: string): void;
}

type Op = (ctx: Ctx, a: unknown[], env: Env) => void;
const n = (v: unknown) => v as number;

function style(ctx: Ctx, v: unknown, env: Env): string | CanvasGradient | undefined {
  if (typeof v === "string" || v instanceof SlotRef) return env.color(v);
  const g = v as { linear?: number[]; radial?: number[]; stops: [number, unknown][] };
  const grad = g.linear
    ? ctx.createLinearGradient(g.linear[0], g.linear[1], g.linear[2], g.linear[3])
    : ctx.createRadialGradient(
      g.radial![0],
      g.radial![1],
      g.radial![2],
      g.radial![3],
      g.radial![4],
      g.radial![5],
    );
  for (const [t, c] of g.stops) {
    const color = env.color(c);
    if (color === undefined) continue;
    try {
      grad.addColorStop(t, color);
    } catch {
      env.problem(`gradient stop color ${JSON.stringify(color)} is not a CSS color`);
    }
  }
  return grad;
}

/** The browser's implementation of every vector2d op (typed by the table). */
const OPS: Record<Vector2dOp, Op> = {
  save: (c) => c.save(),
  restore: (c) => c.restore(),
  clear(c) {
    c.save();
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, c.canvas.width, c.canvas.height);
    c.restore();
  },
  translate: (c, a) => c.translate(n(a[0]), n(a[1])),
  rotate: (c, a) => c.rotate(n(a[0])),
  scale: (c, a) => c.scale(n(a[0]), n(a[1])),
  transform: (c, a) => c.transform(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5])),
  set_transform(c, a, env) {
    const d = env.dpr;
    c.setTransform(d * n(a[0]), d * n(a[1]), d * n(a[2]), d * n(a[3]), d * n(a[4]), d * n(a[5]));
  },
  reset_transform: (c, _a, env) => c.setTransform(env.dpr, 0, 0, env.dpr, 0, 0),
  set_fill(c, a, env) {
    const s = style(c, a[0], env);
    if (s !== undefined) c.fillStyle = s;
  },
  set_stroke(c, a, env) {
    const s = style(c, a[0], env);
    if (s !== undefined) c.strokeStyle = s;
  },
  set_line_width: (c, a) => c.lineWidth = n(a[0]),
  set_line_cap: (c, a) => c.lineCap = a[0] as CanvasLineCap,
  set_line_join: (c, a) => c.lineJoin = a[0] as CanvasLineJoin,
  set_miter_limit: (c, a) => c.miterLimit = n(a[0]),
  set_line_dash: (c, a) => c.setLineDash(a[0] as number[]),
  set_line_dash_offset: (c, a) => c.lineDashOffset = n(a[0]),
  set_global_alpha: (c, a) => c.globalAlpha = n(a[0]),
  set_font: (c, a) => c.font = a[0] as string,
  set_text_align: (c, a) => c.textAlign = a[0] as CanvasTextAlign,
  set_text_baseline: (c, a) => c.textBaseline = a[0] as CanvasTextBaseline,
  begin_path: (c) => c.beginPath(),
  close_path: (c) => c.closePath(),
  move_to: (c, a) => c.moveTo(n(a[0]), n(a[1])),
  line_to: (c, a) => c.lineTo(n(a[0]), n(a[1])),
  quadratic_curve_to: (c, a) => c.quadraticCurveTo(n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  bezier_curve_to: (c, a) => c.bezierCurveTo(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5])),
  arc: (c, a) => c.arc(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), a[5] === true),
  arc_to: (c, a) => c.arcTo(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4])),
  ellipse: (c, a) =>
    c.ellipse(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5]), n(a[6]), a[7] === true),
  rect: (c, a) => c.rect(n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  round_rect: (c, a) =>
    c.roundRect(n(a[0]), n(a[1]), n(a[2]), n(a[3]), a[4] as number | number[] | undefined),
  fill: (c, a) => c.fill((a[0] as CanvasFillRule | undefined) ?? "nonzero"),
  stroke: (c) => c.stroke(),
  clip: (c, a) => c.clip((a[0] as CanvasFillRule | undefined) ?? "nonzero"),
  fill_rect: (c, a) => c.fillRect(n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  stroke_rect: (c, a) => c.strokeRect(n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  clear_rect: (c, a) => c.clearRect(n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  fill_text: (c, a) => c.fillText(a[0] as string, n(a[1]), n(a[2]), a[3] as number | undefined),
  stroke_text: (c, a) => c.strokeText(a[0] as string, n(a[1]), n(a[2]), a[3] as number | undefined),
  draw_image(c, a, env) {
    const img = env.image(a[0] as ImageSource);
    if (!img) {
      return env.problem(
        `draw_image: the ${(a[0] as ImageSource).format} image could not be decoded`,
      );
    }
    const v = a.slice(1) as number[];
    if (v.length === 2) c.drawImage(img, v[0], v[1]);
    else if (v.length === 4) c.drawImage(img, v[0], v[1], v[2], v[3]);
    else c.drawImage(img, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
  },
};

/** The ops this canvas implements (for tests: the same set as the table). */
export const BROWSER_VECTOR2D_OPS: readonly string[] = Object.keys(OPS);

// Decoded images by content, most recently used last.
const bitmaps = new Map<string, ImageBitmap | null>();
const BITMAPS = 64;

function keyOf(src: ImageSource): string {
  return bytesKey(src.data, `${src.format}:${src.width ?? ""}x${src.height ?? ""}:`);
}

function imageSources(commands: readonly CanvasCommand[]): ImageSource[] {
  const out: ImageSource[] = [];
  for (const c of commands) {
    if (c[0] === "draw_image" && c[1] && typeof c[1] === "object") out.push(c[1] as ImageSource);
  }
  return out;
}

/**
 * Decodes the images a display list blits that are not decoded yet. Resolves
 * true when there were some (the caller draws again), false when none were
 * missing.
 */
export async function loadImages(commands: readonly CanvasCommand[]): Promise<boolean> {
  const missing = imageSources(commands).filter((s) => !bitmaps.has(keyOf(s)));
  if (missing.length === 0) return false;
  await Promise.all(missing.map(async (src) => {
    const key = keyOf(src);
    let bmp: ImageBitmap | null = null;
    try {
      if (src.format === "rgba") {
        const data = new Uint8ClampedArray(src.data.buffer, src.data.byteOffset, src.data.length);
        bmp = await createImageBitmap(new ImageData(data.slice(), src.width!, src.height!));
      } else {
        const type = IMAGE_MIME[src.format] ?? "image/png";
        bmp = await createImageBitmap(new Blob([src.data as BlobPart], { type }));
      }
    } catch {
      bmp = null; // reported when drawn
    }
    bitmaps.set(key, bmp);
    while (bitmaps.size > BITMAPS) {
      const [k, old] = bitmaps.entries().next().value!;
      old?.close();
      bitmaps.delete(k);
    }
  }));
  return true;
}

/** True when every image the display list blits is decoded (or failed). */
export function imagesReady(commands: readonly CanvasCommand[]): boolean {
  return imageSources(commands).every((s) => bitmaps.has(keyOf(s)));
}

/**
 * Clears the canvas and runs `commands` on it, in CSS pixels (the context is
 * pre-scaled by `dpr`). Returns the problems found (bad ops or arguments,
 * undecodable images); the rest of the drawing is still done.
 *
 * @example
 * ```ts ignore
 * import { drawVector2d } from "./canvas2d.ts";
 * const problems = drawVector2d(canvas, [["set_fill", "#f00"], ["fill_rect", 0, 0, 10, 10]], 1, () => undefined);
 * if (problems.length) throw new Error(problems.join());
 * ```
 */
export function drawVector2d(
  canvas: HTMLCanvasElement,
  commands: readonly CanvasCommand[],
  dpr: number,
  resolveSlot: (slot: number) => string | undefined,
): string[] {
  const ctx = canvas.getContext("2d");
  if (!ctx) return ["no 2d context"];
  ctx.reset?.();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#000";
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 1;
  ctx.globalAlpha = 1;
  const problems: string[] = [];
  const env: Env = {
    dpr,
    color: (v) =>
      v instanceof SlotRef ? resolveSlot(v.slot) : typeof v === "string" ? v : undefined,
    image: (src) => {
      const key = keyOf(src);
      const bmp = bitmaps.get(key);
      if (bmp) {
        bitmaps.delete(key);
        bitmaps.set(key, bmp);
      }
      return bmp ?? undefined;
    },
    problem: (text) => {
      if (problems.length < 5) problems.push(text);
    },
  };
  // Unbalanced save() calls must not leak state into the next drawing.
  let depth = 0;
  const count = Math.min(commands.length, MAX_VECTOR2D_COMMANDS);
  if (commands.length > count) {
    env.problem(`${commands.length - count} commands past ${count} were not drawn`);
  }
  for (let i = 0; i < count; i++) {
    const c = checkCommand(commands[i]);
    if (typeof c === "string") {
      env.problem(`command ${i}: ${c}`);
      continue;
    }
    if (c.op === "restore") {
      if (depth === 0) continue;
      depth--;
    } else if (c.op === "save") {
      if (depth >= 256) continue;
      depth++;
    }
    try {
      OPS[c.op](ctx, c.args, env);
    } catch (err) {
      env.problem(`command ${i}: ${c.op}: ${(err as Error).message}`);
    }
  }
  while (depth-- > 0) ctx.restore();
  return problems;
}
