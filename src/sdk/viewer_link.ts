/**
 * Viewer mode: frames over a transport, with the session attach first, the
 * viewer's messages read back, and reconnection with backoff that re-sends the
 * app's whole state. A refused token is final: no retries.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { isViewportError, ViewportError } from "../protocol/errors.ts";
import type { EnvMessage, Message } from "../protocol/messages/types.ts";
import { decodeFrame, MessageEncoder } from "../protocol/wire.ts";
import { snapshotMessages } from "../model/snapshot.ts";
import type { ViewportModel } from "../model/viewport_model.ts";
import type { Transport } from "../transport/mod.ts";
import type { Link } from "./link.ts";

/** Reconnection timing (transport-spec 6.3). */
export interface ReconnectOptions {
  /** First delay after the link drops, in ms. Default 50. */
  initialDelayMs?: number;
  /** The delay doubles up to this, in ms. Default 2000. */
  maxDelayMs?: number;
  /** Give up after this many failed attempts in a row. Default: never. */
  maxAttempts?: number;
}

/** Options for {@linkcode ViewerLink}. */
export interface ViewerLinkOptions {
  /** Opens a fresh transport to the viewer (the same URI every time). */
  dial: () => Promise<Transport>;
  /** The session id sent in REGION attach. */
  session: string;
  /** The app's state, re-sent in full after a reconnect. */
  model: ViewportModel;
  /** Every message the viewer sends (ENV, INPUT, REGION, DEFINE, ERROR...). */
  receive: (message: Message) => void;
  /** Problems that do not end the app: undecodable frames, failed dials. */
  onError: (error: ViewportError) => void;
  /** The link is back and the state was re-sent. */
  onReconnect: (attempt: number) => void;
  /** The link is gone for good (reconnection off or exhausted). */
  onGone: (error: ViewportError) => void;
  /** `false` turns reconnection off. */
  reconnect?: boolean | ReconnectOptions;
}

/**
 * The viewer-mode link. `start()` dials and sends the attach; `send()` encodes
 * a tick's messages into frames while connected and drops them while not (the
 * state lives in the model and is re-sent on reconnect).
 *
 * @example
 * ```ts
 * import { ViewerLink } from "./viewer_link.ts";
 * import { ViewportModel } from "../model/viewport_model.ts";
 * import { memoryPair } from "../transport/mod.ts";
 * import { decodeFrame } from "../protocol/wire.ts";
 * import assert from "node:assert/strict";
 * const [app, viewer] = memoryPair();
 * const link = new ViewerLink({
 *   dial: () => Promise.resolve(app), session: "s1", model: new ViewportModel(),
 *   receive: () => {}, onError: () => {}, onReconnect: () => {}, onGone: () => {},
 *   reconnect: false,
 * });
 * await link.start(0);
 * const first = decodeFrame((await viewer.frames().next()).value);
 * assert.equal(first.type, "REGION");
 * assert.equal(first.session, "s1");
 * await link.close();
 * ```
 */
export class ViewerLink implements Link {
  #o: ViewerLinkOptions;
  // Frames go to the transport's queue as views of an arena: no copy per frame.
  #encoder = new MessageEncoder({ arena: true, initialSize: 1 << 20 });
  #transport: Transport | null = null;
  #lastSend: Promise<void> = Promise.resolve();
  #closing = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | null = null;
  #firstEnv: ((env: EnvMessage | undefined) => void) | null = null;
  #reading: Promise<void> = Promise.resolve();
  #initial: number;
  #max: number;
  #maxAttempts: number;
  #session: string;
  // The viewer's resume secret for the session (ENV resume), sent with each re-attach.
  #resume: string | undefined;
  // Set when the viewer refused us (a wrong or missing token): never retried.
  #refused: ViewportError | null = null;

  constructor(options: ViewerLinkOptions) {
    this.#o = options;
    this.#session = options.session;
    const r = typeof options.reconnect === "object" ? options.reconnect : {};
    this.#initial = r.initialDelayMs ?? 50;
    this.#max = r.maxDelayMs ?? 2000;
    this.#maxAttempts = options.reconnect === false ? 0 : r.maxAttempts ?? Infinity;
  }

  /** True while a transport is up. */
  get connected(): boolean {
    return this.#transport !== null;
  }

  /** The session this link attaches as (the viewer may have named it anew). */
  get session(): string {
    return this.#session;
  }

  /**
   * Dials, sends the attach, and waits up to `envTimeoutMs` for the viewer's
   * first ENV (returned, or undefined on timeout). Rejects when the first dial
   * fails: an app pointed at a missing viewer should say so at once.
   */
  async start(envTimeoutMs: number): Promise<EnvMessage | undefined> {
    const t = await this.#o.dial();
    const env = new Promise<EnvMessage | undefined>((r) => this.#firstEnv = r);
    this.#adopt(t, false);
    if (envTimeoutMs <= 0) {
      this.#firstEnv = null;
      return undefined;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((r) =>
      timer = setTimeout(() => r(undefined), envTimeoutMs)
    );
    try {
      // The read loop ends after the last frame (an ERROR refusing a token) is
      // seen. A link that ends before the viewer said anything never reached
      // one (stdio: with stdin at /dev/null): the app must not run on into nothing.
      const ended = this.#reading.then((): never => {
        throw this.#refused ??
          new ViewportError("closed", "the connection ended before the viewer answered");
      });
      ended.catch(() => {}); // a later end, after the race, is no error
      return await Promise.race([env, timeout, ended]);
    } finally {
      clearTimeout(timer);
      this.#firstEnv = null;
    }
  }

  send(messages: Message[]): void {
    const t = this.#transport;
    if (!t) return;
    for (const m of messages) this.#write(t, this.#encoder.encode(m));
  }

  async flush(): Promise<void> {
    await this.#lastSend;
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearTimeout(this.#timer);
    this.#wake?.();
    const t = this.#transport;
    if (t) {
      this.#write(t, this.#encoder.encode({ type: "REGION", action: "close" }));
      await this.#lastSend;
      this.#transport = null;
      await t.close();
    }
    await this.#reading;
  }

  #write(t: Transport, frame: Uint8Array): void {
    this.#lastSend = t.send(frame).catch((err) => {
      // The read loop notices the drop and reconnects; a failed write is not
      // the app's error.
      if (!isViewportError(err, "closed")) this.#o.onError(asViewportError(err));
    });
  }

  #adopt(t: Transport, resend: boolean): void {
    this.#transport = t;
    // `ping: true`: this app answers the viewer's REGION ping (ENV latency_ms).
    const attach: Message = {
      type: "REGION",
      action: "attach",
      session: this.#session,
      ping: true,
    };
    if (this.#resume !== undefined) attach.resume = this.#resume;
    this.#write(t, this.#encoder.encode(attach));
    if (resend) {
      for (const m of snapshotMessages(this.#o.model, { slots: "app" })) {
        this.#write(t, this.#encoder.encode(m));
      }
    }
    this.#reading = this.#read(t);
  }

  async #read(t: Transport): Promise<void> {
    let error: ViewportError | undefined;
    try {
      for await (const frame of t.frames()) {
        let msg: Message;
        try {
          msg = decodeFrame(frame);
        } catch (err) {
          // Unknown types are skipped silently (forward compatibility).
          if (!isViewportError(err, "unsupported")) this.#o.onError(asViewportError(err));
          continue;
        }
        if (msg.type === "ENV") {
          if (typeof msg.resume === "string" && typeof msg.session === "string") {
            this.#session = msg.session;
            this.#resume = msg.resume;
          }
          this.#firstEnv?.(msg);
        }
        if (msg.type === "REGION" && msg.action === "ping") {
          // The viewer measures the link's round trip (ENV latency_ms): answer at once.
          this.#write(t, this.#encoder.encode({ type: "REGION", action: "pong", id: msg.id }));
          continue;
        }
        if (msg.type === "ERROR" && msg.code === ErrorCode.UNAUTHORIZED && msg.ref === undefined) {
          // The transport refused the token: retrying with the same one cannot help.
          this.#refused = new ViewportError(
            ErrorCode.UNAUTHORIZED,
            `the viewer refused the connection: ${msg.message}`,
          );
        }
        this.#o.receive(msg);
        if (this.#closing) break;
      }
    } catch (err) {
      error = asViewportError(err);
    }
    if (this.#transport !== t) return;
    this.#transport = null;
    if (this.#closing) return;
    await t.close().catch(() => {});
    if (this.#refused) {
      // start() reports it when it is still waiting; otherwise the app is told.
      if (!this.#firstEnv) this.#o.onGone(this.#refused);
      return;
    }
    this.#reconnect(
      error ?? new ViewportError(ErrorCode.CLOSED, "the viewer closed the connection"),
    );
  }

  async #reconnect(cause: ViewportError): Promise<void> {
    let delay = this.#initial;
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      await new Promise<void>((r) => {
        this.#wake = r;
        this.#timer = setTimeout(r, delay);
      });
      this.#wake = null;
      if (this.#closing) return;
      try {
        const t = await this.#o.dial();
        if (this.#closing) {
          await t.close();
          return;
        }
        this.#adopt(t, true);
        this.#o.onReconnect(attempt);
        return;
      } catch (err) {
        cause = asViewportError(err);
        // A refused token stays refused: give up at once, with the reason.
        if (cause.code === ErrorCode.UNAUTHORIZED) break;
        delay = Math.min(delay * 2, this.#max);
      }
    }
    this.#o.onGone(cause);
  }
}

function asViewportError(err: unknown): ViewportError {
  if (err instanceof ViewportError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ViewportError(ErrorCode.CLOSED, `viewer link: ${message}`, { cause: err });
}
