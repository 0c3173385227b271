/**
 * Box border character sets.
 *
 * @module
 */

/** Characters of a border: corners (top-left, top-right, bottom-right, bottom-left), edges. */
export interface BorderChars {
  tl: string;
  tr: string;
  br: string;
  bl: string;
  h: string;
  v: string;
}

const SETS: Record<string, BorderChars> = {
  single: { tl: "┌", tr: "┐", br: "┘", bl: "└", h: "─", v: "│" },
  round: { tl: "╭", tr: "╮", br: "╯", bl: "╰", h: "─", v: "│" },
  double: { tl: "╔", tr: "╗", br: "╝", bl: "╚", h: "═", v: "║" },
  bold: { tl: "┏", tr: "┓", br: "┛", bl: "┗", h: "━", v: "┃" },
  dashed: { tl: "┌", tr: "┐", br: "┘", bl: "└", h: "╌", v: "╎" },
  ascii: { tl: "+", tr: "+", br: "+", bl: "+", h: "-", v: "|" },
};
const ALIASES: Record<string, string> = {
  rounded: "round",
  heavy: "bold",
  thick: "bold",
  solid: "single",
  classic: "ascii",
};

/**
 * The border a node asks for with its `border` prop: `true`, a style name
 * (`single`, `round`, `double`, `bold`, `dashed`, `ascii`), a number > 0
 * (single), or `{style, color}`. Also `border_style`. `null` for none.
 *
 * @example
 * ```ts
 * import { borderOf } from "./border.ts";
 * import assert from "node:assert/strict";
 * assert.equal(borderOf({ border: "round" })?.tl, "╭");
 * assert.equal(borderOf({}), null);
 * ```
 */
export function borderOf(props: Record<string, unknown>): BorderChars | null {
  let v = props.border;
  if (v && typeof v === "object" && !Array.isArray(v)) v = (v as { style?: unknown }).style ?? true;
  if (typeof props.border_style === "string" && v !== false && v !== "none" && v !== 0) {
    v = v === undefined ? props.border_style : (v === true ? props.border_style : v);
  }
  if (v === true || (typeof v === "number" && v > 0)) return SETS.single;
  if (typeof v !== "string") return null;
  const name = v.trim().toLowerCase();
  if (name === "none" || name === "") return null;
  return SETS[ALIASES[name] ?? name] ?? SETS.single;
}

/** The border color value a node asks for (`border: {color}` or `border_color`). */
export function borderColorOf(props: Record<string, unknown>): unknown {
  const b = props.border;
  if (b && typeof b === "object" && !Array.isArray(b) && "color" in b) {
    return (b as { color: unknown }).color;
  }
  return props.border_color;
}
