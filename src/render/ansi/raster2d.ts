/**
 * The terminal's vector2d rasterizer: runs a CANVAS display list (the op
 * table in `src/media/vector2d.ts`) into a small pixel buffer, at two pixels
 * per cell across and four down for Braille, or at a terminal's cell pixel
 * size for kitty and sixel images. Colors stay packed terminal colors (see
 * `color.ts`) so a named ANSI color stays the user's theme color; blending
 * turns them into RGB. Text is not rasterized: it is kept as anchored items
 * that the cell painter draws as characters.
 *
 * @module
 */
import { checkCommand, MAX_VECTOR2D_COMMANDS, type Vector2dOp } from "../../media/vector2d.ts";
import { drawImage } from "./_raster2d_image.ts";
import { Machine } from "./_raster2d_machine.ts";
import { IDENTITY, invert, type Matrix, multiply } from "./raster_path.ts";

export type { Raster2d, Raster2dOptions, TextItem } from "./_raster2d_machine.ts";
export { rgbOf } from "./_raster2d_paint.ts";
import type { Raster2d, Raster2dOptions } from "./_raster2d_machine.ts";

type Handler = (mc: Machine, a: unknown[]) => void;
const n = (v: unknown) => v as number;

/** The terminal's implementation of every vector2d op (typed by the table). */
const OPS: Record<Vector2dOp, Handler> = {
  save(mc) {
    if (mc.stack.length < 256) {
      mc.stack.push({ ...mc.st, m: [...mc.st.m] as Matrix, dash: [...mc.st.dash] });
    }
  },
  restore(mc) {
    const s = mc.stack.pop();
    if (s) mc.st = s;
  },
  clear(mc) {
    mc.r.alpha.fill(0);
    mc.r.texts = [];
    mc.serial++;
  },
  translate: (mc, a) => mc.st.m = multiply(mc.st.m, [1, 0, 0, 1, n(a[0]), n(a[1])]),
  rotate(mc, a) {
    const c = Math.cos(n(a[0])), s = Math.sin(n(a[0]));
    mc.st.m = multiply(mc.st.m, [c, s, -s, c, 0, 0]);
  },
  scale: (mc, a) => mc.st.m = multiply(mc.st.m, [n(a[0]), 0, 0, n(a[1]), 0, 0]),
  transform: (mc, a) => mc.st.m = multiply(mc.st.m, a as Matrix),
  set_transform: (mc, a) => mc.st.m = multiply([mc.o.scaleX, 0, 0, mc.o.scaleY, 0, 0], a as Matrix),
  reset_transform: (mc) => mc.st.m = multiply([mc.o.scaleX, 0, 0, mc.o.scaleY, 0, 0], IDENTITY),
  set_fill(mc, a) {
    const p = mc.paint(a[0]);
    if (p) mc.st.fill = p;
  },
  set_stroke(mc, a) {
    const p = mc.paint(a[0]);
    if (p) mc.st.stroke = p;
  },
  set_line_width(mc, a) {
    if (n(a[0]) > 0) mc.st.lineWidth = n(a[0]);
  },
  set_line_cap() {},
  set_line_join() {},
  set_miter_limit() {},
  set_line_dash: (mc, a) => mc.st.dash = [...(a[0] as number[])],
  set_line_dash_offset: (mc, a) => mc.st.dashOffset = n(a[0]),
  set_global_alpha(mc, a) {
    if (n(a[0]) >= 0 && n(a[0]) <= 1) mc.st.alpha = n(a[0]);
  },
  set_font() {},
  set_text_align: (mc, a) => mc.st.align = a[0] as string,
  set_text_baseline: (mc, a) => mc.st.baseline = a[0] as string,
  begin_path: (mc) => mc.path.reset(),
  close_path: (mc) => mc.path.closePath(),
  move_to: (mc, a) => mc.path.moveTo(mc.st.m, n(a[0]), n(a[1])),
  line_to: (mc, a) => mc.path.lineTo(mc.st.m, n(a[0]), n(a[1])),
  quadratic_curve_to: (mc, a) => mc.path.quadTo(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  bezier_curve_to: (mc, a) =>
    mc.path.cubicTo(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5])),
  arc: (mc, a) =>
    mc.path.ellipse(
      mc.st.m,
      n(a[0]),
      n(a[1]),
      n(a[2]),
      n(a[2]),
      0,
      n(a[3]),
      n(a[4]),
      a[5] === true,
    ),
  arc_to: (mc, a) =>
    mc.path.arcTo(mc.st.m, invert(mc.st.m), n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4])),
  ellipse: (mc, a) =>
    mc.path.ellipse(
      mc.st.m,
      n(a[0]),
      n(a[1]),
      n(a[2]),
      n(a[3]),
      n(a[4]),
      n(a[5]),
      n(a[6]),
      a[7] === true,
    ),
  rect: (mc, a) => mc.path.rect(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3])),
  round_rect: (mc, a) =>
    mc.path.roundRect(mc.st.m, n(a[0]), n(a[1]), n(a[2]), n(a[3]), a[4] as number | number[]),
  fill: (mc, a) =>
    mc.fillPolys(mc.path.subpaths.map((s) => s.pts), (a[0] as string) ?? "nonzero", mc.st.fill),
  stroke: (mc) => mc.strokePaths(mc.path.subpaths),
  clip: (mc, a) => mc.clipTo((a[0] as string) ?? "nonzero"),
  fill_rect: (mc, a) =>
    mc.fillPolys([mc.rectPoly(n(a[0]), n(a[1]), n(a[2]), n(a[3]))], "nonzero", mc.st.fill),
  stroke_rect(mc, a) {
    const p = mc.rectPoly(n(a[0]), n(a[1]), n(a[2]), n(a[3]));
    mc.strokePaths([{ pts: p, closed: true }]);
  },
  clear_rect: (mc, a) => mc.clearPolys([mc.rectPoly(n(a[0]), n(a[1]), n(a[2]), n(a[3]))]),
  fill_text: (mc, a) => mc.text(a, mc.st.fill),
  stroke_text: (mc, a) => mc.text(a, mc.st.stroke),
  draw_image: drawImage,
};

/**
 * Rasterizes a vector2d display list. Bad commands are skipped and listed in
 * `problems` (the first five); the rest is drawn.
 *
 * @example
 * ```ts
 * import { rasterize2d } from "./raster2d.ts";
 * import { TRUE } from "./color.ts";
 * import assert from "node:assert/strict";
 * const r = rasterize2d([["set_fill", "#ff0000"], ["fill_rect", 0, 0, 5, 10]], {
 *   width: 10, height: 10, scaleX: 1, scaleY: 1, color: () => undefined, defaultColor: 0,
 * });
 * assert.equal(r.color[0], (TRUE | 0xff0000));
 * assert.equal(r.alpha[0], 255);
 * assert.equal(r.alpha[9], 0);
 * ```
 */
export function rasterize2d(commands: readonly unknown[], options: Raster2dOptions): Raster2d {
  const mc = new Machine(options);
  const count = Math.min(commands.length, MAX_VECTOR2D_COMMANDS);
  if (commands.length > count) {
    mc.problem(`${commands.length - count} commands past ${MAX_VECTOR2D_COMMANDS} were not drawn`);
  }
  for (let i = 0; i < count && !mc.stopped; i++) {
    const c = checkCommand(commands[i]);
    if (typeof c === "string") {
      mc.problem(`command ${i}: ${c}`);
      continue;
    }
    OPS[c.op](mc, c.args);
  }
  return mc.r;
}

/** The ops the terminal implements (for tests: the same set as the table). */
export const TERMINAL_VECTOR2D_OPS: readonly string[] = Object.keys(OPS);
