/// <reference lib="dom" />
/**
 * The definition table as CSS: colors, sizes and transition timings become
 * custom properties on the session element, style slots become classes. A
 * DEFINE rewrites one property or rule and the browser restyles everything
 * that uses it; no node is touched.
 *
 * @module
 */
import type { SlotValue } from "../../../src/protocol/messages/types.ts";
import { type Declarations, declarations, slotVar } from "./css_values.ts";

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

  /** `scope` is the class of the session element the rules apply within. */
  constructor(scope: string) {
    this.#scope = scope;
    this.sheet.insertRule(`.${scope} {}`, 0);
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
    if (!value) return;
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
    }
    this.#varNames.set(slot, names);
  }

  /** Stops applying the sheet. */
  dispose(): void {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }
}
