/// <reference lib="dom" />
/**
 * User input on a session's DOM to INPUT messages, with one set of delegated
 * listeners on the session element: clicks and keyboard activation of
 * clickable boxes, hover, focus and blur, keys, value changes of inputs
 * (after IME composition ends), scrolling and canvas pointer and key events.
 *
 * @module
 */
import type { InputMessage } from "../../../src/protocol/messages/types.ts";
import { compositionEnded, compositionStarted, userEdited } from "./input_value.ts";
import { browserKeepsKey } from "./app_keys.ts";
import { keyName, typesCharacter } from "./key_name.ts";
import { focusIntoModal, outsideModal, tabInModal } from "./modal.ts";
import { pageTabOrder, stepFocus } from "./tab_order.ts";
import { ownsKey, SCROLL_KEYS, scrollTopOf } from "./widget_support.ts";

/** What the listeners need from their owner. */
export interface EventSink {
  /** Sends an INPUT to the app. */
  send(message: InputMessage): void;
  /** The action of the app's keybinding for a key name, if it binds it. */
  keyAction(name: string): string | undefined;
  /** False while the session is not live (ended, or the page lost the viewer). */
  live(): boolean;
  /** A scroll container scrolled (the renderer moves its virtual rows). */
  scrolled(el: HTMLElement): void;
}

/** A text field: a one-line `<input>` or a multi-line `<textarea>`. */
function isField(t: EventTarget | null): t is HTMLInputElement | HTMLTextAreaElement {
  return t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement;
}

const idOf = (el: Element | null): number | undefined => {
  const v = el?.getAttribute("data-vp-id");
  return v === null || v === undefined ? undefined : Number(v);
};

function isCanvas(t: EventTarget | null): t is HTMLCanvasElement {
  return t instanceof HTMLCanvasElement && t.hasAttribute("data-vp-id");
}

function point(e: MouseEvent, el: Element): { x: number; y: number } {
  const r = el.getBoundingClientRect();
  return { x: Math.round(e.clientX - r.left), y: Math.round(e.clientY - r.top) };
}

/** What {@linkcode listen} gives back. */
export interface Listening {
  /** Removes the listeners. */
  stop(): void;
  /** A key pressed while the page itself (the body) has the focus: the app's, as in a terminal. */
  key(e: KeyboardEvent): void;
}

/**
 * Installs the listeners on `root`.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM).
 * import { listen } from "./events.ts";
 * const l = listen(sessionElement, { send, scrolled() {}, keyAction: () => undefined, live: () => true });
 * l.stop();
 * ```
 */
export function listen(root: HTMLElement, sink: EventSink): Listening {
  const send = (kind: InputMessage["kind"], fields: Partial<InputMessage>) =>
    sink.send({ type: "INPUT", kind, ...fields } as InputMessage);
  const pendingScroll = new Set<HTMLElement>();
  let scrollFrame = 0;
  let moveFrame = 0;
  let lastMove: PointerEvent | null = null;

  const handlers: [string, (e: Event) => void, boolean][] = [
    // A modal box takes every press: ones outside it do nothing (nor move the focus).
    ["pointerdown", pressOutsideModal, true],
    ["mousedown", pressOutsideModal, true],
    ["click", (e) => {
      if (outsideModal(root, e.target)) {
        e.preventDefault();
        e.stopPropagation();
        return;
      }
    }, true],
    ["focusin", () => focusIntoModal(root), true],
    ["click", (e) => {
      const el = (e.target as Element).closest(".vp-clickable");
      if (!el || !root.contains(el) || el.getAttribute("aria-disabled") === "true") return;
      const m = e as MouseEvent;
      send("click", { target: idOf(el), ...point(m, el), button: m.button });
    }, false],
    ["keydown", (e) => key(e as KeyboardEvent, e.target as HTMLElement), false],
    ["mouseover", (e) => {
      const m = e as MouseEvent;
      const el = (m.target as Element).closest(".vp-clickable, .vp-focusable");
      if (!el || el.contains(m.relatedTarget as Node | null) || !sink.live()) return;
      send("hover", { target: idOf(el), ...point(m, el) });
    }, false],
    ["focusin", (e) => focusChange(e, "focus"), false],
    ["focusout", (e) => focusChange(e, "blur"), false],
    ["input", (e) => {
      const ie = e as InputEvent;
      if (ie.isComposing) return;
      valueChange(ie.target);
    }, false],
    ["compositionstart", (e) => {
      if (isField(e.target)) compositionStarted(e.target);
    }, false],
    ["compositionend", (e) => {
      valueChange(e.target);
      if (isField(e.target)) compositionEnded(e.target);
    }, false],
    ["scroll", (e) => {
      const el = e.target as HTMLElement;
      if (!(el instanceof HTMLElement) || !el.classList.contains("vp-scroll")) return;
      sink.scrolled(el);
      pendingScroll.add(el);
      scrollFrame ||= requestAnimationFrame(() => {
        scrollFrame = 0;
        for (const s of pendingScroll) {
          send("scroll", { target: idOf(s), scroll_top: scrollTopOf(s) });
        }
        pendingScroll.clear();
      });
    }, true],
    ["pointerdown", (e) => canvasPointer(e as PointerEvent, "down"), false],
    ["pointerup", (e) => canvasPointer(e as PointerEvent, "up"), false],
    ["pointercancel", (e) => canvasPointer(e as PointerEvent, "up"), false],
    ["pointermove", (e) => {
      const p = e as PointerEvent;
      if (!isCanvas(p.target) || !sink.live()) return;
      // One move per frame: the latest position is what matters.
      lastMove = p;
      moveFrame ||= requestAnimationFrame(flushMove);
    }, false],
  ];

  /** A key on `t`, an element of the session, or null when the page itself has the focus. */
  function key(k: KeyboardEvent, t: HTMLElement | null): void {
    if (k.isComposing || k.defaultPrevented) return;
    const name = keyName(k);
    if (name === null) return;
    if (name === "tab" || name === "shift+tab") {
      // Tab moves the focus by the app's order (tab_order.ts), as in a terminal.
      const back = name === "shift+tab";
      if (tabInModal(root, back) || stepFocus(pageTabOrder(root), back)) k.preventDefault();
      return;
    }
    if (!sink.live()) return;
    // A field of the page's own (not a node's) edits as the browser does.
    if (t && !t.hasAttribute?.("data-vp-id") && (isField(t) || t.isContentEditable)) return;
    const field = isField(t) && t.hasAttribute("data-vp-id") ? t : null;
    const focused = t?.closest?.("[data-vp-id]") ?? null;
    const target = focused ? { target: idOf(focused) } : {};
    // A key the app binds is the app's wherever the focus is (a character typed
    // into a field stays text).
    const action = sink.keyAction(name);
    if (action !== undefined && !(field && typesCharacter(k))) {
      k.preventDefault();
      send("key", { key: name, action, ...target, ...(field ? { value: field.value } : {}) });
      return;
    }
    if (t?.classList?.contains("vp-clickable") && (name === "enter" || name === "space")) {
      k.preventDefault(); // a button activates once, and space must not scroll
      if (t.getAttribute("aria-disabled") !== "true") {
        send("click", { target: idOf(t), x: 0, y: 0, button: 0 });
      }
      return;
    }
    if (isCanvas(t)) {
      k.preventDefault();
      send("canvas_key", { target: idOf(t), key: name });
      return;
    }
    if (field) {
      // Typing into an input reaches the app as value_change, not as keys.
      if (typesCharacter(k)) return;
      // A key on an input carries the text the user saw.
      send("key", { key: name, target: idOf(field), value: field.value });
      // A textarea's Enter starts a line; only a one-line field submits and clears.
      const clears = field instanceof HTMLInputElement &&
        field.hasAttribute("data-vp-clear-on-enter");
      if (name === "enter" && clears && !field.readOnly) {
        field.value = "";
        valueChange(field);
      }
      return;
    }
    // A scroll element scrolls itself with these keys, unless a widget owns them.
    const owned = focused !== null && ownsKey(focused, name);
    const scrolls = !owned && t?.classList?.contains("vp-scroll") === true && SCROLL_KEYS.has(name);
    if (owned || (!scrolls && !browserKeepsKey(name))) k.preventDefault();
    send("key", { key: name, ...target });
  }

  function pressOutsideModal(e: Event): void {
    if (outsideModal(root, e.target)) {
      e.preventDefault();
      e.stopPropagation();
    }
  }
  function flushMove(): void {
    cancelAnimationFrame(moveFrame);
    moveFrame = 0;
    const m = lastMove;
    lastMove = null;
    if (m) pointerMessage(m, "move");
  }
  function canvasPointer(e: PointerEvent, action: "down" | "up"): void {
    if (!isCanvas(e.target) || !sink.live()) return;
    // A press keeps the pointer: a drag that leaves the canvas still reaches it.
    if (action === "down") e.target.setPointerCapture?.(e.pointerId);
    flushMove(); // a pending move goes first, so the app sees down, moves, up in order
    pointerMessage(e, action);
  }
  function pointerMessage(e: PointerEvent, action: "down" | "up" | "move"): void {
    const c = e.target as HTMLCanvasElement;
    if (!c.isConnected) return;
    send("canvas_pointer", {
      target: idOf(c),
      ...canvasPoint(e, c),
      action,
      ...pointerButton(e, action),
    });
  }
  function focusChange(e: Event, kind: "focus" | "blur"): void {
    const t = e.target as HTMLElement;
    if (t.hasAttribute?.("data-vp-id")) send(kind, { target: idOf(t) });
  }
  function valueChange(t: EventTarget | null): void {
    if (!isField(t) || !t.hasAttribute("data-vp-id")) return;
    const report = userEdited(t);
    if (report) send("value_change", { target: idOf(t), ...report });
  }

  for (const [type, fn, capture] of handlers) root.addEventListener(type, fn, capture);
  return {
    stop() {
      for (const [type, fn, capture] of handlers) root.removeEventListener(type, fn, capture);
      cancelAnimationFrame(scrollFrame);
      cancelAnimationFrame(moveFrame);
    },
    key: (e) => key(e, null),
  };
}

/**
 * A pointer's position in the canvas's own units (its `width` x `height`),
 * however large the element is laid out.
 */
function canvasPoint(e: MouseEvent, c: HTMLCanvasElement): { x: number; y: number } {
  const r = c.getBoundingClientRect();
  const dpr = globalThis.devicePixelRatio || 1;
  const sx = r.width > 0 ? c.width / dpr / r.width : 1;
  const sy = r.height > 0 ? c.height / dpr / r.height : 1;
  return {
    x: Math.round((e.clientX - r.left) * sx),
    y: Math.round((e.clientY - r.top) * sy),
  };
}

/**
 * The `button` of a canvas pointer event (protocol: an unsigned number, 0
 * primary, 1 middle, 2 secondary): the one pressed or released; on a move, the
 * one held (a drag), and none for a plain move.
 */
export function pointerButton(
  e: { button: number; buttons: number },
  action: "down" | "up" | "move",
): { button?: number } {
  if (action !== "move") return e.button >= 0 ? { button: e.button } : {};
  // `buttons` is a bit mask: 1 primary, 2 secondary, 4 middle.
  if (e.buttons & 1) return { button: 0 };
  if (e.buttons & 4) return { button: 1 };
  if (e.buttons & 2) return { button: 2 };
  return {};
}
