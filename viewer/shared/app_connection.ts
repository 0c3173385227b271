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
import type { Message, RegionMessage } from "../../src/protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import type { PeerInfo, Transport } from "../../src/transport/transport.ts";
import { envMessage } from "./display.ts";
import type { DisplayInfo } from "./display.ts";
import type { ViewerLimits } from "./limits.ts";
import type { AppLink, Session } from "./session.ts";
import type { SlotValue } from "../../src/protocol/messages/types.ts";
import type { ControlHandler } from "./control.ts";

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
  #control: ControlHandler | null = null;

  constructor(transport: Transport, registry: SessionRegistry, expected?: string) {
    this.transport = transport;
    this.info = transport.info;
    this.#registry = registry;
    this.expected = expected;
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
      this.#control?.close();
      await this.transport.close().catch(() => {});
      this.#session?.unbind(this);
      this.#registry.released(this);
    }
  }

  async #greet(): Promise<void> {
    const display = this.#registry.display;
    await this.send(envMessage(display, { session: this.expected }));
    for (const [slot, value] of this.#registry.standardSlots) {
      await this.send({ type: "DEFINE", slot, value: { ...value } });
    }
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
        this.#session?.report({ type: "audio", action: message.action, builtin: message.builtin });
        return undefined;
      default:
        return this.#applyState(message, seq);
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
      return this.#reject(
        seq,
        ErrorCode.UNAUTHORIZED,
        "this viewer does not accept control connections (start it with --allow-control)",
      ).then(() => this.close());
    }
    this.#control = control;
    return undefined;
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

  #region(message: RegionMessage, seq: number): Promise<unknown> | undefined {
    switch (message.action) {
      case "attach":
        return this.#attach(message.session!, seq);
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
    if (!outcome.conflict) return undefined;
    // Another live connection holds that session: this app gets a fresh one,
    // and learns its name from a new ENV.
    return this.#reject(
      seq,
      ErrorCode.DUPLICATE_ID,
      `session ${JSON.stringify(id)} is already connected; this connection is session ${
        JSON.stringify(outcome.session.id)
      }`,
    ).then(() => this.#sendEnv(outcome.session));
  }

  /** Names an unnamed connection's session (`expected` or `sess-N`). */
  #name(): Session | null {
    const session = this.#registry.autoSession(this);
    if (!session) return null;
    this.#session = session;
    if (session.id !== this.expected) void this.#sendEnv(session);
    return session;
  }

  #sendEnv(session: Session): Promise<boolean> {
    return this.send(envMessage(this.#registry.display, {
      session: session.id,
      width: session.width,
      height: session.height,
    }));
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
