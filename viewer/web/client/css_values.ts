/// <reference lib="dom" />
/**
 * Node props to CSS declarations. Layout lengths are in cells, as in every
 * Viewport viewer (apps are written once for terminals and browsers): a cell
 * is `1ch` wide and `1lh` tall here. Font sizes and border radii are pixels.
 * Slot references become `var(--vp-N)`, so a DEFINE re-themes live.
 *
 * @module
 */
import { SlotRef } from "../../../src/protocol/slot_ref.ts";

/** CSS property name to value. */
export type Declarations = Map<string, string>;

const ANSI: Record<string, string> = {
  black: "#000000",
  red: "#cd3131",
  green: "#0dbc79",
  yellow: "#e5e510",
  blue: "#2472c8",
  magenta: "#bc3fbc",
  cyan: "#11a8cd",
  white: "#e5e5e5",
  gray: "#767676",
  grey: "#767676",
  bright_black: "#767676",
  bright_red: "#f14c4c",
  bright_green: "#23d18b",
  bright_yellow: "#f5f543",
  bright_blue: "#3b8eea",
  bright_magenta: "#d670d6",
  bright_cyan: "#29b8db",
  bright_white: "#ffffff",
};

const JUSTIFY: Record<string, string> = {
  start: "flex-start",
  flex_start: "flex-start",
  left: "flex-start",
  top: "flex-start",
  end: "flex-end",
  flex_end: "flex-end",
  right: "flex-end",
  bottom: "flex-end",
  center: "center",
  between: "space-between",
  space_between: "space-between",
  around: "space-around",
  space_around: "space-around",
  evenly: "space-evenly",
  space_evenly: "space-evenly",
};
const ALIGN: Record<string, string> = {
  ...JUSTIFY,
  stretch: "stretch",
  baseline: "baseline",
  auto: "auto",
};
const TEXT_ALIGN: Record<string, string> = {
  left: "left",
  start: "start",
  center: "center",
  right: "right",
  end: "end",
  justify: "justify",
};

/** The CSS custom property that holds slot `n`. */
export function slotVar(n: number, suffix = ""): string {
  return `--vp-${n}${suffix}`;
}

function keyword(v: unknown): string | undefined {
  return typeof v === "string" ? v.trim().toLowerCase().replace(/-/g, "_") : undefined;
}

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** The standard theme's color roles and their slots (protocol-spec 3.1). */
const ROLES: Record<string, number> = {
  background: 0,
  foreground: 1,
  accent: 2,
  error: 3,
  border: 4,
  dim: 5,
};
const ANSI_ORDER = [
  "black",
  "red",
  "green",
  "yellow",
  "blue",
  "magenta",
  "cyan",
  "white",
  "bright_black",
  "bright_red",
  "bright_green",
  "bright_yellow",
  "bright_blue",
  "bright_magenta",
  "bright_cyan",
  "bright_white",
];

/** An xterm 256-color index as `#rrggbb`. */
function indexed(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return ANSI[ANSI_ORDER[n]];
  const hex = (c: number) => c.toString(16).padStart(2, "0");
  if (n >= 232) {
    const g = 8 + (n - 232) * 10;
    return `#${hex(g)}${hex(g)}${hex(g)}`;
  }
  const i = n - 16, level = (c: number) => (c === 0 ? 0 : 55 + c * 40);
  return `#${hex(level(Math.floor(i / 36)))}${hex(level(Math.floor(i / 6) % 6))}${
    hex(level(i % 6))
  }`;
}

/**
 * A color: a slot reference, a standard theme role (`accent`, `dim`...), an
 * ANSI color name or 256-color index, or any CSS color text.
 *
 * @example
 * ```ts
 * import { color } from "./css_values.ts";
 * if (color("accent") !== "var(--vp-2)" || color(196) !== "#ff0000") throw new Error();
 * ```
 */
export function color(v: unknown): string | undefined {
  if (v instanceof SlotRef) return `var(${slotVar(v.slot)})`;
  if (typeof v === "number") return indexed(v);
  if (typeof v !== "string" || v === "") return undefined;
  const k = keyword(v)!;
  const role = ROLES[k];
  if (role !== undefined) return `var(${slotVar(role)})`;
  return ANSI[k] ?? v;
}

/** A length in cells along `axis` (`ch` across, `lh` down), a percentage, or a slot. */
export function length(v: unknown, axis: "x" | "y"): string | undefined {
  if (v instanceof SlotRef) return `calc(var(${slotVar(v.slot)}) * 1${axis === "x" ? "ch" : "lh"})`;
  if (finite(v)) {
    return v === 0 ? "0" : `${Math.min(Math.abs(v), 100_000)}${axis === "x" ? "ch" : "lh"}`;
  }
  if (typeof v === "string" && /^\s*\d+(\.\d+)?%\s*$/.test(v)) return v.trim();
  if (v === "auto") return "auto";
  return undefined;
}

/** Pixels: font sizes, radii, line widths. */
export function pixels(v: unknown): string | undefined {
  if (v instanceof SlotRef) return `var(${slotVar(v.slot)})`;
  if (finite(v)) return `${Math.min(Math.abs(v), 10_000)}px`;
  if (typeof v === "string" && /^\s*\d+(\.\d+)?(px|em|rem|%)\s*$/.test(v)) return v.trim();
  return undefined;
}

/** Top, right, bottom, left of an edge prop (`padding`, `margin`) in cells. */
function edges(props: Record<string, unknown>, name: string): (string | undefined)[] {
  const v = props[name];
  let e: unknown[] = [undefined, undefined, undefined, undefined];
  if (Array.isArray(v)) {
    const [a, b = a, c = a, d = b] = v;
    e = [a, b, c, d];
  } else if (v !== undefined) e = [v, v, v, v];
  const x = props[`${name}_x`], y = props[`${name}_y`];
  if (x !== undefined) e[1] = e[3] = x;
  if (y !== undefined) e[0] = e[2] = y;
  const sides = ["top", "right", "bottom", "left"];
  for (let i = 0; i < 4; i++) {
    const s = props[`${name}_${sides[i]}`];
    if (s !== undefined) e[i] = s;
  }
  return e.map((val, i) => length(val, i % 2 === 0 ? "y" : "x"));
}

function setEdges(out: Declarations, props: Record<string, unknown>, name: string): void {
  const e = edges(props, name);
  const sides = ["top", "right", "bottom", "left"];
  for (let i = 0; i < 4; i++) if (e[i] !== undefined) out.set(`${name}-${sides[i]}`, e[i]!);
}

function border(out: Declarations, props: Record<string, unknown>): void {
  const b = props.border;
  if (b === undefined || b === null || b === false || b === "none") return;
  const c = color(props.border_color) ?? (b instanceof SlotRef ? color(b) : undefined) ??
    `var(${slotVar(4)}, #45475a)`;
  const kind = keyword(b);
  const style = kind === "double"
    ? "3px double"
    : kind === "dashed"
    ? "1px dashed"
    : kind === "bold" || kind === "heavy" || kind === "thick"
    ? "2px solid"
    : "1px solid";
  out.set("border", `${style} ${c}`);
  if ((kind === "rounded" || kind === "round") && props.border_radius === undefined) {
    out.set("border-radius", "0.4em");
  }
}

/**
 * Adds the declarations for `props` to `out` (later calls override earlier
 * ones, so a `style` object goes first and direct props after).
 *
 * @example
 * ```ts
 * import { declarations } from "./css_values.ts";
 * const d = new Map<string, string>();
 * declarations({ dir: "row", gap: 1, bold: true }, "box", d);
 * if (d.get("flex-direction") !== "row" || d.get("column-gap") !== "1ch") throw new Error();
 * ```
 */
export function declarations(
  props: Record<string, unknown>,
  type: string,
  out: Declarations,
  parentDir: "row" | "column" = "column",
): Declarations {
  const container = type === "box" || type === "scroll";
  if (container) {
    if (props.dir === "row" || props.dir === "column") out.set("flex-direction", props.dir);
    if (props.wrap === true || props.wrap === "wrap") out.set("flex-wrap", "wrap");
    const j = JUSTIFY[keyword(props.justify) ?? ""];
    if (j) out.set("justify-content", j);
    const a = ALIGN[keyword(props.align) ?? ""];
    if (a) out.set("align-items", a);
    const gap = props.gap;
    const rg = length(props.row_gap ?? gap, "y"), cg = length(props.column_gap ?? gap, "x");
    if (rg) out.set("row-gap", rg);
    if (cg) out.set("column-gap", cg);
  } else {
    // `align` of a text; `text_align` is read as it too.
    const ta = TEXT_ALIGN[keyword(props.align ?? props.text_align) ?? ""];
    if (ta) out.set("text-align", ta);
    if (type === "text") textWrap(out, props.wrap);
  }
  const self = ALIGN[keyword(props.align_self) ?? ""];
  if (self) out.set("align-self", self);
  if (type === "separator" && parentDir === "row") {
    // A rule between side-by-side boxes runs down, as in the terminal.
    out.set("width", "auto");
    out.set("align-self", "stretch");
    out.set("margin", "0 0.5ch");
    out.set("border-top", "none");
    out.set("border-left", `1px solid var(${slotVar(4)}, #45475a)`);
  }
  setEdges(out, props, "padding");
  setEdges(out, props, "margin");
  border(out, props);
  for (const [prop, css, axis] of SIZES) {
    const v = props[prop];
    if (v === "grow") {
      // Grow along the parent's main axis, stretch across it.
      const main = (prop === "width") === (parentDir === "row");
      if (prop === "width" || prop === "height") {
        out.set(main ? "flex-grow" : "align-self", main ? "1" : "stretch");
      }
      continue;
    }
    const l = length(v, axis);
    if (l) out.set(css, l);
  }
  if (finite(props.grow)) out.set("flex-grow", String(Math.max(0, props.grow)));
  if (finite(props.shrink)) out.set("flex-shrink", String(Math.max(0, props.shrink)));
  if (finite(props.flex) && props.flex > 0) out.set("flex", `${props.flex} 1 0`);
  if (props.position === "absolute") {
    out.set("position", "absolute");
    for (
      const [side, axis] of [["top", "y"], ["right", "x"], ["bottom", "y"], ["left", "x"]] as const
    ) {
      const l = length(props[side], axis);
      if (l) out.set(side, l);
    }
  }
  if (props.display === "none" || props.hidden === true) out.set("display", "none");
  if (props.visible === false) out.set("visibility", "hidden");
  if (props.overflow === "hidden") out.set("overflow", "hidden");
  const radius = pixels(props.border_radius ?? props.radius);
  if (radius) out.set("border-radius", radius);
  const bg = color(props.background ?? props.bg);
  if (bg) out.set("background-color", bg);
  if (props.shadow === true) out.set("box-shadow", "0 2px 8px rgb(0 0 0 / 0.35)");
  else if (typeof props.shadow === "string") out.set("box-shadow", props.shadow);
  if (finite(props.opacity)) out.set("opacity", String(Math.min(1, Math.max(0, props.opacity))));
  textStyle(out, props);
  return out;
}

/** Text size roles and their standard slots. */
const TEXT_SIZE_ROLES: Record<string, number> = { body: 80, small: 81, heading: 82 };

/** A text's `wrap`: `"wrap"` (default), or one line cut short. */
function textWrap(out: Declarations, wrap: unknown): void {
  const w = wrap === false || wrap === "none" || wrap === "nowrap" ? "truncate" : keyword(wrap);
  if (w === undefined || w === "wrap") return;
  out.set("white-space", "pre");
  out.set("overflow", "hidden");
  if (w !== "clip") out.set("text-overflow", "ellipsis");
}

const SIZES: [string, string, "x" | "y"][] = [
  ["width", "width", "x"],
  ["min_width", "min-width", "x"],
  ["max_width", "max-width", "x"],
  ["height", "height", "y"],
  ["min_height", "min-height", "y"],
  ["max_height", "max-height", "y"],
  ["basis", "flex-basis", "x"],
];

function textStyle(out: Declarations, props: Record<string, unknown>): void {
  const fg = color(props.color ?? props.fg);
  if (fg) out.set("color", fg);
  else if (props.dim === true) out.set("color", `var(${slotVar(5)}, #6c7086)`);
  if (props.bold === true || props.weight === "bold") out.set("font-weight", "700");
  else if (finite(props.weight)) out.set("font-weight", String(props.weight));
  if (props.italic === true) out.set("font-style", "italic");
  const lines: string[] = [];
  if (props.underline === true) lines.push("underline");
  if (props.strike === true || props.strikethrough === true) lines.push("line-through");
  if (lines.length) out.set("text-decoration-line", lines.join(" "));
  else if (typeof props.decoration === "string") out.set("text-decoration", props.decoration);
  const sizeValue = props.size ?? props.text_size ?? props.font_size;
  const role = typeof sizeValue === "string" ? TEXT_SIZE_ROLES[sizeValue] : undefined;
  const size = role !== undefined ? `var(${slotVar(role)})` : pixels(sizeValue);
  if (size) out.set("font-size", size);
  const family = props.font ?? props.family ?? props.font_family;
  if (typeof family === "string") out.set("font-family", family);
  else if (props.mono === true) out.set("font-family", "ui-monospace, monospace");
}
