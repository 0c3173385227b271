/**
 * Node styles: slot references resolved (style, color and text_size slots,
 * color roles), merged with the node's own props, and turned into pens.
 * Standard slots the session has not defined fall back to the standard theme.
 *
 * @module
 */
import { STANDARD_SLOTS } from "../../model/standard_slots.ts";
import type { ViewportModel } from "../../model/viewport_model.ts";
import type { SlotValue } from "../../protocol/messages/types.ts";
import { isSlotRef } from "../../protocol/slot_ref.ts";
import { BOLD, DIM, INVERSE, ITALIC, STRIKE, UNDERLINE } from "./cells.ts";
import { type ColorDepth, parseColor, reduceColor } from "./color.ts";

/** Colors and attributes to draw with. `bg` -1: keep the background underneath. */
export interface Pen {
  fg: number;
  bg: number;
  attrs: number;
}

/** The pen of the terminal's defaults. */
export const DEFAULT_PEN: Readonly<Pen> = Object.freeze({ fg: 0, bg: -1, attrs: 0 });

// Props a style map may carry (flat on the node, they win over the map).
// Every prop `Styles.pen` reads: a node with none of them takes its parent's
// colors and attributes as they are.
export const PEN_PROPS: ReadonlySet<string> = new Set([
  "color",
  "fg",
  "background",
  "bg",
  "bold",
  "dim",
  "italic",
  "underline",
  "inverse",
  "strikethrough",
  "strike",
  "weight",
  "font_weight",
  "font_style",
  "decoration",
  "text_decoration",
  "text_size",
  "size",
  "opacity",
]);

function hasPenProps(props: Record<string, unknown>): boolean {
  for (const k in props) if (PEN_PROPS.has(k)) return true;
  return false;
}

const ATTR_PROPS: ReadonlyArray<[string, number]> = [
  ["bold", BOLD],
  ["dim", DIM],
  ["italic", ITALIC],
  ["underline", UNDERLINE],
  ["inverse", INVERSE],
  ["strikethrough", STRIKE],
  ["strike", STRIKE],
];

/**
 * Resolves styles against a model's slots for one color depth. Call
 * {@linkcode Styles.invalidate} when slots change.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { slot } from "../../protocol/slot_ref.ts";
 * import { Styles } from "./style.ts";
 * import { TRUE } from "./color.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "DEFINE", slot: 200, value: { kind: "style", color: "#ff0000", bold: true } });
 * const styles = new Styles(model, "truecolor");
 * const props = styles.merge({ style: slot(200), italic: true });
 * const pen = styles.pen(props, { fg: 0, bg: -1, attrs: 0 });
 * assert.equal(pen.fg, (TRUE | 0xff0000));
 * assert.equal(pen.attrs, (1 | 4));
 * ```
 */
export class Styles {
  readonly model: ViewportModel;
  depth: ColorDepth;
  /** Bumped whenever resolved values may have changed. */
  epoch = 0;
  #roles: Map<string, unknown> | null = null;
  /** The pen of a node without pen props, per parent pen. */
  #plain = new WeakMap<Readonly<Pen>, Pen>();

  constructor(model: ViewportModel, depth: ColorDepth) {
    this.model = model;
    this.depth = depth;
  }

  /** Forgets everything resolved (a slot changed, or the depth). */
  invalidate(): void {
    this.epoch++;
    this.#roles = null;
  }

  /** A slot's value, or the standard theme's for an undefined standard slot. */
  slot(index: number): SlotValue | undefined {
    return this.model.slots.get(index) ?? STANDARD_SLOTS.get(index);
  }

  /**
   * The node's props with its `style` (a slot reference or an inline map)
   * merged underneath: the node's own props win.
   */
  merge(props: Record<string, unknown>): Record<string, unknown> {
    const style = this.#styleMap(props.style, 0);
    if (style === null) return props;
    const out: Record<string, unknown> = { ...style };
    for (const k in props) if (k !== "style") out[k] = props[k];
    return out;
  }

  #styleMap(value: unknown, depth: number): Record<string, unknown> | null {
    if (depth > 4) return null;
    if (isSlotRef(value)) {
      const v = this.slot(value.slot);
      if (!v || v.kind !== "style") return null;
      const { kind: _kind, ...rest } = v;
      // A style slot may itself extend another style.
      const base = this.#styleMap(rest.style, depth + 1);
      return base ? { ...base, ...rest } : rest;
    }
    if (Array.isArray(value)) {
      let out: Record<string, unknown> | null = null;
      for (const v of value) {
        const m = this.#styleMap(v, depth + 1);
        if (m) out = { ...(out ?? {}), ...m };
      }
      return out;
    }
    if (value && typeof value === "object") return value as Record<string, unknown>;
    return null;
  }

  /**
   * A color value as a packed color reduced to the depth: `#rgb`, `#rrggbb`,
   * ANSI names, 0-255, a slot reference to a color (or data) slot, or a theme
   * role name (`accent`, `error`, `foreground`...). `undefined` if none.
   */
  color(value: unknown): number | undefined {
    let v = value;
    for (let hops = 0; hops < 4 && isSlotRef(v); hops++) {
      const s = this.slot(v.slot);
      v = s && (s.kind === "color" || s.kind === "data") ? s.value : undefined;
    }
    let c = parseColor(v);
    if (c === undefined && typeof v === "string") {
      const role = this.#role(v);
      if (role !== undefined) c = parseColor(role);
    }
    return c === undefined ? undefined : reduceColor(c, this.depth);
  }

  /** The color of a theme role (`accent`, `border`, `dim`...), reduced to the depth. */
  roleColor(role: string): number {
    const v = this.#role(role);
    const c = parseColor(v);
    return c === undefined ? 0 : reduceColor(c, this.depth);
  }

  #role(name: string): unknown {
    if (this.#roles === null) {
      const roles = new Map<string, unknown>();
      for (const [, v] of STANDARD_SLOTS) {
        if (v.kind === "color") roles.set(String(v.role), v.value);
      }
      for (const [, v] of this.model.slots.entries()) {
        if (v.kind === "color" && typeof v.role === "string") roles.set(v.role, v.value);
      }
      this.#roles = roles;
    }
    return this.#roles.get(name);
  }

  /** The pen for merged props, inheriting from `parent`. */
  pen(props: Record<string, unknown>, parent: Readonly<Pen>): Pen {
    if (!hasPenProps(props)) {
      // Most texts style nothing themselves: one pen per parent pen, shared.
      let pen = this.#plain.get(parent);
      if (pen === undefined) {
        pen = { fg: parent.fg, bg: -1, attrs: parent.attrs };
        this.#plain.set(parent, pen);
      }
      return pen;
    }
    const fg = this.color(props.color ?? props.fg);
    const bgValue = props.background ?? props.bg;
    const bg = bgValue === undefined ? undefined : this.color(bgValue);
    let attrs = parent.attrs;
    for (const [name, bit] of ATTR_PROPS) {
      const v = props[name];
      if (v === true) attrs |= bit;
      else if (v === false) attrs &= ~bit;
    }
    const weight = props.weight ?? props.font_weight;
    if (weight === "bold" || (typeof weight === "number" && weight >= 600)) attrs |= BOLD;
    else if (weight === "normal" || (typeof weight === "number" && weight < 600)) attrs &= ~BOLD;
    if (props.font_style === "italic") attrs |= ITALIC;
    const deco = props.decoration ?? props.text_decoration;
    if (deco === "underline") attrs |= UNDERLINE;
    else if (deco === "line-through" || deco === "strikethrough") attrs |= STRIKE;
    const size = this.#textSizeRole(props.text_size ?? props.size);
    if (size === "heading") attrs |= BOLD;
    else if (size === "small") attrs |= DIM;
    const opacity = props.opacity;
    if (typeof opacity === "number" && opacity < 0.75) attrs |= DIM;
    return { fg: fg ?? parent.fg, bg: bg ?? -1, attrs };
  }

  #textSizeRole(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    if (!isSlotRef(value)) return undefined;
    const s = this.slot(value.slot);
    if (!s || s.kind !== "text_size") return undefined;
    if (typeof s.role === "string") return s.role;
    // A custom size: compare with the standard body and heading sizes.
    const v = typeof s.value === "number" ? s.value : 14;
    return v >= 18 ? "heading" : v <= 12 ? "small" : "body";
  }
}
