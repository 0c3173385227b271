/// <reference lib="dom" />
/**
 * The list of sessions, as tabs; shown when more than one app is connected.
 *
 * @module
 */

/** A session as the viewer lists it. */
export interface SessionSummary {
  id: string;
  title?: string;
  /** `live`, `disconnected` or `ended`. */
  state?: string;
}

/**
 * Session tabs.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM).
 * import { SessionList } from "./session_list.ts";
 * const list = new SessionList((id) => console.log("select", id));
 * list.update([{ id: "a" }, { id: "b", title: "Build" }]);
 * ```
 */
export class SessionList {
  readonly element: HTMLElement;
  #selected: string | null = null;
  #choose: (id: string) => void;
  #size = 0;

  constructor(choose: (id: string) => void) {
    this.#choose = choose;
    this.element = document.createElement("nav");
    this.element.className = "vp-sessions";
    this.element.setAttribute("role", "tablist");
    this.element.setAttribute("aria-label", "Sessions");
    this.element.hidden = true;
    this.element.addEventListener("keydown", (e) => this.#arrows(e));
  }

  /** Number of sessions listed. */
  get size(): number {
    return this.#size;
  }

  /** Replaces the list. */
  update(sessions: readonly SessionSummary[]): void {
    this.#size = sessions.length;
    this.element.hidden = sessions.length < 2;
    this.element.replaceChildren(...sessions.map((s) => {
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", "tab");
      b.dataset.session = String(s.id);
      b.dataset.title = typeof s.title === "string" && s.title ? s.title : String(s.id);
      this.#label(b, typeof s.state === "string" ? s.state : "live");
      b.addEventListener("click", () => this.#choose(String(s.id)));
      return b;
    }));
    this.#mark();
  }

  /** Shows a session's state on its tab (`data-state`, and in words when not live). */
  mark(id: string, state: string): void {
    for (const b of this.element.querySelectorAll<HTMLButtonElement>("button")) {
      if (b.dataset.session === id) this.#label(b, state);
    }
  }

  #label(b: HTMLButtonElement, state: string): void {
    if (b.dataset.state !== state) b.dataset.state = state;
    const text = (b.dataset.title ?? "") + (state !== "live" ? ` (${state})` : "");
    if (b.textContent !== text) b.textContent = text;
  }

  /** Marks the shown session. */
  select(id: string): void {
    this.#selected = id;
    this.#mark();
  }

  #mark(): void {
    for (const b of this.element.querySelectorAll<HTMLButtonElement>("button")) {
      const on = b.dataset.session === this.#selected;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
    }
  }

  #arrows(e: KeyboardEvent): void {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    const tabs = [...this.element.querySelectorAll<HTMLButtonElement>("button")];
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    next.click();
  }
}
