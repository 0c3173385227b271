/**
 * The hub between a session source and browser tabs: which tab watches which
 * session, the snapshot a tab gets when it attaches, the app's later messages
 * fanned out to every watching tab (encoded once), and tabs' input sent back.
 *
 * Wire between server and tab (one WebSocket per tab): binary messages carry
 * whole Viewport frames, back to back: the frames of one event-loop turn go
 * in one message, because a browser pays per WebSocket message far more than
 * per byte. Text messages are small JSON control messages for the session
 * list (see docs/web.md). A tab sends one frame per binary message.
 *
 * @module
 */
import { ErrorCode, HEADER_SIZE, MessageType } from "../../src/protocol/constants.ts";
import { isViewportError, ViewportError } from "../../src/protocol/errors.ts";
import { decodeFrameHeader } from "../../src/protocol/frame.ts";
import type { Message } from "../../src/protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import { snapshotMessages } from "../../src/model/snapshot.ts";
import type { DisplayFacts } from "../shared/display.ts";
import type { WebSession, WebSessionEvent, WebSessionSource } from "./source.ts";
import { combineFacts, parseTabFacts } from "./tab_facts.ts";

/** The part of a WebSocket the hub uses. */
export interface TabSocket {
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  readonly bufferedAmount: number;
}

/** Limits for a {@linkcode Hub}. */
export interface HubOptions {
  /** Largest frame a tab may send (default 1 MiB: input events are small). */
  maxInputFrame?: number;
  /**
   * Bytes queued to a tab beyond which it is disconnected; it reconnects and
   * gets a fresh snapshot instead of an ever-growing backlog (default 32 MiB).
   */
  maxBuffered?: number;
  /**
   * Put the frames of one event-loop turn in one WebSocket message (default
   * true). False sends one frame per message, as the `ws://` app transport
   * does, at about a tenth of the page's throughput (docs/performance.md).
   */
  coalesce?: boolean;
}

/** A control message to a tab (text frame). */
export type ControlToTab =
  | { type: "sessions"; sessions: { id: string; title?: string; state?: string }[] }
  | { type: "attach"; session: string; title?: string }
  | { type: "detach"; session: string }
  | { type: "pong"; t: number };

class Tab {
  session: string | null = null;
  /** What the tab measured about its display (its `env` message), and when (a counter). */
  facts: DisplayFacts | null = null;
  factsAt = 0;
  /** The tab is on another machine than the viewer. */
  remote = false;
  /** The user looks at this tab (its window has the focus and it is visible). */
  focused = false;
  /** Frames waiting to go out together (see `#send`). */
  queue: Uint8Array[] = [];
  queued = 0;
  constructor(readonly socket: TabSocket) {}
}

/** A batch of frames is sent at once when it reaches this size. */
const BATCH_BYTES = 1 << 20;

/** A region size in cells that a tab may report. */
function cells(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 10_000;
}

const TAB_MESSAGE_TYPES: ReadonlySet<number> = new Set([MessageType.INPUT, MessageType.ERROR]);

/**
 * Routes between one {@linkcode WebSessionSource} and many tabs.
 *
 * @example
 * ```ts
 * import { Hub } from "./hub.ts";
 * import { ModelSessionSource } from "./model_source.ts";
 * import assert from "node:assert/strict";
 * const source = new ModelSessionSource();
 * source.add("s1");
 * const hub = new Hub(source);
 * const text: string[] = [];
 * const frames = Promise.withResolvers<Uint8Array>();
 * const tab = hub.open({
 *   send: (d) => typeof d === "string" ? text.push(d) : frames.resolve(d),
 *   close() {},
 *   bufferedAmount: 0,
 * }, "s1");
 * assert.deepEqual(JSON.parse(text[0]), { type: "sessions", sessions: [{ id: "s1" }] });
 * assert.ok((await frames.promise).length > 0, "the session's snapshot, as frames");
 * hub.close(tab);
 * hub.dispose();
 * ```
 */
export class Hub {
  readonly source: WebSessionSource;
  #tabs = new Set<Tab>();
  #unsubscribe: () => void;
  #maxInputFrame: number;
  #maxBuffered: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #coalesce: boolean;
  /** The facts each session's app was last told, to tell it only of changes. */
  #told = new Map<string, string>();
  #factsCounter = 0;
  /** Whether each session's app was last told it has the focus. */
  #focused = new Map<string, boolean>();

  constructor(source: WebSessionSource, options: HubOptions = {}) {
    this.source = source;
    this.#maxInputFrame = options.maxInputFrame ?? 1 << 20;
    this.#maxBuffered = options.maxBuffered ?? 32 << 20;
    this.#coalesce = options.coalesce ?? true;
    this.#unsubscribe = source.onEvent((e) => this.#onEvent(e));
  }

  /** Number of open tabs. */
  get tabs(): number {
    return this.#tabs.size;
  }

  /**
   * Registers a connected tab: sends the session list, then attaches it to
   * `session` (or, when that is absent or unknown, the first session).
   */
  open(socket: TabSocket, session?: string | null, info: { remote?: boolean } = {}): object {
    const tab = new Tab(socket);
    tab.remote = info.remote ?? false;
    this.#tabs.add(tab);
    this.#sendControl(tab, { type: "sessions", sessions: this.#list() });
    const wanted = session ? this.#find(session) : undefined;
    const first = wanted ?? this.source.sessions()[Symbol.iterator]().next().value;
    if (first) this.#attach(tab, first);
    return tab;
  }

  /** Forgets a tab (its socket closed). */
  close(handle: object): void {
    const tab = handle as Tab;
    if (!this.#tabs.delete(tab)) return;
    if (tab.session !== null && tab.focused) this.#refreshFocus(tab.session);
    if (tab.session !== null && tab.facts) this.#refreshFacts(tab.session);
  }

  /** Handles one WebSocket message from a tab. */
  receive(handle: object, data: string | ArrayBuffer | Uint8Array): void {
    const tab = handle as Tab;
    if (!this.#tabs.has(tab)) return;
    if (typeof data === "string") return this.#control(tab, data);
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    let message: Message;
    try {
      message = this.#decode(bytes);
    } catch (err) {
      const e = isViewportError(err) ? err : new ViewportError(ErrorCode.BAD_MESSAGE, String(err));
      this.#sendError(tab, e.code, e.message);
      return;
    }
    if (tab.session === null) {
      this.#sendError(tab, ErrorCode.UNKNOWN_TARGET, "no session attached");
      return;
    }
    const session = this.#find(tab.session);
    if (!session) return;
    if (message.type === "INPUT" && message.target !== undefined) {
      if (!session.model.tree.get(message.target)) {
        this.#sendError(
          tab,
          ErrorCode.UNKNOWN_TARGET,
          `INPUT target ${message.target} is not a live node`,
        );
        return;
      }
    }
    this.source.sendToApp(tab.session, message as never);
  }

  /** Stops listening to the source. */
  dispose(): void {
    this.#unsubscribe();
    clearTimeout(this.#timer);
    this.#tabs.clear();
  }

  #decode(bytes: Uint8Array): Message {
    if (bytes.length > this.#maxInputFrame) {
      throw new ViewportError(
        ErrorCode.TOO_LARGE,
        `frame of ${bytes.length} bytes exceeds the tab limit of ${this.#maxInputFrame}`,
      );
    }
    const header = decodeFrameHeader(bytes, 0, this.#maxInputFrame);
    if (header.length !== bytes.length - HEADER_SIZE) {
      throw new ViewportError(
        ErrorCode.BAD_FRAME,
        `header says ${header.length} payload bytes, the WebSocket message has ${
          bytes.length - HEADER_SIZE
        } (expected one whole frame per message)`,
      );
    }
    if (!TAB_MESSAGE_TYPES.has(header.type)) {
      throw new ViewportError(
        ErrorCode.BAD_MESSAGE,
        `type 0x${header.type.toString(16)} from a tab (expected INPUT or ERROR)`,
      );
    }
    return decodeFrame({ type: header.type, payload: bytes.subarray(HEADER_SIZE), offset: 0 });
  }

  #control(tab: Tab, text: string): void {
    let msg: unknown;
    try {
      msg = text.length <= 4096 ? JSON.parse(text) : undefined;
    } catch { /* answered below */ }
    const m = msg as { type?: unknown; session?: unknown; width?: unknown; height?: unknown };
    if (m?.type === "select" && typeof m.session === "string") {
      const s = this.#find(m.session);
      if (s) return this.#attach(tab, s);
      return this.#sendError(tab, ErrorCode.UNKNOWN_TARGET, `no session ${m.session}`);
    }
    if (m?.type === "ping" && Number.isFinite((m as { t?: unknown }).t)) {
      // The tab measures its round trip (ENV latency_ms).
      return this.#write(tab, JSON.stringify({ type: "pong", t: (m as { t: number }).t }));
    }
    if (m?.type === "env") {
      const facts = parseTabFacts(m as Record<string, unknown>);
      if (typeof facts === "string") {
        return this.#sendError(tab, ErrorCode.BAD_MESSAGE, `env ${facts}`);
      }
      tab.facts = facts;
      tab.factsAt = ++this.#factsCounter;
      if (tab.session !== null) this.#refreshFacts(tab.session);
      return;
    }
    if (m?.type === "close" && typeof m.session === "string") {
      // The user closed the session (its close control): for every tab.
      if (this.#find(m.session)) return this.source.close?.(m.session);
      return this.#sendError(tab, ErrorCode.UNKNOWN_TARGET, `no session ${m.session}`);
    }
    if (m?.type === "focus" && typeof (m as { focused?: unknown }).focused === "boolean") {
      tab.focused = (m as { focused: boolean }).focused;
      if (tab.session !== null) this.#refreshFocus(tab.session);
      return;
    }
    if (m?.type === "resize" && cells(m.width) && cells(m.height)) {
      // The last tab to report its size sets the region's size.
      if (tab.session !== null) this.source.resize?.(tab.session, m.width, m.height);
      return;
    }
    this.#sendError(
      tab,
      ErrorCode.BAD_MESSAGE,
      'expected {"type":"select","session":ID}, {"type":"resize","width":N,"height":N}, ' +
        '{"type":"env",...}, {"type":"ping","t":N}, {"type":"close","session":ID} or ' +
        '{"type":"focus","focused":BOOL}',
    );
  }

  #attach(tab: Tab, session: WebSession): void {
    const before = tab.session;
    tab.session = session.id;
    if (before !== session.id) {
      if (before !== null) this.#refreshFocus(before);
      this.#refreshFocus(session.id);
    }
    if (tab.facts) {
      if (before !== null && before !== session.id) this.#refreshFacts(before);
      this.#refreshFacts(session.id);
    }
    this.#sendControl(tab, { type: "attach", session: session.id, title: session.title });
    for (const m of snapshotMessages(session.model)) this.#send(tab, encodeMessage(m));
  }

  #onEvent(e: WebSessionEvent): void {
    switch (e.kind) {
      case "added":
        this.#broadcastList();
        for (const tab of this.#tabs) if (tab.session === null) this.#attach(tab, e.session);
        return;
      case "removed":
        this.#told.delete(e.id);
        this.#focused.delete(e.id);
        this.#broadcastList();
        for (const tab of this.#tabs) {
          if (tab.session !== e.id) continue;
          tab.session = null;
          this.#sendControl(tab, { type: "detach", session: e.id });
        }
        return;
      case "title":
        this.#broadcastList();
        return;
      case "reset":
        for (const tab of this.#watching(e.session.id)) this.#attach(tab, e.session);
        // The app came back (a re-attach): it is told again if a tab looking
        // at it has the focus.
        this.#focused.delete(e.session.id);
        this.#refreshFocus(e.session.id);
        return;
      case "messages": {
        const tabs = this.#watching(e.session.id);
        if (tabs.length === 0) return;
        const frames = e.messages.map(encodeMessage);
        for (const tab of tabs) for (const f of frames) this.#send(tab, f);
        return;
      }
    }
  }

  /** Tells the source the combined facts of the tabs showing `id`, when they changed. */
  #refreshFacts(id: string): void {
    const tabs = this.#watching(id).filter((t) => t.facts !== null);
    // No tab left: the app keeps what it was told (a reload must not flip it to a fallback).
    if (tabs.length === 0) return;
    tabs.sort((a, b) => a.factsAt - b.factsAt);
    const facts = combineFacts(tabs.map((t) => ({ facts: t.facts!, remote: t.remote })));
    const key = JSON.stringify(facts);
    if (this.#told.get(id) === key) return;
    this.#told.set(id, key);
    this.source.env?.(id, facts);
  }

  /** REGION focus or blur for `id` when whether a tab looking at it has the focus changed. */
  #refreshFocus(id: string): void {
    const focused = this.#watching(id).some((t) => t.focused);
    if ((this.#focused.get(id) ?? false) === focused) return;
    this.#focused.set(id, focused);
    this.source.focus?.(id, focused);
  }

  #watching(id: string): Tab[] {
    const out: Tab[] = [];
    for (const tab of this.#tabs) if (tab.session === id) out.push(tab);
    return out;
  }

  #find(id: string): WebSession | undefined {
    for (const s of this.source.sessions()) if (s.id === id) return s;
    return undefined;
  }

  #list(): { id: string; title?: string; state?: string }[] {
    return [...this.source.sessions()].map((s) => ({ id: s.id, title: s.title, state: s.state }));
  }

  #broadcastList(): void {
    const list = this.#list();
    for (const tab of this.#tabs) this.#sendControl(tab, { type: "sessions", sessions: list });
  }

  #sendControl(tab: Tab, msg: ControlToTab): void {
    this.#send(tab, JSON.stringify(msg));
  }

  #sendError(tab: Tab, code: string, message: string): void {
    this.#send(tab, encodeMessage({ type: "ERROR", code, message }));
  }

  #send(tab: Tab, data: string | Uint8Array): void {
    if (typeof data === "string" || !this.#coalesce) {
      // Control messages keep their place in the stream.
      this.#flushTab(tab);
      return this.#write(tab, data);
    }
    tab.queue.push(data);
    tab.queued += data.length;
    if (tab.queued >= BATCH_BYTES) this.#flushTab(tab);
    else {this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        for (const t of this.#tabs) this.#flushTab(t);
      }, 0);}
  }

  #flushTab(tab: Tab): void {
    const q = tab.queue;
    if (q.length === 0) return;
    let data = q[0];
    if (q.length > 1) {
      data = new Uint8Array(tab.queued);
      let at = 0;
      for (const f of q) {
        data.set(f, at);
        at += f.length;
      }
    }
    tab.queue = [];
    tab.queued = 0;
    this.#write(tab, data);
  }

  #write(tab: Tab, data: string | Uint8Array): void {
    if (!this.#tabs.has(tab)) return;
    if (tab.socket.bufferedAmount > this.#maxBuffered) {
      // A tab this far behind is cheaper to resync than to feed: drop it, and
      // its reconnect gets a fresh snapshot.
      this.#tabs.delete(tab);
      tab.socket.close(1013, "too far behind; reconnect for a fresh snapshot");
      return;
    }
    try {
      tab.socket.send(data);
    } catch {
      this.#tabs.delete(tab);
    }
  }
}
