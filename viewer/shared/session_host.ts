/**
 * The viewer's core, independent of any front end: accepts app connections from
 * any listener (or a spawned child's private endpoint), keeps one session per
 * app, and tells observers what changed.
 *
 * @module
 */
import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";
import type { Message, SlotValue } from "../../src/protocol/messages/types.ts";
import {
  constantTimeEqual,
  type Listener,
  type PeerInfo,
  type Transport,
} from "../../src/transport/mod.ts";
import {
  AppConnection,
  type AttachOutcome,
  describePeer,
  type SessionRegistry,
} from "./app_connection.ts";
import { type DisplayInfo, HEADLESS_DISPLAY } from "./display.ts";
import { Session, type SessionEvent, type SessionObserver } from "./session.ts";
import { resolveLimits, type ViewerLimits } from "./limits.ts";
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
  /**
   * Whether a connection's transport already proves that the peer is the
   * viewer's own user, so that re-attaching to a session needs no resume
   * secret. Default: unix sockets (created 0600), inherited fds and in-process
   * pairs; connections to a spawned app's private endpoint always are.
   */
  trusted?: (info: PeerInfo) => boolean;
}

// nats: who may publish as an app is decided by the NATS server's permissions
// on the tenant's subject prefix; and with several viewers an app holds only the
// last one's resume secret, so re-attaching by name must not need it.
const TRUSTED_SCHEMES = new Set(["unix", "fd", "pipe", "memory", "nats", "nats+tls"]);
/** A connection waits this long for its first frame before it can be made to give way. */
const PENDING_GRACE_MS = 1000;

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
 * import { memoryPair } from "../../src/transport/mod.ts";
 * import { encodeMessage } from "../../src/protocol/wire.ts";
 * import assert from "node:assert/strict";
 * const host = new SessionHost();
 * const [app, viewer] = memoryPair();
 * const served = host.accept(viewer);
 * await app.send(encodeMessage({ type: "REGION", action: "attach", session: "demo" }));
 * await app.send(encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } }));
 * // Frames are applied in the host's turns: wait until this one is.
 * for (let i = 0; i < 500 && host.session("demo")?.text() !== "hi"; i++) {
 *   await new Promise((r) => setTimeout(r, 10));
 * }
 * assert.equal(host.session("demo")?.text(), "hi", "not applied");
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
  // Connections that have not sent a valid frame yet, oldest first.
  #pending = new Set<AppConnection>();
  // Sessions without a connection, in the order they lost it (TTL, eviction).
  #detached = new Set<Session>();
  #ttlTimer: ReturnType<typeof setTimeout> | undefined;
  #bytes = 0;
  #trusted: (info: PeerInfo) => boolean;
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
    this.#trusted = options.trusted ?? ((info) => TRUSTED_SCHEMES.has(info.scheme));
  }

  /** Estimated bytes all sessions hold (tree, rows, drawings), as last counted. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Connections that have not sent a valid frame yet. */
  get pendingCount(): number {
    return this.#pending.size;
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
    const trusted = options.session !== undefined || this.#trusted(transport.info);
    const conn = new AppConnection(transport, this, options.session, trusted);
    const limits = this.limits;
    // Silent connections give way to new ones: the oldest that has not sent a
    // valid frame (for at least a second: a burst of real apps is not silent)
    // is closed when the pending share or the whole limit is full.
    while (
      !this.#closed &&
      (this.#pending.size >= limits.maxPending ||
        this.#connections.size >= limits.maxConnections) &&
      this.#dropOldestPending()
    );
    if (this.#closed || this.#connections.size >= limits.maxConnections) {
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
    this.#connections.add(conn);
    this.#pending.add(conn);
    this.#log(`connection from ${describePeer(transport.info)}`);
    await conn.run();
  }

  /** Closes the oldest pending connection if it has waited long enough; true if it did. */
  #dropOldestPending(): boolean {
    for (const oldest of this.#pending) {
      // The oldest first: if it is still young, so are all the others.
      if (performance.now() - oldest.opened < PENDING_GRACE_MS) return false;
      this.#pending.delete(oldest);
      this.#connections.delete(oldest);
      oldest.expire(
        `closed to make room: it had sent no valid frame and ${this.#pending.size + 1} ` +
          `connections were waiting (the limit is ${this.limits.maxPending})`,
      );
      return true;
    }
    return false;
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
    clearTimeout(this.#ttlTimer);
    this.#ttlTimer = undefined;
    await Promise.all([...this.#listeners].map((l) => l.close().catch(() => {})));
    await Promise.all([...this.#connections].map((c) => c.close().catch(() => {})));
  }

  // --- SessionRegistry (used by AppConnection) ---

  /** @internal */
  attach(conn: AppConnection, id: string, resume?: string): AttachOutcome | null {
    const existing = this.#sessions.get(id);
    if (existing && existing.state === "live") {
      const session = this.autoSession(conn, true);
      return session ? { session, conflict: "duplicate_id" } : null;
    }
    if (existing) {
      const proven = conn.trusted ||
        (resume !== undefined && constantTimeEqual(resume, existing.secret));
      if (!proven) {
        this.#log(
          `session ${id}: attach from ${describePeer(conn.info)} without its resume secret`,
        );
        const session = this.autoSession(conn, true);
        return session ? { session, conflict: "unauthorized" } : null;
      }
      existing.bind(conn, true);
      this.#log(`session ${id} re-attached from ${describePeer(conn.info)}`);
      return { session: existing, conflict: null };
    }
    const session = this.#create(id, conn);
    return session ? { session, conflict: null } : null;
  }

  /** @internal */
  autoSession(conn: AppConnection, avoidExpected = false): Session | null {
    const expected = conn.expected;
    if (!avoidExpected && expected !== undefined) {
      const existing = this.#sessions.get(expected);
      if (!existing) return this.#create(expected, conn, true);
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
    this.#detached.delete(session);
    this.#bytes -= session.counted;
    session.counted = 0;
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
    this.#pending.delete(conn);
  }

  /** @internal The connection sent its first valid frame. */
  promoted(conn: AppConnection): void {
    this.#pending.delete(conn);
  }

  /**
   * @internal Before a state message is applied to `session`: sets how many
   * bytes its model may hold, evicting unconnected sessions (oldest first)
   * when the viewer-wide budget would otherwise squeeze it.
   */
  budget(session: Session): void {
    const { maxSessionBytes, maxViewerBytes } = this.limits;
    // The common case: plenty of room, the session's limit already the full one.
    if (this.#bytes + maxSessionBytes <= maxViewerBytes) {
      if (session.model.maxBytes !== maxSessionBytes) session.model.maxBytes = maxSessionBytes;
      return;
    }
    let room = maxViewerBytes - (this.#bytes - session.counted);
    if (room < maxSessionBytes) {
      for (const old of this.#detached) {
        if (room >= maxSessionBytes) break;
        if (old === session || old.pinned) continue;
        room += old.counted;
        this.#log(`session ${old.id} evicted: the viewer holds ${this.#bytes} bytes`);
        this.remove(old);
      }
    }
    const limit = Math.max(0, Math.min(maxSessionBytes, room));
    if (session.model.maxBytes !== limit) session.model.maxBytes = limit;
  }

  /** @internal After a message was applied (or refused): counts the session's bytes. */
  account(session: Session): void {
    if (session.state === "closed") return; // removed: no longer counted
    const now = session.model.bytes;
    this.#bytes += now - session.counted;
    session.counted = now;
  }

  /** @internal */
  log(line: string): void {
    try {
      this.#log(line);
    } catch { /* a broken log sink must not break the host */ }
  }

  #create(id: string, conn: AppConnection, pinned = false): Session | null {
    if (this.#sessions.size >= this.limits.maxSessions && !this.#evictOne()) return null;
    const session = new Session({
      id,
      width: this.display.width,
      height: this.display.height,
      model: {
        maxNodes: this.limits.maxNodes,
        maxDepth: this.limits.maxDepth,
        maxRows: this.limits.maxRows,
        maxWork: this.limits.maxWork,
        maxBytes: this.limits.maxSessionBytes,
      },
      standardSlots: this.standardSlots,
      pinned,
      notify: (s, e) => this.#changed(s, e),
    });
    session.bind(conn, false);
    this.#sessions.set(id, session);
    this.#log(`session ${id} attached from ${describePeer(conn.info)}`);
    this.#each((o) => o.sessionAdded?.(session));
    return session;
  }

  /** Drops the oldest session without a connection; false when all are live. */
  #evictOne(): boolean {
    for (const s of this.#detached) {
      if (!s.pinned) {
        this.remove(s);
        return true;
      }
    }
    for (const s of this.#detached) {
      this.remove(s);
      return true;
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
    if (event.type === "status") this.#track(session);
    this.#each((o) => o.sessionChanged?.(session, event));
  }

  /** Keeps the list of unconnected sessions, in the order they lost their connection. */
  #track(session: Session): void {
    if (session.state === "live") {
      this.#detached.delete(session);
      return;
    }
    if (this.#detached.has(session)) return;
    this.#detached.add(session);
    if (!session.pinned) this.#armTtl();
  }

  /** One timer for the unconnected session that expires first. */
  #armTtl(): void {
    if (this.#ttlTimer !== undefined || this.#closed) return;
    let first: Session | undefined;
    for (const s of this.#detached) {
      if (!s.pinned) {
        first = s;
        break;
      }
    }
    if (!first) return;
    const wait = Math.max(0, first.detachedAt + this.limits.sessionTtlMs - performance.now());
    this.#ttlTimer = setTimeout(() => {
      this.#ttlTimer = undefined;
      const now = performance.now();
      for (const s of [...this.#detached]) {
        if (s.pinned || s.state === "live") continue;
        if (s.detachedAt + this.limits.sessionTtlMs > now) break;
        this.#log(`session ${s.id} expired: no connection for ${this.limits.sessionTtlMs} ms`);
        this.remove(s);
      }
      this.#armTtl();
    }, Math.ceil(wait));
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
