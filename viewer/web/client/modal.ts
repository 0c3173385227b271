/// <reference lib="dom" />
/**
 * `modal: true` boxes in the browser, as in a terminal: while one is shown,
 * Tab cycles inside it, focus cannot leave it, and pointer presses outside it
 * do nothing; when the last one goes, the focus returns to where it was
 * before the first one opened.
 *
 * @module
 */

const FOCUSABLE = "input:not([disabled]), textarea:not([disabled]), canvas[data-vp-id], " +
  '[tabindex]:not([tabindex="-1"]), button:not([disabled])';

/** The modal shown on top (the last in the page), if any. */
export function topModal(root: ParentNode): HTMLElement | null {
  const all = root.querySelectorAll<HTMLElement>('[aria-modal="true"]');
  for (let i = all.length - 1; i >= 0; i--) if (all[i].getClientRects().length > 0) return all[i];
  return null;
}

/** The elements of `modal` that take focus, in tab order of the page. */
function focusables(modal: HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (modal.matches(FOCUSABLE)) out.push(modal);
  for (const el of modal.querySelectorAll<HTMLElement>(FOCUSABLE)) {
    if (el.getClientRects().length > 0) out.push(el);
  }
  return out;
}

/**
 * Moves the focus into the top modal when it is outside (a modal just
 * opened): to its `autofocus` node, else its first focusable one.
 */
export function focusIntoModal(root: ParentNode): void {
  const modal = topModal(root);
  if (!modal || modal.contains(document.activeElement)) return;
  const list = focusables(modal);
  (list.find((el) => el.hasAttribute("data-vp-autofocus")) ?? list[0])?.focus();
}

/** Per session element: what had the focus before its modals opened. */
const before = new WeakMap<ParentNode, HTMLElement | null>();

/**
 * Called after each change of the page, before `autofocus` moves the focus:
 * when a first modal opens, notes what has the focus; when the last one
 * closes and the focus went with it, gives the focus back.
 */
export function trackModal(root: ParentNode): void {
  const open = topModal(root) !== null;
  if (open && !before.has(root)) {
    const active = document.activeElement;
    before.set(root, active instanceof HTMLElement && root.contains(active) ? active : null);
  } else if (!open && before.has(root)) {
    const back = before.get(root);
    before.delete(root);
    if (back?.isConnected && !root.contains(document.activeElement)) back.focus();
  }
}

/** Tab inside the top modal: true when it moved the focus itself. */
export function tabInModal(root: ParentNode, backwards: boolean): boolean {
  const modal = topModal(root);
  if (!modal) return false;
  const list = focusables(modal);
  if (list.length === 0) return true;
  const at = list.indexOf(document.activeElement as HTMLElement);
  const next = at < 0
    ? (backwards ? list.length - 1 : 0)
    : (at + (backwards ? -1 : 1) + list.length) % list.length;
  list[next].focus();
  return true;
}

/** True when a press on `target` falls outside the top modal (and is to be ignored). */
export function outsideModal(root: ParentNode, target: EventTarget | null): boolean {
  const modal = topModal(root);
  return modal !== null && !(target instanceof Node && modal.contains(target));
}
