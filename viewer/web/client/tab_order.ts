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
 * Scroll regions are decided here alone, by one rule: a scroll is a Tab stop
 * (as in a terminal, where its keys scroll it) unless the app gives it a
 * `tab_index` of its own or says `focusable: false`. A `focusable: false`
 * scroll becomes a stop only while its content overflows with nothing
 * focusable inside (the keyboard must reach what it can scroll, WCAG 2.1.1);
 * inside a list, grid or tree the widget has the focus and moves through
 * the rows itself, whose items are then focusable by script only (roving).
 * {@linkcode applyTabIndex} applies the rule's first part as nodes change,
 * {@linkcode scrollStops} the part that needs the layout, after each render.
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
  if (n.type === "scroll" && typeof t !== "number") {
    el.removeAttribute("data-vp-tab");
    if (n.props.focusable !== false) {
      // A scroll is a tab stop, as in a terminal: its keys scroll it.
      el.removeAttribute(UNFOCUSABLE);
      el.removeAttribute(OVERFLOW_STOP);
      set(el, "tabindex", "0");
    } else {
      // Not a stop, unless its overflow made it one (scrollStops, after layout).
      if (!el.hasAttribute(UNFOCUSABLE)) el.setAttribute(UNFOCUSABLE, "");
      if (el.hasAttribute(OVERFLOW_STOP)) set(el, "tabindex", "0");
      else el.removeAttribute("tabindex");
    }
    return;
  }
  if (n.type === "scroll") {
    el.removeAttribute(UNFOCUSABLE);
    el.removeAttribute(OVERFLOW_STOP);
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

/** A scroll the app marked `focusable: false`. */
const UNFOCUSABLE = "data-vp-unfocusable";
/** Such a scroll made a stop by its overflow. */
const OVERFLOW_STOP = "data-vp-scroll-stop";
const FOCUSABLE = "a[href],button,input,select,textarea,[tabindex]:not([tabindex='-1'])";
/** Widgets that move their own active item with the arrow keys (and scroll to it). */
const COMPOSITE = "[role=listbox],[role=grid],[role=tree],[role=treegrid],[role=menu]";
const roots = new WeakSet<HTMLElement>();

/**
 * The part of the scroll rule that needs the layout (see the module's
 * documentation): after each render, a `focusable: false` scroll that
 * overflows with nothing focusable inside becomes a Tab stop, and stops
 * being one when it no longer needs to; the rows of a scroll inside a list,
 * grid or tree become focusable by script only.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM and its layout).
 * scrollStops(sessionElement);
 * ```
 */
export function scrollStops(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>(".vp-scroll")) {
    const widget = el.parentElement?.closest<HTMLElement>(COMPOSITE);
    if (widget && root.contains(widget) && widget.tabIndex >= 0) {
      rovingItems(root, el);
      if (el.hasAttribute(OVERFLOW_STOP)) {
        el.removeAttribute(OVERFLOW_STOP);
        el.removeAttribute("tabindex");
      }
      continue;
    }
    if (!el.hasAttribute(UNFOCUSABLE)) continue;
    const ours = el.hasAttribute(OVERFLOW_STOP);
    const overflows = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    // A table's "Go to row" field does not count: arrows should scroll the rows.
    const inner = overflows &&
      [...el.querySelectorAll(FOCUSABLE)].some((f) => !f.closest(".vp-jump"));
    const stop = overflows && !inner;
    if (stop) {
      set(el, "tabindex", "0");
      if (!ours) el.setAttribute(OVERFLOW_STOP, "");
    } else if (ours) {
      el.removeAttribute("tabindex");
      el.removeAttribute(OVERFLOW_STOP);
    }
  }
}

/**
 * A scroll inside a list, grid or tree that has the focus and moves its
 * active item by the keys: its items are focusable by script only
 * (`tabindex=-1`, as in the roving pattern), which tells assistive tools the
 * region's content is reachable. A press on one keeps the focus on the
 * widget, where the app's key handling is.
 */
function rovingItems(root: HTMLElement, scroll: HTMLElement): void {
  for (const item of scroll.children as HTMLCollectionOf<HTMLElement>) {
    if (!item.hasAttribute("data-vp-id") || item.hasAttribute("tabindex")) continue;
    item.tabIndex = -1;
    item.setAttribute("data-vp-roving", "");
  }
  if (roots.has(root)) return;
  roots.add(root);
  root.addEventListener("mousedown", (e) => {
    const item = (e.target as Element).closest?.("[data-vp-roving]");
    const owner = item?.parentElement?.closest<HTMLElement>(COMPOSITE);
    if (!item || !owner) return;
    e.preventDefault(); // no focus on the item
    if (document.activeElement !== owner) owner.focus({ preventScroll: true });
  }, true);
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
