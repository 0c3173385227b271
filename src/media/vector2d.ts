/**
 * The vector2d op table: every CANVAS `vector2d` op, its arguments, and what a
 * terminal can show of it. The browser rasterizer (`viewer/web/client/
 * canvas2d.ts`) and the terminal rasterizer (`src/render/ansi/braille.ts`)
 * both implement exactly these ops (their handler tables are typed by
 * {@linkcode Vector2dOp}, so a missing op does not compile) and check
 * arguments with {@linkcode checkCommand}, so both accept and refuse the same
 * commands. Ops are the HTML Canvas 2D calls in snake_case (decisions.md).
 *
 * @module
 */
import { isSlotRef } from "../protocol/slot_ref.ts";
import { imageSourceProblem } from "./image.ts";

/**
 * Argument kinds: `num` a finite number, `text` a string of at most 10,000
 * characters, `bool`, `style` a color (CSS text or a slot reference) or a
 * gradient, `dash` a list of at most 64 numbers >= 0, `radii` a number or a
 * list of 1-4 numbers >= 0, `image` an image source, `rule` `"nonzero"` or
 * `"evenodd"`, or a list of allowed words. A trailing `?` makes it optional.
 */
export type ArgKind =
  | "num"
  | "num?"
  | "text"
  | "bool?"
  | "style"
  | "dash"
  | "radii?"
  | "image"
  | "rule?"
  | readonly string[];

/** How much of an op a terminal (Braille and block cells) shows. */
export type TerminalSupport = "full" | "partial" | "none";

/** One op of the table. */
export interface OpSpec {
  readonly args: readonly ArgKind[];
  /** Accepted argument counts when not "all required plus any optional". */
  readonly arity?: readonly number[];
  readonly terminal: TerminalSupport;
  /** What a terminal does instead, when not `full`. */
  readonly note?: string;
}

const CAPS = ["butt", "round", "square"] as const;
const JOINS = ["round", "bevel", "miter"] as const;
const ALIGNS = ["start", "end", "left", "right", "center"] as const;
const BASELINES = ["top", "hanging", "middle", "alphabetic", "ideographic", "bottom"] as const;
const N6 = ["num", "num", "num", "num", "num", "num"] as const;

/**
 * The op table.
 *
 * @example
 * ```ts
 * import { VECTOR2D } from "./vector2d.ts";
 * if (VECTOR2D.fill_rect.args.length !== 4) throw new Error();
 * ```
 */
export const VECTOR2D = {
  // State
  save: { args: [], terminal: "full" },
  restore: { args: [], terminal: "full" },
  clear: { args: [], terminal: "full" },
  // Transforms
  translate: { args: ["num", "num"], terminal: "full" },
  rotate: { args: ["num"], terminal: "full" },
  scale: { args: ["num", "num"], terminal: "full" },
  transform: { args: N6, terminal: "full" },
  set_transform: { args: N6, terminal: "full" },
  reset_transform: { args: [], terminal: "full" },
  // Styles
  set_fill: { args: ["style"], terminal: "full" },
  set_stroke: { args: ["style"], terminal: "full" },
  set_line_width: { args: ["num"], terminal: "full" },
  set_line_cap: {
    args: [CAPS],
    terminal: "partial",
    note: "lines are a few dots wide, so caps look alike",
  },
  set_line_join: {
    args: [JOINS],
    terminal: "partial",
    note: "joins are drawn round",
  },
  set_miter_limit: { args: ["num"], terminal: "partial", note: "joins are drawn round" },
  set_line_dash: { args: ["dash"], terminal: "full" },
  set_line_dash_offset: { args: ["num"], terminal: "full" },
  set_global_alpha: { args: ["num"], terminal: "full" },
  set_font: {
    args: ["text"],
    terminal: "partial",
    note: "a character is one cell: size, family and weight are ignored",
  },
  set_text_align: { args: [ALIGNS], terminal: "full" },
  set_text_baseline: { args: [BASELINES], terminal: "full" },
  // Paths
  begin_path: { args: [], terminal: "full" },
  close_path: { args: [], terminal: "full" },
  move_to: { args: ["num", "num"], terminal: "full" },
  line_to: { args: ["num", "num"], terminal: "full" },
  quadratic_curve_to: { args: ["num", "num", "num", "num"], terminal: "full" },
  bezier_curve_to: { args: N6, terminal: "full" },
  arc: { args: ["num", "num", "num", "num", "num", "bool?"], terminal: "full" },
  arc_to: { args: ["num", "num", "num", "num", "num"], terminal: "full" },
  ellipse: { args: [...N6, "num", "bool?"], terminal: "full" },
  rect: { args: ["num", "num", "num", "num"], terminal: "full" },
  round_rect: { args: ["num", "num", "num", "num", "radii?"], terminal: "full" },
  fill: { args: ["rule?"], terminal: "full" },
  stroke: { args: [], terminal: "full" },
  clip: { args: ["rule?"], terminal: "full" },
  // Rectangles
  fill_rect: { args: ["num", "num", "num", "num"], terminal: "full" },
  stroke_rect: { args: ["num", "num", "num", "num"], terminal: "full" },
  clear_rect: { args: ["num", "num", "num", "num"], terminal: "full" },
  // Text
  fill_text: {
    args: ["text", "num", "num", "num?"],
    terminal: "partial",
    note: "characters in the cells at the anchor (moved by the transform, never rotated); " +
      "max_width cuts the text",
  },
  stroke_text: {
    args: ["text", "num", "num", "num?"],
    terminal: "partial",
    note: "drawn like fill_text, in the stroke color",
  },
  // Images
  draw_image: {
    args: ["image", "num", "num", "num?", "num?", "num?", "num?", "num?", "num?"],
    arity: [3, 5, 9],
    terminal: "partial",
    note: "png and rgba images; jpeg, gif and webp are skipped",
  },
} as const satisfies Record<string, OpSpec>;

/** A vector2d op name. */
export type Vector2dOp = keyof typeof VECTOR2D;

/** Older spellings some apps send, read as their table names. */
export const VECTOR2D_ALIASES: Readonly<Record<string, Vector2dOp>> = {
  fill_style: "set_fill",
  stroke_style: "set_stroke",
  line_width: "set_line_width",
};

/** The op names, in table order. */
export const VECTOR2D_OPS: readonly Vector2dOp[] = Object.keys(VECTOR2D) as Vector2dOp[];

/** A command that passed {@linkcode checkCommand}. */
export interface CheckedCommand {
  op: Vector2dOp;
  args: unknown[];
}

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * What is wrong with `value` as a fill or stroke style, or `null`. A style is
 * CSS color text, a slot reference, or a gradient:
 * `{linear: [x0, y0, x1, y1], stops: [[offset, color], ..]}` or
 * `{radial: [x0, y0, r0, x1, y1, r1], stops}` (offsets 0..1, 1-64 stops).
 */
export function styleProblem(value: unknown): string | null {
  if (typeof value === "string") return value.length <= 200 ? null : "color text is too long";
  if (isSlotRef(value)) return null;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return "expected a color, a slot reference or a gradient";
  }
  const g = value as Record<string, unknown>;
  const coords = g.linear ?? g.radial;
  const n = g.linear !== undefined ? 4 : 6;
  if (!Array.isArray(coords) || coords.length !== n || !coords.every(num)) {
    return `gradient: expected linear: [x0, y0, x1, y1] or radial: [x0, y0, r0, x1, y1, r1]`;
  }
  if (g.radial !== undefined && ((coords[2] as number) < 0 || (coords[5] as number) < 0)) {
    return "gradient: radii must be >= 0";
  }
  const stops = g.stops;
  if (!Array.isArray(stops) || stops.length < 1 || stops.length > 64) {
    return "gradient stops: expected 1-64 [offset, color] pairs";
  }
  for (const s of stops) {
    if (
      !Array.isArray(s) || !num(s[0]) || s[0] < 0 || s[0] > 1 ||
      !(typeof s[1] === "string" || isSlotRef(s[1]))
    ) return "gradient stop: expected [offset 0..1, color]";
  }
  return null;
}

function argProblem(kind: ArgKind, v: unknown): string | null {
  if (Array.isArray(kind)) {
    return kind.includes(v as string)
      ? null
      : `expected one of ${kind.join(", ")}, got ${JSON.stringify(v)}`;
  }
  const optional = typeof kind === "string" && kind.endsWith("?");
  if (optional && v === undefined) return null;
  switch (kind) {
    case "num":
    case "num?":
      return num(v) ? null : `expected a finite number, got ${describe(v)}`;
    case "text":
      return typeof v === "string" && v.length <= 10_000
        ? null
        : `expected text, got ${describe(v)}`;
    case "bool?":
      return typeof v === "boolean" ? null : `expected true or false, got ${describe(v)}`;
    case "style":
      return styleProblem(v);
    case "dash":
      return Array.isArray(v) && v.length <= 64 && v.every((x) => num(x) && x >= 0)
        ? null
        : "expected a list of at most 64 numbers >= 0";
    case "radii?":
      if (num(v) && v >= 0) return null;
      return Array.isArray(v) && v.length >= 1 && v.length <= 4 &&
          v.every((x) => num(x) && x >= 0)
        ? null
        : "expected a radius >= 0 or a list of 1-4";
    case "image":
      return imageSourceProblem(v);
    case "rule?":
      return v === "nonzero" || v === "evenodd"
        ? null
        : `expected "nonzero" or "evenodd", got ${describe(v)}`;
  }
  return `unknown argument kind`;
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 40 ? s.slice(0, 40) + "…" : s;
}

/**
 * Checks one command against the table: the op (or an alias) and each
 * argument. Returns the checked command, or a problem naming the op, the
 * argument and what was expected.
 *
 * @example
 * ```ts
 * import { checkCommand } from "./vector2d.ts";
 * const ok = checkCommand(["fill_rect", 0, 0, 10, 10]);
 * if (typeof ok === "string" || ok.op !== "fill_rect") throw new Error();
 * const bad = checkCommand(["arc", 0, 0, -5, 0, 1]);
 * if (typeof bad !== "string" || !bad.includes("radius")) throw new Error(String(bad));
 * ```
 */
export function checkCommand(cmd: unknown): CheckedCommand | string {
  if (!Array.isArray(cmd) || typeof cmd[0] !== "string") return "expected [op, ...args]";
  const name = cmd[0];
  const op = (Object.hasOwn(VECTOR2D, name) ? name : VECTOR2D_ALIASES[name]) as
    | Vector2dOp
    | undefined;
  if (!op || !Object.hasOwn(VECTOR2D, op)) return `unknown op ${JSON.stringify(name)}`;
  const spec: OpSpec = VECTOR2D[op];
  const args = cmd.slice(1);
  const required = spec.args.filter((k) => !(typeof k === "string" && k.endsWith("?"))).length;
  const okCount = spec.arity
    ? spec.arity.includes(args.length)
    : args.length >= required && args.length <= spec.args.length;
  if (!okCount) {
    const want = spec.arity
      ? spec.arity.join(", ")
      : required === spec.args.length
      ? String(required)
      : `${required}-${spec.args.length}`;
    return `${op}: expected ${want} arguments, got ${args.length}`;
  }
  for (let i = 0; i < args.length; i++) {
    const problem = argProblem(spec.args[i], args[i]);
    if (problem) return `${op} argument ${i + 1}: ${problem}`;
  }
  if ((op === "arc" || op === "arc_to") && (args[op === "arc" ? 2 : 4] as number) < 0) {
    return `${op}: the radius must be >= 0`;
  }
  if (op === "ellipse" && ((args[2] as number) < 0 || (args[3] as number) < 0)) {
    return "ellipse: the radii must be >= 0";
  }
  return { op, args };
}

/** The most commands one drawing may hold (more are not drawn, and reported). */
export const MAX_VECTOR2D_COMMANDS = 100_000;
