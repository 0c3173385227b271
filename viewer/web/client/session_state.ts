/// <reference lib="dom" />
/**
 * Whether what the page shows is live, told honestly: the page's link to the
 * viewer (`document.body`'s `data-state`: `live`, `reconnecting`,
 * `disconnected` when the viewer stopped, `refused` when it no longer takes
 * this page's token) and each session's own state (`live`, `disconnected`
 * while its app may come back, `ended`). The shown session's element and its
 * tab carry the effective state in `data-state` too; while it is not `live`
 * the session is `inert` (no clicks, no keys, no focus), and a line above it
 * (`.vp-state-note`, with a `.vp-close` button for a session whose app is
 * gone) says what happened and what to do. Colours and the header's
 * indicator are the stylesheet's business.
 *
 * @module
 */

/** A page's link to the viewer. */
export type PageState = "live" | "reconnecting" | "disconnected" | "refused";
/** What a session element or tab shows. */
export type ShownState = PageState | "ended";

/**
 * The state a session shows: the page's when the page is not live, else the
 * session's own (`live`, `disconnected` or `ended` from the viewer's list).
 *
 * @example
 * ```ts
 * import { shownState } from "./session_state.ts";
 * if (shownState("live", "ended") !== "ended") throw new Error();
 * if (shownState("reconnecting", "live") !== "reconnecting") throw new Error();
 * if (shownState("live", undefined) !== "live") throw new Error();
 * ```
 */
export function shownState(page: PageState, session: string | undefined): ShownState {
  if (page !== "live") return page;
  return session === "ended" || session === "disconnected" ? session : "live";
}

/**
 * What the note says for a state (empty while live).
 *
 * @example
 * ```ts
 * import { stateText } from "./session_state.ts";
 * if (!stateText("ended", "hello").startsWith("hello ended.")) throw new Error();
 * if (stateText("live", "hello") !== "") throw new Error();
 * ```
 */
export function stateText(state: ShownState, title: string): string {
  switch (state) {
    case "live":
      return "";
    case "ended":
      return `${title} ended. Its last screen stays here until you close it.`;
    case "disconnected":
      return `${title} lost its connection to the viewer; waiting for it to come back.`;
    case "reconnecting":
      return "Lost the connection to the viewer; reconnecting…";
    case "refused":
      return "The viewer no longer accepts this page's token (it was restarted with a new " +
        "one). Open the URL it printed; start it with --token-file PATH to keep the token " +
        "across restarts.";
  }
}

/** The note for the whole page when the viewer itself stopped. */
export const VIEWER_STOPPED =
  "The viewer stopped. This page rejoins it when it starts again with the same token " +
  "(viewport --web --token-file PATH).";

/**
 * The line above the session: the state note and the close control.
 *
 * @example
 * ```ts ignore
 * const bar = new StateBar(() => conn.send(JSON.stringify({ type: "close", session })));
 * area.prepend(bar.element);
 * bar.show("ended", "hello");
 * ```
 */
export class StateBar {
  readonly element: HTMLElement;
  readonly #note: HTMLElement;
  readonly #close: HTMLButtonElement;

  constructor(close: () => void) {
    this.element = document.createElement("div");
    this.element.className = "vp-state";
    this.element.setAttribute("role", "status");
    this.element.hidden = true;
    this.#note = document.createElement("span");
    this.#note.className = "vp-state-note";
    this.#close = document.createElement("button");
    this.#close.type = "button";
    this.#close.className = "vp-close";
    this.#close.textContent = "Close";
    this.#close.addEventListener("click", () => close());
    this.element.append(this.#note, this.#close);
  }

  /** Shows `text` (nothing when empty), with the control closing `title` when `closable`. */
  show(state: ShownState, text: string, closable: boolean, title = ""): void {
    this.element.dataset.state = state;
    this.element.hidden = text === "";
    if (this.#note.textContent !== text) this.#note.textContent = text;
    this.#close.hidden = !closable;
    this.#close.setAttribute("aria-label", title ? `Close ${title}` : "Close");
  }
}

/**
 * Marks an element with a state: `data-state`, and `inert` while not live
 * when `inertWhenNotLive` (the session's content).
 */
export function markState(el: HTMLElement, state: ShownState, inertWhenNotLive = false): void {
  if (el.dataset.state !== state) el.dataset.state = state;
  if (inertWhenNotLive) el.inert = state !== "live";
}
