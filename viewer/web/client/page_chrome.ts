/// <reference lib="dom" />
/**
 * The page around the sessions: the header's h1 follows the shown session's
 * title (the document title), the indicator says the shown session's real
 * state: the page's link when that is not live (`document.body.dataset.state`),
 * else the shown session's own (`data-state` of `.vp-session`: an app that
 * ended is "App ended", not "Connected"; no state yet counts as live), and
 * the session tabs are wired to the session area as their tabpanel.
 *
 * The header itself is in the HTML (`../page.ts`), so it shows before the
 * script runs. This module installs itself when the client loads (it is
 * imported by the renderer), watching the few elements it needs with
 * mutation observers, so the page shell (`main.ts`) needs no call.
 *
 * @module
 */

/** The indicator's words for each page state. */
export const STATE_TEXT: Readonly<Record<string, string>> = {
  live: "Connected",
  reconnecting: "Reconnecting…",
  disconnected: "Disconnected",
  ended: "App ended",
  refused: "Not allowed",
};

/** The indicator's words for a shown session's own state (the page being live). */
const SESSION_TEXT: Readonly<Record<string, string>> = {
  ended: "App ended",
  disconnected: "App disconnected",
};

/**
 * What the indicator says: the page's link state when it is not live, else
 * the shown session's.
 *
 * @example
 * ```ts
 * import { indicator } from "./page_chrome.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(indicator("live", "ended"), { state: "ended", text: "App ended" });
 * assert.deepEqual(indicator("reconnecting", "live"), { state: "reconnecting", text: "Reconnecting…" });
 * assert.deepEqual(indicator(undefined, undefined), { state: "live", text: "Connected" });
 * ```
 */
export function indicator(
  page: string | undefined,
  session: string | undefined,
): { state: string; text: string } {
  const p = page || "live";
  if (p !== "live") return { state: p, text: STATE_TEXT[p] ?? p };
  const text = session ? SESSION_TEXT[session] : undefined;
  return text ? { state: session!, text } : { state: "live", text: STATE_TEXT.live };
}

/** The document title without the page's suffix: the session's title. */
export function sessionTitle(documentTitle: string): string {
  return documentTitle.replace(/\s+-\s+Viewport$/, "").trim() || "Viewport";
}

const PANEL_ID = "vp-panel";
let installed = false;
let scheduled = false;

/** Starts keeping the header and the tab wiring current (once per page). */
export function installPageChrome(): void {
  if (installed || typeof document === "undefined" || !document.body) return;
  installed = true;
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, {
    childList: true,
    attributes: true,
    attributeFilter: ["data-state"],
  });
  observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  // The shown session's state, wherever its element is (attributes only: a
  // render's changes to the tree do not wake this up).
  new MutationObserver(schedule).observe(document.body, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-state"],
  });
  // The tablist and the area appear once the shell is built; watch them then.
  let watched: Element | null = null;
  const watchTabs = () => {
    const tabs = document.querySelector(".vp-sessions");
    if (!tabs || tabs === watched) return;
    watched = tabs;
    observer.observe(tabs, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-selected", "hidden", "data-state"],
    });
  };
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      watchTabs();
      sync();
    });
  }
  schedule();
}

function sync(): void {
  const h1 = document.querySelector<HTMLElement>(".vp-top .vp-title");
  const title = sessionTitle(document.title);
  if (h1 && h1.textContent !== title) h1.textContent = title;
  const conn = document.querySelector<HTMLElement>(".vp-top .vp-conn");
  const session = document.querySelector<HTMLElement>(".vp-area .vp-session");
  const { state, text } = indicator(document.body.dataset.state, session?.dataset.state);
  if (conn && conn.textContent !== text) conn.textContent = text;
  if (conn && conn.dataset.state !== state) conn.dataset.state = state;
  wireTabs();
}

/** Tabs control the session area; the area is their tabpanel while they show. */
function wireTabs(): void {
  const area = document.querySelector<HTMLElement>(".vp-area");
  const list = document.querySelector<HTMLElement>(".vp-sessions");
  if (!area) return;
  set(area, "id", PANEL_ID);
  const tabs = list ? [...list.querySelectorAll<HTMLElement>("[role=tab]")] : [];
  let selected: HTMLElement | undefined;
  for (const tab of tabs) {
    set(tab, "id", `vp-tab-${safeId(tab.dataset.session ?? tab.textContent ?? "")}`);
    set(tab, "aria-controls", PANEL_ID);
    if (tab.getAttribute("aria-selected") === "true") selected = tab;
  }
  const shown = list !== null && !list.hidden && tabs.length > 0;
  set(area, "role", shown ? "tabpanel" : null);
  set(area, "aria-labelledby", shown && selected ? selected.id : null);
}

function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

function set(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}
