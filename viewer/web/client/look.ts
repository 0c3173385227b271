/// <reference lib="dom" />
/**
 * What the renderer calls after each render for the page's look and
 * accessibility (kept out of renderer.ts, which other work shares): labels
 * bound to inputs, and the page chrome (header title, connection indicator,
 * tabpanel), which starts when this module loads.
 *
 * @module
 */
import { labelInName, scrollStops } from "./aria_fixes.ts";
import { bindLabels } from "./labels.ts";
import { installPageChrome } from "./page_chrome.ts";

installPageChrome();

/** Runs after the renderer applied a batch of changes under `mount`. */
export function afterRender(mount: HTMLElement): void {
  bindLabels(mount);
  labelInName(mount);
  scrollStops(mount);
}

/**
 * The value of standard or app colour slot `slot` as the page shows it (the
 * page's palette where the slot holds the default), for drawings that name
 * slots; `fallback` when the page has none.
 */
export function shownSlotColor(
  mount: HTMLElement,
  slot: number,
  fallback: string | undefined,
): string | undefined {
  const v = mount.isConnected
    ? getComputedStyle(mount).getPropertyValue(`--vp-${slot}`).trim()
    : "";
  return v || fallback;
}
