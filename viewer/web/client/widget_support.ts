/// <reference lib="dom" />
/**
 * What widgets need from the page beyond plain elements: virtual scroll
 * ranges (`virtual_height`, `virtual_offset`), scroll positions set by the app
 * (`scroll_top`, in rows), and arrow keys that composite widgets (lists,
 * grids, trees...) keep for themselves. Modal boxes are in modal.ts.
 *
 * @module
 */
import type { Props } from "../../../src/protocol/messages/types.ts";

/** Roles of widgets that move their own cursor with these keys (ARIA composites). */
const COMPOSITE = new Set([
  "listbox",
  "grid",
  "tree",
  "treegrid",
  "tablist",
  "radiogroup",
  "menu",
  "menubar",
  "separator",
  "slider",
  "combobox",
]);
/** Keys a focused scroll element scrolls with (the browser's own scrolling). */
export const SCROLL_KEYS: ReadonlySet<string> = new Set([
  "up",
  "down",
  "left",
  "right",
  "pageup",
  "pagedown",
  "home",
  "end",
  "space",
]);
const NAVIGATION = new Set([...SCROLL_KEYS, "shift+up", "shift+down"]);

/**
 * True when `key` on `el` belongs to the app's widget, not to the browser
 * (which would scroll the page).
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM).
 * if (ownsKey(el, "down")) event.preventDefault();
 * ```
 */
export function ownsKey(el: Element, key: string): boolean {
  const role = el.getAttribute("role");
  return role !== null && COMPOSITE.has(role) && NAVIGATION.has(key);
}

/** `scroll_top`s lately reported for a scroll element: an app echoing one is not obeyed. */
const reported = new WeakMap<HTMLElement, number[]>();

/**
 * One row (a cell's height) of `el` in pixels, as laid out: the browser rounds
 * `1lh` to its layout unit (18.9px is 18.890625px), which over 100,000 rows
 * is 50 rows off the computed style's value.
 */
export function rowHeight(el: HTMLElement): number {
  const probe = document.createElement("div");
  probe.style.cssText = "position:absolute;visibility:hidden;width:0;height:1000lh";
  el.appendChild(probe);
  const h = probe.getBoundingClientRect().height / 1000;
  probe.remove();
  if (h > 0) return h;
  const cs = getComputedStyle(el);
  const lh = parseFloat(cs.lineHeight);
  return lh > 0 ? lh : (parseFloat(cs.fontSize) || 14) * 1.2;
}

/**
 * The `scroll_top` to report for a scrolled element: rows for a virtual
 * scroll (the unit its `virtual_height` is in), pixels otherwise.
 */
export function scrollTopOf(el: HTMLElement): number {
  if (!el.classList.contains("vp-virtual")) return Math.round(el.scrollTop);
  const top = Math.round(el.scrollTop / rowHeight(el));
  const list = reported.get(el) ?? [];
  list.push(top);
  if (list.length > 16) list.shift();
  reported.set(el, list);
  return top;
}

/**
 * A scroll node's virtual range: a spacer `virtual_height` rows tall gives the
 * element its scroll range, and the children sit `virtual_offset` rows down.
 * Returns the spacer (null when the node is not virtual).
 */
export function applyVirtual(
  el: HTMLElement,
  p: Props,
  spacer: HTMLElement | null,
): HTMLElement | null {
  const vh = p.virtual_height;
  if (typeof vh !== "number" || !(vh > 0)) {
    if (spacer) spacer.remove();
    el.classList.remove("vp-virtual");
    return null;
  }
  el.classList.add("vp-virtual");
  const off = typeof p.virtual_offset === "number" ? p.virtual_offset : 0;
  el.style.setProperty("--vp-vh", String(Math.min(vh, 10_000_000)));
  el.style.setProperty("--vp-voff", String(Math.max(0, off)));
  if (!spacer) {
    spacer = document.createElement("div");
    spacer.className = "vp-vspace";
    spacer.setAttribute("aria-hidden", "true");
  }
  return spacer;
}

/** Scroll positions the app set, applied once the elements are laid out. */
export class AppScrolls {
  #last = new WeakMap<HTMLElement, number>();
  #pending = new Map<HTMLElement, number>();

  /** Notes the `scroll_top` prop of a scroll element. */
  note(el: HTMLElement, p: Props): void {
    const v = p.scroll_top;
    if (typeof v !== "number" || !Number.isFinite(v) || this.#last.get(el) === v) return;
    this.#last.set(el, v);
    const echoes = reported.get(el);
    if (echoes?.includes(v)) return;
    if (echoes) echoes.length = 0;
    this.#pending.set(el, v);
  }

  /** Scrolls the noted elements (rows to pixels). */
  apply(): void {
    for (const [el, rows] of this.#pending) {
      if (el.isConnected) el.scrollTop = Math.max(0, rows) * rowHeight(el);
    }
    this.#pending.clear();
  }
}
