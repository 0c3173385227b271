/// <reference lib="dom" />
/**
 * One session shown in the page: its own model (fed with the frames the viewer
 * sends), the DOM renderer, the slot stylesheet, input listeners, copy and
 * live-region announcements.
 *
 * @module
 */
import { ViewportModel } from "../../../src/model/viewport_model.ts";
import { HEADER_SIZE } from "../../../src/protocol/constants.ts";
import { decodeFrameHeader } from "../../../src/protocol/frame.ts";
import type {
  AudioMessage,
  ErrorMessage,
  InputMessage,
  Message,
} from "../../../src/protocol/messages/types.ts";
import { decodeFrame } from "../../../src/protocol/wire.ts";
import { TextProjection } from "../../../src/projection/text_projection.ts";
import { projectedSelection } from "./copy.ts";
import { listen } from "./events.ts";
import { DomRenderer } from "./renderer.ts";
import { SlotSheet } from "./slot_sheet.ts";

/** Counters the page exposes for tests and benchmarks. */
export interface ViewStats {
  /** Frames received. */
  frames: number;
  /** When the last frame arrived (performance.now()). */
  lastFrame: number;
  /** Patches applied (a PATCH of 100 counts 100). */
  patches: number;
  /** Frames the model rejected (a viewer bug if ever non-zero). */
  rejected: number;
  /** Renders done. */
  flushes: number;
  /** Time of the last render (performance.now()). */
  lastFlush: number;
  /** Durations of the latest renders in ms (the last 10,000). */
  flushMs: number[];
}

/** What a view needs from the page. */
export interface ViewHost {
  /** Sends a message to the app (through the viewer). */
  send(message: InputMessage | ErrorMessage): void;
  /** Says `text` in the live region. */
  announce(text: string): void;
  /** Plays an AUDIO message (the page's one sound output). */
  audio?(message: AudioMessage): void;
}

/** How long after a user action changed text is announced (ms). */
const ANNOUNCE_WINDOW = 2000;

/**
 * A session's view.
 *
 * @example
 * ```ts ignore
 * import { SessionView } from "./session_view.ts";
 * const view = new SessionView("s1", container, { send() {}, announce() {} });
 * view.receive(frameBytes);
 * view.dispose();
 * ```
 */
export class SessionView {
  readonly id: string;
  readonly model: ViewportModel = new ViewportModel();
  readonly projection: TextProjection;
  readonly element: HTMLElement;
  readonly stats: ViewStats = {
    frames: 0,
    lastFrame: 0,
    patches: 0,
    rejected: 0,
    flushes: 0,
    lastFlush: 0,
    flushMs: [],
  };
  readonly renderer: DomRenderer;
  #sheet: SlotSheet;
  #stop: () => void;
  #host: ViewHost;
  #userActed = -Infinity;
  #reported = new Set<string>();

  constructor(id: string, container: HTMLElement, host: ViewHost) {
    this.id = id;
    this.#host = host;
    this.projection = new TextProjection(this.model);
    this.element = document.createElement("div");
    this.element.className = "vp-session";
    this.element.setAttribute("role", "main");
    container.replaceChildren(this.element);
    this.#sheet = new SlotSheet("vp-session");
    this.renderer = new DomRenderer(this.model, this.element, this.#sheet, {
      canvasProblem: (target, code, message) => {
        const key = `${target}:${code}:${message}`;
        if (this.#reported.has(key)) return;
        this.#reported.add(key);
        host.send({ type: "ERROR", code, message });
      },
      textChanged: (id, text) => {
        const live = this.model.tree.get(id)?.props.live;
        if (live === "off") return;
        if (live || performance.now() - this.#userActed < ANNOUNCE_WINDOW) host.announce(text);
      },
      valueChange: (m) => host.send(m),
      flushed: (ms) => {
        const st = this.stats;
        st.flushes++;
        st.lastFlush = performance.now();
        if (st.flushMs.length >= 10_000) st.flushMs.splice(0, 5_000);
        st.flushMs.push(ms);
      },
    });
    this.model.onChange((c) => this.renderer.schedule(c));
    const stopEvents = listen(this.element, {
      send: (m) => {
        if (m.kind === "click" || m.kind === "key") this.#userActed = performance.now();
        host.send(m);
      },
      scrolled: (el) => this.renderer.scrolled(el),
    });
    const onCopy = (e: ClipboardEvent) => {
      const sel = document.getSelection();
      if (!sel || sel.rangeCount === 0 || !e.clipboardData) return;
      const text = projectedSelection(sel.getRangeAt(0), this.element, this.projection);
      if (text === null) return;
      e.clipboardData.setData("text/plain", text);
      e.preventDefault();
    };
    document.addEventListener("copy", onCopy);
    this.#stop = () => {
      stopEvents();
      document.removeEventListener("copy", onCopy);
    };
  }

  /** Applies the frames of one WebSocket message from the viewer (back to back). */
  receive(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      let length: number;
      try {
        length = HEADER_SIZE + decodeFrameHeader(bytes, at, bytes.length - at - HEADER_SIZE).length;
      } catch (err) {
        this.stats.rejected++;
        console.warn("viewport: bad frame from the viewer:", err);
        return;
      }
      this.#frame(bytes.subarray(at, at + length));
      at += length;
    }
  }

  #frame(bytes: Uint8Array): void {
    this.stats.frames++;
    this.stats.lastFrame = performance.now();
    let message: Message;
    try {
      message = decodeFrame({ type: bytes[3], payload: bytes.subarray(HEADER_SIZE), offset: 0 });
    } catch (err) {
      this.stats.rejected++;
      console.warn("viewport: undecodable frame from the viewer:", err);
      return;
    }
    switch (message.type) {
      case "ERROR":
        console.warn(`viewport: ${message.code}: ${message.message}`);
        return;
      case "AUDIO":
        this.#host.audio?.(message);
        return;
      case "PATCH":
        for (const p of message.patches) {
          if (p.transition && p.set) this.renderer.transition(p.target, p.transition.slot);
        }
        this.stats.patches += message.patches.length;
        break;
      case "DEFINE":
      case "SCHEMA":
      case "TREE":
      case "DATA":
      case "CANVAS":
        break;
      default:
        return;
    }
    try {
      this.model.apply(message);
    } catch (err) {
      this.stats.rejected++;
      console.warn("viewport: the viewer sent a message this page rejected:", err);
    }
  }

  /** Removes the view from the page. */
  dispose(): void {
    this.#stop();
    this.renderer.dispose();
    this.#sheet.dispose();
    this.element.remove();
  }
}
