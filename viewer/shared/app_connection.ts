/**
 * One app connection inside the viewer: sends ENV and the standard slots,
 * decodes the app's frames, applies them to its session's model and answers a
 * rejected message with ERROR. Only broken framing ends the connection.
 *
 * @module
 */
import { ErrorCode, messageTypeName } from "../../src/protocol/constants.ts";
import { isViewportError } from "../../src/protocol/errors.ts";
import type { Frame } from "../../src/protocol/frame.ts";
import type { AudioMessage, Message, RegionMessage } from "../../src/protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import type { PeerInfo, Transport } from "../../src/transport/transport.ts";
import { envMessage } from "./display.ts";
import type { DisplayInfo } from "./display.ts";
import type { ViewerLimits } from "./limits.ts";
import type { AppLink, Session } from "./session.ts";
import type { SlotValue } from "../../src/protocol/messages/types.ts";

/** What an {@linkcode AppConnection} needs from its host. */
export interface SessionRegistry {
  readonly display: DisplayInfo;
  readonly limits: ViewerLimits;
  readonly standardSlots: ReadonlyMap<number, Readonly<SlotValue>>;
  /** Binds `conn` to session `id` (REGION attach); null when no session can be made. */
  attach(conn: AppConnection, id: string): { session: Session; conflict: boolean } | null;
  /** Binds `conn` to a session named for it; null when no session can be made. */
  autoSession(conn: AppConnection): Session | null;
  /** Removes a session (the app closed its region). */
  remove(session: Session): void;
  /** The connection ended. */
  released(conn: AppConnection): void;
  /** Diagnostics (never tokens or full URIs). */
  log(line: string): void;
}

/**
 * Serves one transport for a {@linkcode SessionRegistry}. Created by the host;
 * `run()` resolves when the connection has ended and its session is released.
 *
 * @example
 * ```ts
 * import { SessionHost } from "./session_host.ts";
 * import { memoryPair } from "../../src/transport/memory.ts";
 * const host = new SessionHost();
 * const [app, viewer] = memoryPair();
 * const served = host.accept(viewer);
 * await app.close();
 * await served;
 * ```
 */
export class AppConnection implements AppLink {
  readonly transport: Transport;
  readonly info: PeerInfo;
  /** The session id the endpoint was made for (a spawned app's `VIEWPORT_SESSION`). */
  readonly expected: string | undefined;
  #registry: SessionRegistry;
  #session: Session | null = null;
  #seq = 0;
  #reportedTypes = new Set<number>();
  #closed = false;
  #retired = false;
  /** The last ENV sent, without `session` (to send a new one only on change). */
  #lastEnv = "";
  /** The app link's measured round trip (ms), once a ping came back. */
  #rtt = 0;
  #ping: { id: number; sent: number } | null = null;

  constructor(transport: Transport, registry: SessionRegistry, expected?: string) {
    this.transport = transport;
    this.info = transport.info;
    this.#registry = registry;
    this.expected = expected;
  }

  /** True when the app's link crosses a network (what ENV `remote` reports). */
  get remote(): boolean {
    return NETWORK_SCHEMES.has(this.info.scheme);
  }

  /** The session this connection feeds, once named. */
  get session(): Session | null {
    return this.#session;
  }

  /** Encodes and sends one message; false when the connection is gone. */
  async send(message: Message): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await this.transport.send(encodeMessage(message));
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connection (the read loop then releases the session). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.transport.close();
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
    try {
      await this.#greet();
      for await (const frame of this.transport.frames()) {
        const pending = this.#handle(frame);
        if (pending) await pending;
      }
    } catch (err) {
      const code = isViewportError(err) ? err.code : ErrorCode.BAD_FRAME;
      const text = err instanceof Error ? err.message : String(err);
      this.#registry.log(`connection ${describePeer(this.info)} ended: ${code}: ${text}`);
      // The framing broke (or the peer died mid-frame): say why, then close.
      if (code !== ErrorCode.CLOSED) await this.send({ type: "ERROR", code, message: text });
    } finally {
      this.#closed = true;
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

  /**
   * Over a network, measures the app link's round trip for ENV `latency_ms`:
   * only apps that said in their attach that they answer pings (`ping: true`,
   * as the SDK does) get one, so an app that knows nothing of it is not sent
   * an action it does not expect.
   */
  #measure(): Promise<unknown> | undefined {
    if (!this.remote || this.#ping) return undefined;
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

  /** Sends the ENV when it changed since the last one sent (facts, size, latency). */
  refreshEnv(force = false): Promise<boolean> {
    const env = this.env();
    const key = envKey(env);
    if (!force && key === this.#lastEnv) return Promise.resolve(false);
    this.#lastEnv = key;
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
    try {
      message = decodeFrame(frame);
    } catch (err) {
      if (isViewportError(err, ErrorCode.UNSUPPORTED)) {
        // An unknown type byte is skipped and reported once per type.
        if (this.#reportedTypes.has(frame.type)) return undefined;
        this.#reportedTypes.add(frame.type);
      }
      return this.#rejectError(seq, err);
    }
    switch (message.type) {
      case "REGION":
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
        return this.#applyState(message, seq);
    }
  }

  #applyState(message: Message, seq: number): Promise<unknown> | undefined {
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
    try {
      model.apply(message, "app");
    } catch (err) {
      return this.#rejectError(seq, err);
    }
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
        const done = this.#attach(message.session!, seq);
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

  #attach(id: string, seq: number): Promise<unknown> | undefined {
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
    const outcome = this.#registry.attach(this, id);
    if (!outcome) return this.#refuseSession(seq);
    this.#session = outcome.session;
    if (!outcome.conflict) return this.refreshEnv();
    // Another live connection holds that session: this app gets a fresh one,
    // and learns its name from a new ENV.
    return this.#reject(
      seq,
      ErrorCode.DUPLICATE_ID,
      `session ${JSON.stringify(id)} is already connected; this connection is session ${
        JSON.stringify(outcome.session.id)
      }`,
    ).then(() => this.refreshEnv(true));
  }

  /** Names an unnamed connection's session (`expected` or `sess-N`). */
  #name(): Session | null {
    const session = this.#registry.autoSession(this);
    if (!session) return null;
    this.#session = session;
    // A name the app did not choose: it learns it from a new ENV.
    void this.refreshEnv(session.id !== this.expected);
    return session;
  }

  async #refuseSession(seq: number): Promise<void> {
    await this.#reject(
      seq,
      ErrorCode.TOO_LARGE,
      `the viewer holds ${this.#registry.limits.maxSessions} live sessions (the limit); closing`,
    );
    await this.close();
  }

  #rejectError(seq: number, err: unknown): Promise<boolean> {
    if (isViewportError(err)) return this.#reject(seq, err.code, err.message);
    // A bug of ours must not end the app's connection or leak a stack trace.
    const text = err instanceof Error ? err.message : String(err);
    this.#registry.log(`internal error on frame ${seq}: ${text}`);
    return this.#reject(seq, ErrorCode.BAD_MESSAGE, `the viewer could not apply frame ${seq}`);
  }

  #reject(seq: number, code: string, message: string): Promise<boolean> {
    const session = this.#session;
    if (session) {
      session.rejected++;
      session.report({ type: "error", to: "app", code, message });
    }
    return this.send({ type: "ERROR", code, message, ref: seq });
  }
}

/** Schemes whose links cross a network (ENV `remote: true`). */
const NETWORK_SCHEMES: ReadonlySet<string> = new Set(["tcp", "tls", "ws", "wss", "vsock"]);

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
 * if (describePeer({ scheme: "tcp", peer: "127.0.0.1:5000" }) !== "tcp 127.0.0.1:5000") throw new Error();
 * ```
 */
export function describePeer(info: PeerInfo): string {
  return info.peer ? `${info.scheme} ${info.peer}` : info.scheme;
}
