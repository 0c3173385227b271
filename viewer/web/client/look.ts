/// <reference lib="dom" />
/**
 * What the renderer calls after each render for the page's look and
 * accessibility (kept out of renderer.ts, which other work shares): labels
 * bound to inputs, and the page chrome (header title, connection indicator,
 * tabpanel), which starts when this module loads.
 *
 * @module
 */
import type { ModelChange } from "../../../src/model/viewport_model.ts";
import type { CanvasCommand } from "../../../src/protocol/messages/types.ts";
import { SlotRef } from "../../../src/protocol/slot_ref.ts";
import { labelInName } from "./aria_fixes.ts";
import { scrollStops } from "./tab_order.ts";
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

/** The change an OS switch between light and dark makes: the standard colour slots. */
const SCHEME_CHANGE: ModelChange = {
  nodes: new Set(),
  removed: new Set(),
  root: false,
  slots: new Set([0, 1, 2, 3, 4, 5]),
};

/**
 * Calls `changed` when the OS switches between light and dark (the page's
 * palette changes, so drawings that name colour slots must draw again);
 * returns a function that stops watching.
 */
export function watchScheme(changed: (change: ModelChange) => void): () => void {
  const q = globalThis.matchMedia?.("(prefers-color-scheme: dark)");
  if (!q) return () => {};
  const listener = () => changed(SCHEME_CHANGE);
  q.addEventListener("change", listener);
  return () => q.removeEventListener("change", listener);
}

/**
 * True when a vector2d drawing names a slot for a colour (it must draw again
 * when slots change; others need not).
 */
export function namesSlots(commands: readonly CanvasCommand[]): boolean {
  for (const c of commands) {
    if (!Array.isArray(c)) continue;
    for (const a of c) if (a instanceof SlotRef) return true;
  }
  return false;
}
