/// <reference lib="dom" />
/**
 * The definition table as CSS: colors, sizes and transition timings become
 * custom properties on the page's root (one session is shown at a time, and
 * the header and tabs take its colours too), style slots become classes
 * within the session element. A DEFINE rewrites one property or rule and the
 * browser restyles everything that uses it; no node is touched.
 *
 * A standard colour slot (0-5) that holds the specification's default value
 * sets nothing: the page's own light or dark palette (client.css, following
 * `prefers-color-scheme`) shows through, so the page follows the OS until an
 * app or `viewport --theme` chooses colours.
 *
 * @module
 */
import type { SlotValue } from "../../../src/protocol/messages/types.ts";
import { STANDARD_SLOTS } from "../../../src/model/standard_slots.ts";
import { type Declarations, declarations, slotVar } from "./css_values.ts";

/**
 * True when `value` is the specification's default for standard colour slot
 * `slot`: the page's palette stands in for it.
 *
 * @example
 * ```ts
 * import { followsPage } from "./slot_sheet.ts";
 * if (!followsPage(0, { kind: "color", role: "background", value: "#1E1E2E" })) throw new Error();
 * if (followsPage(0, { kind: "color", role: "background", value: "#ffffff" })) throw new Error();
 * ```
 */
export function followsPage(slot: number, value: SlotValue | undefined): boolean {
  if (slot > 5 || value?.kind !== "color") return false;
  const std = STANDARD_SLOTS.get(slot)?.value;
  return typeof value.value === "string" && typeof std === "string" &&
    value.value.trim().toLowerCase() === std;
}

/**
 * `"dark"` or `"light"` for a `#rgb`/`#rrggbb` background (by its relative
 * luminance), else undefined.
 *
 * @example
 * ```ts
 * import { schemeOf } from "./slot_sheet.ts";
 * if (schemeOf("#eff1f5") !== "light" || schemeOf("#111") !== "dark") throw new Error();
 * ```
 */
export function schemeOf(color: string): "dark" | "light" | undefined {
  let m = /^#([0-9a-f]{3})$/i.exec(color.trim());
  const hex = m
    ? m[1].replace(/./g, (c) => c + c)
    : (m = /^#([0-9a-f]{6})$/i.exec(color.trim()))?.[1];
  if (!hex) return undefined;
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(0) + 0.7152 * lin(2) + 0.0722 * lin(4);
  return l > 0.4 ? "light" : "dark";
}

/**
 * One session's slot stylesheet, adopted by the document while the session
 * is shown.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (CSSStyleSheet).
 * import { SlotSheet } from "./slot_sheet.ts";
 * const sheet = new SlotSheet("vp-session");
 * sheet.define(2, { kind: "color", value: "#ff0000" });
 * sheet.dispose();
 * ```
 */
export class SlotSheet {
  readonly sheet: CSSStyleSheet = new CSSStyleSheet();
  #scope: string;
  #vars: CSSStyleRule;
  #varNames = new Map<number, string[]>();
  #styles = new Map<number, CSSStyleRule>();

  /** `scope` is the class of the session element style slots apply within. */
  constructor(scope: string) {
    this.#scope = scope;
    this.sheet.insertRule(`:root {}`, 0);
    this.#vars = this.sheet.cssRules[0] as CSSStyleRule;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
  }

  /** The class that applies style slot `n`. */
  static styleClass(n: number): string {
    return `vp-s-${n}`;
  }

  /** Applies a slot's value (`undefined` when the slot was deleted). */
  define(slot: number, value: SlotValue | undefined): void {
    for (const name of this.#varNames.get(slot) ?? []) this.#vars.style.removeProperty(name);
    this.#varNames.delete(slot);
    const old = this.#styles.get(slot);
    if (old) {
      const i = [...this.sheet.cssRules].indexOf(old);
      if (i >= 0) this.sheet.deleteRule(i);
      this.#styles.delete(slot);
    }
    if (slot === 0) this.#vars.style.removeProperty("color-scheme");
    if (!value || followsPage(slot, value)) return;
    if (value.kind === "style") {
      const i = this.sheet.insertRule(
        `.${this.#scope} .${SlotSheet.styleClass(slot)} {}`,
        this.sheet.cssRules.length,
      );
      const rule = this.sheet.cssRules[i] as CSSStyleRule;
      const decl: Declarations = declarations(value, "style", new Map());
      for (const [k, v] of decl) rule.style.setProperty(k, v);
      this.#styles.set(slot, rule);
      return;
    }
    const names: string[] = [];
    const set = (suffix: string, v: string) => {
      const name = slotVar(slot, suffix);
      this.#vars.style.setProperty(name, v);
      names.push(name);
    };
    const v = value.value;
    switch (value.kind) {
      case "text_size":
        if (typeof v === "number" && Number.isFinite(v)) set("", `${v}px`);
        break;
      case "transition": {
        const ms = value.duration_ms;
        if (typeof ms === "number" && Number.isFinite(ms) && ms >= 0) set("-duration", `${ms}ms`);
        if (typeof value.easing === "string") set("-easing", value.easing.replace(/_/g, "-"));
        break;
      }
      default:
        if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) {
          set("", String(v));
        }
        // Native controls and scroll bars match a background the app chose.
        if (slot === 0 && typeof v === "string" && schemeOf(v)) {
          this.#vars.style.setProperty("color-scheme", schemeOf(v)!);
        }
    }
    this.#varNames.set(slot, names);
  }

  /** Stops applying the sheet. */
  dispose(): void {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }
}
