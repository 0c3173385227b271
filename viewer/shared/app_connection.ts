/**
 * One app connection inside the viewer: sends ENV and the standard slots,
 * decodes the app's frames, applies them to its session's model and answers a
 * rejected message with ERROR (rate-limited). Large frames are decoded,
 * validated and applied in slices, staged and committed at once, so other apps
 * keep being served and no reader sees half a frame. Broken framing ends the connection, and so does
 * holding resources without using them: no valid frame in time, no session in
 * time, or not reading what the viewer sends.
 *
 * @module
 */
import { ErrorCode, messageTypeName } from "../../src/protocol/constants.ts";
import { isViewportError, lightErrors } from "../../src/protocol/errors.ts";
import type { Frame } from "../../src/protocol/frame.ts";
import type {
  AudioMessage,
  Message,
  RegionMessage,
  SlotValue,
} from "../../src/protocol/messages/types.ts";
import { decodeFrame, decodeFrameInSlices, encodeMessage } from "../../src/protocol/wire.ts";
import { runSlices, type Steps } from "../../src/protocol/slices.ts";
import { nextTurn, overTurn } from "./turns.ts";
import type { PeerInfo, Transport } from "../../src/transport/mod.ts";
import { type DisplayInfo, envMessage } from "./display.ts";
import { ErrorReplies } from "./error_replies.ts";
import type { ViewerLimits } from "./limits.ts";
import type { AppLink, Session } from "./session.ts";
import type { ControlHandler } from "./control.ts";

/**
 * Payloads larger than this are decoded, validated and applied in slices (a
 * turn of the event loop between). A frame this size or smaller holds little
 * work (some 3,300 moves in a list of 99,000 take about 10 ms), so it keeps
 * the faster one-turn path.
 */
export const SLICED_OVER = 128 * 1024;

/** What became of a REGION attach. */
export interface AttachOutcome {
  session: Session;
  /** Why the app did not get the session it named (it got `session` instead). */
  conflict: null | "duplicate_id" | "unauthorized";
}

/** What an {@linkcode AppConnection} needs from its host. */
export interface SessionRegistry {
  readonly display: DisplayInfo;
  readonly limits: ViewerLimits;
  readonly standardSlots: ReadonlyMap<number, Readonly<SlotValue>>;
  /** Binds `conn` to session `id` (REGION attach); null when no session can be made. */
  attach(conn: AppConnection, id: string, resume?: string): AttachOutcome | null;
  /** Binds `conn` to a session named for it; null when no session can be made. */
  autoSession(conn: AppConnection): Session | null;
  /** Removes a session (the app closed its region). */
  remove(session: Session): void;
  /** The connection ended. */
  released(conn: AppConnection): void;
  /** The connection sent its first valid frame. */
  promoted(conn: AppConnection): void;
  /** Sets the bytes `session` may hold before a state message is applied. */
  budget(session: Session): void;
  /** Counts the session's bytes after a message. */
  account(session: Session): void;
  /** Diagnostics (never tokens or full URIs). */
  log(line: string): void;
  /** Turns `conn` into a control connection (see control.ts); null when they are not allowed. */
  control?(conn: AppConnection): ControlHandler | null;
}

/**
 * Serves one transport for a {@linkcode SessionRegistry}. Created by the host;
 * `run()` resolves when the connection has ended and its session is released.
 *
 * @example
 * ```ts
 * import { SessionHost } from "./session_host.ts";
 * import { memoryPair } from "../../src/transport/mod.ts";
 * import assert from "node:assert/strict";
 * const host = new SessionHost();
 * const [app, viewer] = memoryPair();
 * const served = host.accept(viewer);
 * assert.equal(host.connectionCount, 1);
 * await app.close();
 * await served;
 * assert.equal(host.connectionCount, 0);
 * ```
 */
export class AppConnection implements AppLink {
  readonly transport: Transport;
  readonly info: PeerInfo;
  /** The session id the endpoint was made for (a spawned app's `VIEWPORT_SESSION`). */
  readonly expected: string | undefined;
  /** The transport proves the peer is the viewer's user: re-attaching needs no secret. */
  readonly trusted: boolean;
  /** When the connection was accepted (`performance.now()`). */
  readonly opened: number = performance.now();
  #registry: SessionRegistry;
  #session: Session | null = null;
  #seq = 0;
  #reportedTypes = new Set<number>();
  #closed = false;
  #retired = false;
  #control: ControlHandler | null = null;
  #valid = false;
  // Had a session at some point (a connection whose app closed its region is not idle).
  #named = false;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #errors: ErrorReplies;
  /** The last ENV sent, without `session` (to send a new one only on change). */
  #lastEnv = "";
  /** The app link's measured round trip (ms), once a ping came back. */
  #rtt = 0;
  #ping: { id: number; sent: number } | null = null;

  constructor(
    transport: Transport,
    registry: SessionRegistry,
    expected?: string,
    trusted = false,
  ) {
    this.transport = transport;
    this.info = transport.info;
    this.#registry = registry;
    this.expected = expected;
    this.trusted = trusted;
    this.#errors = new ErrorReplies((m) => this.send(m));
  }

  /** True when the app's link crosses a network (what ENV `remote` reports). */
  get remote(): boolean {
    return NETWORK_SCHEMES.has(this.info.scheme);
  }

  /** The session this connection feeds, once named. */
  get session(): Session | null {
    return this.#session;
  }

  /**
   * Encodes and sends one message; false when the connection is gone. An app
   * whose unsent backlog passes `maxSendQueue` is not reading: it is closed.
   */
  async send(message: Message): Promise<boolean> {
    if (this.#closed) return false;
    try {
      const sent = this.transport.send(encodeMessage(message));
      const backlog = this.transport.bufferedAmount ?? 0;
      const limit = this.#registry.limits.maxSendQueue;
      if (backlog > limit) {
        sent.catch(() => {});
        this.expire(
          `${backlog} bytes it has not read are queued, over the limit of ${limit}`,
          false,
        );
        return false;
      }
      await sent;
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connection (the read loop then releases the session). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopTimers();
    await this.transport.close();
  }

  /**
   * Ends the connection for holding resources without using them: logs why,
   * tells the app (unless `tell` is false: it is not reading) and closes.
   */
  expire(why: string, tell = true): void {
    if (this.#closed) return;
    this.#registry.log(`connection ${describePeer(this.info)} closed: ${why}`);
    const last = tell
      ? this.send({ type: "ERROR", code: ErrorCode.CLOSED, message: `closing: ${why}` })
      : Promise.resolve(false);
    this.#closed = true;
    this.#stopTimers();
    void last.finally(() => this.transport.close().catch(() => {}));
  }

  /** Forgets the session without closing (the session was removed). */
  detach(): void {
    this.#session = null;
  }

  /** The user closed this app's session: whatever it still sends is dropped. */
  retire(): void {
    this.#retired = true;
    this.#session = null;
  }

  /** Greets the app, then applies its frames until the connection ends. */
  async run(): Promise<void> {
    const limits = this.#registry.limits;
    this.#after(limits.handshakeTimeoutMs, () => {
      if (!this.#valid) this.expire(`no valid frame within ${limits.handshakeTimeoutMs} ms`);
    });
    this.#after(limits.idleTimeoutMs, () => {
      if (!this.#named && !this.#retired) {
        this.expire(`no session (REGION attach or state) within ${limits.idleTimeoutMs} ms`);
      }
    });
    try {
      await this.#greet();
      let count = 0;
      // Each frame is decoded at once and not kept (decoded byte strings are
      // copies), so the transport may reuse its read memory.
      for await (const frame of this.transport.frames({ transient: true })) {
        if (this.#closed) break;
        const large = frame.payload.length > SLICED_OVER;
        const pending = large && !this.#retired && frame.payload.length <= limits.maxPayload
          ? this.#handleLarge(frame)
          : this.#handle(frame);
        if (pending) await pending;
        // Queued frames are each a resolved promise: without this, a backlog would be
        // handled in one turn of the event loop. The clock is read every 32 frames,
        // and after each of a connection's first 32: many connections arriving at
        // once would otherwise each do their first frames in the same turn (50
        // flooding clients: 40-55 ms of their first frames in one turn, cold).
        if (((++count & 31) === 0 || count < 32 || large) && overTurn()) await nextTurn();
      }
    } catch (err) {
      const code = isViewportError(err) ? err.code : ErrorCode.BAD_FRAME;
      const text = err instanceof Error ? err.message : String(err);
      this.#registry.log(`connection ${describePeer(this.info)} ended: ${code}: ${text}`);
      // The framing broke (or the peer died mid-frame): say why, then close.
      if (code !== ErrorCode.CLOSED) await this.send({ type: "ERROR", code, message: text });
    } finally {
      this.#closed = true;
      this.#control?.close();
      this.#stopTimers();
      this.#errors.close();
      await this.transport.close().catch(() => {});
      this.#session?.unbind(this);
      this.#registry.released(this);
    }
  }

  async #greet(): Promise<void> {
    const display = this.#registry.display;
    const env = envMessage(display, { session: this.expected, remote: this.remote });
    this.#lastEnv = envKey(env);
    await this.send(env);
    for (const [slot, value] of this.#registry.standardSlots) {
      await this.send({ type: "DEFINE", slot, value: { ...value } });
    }
  }

  #after(ms: number, fn: () => void): void {
    this.#timers.push(setTimeout(fn, ms));
  }

  #stopTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.length = 0;
  }

  /**
   * Over a network, measures the app link's round trip for ENV `latency_ms`:
   * only apps that said in their attach that they answer pings (`ping: true`,
   * as the SDK does) get one, so an app that knows nothing of it is not sent
   * an action it does not expect.
   */
  #measure(): Promise<unknown> | undefined {
    if (!this.remote || this.#ping || this.#closed) return undefined;
    this.#ping = { id: 1, sent: performance.now() };
    return this.send({ type: "REGION", action: "ping", id: 1 });
  }

  /** The ENV of this connection's session now. */
  env(session: Session | null = this.#session): Message & { type: "ENV" } {
    return envMessage(this.#registry.display, {
      session: session?.id ?? this.expected,
      width: session?.width,
      height: session?.height,
      facts: session?.facts,
      remote: this.remote,
      latencyMs: this.#rtt,
    });
  }

  /**
   * Sends the ENV when it changed since the last one sent (facts, size,
   * latency), or always when `force`d. `resume` also forces one, carrying the
   * session's resume secret: on attach, and when the viewer named the session.
   */
  refreshEnv(force = false, resume = false): Promise<boolean> {
    const env = this.env();
    const key = envKey(env);
    if (!force && !resume && key === this.#lastEnv) return Promise.resolve(false);
    this.#lastEnv = key;
    if (resume && this.#session) return this.send({ ...env, resume: this.#session.secret });
    return this.send(env);
  }

  /** Returns a promise only when it had to send something (backpressure). */
  #handle(frame: Frame): Promise<unknown> | undefined {
    const seq = ++this.#seq;
    if (this.#retired) return undefined;
    const limits = this.#registry.limits;
    if (frame.payload.length > limits.maxPayload) {
      return this.#reject(
        seq,
        ErrorCode.TOO_LARGE,
        `${
          typeName(frame.type)
        } frame of ${frame.payload.length} bytes exceeds the limit of ${limits.maxPayload}`,
      );
    }
    let message: Message;
    // A peer's bad frames are answered by message, never by stack: making an
    // Error with its stack was most of what a rejection cost.
    lightErrors(1);
    try {
      message = decodeFrame(frame);
    } catch (err) {
      return this.#undecodable(frame, seq, err);
    } finally {
      lightErrors(-1);
    }
    return this.#dispatch(message, seq);
  }

  /** A large frame: decoded in slices, other connections are served in between. */
  async #handleLarge(frame: Frame): Promise<unknown> {
    const seq = ++this.#seq;
    let message: Message;
    try {
      message = await decodeFrameInSlices(frame, { pause: nextTurn });
    } catch (err) {
      return this.#undecodable(frame, seq, err);
    }
    if (this.#retired || this.#closed) return undefined;
    return this.#dispatch(message, seq, true);
  }

  #undecodable(frame: Frame, seq: number, err: unknown): Promise<unknown> | undefined {
    if (isViewportError(err, ErrorCode.UNSUPPORTED)) {
      // An unknown type byte is skipped and reported once per type.
      if (this.#reportedTypes.has(frame.type)) return undefined;
      this.#reportedTypes.add(frame.type);
    }
    return this.#rejectError(seq, err);
  }

  #dispatch(message: Message, seq: number, sliced = false): Promise<unknown> | undefined {
    if (!this.#valid) {
      this.#valid = true;
      this.#registry.promoted(this);
    }
    if (this.#control) {
      this.#control.handle(message);
      return undefined;
    }
    switch (message.type) {
      case "REGION":
        if (message.action === "control") return this.#startControl(seq);
        return this.#region(message, seq);
      case "INPUT":
      case "ENV":
        return this.#reject(
          seq,
          ErrorCode.BAD_MESSAGE,
          `${message.type} is sent by the viewer, not by an app`,
        );
      case "ERROR":
        // Never answer an ERROR with an ERROR: two peers could loop.
        this.#session?.report({
          type: "error",
          to: "viewer",
          code: message.code,
          message: message.message,
        });
        return undefined;
      case "AUDIO":
        return this.#audio(message, seq);
      default:
        return this.#applyState(message, seq, sliced);
    }
  }

  /** `REGION control` as the first message: a tool, not an app (see control.ts). */
  #startControl(seq: number): Promise<unknown> | undefined {
    if (this.#session || seq !== 1) {
      return this.#reject(
        seq,
        ErrorCode.BAD_MESSAGE,
        "REGION control must be the first message of a connection (an app cannot become a control connection)",
      );
    }
    const control = this.#registry.control?.(this) ?? null;
    if (!control) {
      return Promise.resolve(this.#reject(
        seq,
        ErrorCode.UNAUTHORIZED,
        "this viewer does not accept control connections (start it with --allow-control)",
      )).then(() => this.close());
    }
    this.#control = control;
    return undefined;
  }

  #applyState(message: Message, seq: number, sliced = false): Promise<unknown> | undefined {
    const session = this.#session ?? this.#name();
    if (!session) return this.#refuseSession(seq);
    const model = session.model;
    if (message.type === "CANVAS" && !this.#registry.display.canvasModes.includes(message.mode)) {
      return this.#reject(
        seq,
        ErrorCode.UNSUPPORTED,
        `CANVAS mode ${JSON.stringify(message.mode)} is not supported (supported: ${
          this.#registry.display.canvasModes.join(", ") || "none"
        })`,
      );
    }
    if (
      (message.type === "DEFINE" && message.value !== null || message.type === "SCHEMA") &&
      model.slots.get(message.slot) === undefined &&
      model.slots.size >= this.#registry.limits.maxSlots
    ) {
      return this.#reject(
        seq,
        ErrorCode.TOO_LARGE,
        `${message.type} slot ${message.slot}: the session would exceed the limit of ${this.#registry.limits.maxSlots} slots`,
      );
    }
    session.beforeState();
    this.#registry.budget(session);
    if (sliced) return this.#applySliced(session, message, seq);
    lightErrors(1);
    try {
      model.apply(message, "app");
    } catch (err) {
      this.#registry.account(session);
      return this.#rejectError(seq, err);
    } finally {
      lightErrors(-1);
    }
    this.#registry.account(session);
    session.applied++;
    session.report({ type: "message", message });
    return undefined;
  }

  /**
   * A large message: applied in slices beside the session's state (readers
   * keep seeing the state before it) and committed at once by the last slice,
   * other connections served in between. This connection's next frame waits
   * (the read loop awaits this), so its frames stay in order.
   */
  async #applySliced(session: Session, message: Message, seq: number): Promise<unknown> {
    try {
      await runSlices(lightly(session.model.applySteps(message, "app")), { pause: nextTurn });
    } catch (err) {
      this.#registry.account(session);
      return this.#rejectError(seq, err);
    }
    this.#registry.account(session);
    session.applied++;
    session.report({ type: "message", message });
    return undefined;
  }

  #audio(message: AudioMessage, seq: number): Promise<unknown> | undefined {
    const audio = this.#registry.display.audio;
    const { action } = message;
    const ok = action === "play"
      ? audio?.builtins.includes(message.builtin!)
      : action === "stream"
      ? audio?.formats.includes(message.format!)
      : action === "stop"
      ? (audio?.formats.length ?? 0) > 0
      : false;
    if (!ok) {
      const can = !audio
        ? "it plays no sound"
        : `it plays ${audio.builtins.join(", ") || "no builtins"} and streams ${
          audio.formats.join(", ") || "no formats"
        }`;
      const what = action === "play"
        ? `play ${JSON.stringify(message.builtin)}`
        : action === "stream"
        ? `stream of ${JSON.stringify(message.format)}`
        : action === "stop"
        ? "stop"
        : `action ${JSON.stringify(action)} (expected play, stream or stop)`;
      return this.#reject(seq, ErrorCode.UNSUPPORTED, `AUDIO ${what} is not supported: ${can}`);
    }
    this.#session?.report({ type: "audio", action, builtin: message.builtin, message });
    return undefined;
  }

  #region(message: RegionMessage, seq: number): Promise<unknown> | undefined {
    switch (message.action) {
      case "pong": {
        const p = this.#ping;
        if (p && message.id === p.id) {
          this.#ping = null;
          this.#rtt = performance.now() - p.sent;
          return this.refreshEnv();
        }
        return undefined;
      }
      case "attach": {
        const done = this.#attach(
          message.session!,
          seq,
          typeof message.resume === "string" ? message.resume : undefined,
        );
        if (message.ping !== true) return done;
        return done ? done.then(() => this.#measure()) : this.#measure();
      }
      case "title": {
        const session = this.#session ?? this.#name();
        if (!session) return this.#refuseSession(seq);
        session.title = message.title;
        session.report({ type: "status" });
        return undefined;
      }
      case "close":
        // The app is done with its region; what it showed stays until the user
        // closes it or it is evicted. Anything sent later starts a new session.
        this.#session?.end(this);
        this.#session = null;
        return undefined;
      default:
        return this.#reject(
          seq,
          ErrorCode.UNSUPPORTED,
          `REGION action ${
            JSON.stringify(message.action)
          } is not one an app sends (expected attach, title or close)`,
        );
    }
  }

  #attach(id: string, seq: number, resume: string | undefined): Promise<unknown> | undefined {
    if (this.#session) {
      if (this.#session.id === id) return undefined;
      return this.#reject(
        seq,
        ErrorCode.BAD_MESSAGE,
        `REGION attach ${JSON.stringify(id)}: this connection is already session ${
          JSON.stringify(this.#session.id)
        } (attach must be the first message)`,
      );
    }
    const outcome = this.#registry.attach(this, id, resume);
    if (!outcome) return this.#refuseSession(seq);
    const session = this.#session = outcome.session;
    this.#named = true;
    // The ENV naming the session, with the secret that lets the app resume it later.
    if (outcome.conflict === null) return this.refreshEnv(false, true);
    // Another live connection holds that session, or this one could not prove
    // it is the app that had it: this app gets a fresh one, and learns its
    // name (and its resume secret) from a new ENV.
    const why = outcome.conflict === "duplicate_id"
      ? `session ${JSON.stringify(id)} is already connected`
      : `session ${JSON.stringify(id)} is held for the app that had it: attach with its ` +
        `resume secret (ENV resume) to take it back`;
    return Promise.resolve(this.#reject(
      seq,
      outcome.conflict === "duplicate_id" ? ErrorCode.DUPLICATE_ID : ErrorCode.UNAUTHORIZED,
      `${why}; this connection is session ${JSON.stringify(session.id)}`,
    )).then(() => this.refreshEnv(false, true));
  }

  /** Names an unnamed connection's session (`expected` or `sess-N`). */
  #name(): Session | null {
    const session = this.#registry.autoSession(this);
    if (!session) return null;
    this.#session = session;
    this.#named = true;
    // The spawned app already knows its name (first ENV) and needs no secret; an
    // app the viewer named learns both from a new ENV.
    void this.refreshEnv(false, session.id !== this.expected);
    return session;
  }

  async #refuseSession(seq: number): Promise<void> {
    this.#errors.flush();
    await this.send({
      type: "ERROR",
      code: ErrorCode.TOO_LARGE,
      message:
        `the viewer holds ${this.#registry.limits.maxSessions} live sessions (the limit); closing`,
      ref: seq,
    });
    await this.close();
  }

  #rejectError(seq: number, err: unknown): Promise<boolean> | undefined {
    if (isViewportError(err)) return this.#reject(seq, err.code, err.message);
    // A bug of ours must not end the app's connection or leak a stack trace.
    const text = err instanceof Error ? err.message : String(err);
    this.#registry.log(`internal error on frame ${seq}: ${text}`);
    return this.#reject(seq, ErrorCode.BAD_MESSAGE, `the viewer could not apply frame ${seq}`);
  }

  /** Answers a rejected frame; past the reply rate, errors wait for a summary. */
  #reject(seq: number, code: string, message: string): Promise<boolean> | undefined {
    const session = this.#session;
    if (session) {
      session.rejected++;
      session.report({ type: "error", to: "app", code, message });
    }
    return this.#errors.reply(code, message, seq);
  }
}

/** Runs each step with light errors (a peer's bad frame is answered by message, not stack). */
function* lightly<T>(steps: Steps<T>): Steps<T> {
  for (;;) {
    lightErrors(1);
    let r: IteratorResult<number, T>;
    try {
      r = steps.next();
    } finally {
      lightErrors(-1);
    }
    if (r.done) return r.value;
    yield r.value;
  }
}

/** Schemes whose links cross a network (ENV `remote: true`). */
const NETWORK_SCHEMES: ReadonlySet<string> = new Set([
  "tcp",
  "tls",
  "ws",
  "wss",
  "vsock",
  "nats",
  "nats+tls",
]);

/** An ENV without its session name, for "did it change". */
function envKey(env: Message & { type: "ENV" }): string {
  const { session: _s, ...rest } = env;
  return JSON.stringify(rest);
}

function typeName(type: number): string {
  return messageTypeName(type) ?? `type 0x${type.toString(16).padStart(2, "0")}`;
}

/**
 * A connection's peer for logs: scheme and sanitized peer only.
 *
 * @example
 * ```ts
 * import { describePeer } from "./app_connection.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describePeer({ scheme: "tcp", peer: "127.0.0.1:5000" }), "tcp 127.0.0.1:5000");
 * ```
 */
export function describePeer(info: PeerInfo): string {
  return info.peer ? `${info.scheme} ${info.peer}` : info.scheme;
}
