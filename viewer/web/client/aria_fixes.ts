/// <reference lib="dom" />
/**
 * Accessibility repairs after each render, for what no single node's props
 * decide: a control's accessible name must contain the words it shows (WCAG
 * 2.5.3, "label in name": speech users say what they see), and a region
 * that scrolls must be reachable by the keyboard.
 *
 * @module
 */

/** Roles whose name a screen reader takes from their content. */
const NAME_FROM_CONTENT: ReadonlySet<string> = new Set([
  "button",
  "checkbox",
  "link",
  "menuitem",
  "menuitemcheckbox",
  "menuitemradio",
  "option",
  "radio",
  "switch",
  "tab",
  "treeitem",
]);

/** Lower case words only: what "contains the visible text" compares. */
export function nameWords(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, " ").replace(/\s+/g, " ").trim();
}

/**
 * An `aria-label` that does not contain the control's visible text (a key
 * hint shown "q quit" and labelled "quit (q)") becomes its description,
 * and the visible text names it.
 */
export function labelInName(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>("[aria-label][role]")) {
    if (!NAME_FROM_CONTENT.has(el.getAttribute("role")!)) continue;
    const shown = nameWords(el.textContent ?? "");
    const label = el.getAttribute("aria-label")!;
    if (shown.length < 2 || nameWords(label).includes(shown)) continue;
    el.removeAttribute("aria-label");
    el.setAttribute("aria-description", label);
  }
}

const FOCUSABLE = "a[href],button,input,select,textarea,[tabindex]:not([tabindex='-1'])";
/** Widgets that move their own active item with the arrow keys (and scroll to it). */
const COMPOSITE = "[role=listbox],[role=grid],[role=tree],[role=treegrid],[role=menu]";
const roots = new WeakSet<HTMLElement>();

/**
 * A scroll region whose content overflows and holds nothing focusable joins
 * the Tab order (so the keyboard can scroll it); it leaves again when it no
 * longer needs to. Only regions without an app-given `tab_index`.
 */
export function scrollStops(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>(".vp-scroll")) {
    const widget = el.parentElement?.closest<HTMLElement>(COMPOSITE);
    if (widget && root.contains(widget) && widget.tabIndex >= 0) {
      rovingItems(root, el);
      continue;
    }
    const ours = el.hasAttribute("data-vp-scroll-stop");
    if (el.hasAttribute("tabindex") && !ours) continue;
    const overflows = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    // A table's "Go to row" field does not count: arrows should scroll the rows.
    const inner = overflows &&
      [...el.querySelectorAll(FOCUSABLE)].some((f) => !f.closest(".vp-jump"));
    const stop = overflows && !inner;
    if (stop && !ours) {
      el.tabIndex = 0;
      el.setAttribute("data-vp-scroll-stop", "");
    } else if (!stop && ours) {
      el.removeAttribute("tabindex");
      el.removeAttribute("data-vp-scroll-stop");
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
