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
import { keyName, typesCharacter } from "./key_name.ts";
import { focusIntoModal, outsideModal, tabInModal } from "./modal.ts";
import { ownsKey, scrollTopOf } from "./widget_support.ts";

/** What the listeners need from their owner. */
export interface EventSink {
  /** Sends an INPUT to the app. */
  send(message: InputMessage): void;
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

function point(e: MouseEvent, el: Element): { x: number; y: number } {
  const r = el.getBoundingClientRect();
  return { x: Math.round(e.clientX - r.left), y: Math.round(e.clientY - r.top) };
}

/**
 * Installs the listeners on `root`; returns a function that removes them.
 *
 * @example
 * ```ts ignore
 * import { listen } from "./events.ts";
 * const stop = listen(sessionElement, { send: (m) => socket.send(encodeMessage(m)), scrolled() {} });
 * stop();
 * ```
 */
export function listen(root: HTMLElement, sink: EventSink): () => void {
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
    ["keydown", (e) => {
      const k = e as KeyboardEvent;
      if (k.isComposing) return;
      const t = k.target as HTMLElement;
      const name = keyName(k);
      if (name === null) return;
      if ((name === "tab" || name === "shift+tab") && tabInModal(root, name === "shift+tab")) {
        k.preventDefault();
        return;
      }
      if (t.classList?.contains("vp-clickable") && (name === "enter" || name === "space")) {
        k.preventDefault(); // a button activates once, and space must not scroll
        if (t.getAttribute("aria-disabled") !== "true") {
          send("click", { target: idOf(t), x: 0, y: 0, button: 0 });
        }
        return;
      }
      if (t.tagName === "CANVAS" && t.hasAttribute("data-vp-id")) {
        if (name !== "tab" && name !== "shift+tab") k.preventDefault();
        send("canvas_key", { target: idOf(t), key: name });
        return;
      }
      // Typing into an input reaches the app as value_change, not as keys.
      if ((t.tagName === "INPUT" || t.tagName === "TEXTAREA") && typesCharacter(k)) return;
      const focused = t.closest?.("[data-vp-id]");
      if (isField(t) && t.hasAttribute("data-vp-id")) {
        // A key on an input carries the text the user saw.
        send("key", { key: name, target: idOf(t), value: t.value });
        // A textarea's Enter starts a line; only a one-line field submits and clears.
        const clears = t instanceof HTMLInputElement && t.hasAttribute("data-vp-clear-on-enter");
        if (name === "enter" && clears && !t.readOnly) {
          t.value = "";
          valueChange(t);
        }
        return;
      }
      if (focused && ownsKey(focused, name)) k.preventDefault();
      send("key", { key: name, ...(focused ? { target: idOf(focused) } : {}) });
    }, false],
    ["mouseover", (e) => {
      const m = e as MouseEvent;
      const el = (m.target as Element).closest(".vp-clickable");
      if (!el || el.contains(m.relatedTarget as Node | null)) return;
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
    ["pointermove", (e) => {
      const p = e as PointerEvent;
      if (!isCanvas(p.target)) return;
      lastMove = p;
      moveFrame ||= requestAnimationFrame(() => {
        moveFrame = 0;
        if (lastMove) canvasPointer(lastMove, "move");
        lastMove = null;
      });
    }, false],
  ];

  function pressOutsideModal(e: Event): void {
    if (outsideModal(root, e.target)) {
      e.preventDefault();
      e.stopPropagation();
    }
  }
  function isCanvas(t: EventTarget | null): t is HTMLCanvasElement {
    return t instanceof HTMLCanvasElement && t.hasAttribute("data-vp-id");
  }
  function canvasPointer(e: PointerEvent, action: string): void {
    if (!isCanvas(e.target)) return;
    send("canvas_pointer", {
      target: idOf(e.target),
      ...point(e, e.target),
      action,
      button: e.button,
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
  return () => {
    for (const [type, fn, capture] of handlers) root.removeEventListener(type, fn, capture);
    cancelAnimationFrame(scrollFrame);
    cancelAnimationFrame(moveFrame);
  };
}
