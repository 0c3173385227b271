/// <reference lib="dom" />
/**
 * Accessibility repairs after each render, for what no single node's props
 * decide: a control's accessible name must contain the words it shows (WCAG
 * 2.5.3, "label in name": speech users say what they see). Which scroll
 * regions are Tab stops is tab_order.ts's alone.
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
