/// <reference lib="dom" />
/**
 * Runs CANVAS `vector2d` display lists on an HTML canvas. Ops are the Canvas
 * 2D calls in snake_case (decisions.md); each op checks its arguments, so a
 * bad command is skipped and reported instead of throwing mid-drawing.
 *
 * @module
 */
import type { CanvasCommand } from "../../../src/protocol/messages/types.ts";
import { SlotRef } from "../../../src/protocol/slot_ref.ts";

type Ctx = CanvasRenderingContext2D;
type Op = (ctx: Ctx, a: unknown[], color: (v: unknown) => string | undefined) => boolean;

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const nums = (a: unknown[], n: number): boolean => {
  if (a.length < n) return false;
  for (let i = 0; i < n; i++) if (!num(a[i])) return false;
  return true;
};
const str = (v: unknown): v is string => typeof v === "string" && v.length <= 1000;

/** `ops[name](ctx, args)` for `n` numeric args, calling `fn`. */
function numeric(n: number, fn: (ctx: Ctx, a: number[]) => void): Op {
  return (ctx, a) => nums(a, n) ? (fn(ctx, a as number[]), true) : false;
}

const OPS: Record<string, Op> = {
  save: (ctx) => (ctx.save(), true),
  restore: (ctx) => (ctx.restore(), true),
  begin_path: (ctx) => (ctx.beginPath(), true),
  close_path: (ctx) => (ctx.closePath(), true),
  fill: (ctx) => (ctx.fill(), true),
  stroke: (ctx) => (ctx.stroke(), true),
  clip: (ctx) => (ctx.clip(), true),
  move_to: numeric(2, (c, a) => c.moveTo(a[0], a[1])),
  line_to: numeric(2, (c, a) => c.lineTo(a[0], a[1])),
  rect: numeric(4, (c, a) => c.rect(a[0], a[1], a[2], a[3])),
  fill_rect: numeric(4, (c, a) => c.fillRect(a[0], a[1], a[2], a[3])),
  stroke_rect: numeric(4, (c, a) => c.strokeRect(a[0], a[1], a[2], a[3])),
  clear_rect: numeric(4, (c, a) => c.clearRect(a[0], a[1], a[2], a[3])),
  arc: (ctx, a) => {
    if (!nums(a, 5) || (a[2] as number) < 0) return false;
    ctx.arc(
      a[0] as number,
      a[1] as number,
      a[2] as number,
      a[3] as number,
      a[4] as number,
      a[5] === true,
    );
    return true;
  },
  arc_to: numeric(5, (c, a) => c.arcTo(a[0], a[1], a[2], a[3], Math.max(0, a[4]))),
  ellipse: (ctx, a) => {
    if (!nums(a, 7) || (a[2] as number) < 0 || (a[3] as number) < 0) return false;
    const n = a as number[];
    ctx.ellipse(n[0], n[1], n[2], n[3], n[4], n[5], n[6], a[7] === true);
    return true;
  },
  quadratic_curve_to: numeric(4, (c, a) => c.quadraticCurveTo(a[0], a[1], a[2], a[3])),
  bezier_curve_to: numeric(6, (c, a) => c.bezierCurveTo(a[0], a[1], a[2], a[3], a[4], a[5])),
  translate: numeric(2, (c, a) => c.translate(a[0], a[1])),
  rotate: numeric(1, (c, a) => c.rotate(a[0])),
  scale: numeric(2, (c, a) => c.scale(a[0], a[1])),
  set_line_width: numeric(1, (c, a) => c.lineWidth = a[0]),
  set_global_alpha: numeric(1, (c, a) => c.globalAlpha = a[0]),
  set_fill: (ctx, a, color) => {
    const c = color(a[0]);
    return c !== undefined && (ctx.fillStyle = c, true);
  },
  set_stroke: (ctx, a, color) => {
    const c = color(a[0]);
    return c !== undefined && (ctx.strokeStyle = c, true);
  },
  set_font: (ctx, a) => str(a[0]) && (ctx.font = a[0], true),
  set_text_align: (ctx, a) => str(a[0]) && (ctx.textAlign = a[0] as CanvasTextAlign, true),
  set_text_baseline: (ctx, a) => str(a[0]) && (ctx.textBaseline = a[0] as CanvasTextBaseline, true),
  set_line_cap: (ctx, a) => str(a[0]) && (ctx.lineCap = a[0] as CanvasLineCap, true),
  set_line_join: (ctx, a) => str(a[0]) && (ctx.lineJoin = a[0] as CanvasLineJoin, true),
  set_line_dash: (ctx, a) => {
    const d = a[0];
    if (!Array.isArray(d) || d.length > 64 || !d.every(num)) return false;
    ctx.setLineDash(d as number[]);
    return true;
  },
  fill_text: (ctx, a) => {
    if (!str(a[0]) || !nums(a.slice(1), 2)) return false;
    ctx.fillText(a[0], a[1] as number, a[2] as number, num(a[3]) ? a[3] : undefined);
    return true;
  },
  stroke_text: (ctx, a) => {
    if (!str(a[0]) || !nums(a.slice(1), 2)) return false;
    ctx.strokeText(a[0], a[1] as number, a[2] as number, num(a[3]) ? a[3] : undefined);
    return true;
  },
};

/** The ops this canvas understands. */
export const VECTOR2D_OPS: ReadonlySet<string> = new Set(Object.keys(OPS));

/**
 * Clears the canvas and runs `commands` on it, in CSS pixels (the context is
 * pre-scaled by `dpr`). Returns the problems found (bad ops or arguments);
 * the rest of the drawing is still done.
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
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#000";
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 1;
  ctx.globalAlpha = 1;
  const color = (v: unknown) => v instanceof SlotRef ? resolveSlot(v.slot) : str(v) ? v : undefined;
  const problems: string[] = [];
  // Unbalanced save() calls must not leak state into the next drawing.
  let depth = 0;
  for (let i = 0; i < commands.length; i++) {
    const [op, ...args] = commands[i];
    const fn = Object.hasOwn(OPS, op) ? OPS[op] : undefined;
    if (!fn) {
      if (problems.length < 5) problems.push(`command ${i}: unknown op ${JSON.stringify(op)}`);
      continue;
    }
    if (op === "restore" && depth === 0) continue;
    if (!fn(ctx, args, color)) {
      if (problems.length < 5) problems.push(`command ${i}: bad arguments for ${op}`);
      continue;
    }
    if (op === "save") depth++;
    else if (op === "restore") depth--;
  }
  while (depth-- > 0) ctx.restore();
  return problems;
}
