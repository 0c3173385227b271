/// <reference lib="dom" />
/**
 * Tab order as in a terminal (src/render/ansi/focus.ts): the focusable nodes
 * in document order, those with a positive `tab_index` first (ascending),
 * negative ones left out. A positive `tab_index` is not put into the DOM as
 * such (axe's `tabindex > 0` rule, and the page's own controls would be
 * pushed behind it): the element gets `tabindex="0"` and `data-vp-tab`, and
 * Tab and Shift+Tab move the focus by this order, through the page's controls
 * around the session too.
 *
 * @module
 */
import type { ModelNode } from "../../../src/model/model_node.ts";

const TABBABLE = "input:not([disabled]), textarea:not([disabled]), select:not([disabled]), " +
  "button:not([disabled]), a[href], canvas[data-vp-id], [tabindex]";

/**
 * Puts a node's `tab_index` on its element (every node type, inputs too):
 * positive values become `tabindex="0"` plus `data-vp-tab`.
 *
 * @example
 * ```ts ignore
 * applyTabIndex(inputElement, node); // tab_index: 3 -> tabindex="0" data-vp-tab="3"
 * ```
 */
export function applyTabIndex(el: HTMLElement, n: ModelNode): void {
  const t = n.props.tab_index;
  if (n.type === "scroll" && n.props.focusable !== false && typeof t !== "number") {
    // A scroll is a tab stop, as in a terminal: its keys scroll it.
    set(el, "tabindex", "0");
    return;
  }
  if (typeof t !== "number" || !Number.isFinite(t)) {
    if (!el.hasAttribute("data-vp-tab")) return;
    el.removeAttribute("data-vp-tab");
    // Boxes had theirs set by their behaviour; other elements are focusable by nature.
    if (n.type !== "box" && n.type !== "scroll" && n.type !== "canvas") {
      el.removeAttribute("tabindex");
    }
    return;
  }
  const order = Math.trunc(t);
  set(el, "data-vp-tab", String(order));
  set(el, "tabindex", order > 0 ? "0" : String(order));
}

function set(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function shown(el: HTMLElement): boolean {
  return el.getClientRects().length > 0 && el.closest("[inert]") === null;
}

/** The tab stops under `scope`, in document order. */
function stops(scope: ParentNode): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (scope instanceof HTMLElement && scope.matches(TABBABLE) && scope.tabIndex >= 0) {
    out.push(scope);
  }
  for (const el of scope.querySelectorAll<HTMLElement>(TABBABLE)) {
    if (el.tabIndex >= 0 && shown(el)) out.push(el);
  }
  return out;
}

/** Positive `data-vp-tab` first (ascending, stable), then document order. */
function appOrder(list: HTMLElement[]): HTMLElement[] {
  const tabOf = (el: HTMLElement) => Number(el.getAttribute("data-vp-tab")) || 0;
  const positive = list.filter((el) => tabOf(el) > 0).sort((a, b) => tabOf(a) - tabOf(b));
  return [...positive, ...list.filter((el) => !(tabOf(el) > 0))];
}

/**
 * The tab stops of a session element (or a modal box in it), in the app's order.
 *
 * @example
 * ```ts ignore
 * tabOrder(sessionElement).map((el) => el.dataset.vpId); // ["11", "12", "13", "20"]
 * ```
 */
export function tabOrder(scope: ParentNode): HTMLElement[] {
  return appOrder(stops(scope));
}

/**
 * The page's tab stops: its own controls in document order, with the
 * session's run in the app's order.
 */
export function pageTabOrder(session: HTMLElement | null): HTMLElement[] {
  const all = stops(document.body);
  if (!session) return all;
  const inside = all.filter((el) => session.contains(el));
  if (inside.length === 0) return all;
  const first = all.indexOf(inside[0]);
  const outside = all.filter((el) => !session.contains(el));
  const before = outside.filter((el) => all.indexOf(el) < first);
  const after = outside.filter((el) => all.indexOf(el) > first);
  return [...before, ...appOrder(inside), ...after];
}

/**
 * Moves the focus one step along `order` (cycling, as in a terminal). With
 * nothing in the order focused, forward starts at the first stop and
 * backward at the last. Returns false when there is nowhere to go.
 */
export function stepFocus(order: HTMLElement[], backwards: boolean): boolean {
  if (order.length === 0) return false;
  const at = order.indexOf(document.activeElement as HTMLElement);
  const next = at < 0
    ? (backwards ? order.length - 1 : 0)
    : (at + (backwards ? -1 : 1) + order.length) % order.length;
  order[next].focus();
  return true;
}
