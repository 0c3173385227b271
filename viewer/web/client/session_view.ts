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
  Patch,
} from "../../../src/protocol/messages/types.ts";
import { runSlices } from "../../../src/protocol/slices.ts";
import { decodeFrame, decodeFrameInSlices } from "../../../src/protocol/wire.ts";
import { yieldTurn } from "../../../src/protocol/yield_turn.ts";
import { TextProjection } from "../../../src/projection/text_projection.ts";
import { appKeyActions } from "./app_keys.ts";
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
  /** Frames decoded and applied in slices (payload over {@linkcode SLICED_OVER}). */
  sliced: number;
  /** Slices those frames took (each one task of the page's event loop). */
  slices: number;
}

/**
 * Payloads larger than this are decoded and applied in slices, with a turn of
 * the page's event loop between them (input and painting go on), staged
 * beside the model and committed at once: the viewer's threshold
 * (`SLICED_OVER` in viewer/shared/app_connection.ts, which the page cannot
 * import).
 */
export const SLICED_OVER = 128 * 1024;

/** What a view needs from the page. */
export interface ViewHost {
  /** Sends a message to the app (through the viewer). */
  send(message: InputMessage | ErrorMessage): void;
  /** Says `text` in the live region. */
  announce(text: string): void;
  /** Plays an AUDIO message (the page's one sound output). */
  audio?(message: AudioMessage): void;
  /** False while the session is not live: nothing reaches the app then. */
  live?(): boolean;
}

/** How long after a user action changed text is announced (ms). */
const ANNOUNCE_WINDOW = 2000;

/**
 * A session's view.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM).
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
    sliced: 0,
    slices: 0,
  };
  /**
   * Payload size over which frames are applied in slices; tests and benches
   * set `Infinity` to compare with the one-go apply.
   */
  slicedOver: number = SLICED_OVER;
  readonly renderer: DomRenderer;
  #sheet: SlotSheet;
  #stop: () => void;
  #pageKey: (e: KeyboardEvent) => void;
  #host: ViewHost;
  #userActed = -Infinity;
  #reported = new Set<string>();
  // Frames that arrived while a large one is being applied: they wait, in order.
  #waiting: Uint8Array[] = [];
  #slicing = false;
  #disposed = false;

  constructor(id: string, container: HTMLElement, host: ViewHost) {
    this.id = id;
    this.#host = host;
    this.projection = new TextProjection(this.model);
    this.element = document.createElement("div");
    this.element.className = "vp-session";
    this.element.setAttribute("role", "main");
    for (const old of container.querySelectorAll(":scope > .vp-session")) old.remove();
    container.append(this.element);
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
    const live = () => host.live?.() ?? true;
    const events = listen(this.element, {
      send: (m) => {
        if (!live()) return;
        if (m.kind === "click" || m.kind === "key") this.#userActed = performance.now();
        host.send(m);
      },
      scrolled: (el) => this.renderer.scrolled(el),
      keyAction: (name) => appKeyActions(this.model).get(name),
      live,
    });
    this.#pageKey = events.key;
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
      events.stop();
      document.removeEventListener("copy", onCopy);
    };
  }

  /** True while a large frame is being applied in slices (later frames wait). */
  get busy(): boolean {
    return this.#slicing;
  }

  /**
   * Applies the frames of one WebSocket message from the viewer (back to
   * back). Large frames are applied in slices, so this may return before all
   * are applied; frames are always applied in order.
   */
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
      const frame = bytes.subarray(at, at + length);
      at += length;
      if (this.#slicing) this.#waiting.push(frame);
      else if (length - HEADER_SIZE > this.slicedOver) this.#drain(frame);
      else this.#frame(frame);
    }
  }

  async #drain(first: Uint8Array): Promise<void> {
    this.#slicing = true;
    try {
      for (let next: Uint8Array | undefined = first; next && !this.#disposed;) {
        if (next.length - HEADER_SIZE > this.slicedOver) await this.#frameSliced(next);
        else this.#frame(next);
        next = this.#waiting.shift();
      }
    } finally {
      this.#slicing = false;
      this.#waiting.length = 0;
    }
  }

  #frame(bytes: Uint8Array): void {
    this.#arrived();
    let message: Message;
    try {
      message = decodeFrame({ type: bytes[3], payload: bytes.subarray(HEADER_SIZE), offset: 0 });
    } catch (err) {
      this.#undecodable(err);
      return;
    }
    if (!this.#accepts(message)) return;
    if (message.type === "PATCH") this.#transitions(message.patches);
    try {
      this.model.apply(message);
    } catch (err) {
      this.#rejected(err);
    }
  }

  /**
   * A large frame: CBOR, validation and apply each in slices of at most 8 ms
   * with a turn of the page's event loop in between. The model stages the
   * work beside its state and commits it at once, so renders in between show
   * the state before the frame, never part of it.
   */
  async #frameSliced(bytes: Uint8Array): Promise<void> {
    this.#arrived();
    this.stats.sliced++;
    const slice = () => this.stats.slices++;
    const options = { pause: yieldTurn, onSlice: slice, onWork: slice };
    let message: Message;
    try {
      message = await decodeFrameInSlices(
        { type: bytes[3], payload: bytes.subarray(HEADER_SIZE), offset: 0 },
        options,
      );
    } catch (err) {
      this.#undecodable(err);
      return;
    }
    if (this.#disposed || !this.#accepts(message)) return;
    try {
      await runSlices(this.model.applySteps(message), options);
    } catch (err) {
      this.#rejected(err);
      return;
    }
    // After the commit and before the render it scheduled (the next animation
    // frame), as the one-go path marks them before its apply.
    if (message.type === "PATCH") this.#transitions(message.patches);
  }

  #arrived(): void {
    this.stats.frames++;
    this.stats.lastFrame = performance.now();
  }

  #undecodable(err: unknown): void {
    this.stats.rejected++;
    console.warn("viewport: undecodable frame from the viewer:", err);
  }

  #rejected(err: unknown): void {
    this.stats.rejected++;
    console.warn("viewport: the viewer sent a message this page rejected:", err);
  }

  #transitions(patches: readonly Patch[]): void {
    for (const p of patches) {
      if (p.transition && p.set) this.renderer.transition(p.target, p.transition.slot);
    }
  }

  /** True for messages that go to the model; handles the others. */
  #accepts(message: Message): boolean {
    switch (message.type) {
      case "ERROR":
        console.warn(`viewport: ${message.code}: ${message.message}`);
        return false;
      case "AUDIO":
        this.#host.audio?.(message);
        return false;
      case "PATCH":
        this.stats.patches += message.patches.length;
        return true;
      case "DEFINE":
      case "SCHEMA":
      case "TREE":
      case "DATA":
      case "CANVAS":
        return true;
      default:
        return false;
    }
  }

  /** A key pressed while the page (not an element of the session) has the focus. */
  pageKey(e: KeyboardEvent): void {
    this.#pageKey(e);
  }

  /** Removes the view from the page. */
  dispose(): void {
    this.#disposed = true;
    this.#stop();
    this.renderer.dispose();
    this.#sheet.dispose();
    this.element.remove();
  }
}
