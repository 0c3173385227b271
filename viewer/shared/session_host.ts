/**
 * The viewer's core, independent of any front end: accepts app connections from
 * any listener (or a spawned child's private endpoint), keeps one session per
 * app, and tells observers what changed.
 *
 * @module
 */
import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";
import type { Message, SlotValue } from "../../src/protocol/messages/types.ts";
import type { Listener, Transport } from "../../src/transport/transport.ts";
import { AppConnection, describePeer, type SessionRegistry } from "./app_connection.ts";
import { type DisplayInfo, HEADLESS_DISPLAY } from "./display.ts";
import type { SessionObserver } from "./front_end.ts";
import { resolveLimits, type ViewerLimits } from "./limits.ts";
import { Session, type SessionEvent } from "./session.ts";
import { ControlConnection, type ControlHandler } from "./control.ts";

/** Options for {@linkcode SessionHost}. */
export interface SessionHostOptions {
  /** Limits; unset ones take their defaults. */
  limits?: Partial<ViewerLimits>;
  /** The front end's display (default: headless, 80 x 24 cells). */
  display?: DisplayInfo;
  /** Standard slot values sent and applied on connect (default: the spec's). */
  standardSlots?: ReadonlyMap<number, Readonly<SlotValue>>;
  /** How long an app asked to close may take before its connection is cut (ms, default 2000). */
  closeGraceMs?: number;
  /** Diagnostics sink (never given tokens or full URIs). Default: discard. */
  log?: (line: string) => void;
  /**
   * Accept control connections (tools such as `viewport mcp` that read and
   * drive every session; see control.ts), logging each of their actions
   * here. Default: refused.
   */
  controlLog?: (line: string) => void;
}

/** How a connection was accepted. */
export interface AcceptOptions {
  /** The session id the endpoint was made for (the `VIEWPORT_SESSION` of a spawned app). */
  session?: string;
}

/**
 * Hosts app sessions.
 *
 * @example
 * ```ts
 * import { SessionHost } from "./session_host.ts";
 * import { memoryPair } from "../../src/transport/memory.ts";
 * import { encodeMessage } from "../../src/protocol/wire.ts";
 * const host = new SessionHost();
 * const [app, viewer] = memoryPair();
 * const served = host.accept(viewer);
 * await app.send(encodeMessage({ type: "REGION", action: "attach", session: "demo" }));
 * await app.send(encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } }));
 * await new Promise((r) => setTimeout(r, 0));
 * if (host.session("demo")?.text() !== "hi") throw new Error("not applied");
 * await host.close();
 * await served;
 * ```
 */
export class SessionHost implements SessionRegistry {
  readonly limits: ViewerLimits;
  readonly display: DisplayInfo;
  readonly standardSlots: ReadonlyMap<number, Readonly<SlotValue>>;
  #sessions = new Map<string, Session>();
  #connections = new Set<AppConnection>();
  #listeners = new Set<Listener>();
  #observers = new Set<SessionObserver>();
  #auto = 0;
  #log: (line: string) => void;
  #closeGraceMs: number;
  #controlLog: ((line: string) => void) | undefined;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(options: SessionHostOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.display = options.display ?? HEADLESS_DISPLAY;
    this.standardSlots = options.standardSlots ?? STANDARD_SLOTS;
    this.#log = options.log ?? (() => {});
    this.#closeGraceMs = options.closeGraceMs ?? 2000;
    this.#controlLog = options.controlLog;
  }

  /** Sessions in creation order. */
  get sessions(): Session[] {
    return [...this.#sessions.values()];
  }

  /** The session named `id`. */
  session(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  /** Live app connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Subscribes to session events; returns an unsubscribe function. */
  observe(observer: SessionObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /**
   * Serves one app connection; resolves when it has ended. Over the connection
   * limit the app is told `too_large` and the transport is closed.
   */
  async accept(transport: Transport, options: AcceptOptions = {}): Promise<void> {
    if (this.#closed || this.#connections.size >= this.limits.maxConnections) {
      const conn = new AppConnection(transport, this, options.session);
      await conn.send({
        type: "ERROR",
        code: "too_large",
        message: this.#closed
          ? "the viewer is shutting down"
          : `the viewer has ${this.#connections.size} connections (the limit)`,
      });
      await transport.close();
      return;
    }
    const conn = new AppConnection(transport, this, options.session);
    this.#connections.add(conn);
    this.#log(`connection from ${describePeer(transport.info)}`);
    await conn.run();
  }

  /**
   * Accepts every connection of `listener` until it (or the host) closes.
   * Resolves when the listener has ended; connections keep running.
   */
  async serve(listener: Listener, options: AcceptOptions = {}): Promise<void> {
    this.#listeners.add(listener);
    try {
      for await (const transport of listener) void this.accept(transport, options);
    } catch (err) {
      this.#log(`listener ${describePeer(listener.info)} failed: ${(err as Error).message}`);
    } finally {
      this.#listeners.delete(listener);
    }
  }

  /**
   * Closes a session for the user: a connected app is asked to end (REGION
   * close) and cut off after the grace period; the session is removed at once.
   */
  closeSession(id: string): boolean {
    const session = this.#sessions.get(id);
    if (!session) return false;
    const conn = this.#connectionOf(session);
    if (conn) {
      void conn.send({ type: "REGION", action: "close" });
      conn.retire();
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        void conn.close();
      }, this.#closeGraceMs);
      this.#timers.add(timer);
    }
    this.remove(session);
    return true;
  }

  /** Stops listening, closes every connection, keeps the sessions. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await Promise.all([...this.#listeners].map((l) => l.close().catch(() => {})));
    await Promise.all([...this.#connections].map((c) => c.close().catch(() => {})));
  }

  // --- SessionRegistry (used by AppConnection) ---

  /** @internal */
  attach(conn: AppConnection, id: string): { session: Session; conflict: boolean } | null {
    const existing = this.#sessions.get(id);
    if (existing && existing.state === "live") {
      const session = this.autoSession(conn, true);
      return session ? { session, conflict: true } : null;
    }
    if (existing) {
      existing.bind(conn, true);
      this.#log(`session ${id} re-attached from ${describePeer(conn.info)}`);
      return { session: existing, conflict: false };
    }
    const session = this.#create(id, conn);
    return session ? { session, conflict: false } : null;
  }

  /** @internal */
  autoSession(conn: AppConnection, avoidExpected = false): Session | null {
    const expected = conn.expected;
    if (!avoidExpected && expected !== undefined) {
      const existing = this.#sessions.get(expected);
      if (!existing) return this.#create(expected, conn);
      if (existing.state !== "live") {
        existing.bind(conn, true);
        return existing;
      }
    }
    let id: string;
    do id = `sess-${++this.#auto}`; while (this.#sessions.has(id));
    return this.#create(id, conn);
  }

  /** @internal */
  remove(session: Session): void {
    if (this.#sessions.get(session.id) !== session) return;
    this.#sessions.delete(session.id);
    for (const c of this.#connections) if (c.session === session) c.detach();
    session.markClosed();
    this.#log(`session ${session.id} removed`);
    this.#each((o) => o.sessionRemoved?.(session));
  }

  /** @internal */
  control(conn: AppConnection): ControlHandler | null {
    const log = this.#controlLog;
    if (!log) return null;
    const peer = { who: describePeer(conn.info), send: (m: Message) => conn.send(m) };
    return new ControlConnection(this, peer, (line) => {
      try {
        log(line);
      } catch { /* a broken log sink must not break the host */ }
    });
  }

  /** @internal */
  released(conn: AppConnection): void {
    this.#connections.delete(conn);
  }

  /** @internal */
  log(line: string): void {
    try {
      this.#log(line);
    } catch { /* a broken log sink must not break the host */ }
  }

  #create(id: string, conn: AppConnection): Session | null {
    if (this.#sessions.size >= this.limits.maxSessions && !this.#evictOne()) return null;
    const session = new Session({
      id,
      width: this.display.width,
      height: this.display.height,
      model: {
        maxNodes: this.limits.maxNodes,
        maxDepth: this.limits.maxDepth,
        maxRows: this.limits.maxRows,
      },
      standardSlots: this.standardSlots,
      notify: (s, e) => this.#changed(s, e),
    });
    session.bind(conn, false);
    this.#sessions.set(id, session);
    this.#log(`session ${id} attached from ${describePeer(conn.info)}`);
    this.#each((o) => o.sessionAdded?.(session));
    return session;
  }

  /** Drops the oldest disconnected session; false when all are live. */
  #evictOne(): boolean {
    for (const s of this.#sessions.values()) {
      if (s.state !== "live") {
        this.remove(s);
        return true;
      }
    }
    return false;
  }

  #connectionOf(session: Session): AppConnection | undefined {
    for (const c of this.#connections) if (session.isBoundTo(c)) return c;
    return undefined;
  }

  #changed(session: Session, event: SessionEvent): void {
    // Events of a session that is not (or no longer) listed are not shown.
    if (this.#sessions.get(session.id) !== session) return;
    this.#each((o) => o.sessionChanged?.(session, event));
  }

  #each(fn: (o: SessionObserver) => void): void {
    for (const o of this.#observers) {
      try {
        fn(o);
      } catch (err) {
        this.log(`observer failed: ${(err as Error)?.message ?? err}`);
      }
    }
  }
}
