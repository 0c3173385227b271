/**
 * One end of a `nats://` channel as a {@linkcode Transport}: frames are split
 * into messages on the end's own subject and joined from the other's. The app
 * end hears every viewer of the session (a joiner per viewer); the viewer end
 * hears only its app.
 *
 * @module
 */
import { DEFAULT_MAX_PAYLOAD } from "../../protocol/constants.ts";
import { ViewportError } from "../../protocol/errors.ts";
import type { Frame } from "../../protocol/frame.ts";
import { encodeMessage } from "../../protocol/wire.ts";
import {
  closedError,
  type CloseInfo,
  DEFAULT_HIGH_WATER_MARK,
  FrameQueue,
  type PeerInfo,
  type Transport,
  type TransportOptions,
} from "../core/mod.ts";
import type { NatsLink } from "./_nats_link.ts";
import {
  encodeWire,
  FrameJoiner,
  Kind,
  splitFrame,
  WIRE_HEADER,
  type WireHeader,
} from "./_nats_wire.ts";

const RESOLVED: Promise<void> = Promise.resolve();
/** Bytes published since the last flush past which a flush starts. */
const FLUSH_EVERY = 256 * 1024;
/** Frames received and not taken past which the channel fails (no pause in NATS). */
const MAX_BACKLOG = 64 * 1024 * 1024;
/** Viewers an app channel joins frames for at once. */
const MAX_SENDERS = 64;
/** Longest reason text sent with END or FAIL. */
const MAX_REASON = 200;

/** Options of {@linkcode NatsChannel}. */
export interface NatsChannelOptions extends TransportOptions {
  /** Which end this is. */
  role: "app" | "viewer";
  /** Where this end publishes. */
  subject: string;
  /** This end's sender id (the channel id for the app end). */
  id: string;
  /** The sequence number of this end's next message. */
  seq: number;
  /**
   * Called once when the channel has ended (unsubscribe, release the link);
   * `close()` waits for what it returns.
   */
  onEnd: (info: CloseInfo) => void | Promise<void>;
}

/**
 * A NATS channel end.
 *
 * @example
 * ```ts ignore
 * // Made by connectNats / listenNats, which need a NATS server.
 * ```
 */
export class NatsChannel implements Transport {
  /** Facts about the channel, safe to log. */
  readonly info: PeerInfo;
  /** Resolves once the channel closed from either side. */
  readonly closed: Promise<CloseInfo>;
  readonly #link: NatsLink;
  readonly #o: NatsChannelOptions;
  readonly #queue = new FrameQueue();
  readonly #joiners = new Map<string, FrameJoiner>();
  readonly #maxPayload: number;
  readonly #highWaterMark: number;
  #resolveClosed!: (info: CloseInfo) => void;
  #seq: number;
  #state: "open" | "closing" | "closed" = "open";
  #closing: Promise<void> | null = null;
  #unflushed = 0;
  #flushing: Promise<void> | null = null;
  #lastSent = performance.now();
  #lastHeard = performance.now();

  constructor(link: NatsLink, info: PeerInfo, options: NatsChannelOptions) {
    this.#link = link;
    this.info = info;
    this.#o = options;
    this.#seq = options.seq;
    this.#maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.closed = new Promise((r) => this.#resolveClosed = r);
  }

  /** Bytes published and not yet confirmed by the server. */
  get bufferedAmount(): number {
    return this.#unflushed;
  }

  /** Whether the channel has ended. */
  get ended(): boolean {
    return this.#state === "closed";
  }

  send(frame: Uint8Array): Promise<void> {
    if (!(frame instanceof Uint8Array)) {
      return Promise.reject(new TypeError(`send() takes a Uint8Array frame, got ${typeof frame}`));
    }
    if (this.#state !== "open") return Promise.reject(closedError(this.info, "send after close"));
    const parts = splitFrame(frame, this.#seq, this.#o.id, this.#link.maxMessage);
    this.#seq = (this.#seq + parts.length) >>> 0;
    try {
      for (const p of parts) this.#link.nc.publish(this.#o.subject, p);
    } catch (err) {
      // The client's reconnect buffer is full (the server is away for long).
      const error = closedError(this.info, "the NATS client refused the message", err);
      void this.#finish(false, error);
      return Promise.reject(error);
    }
    this.#lastSent = performance.now();
    this.#unflushed += frame.length;
    if (this.#unflushed >= FLUSH_EVERY) this.#startFlush();
    if (this.#unflushed <= this.#highWaterMark) return RESOLVED;
    return this.#drain();
  }

  frames(): AsyncIterableIterator<Frame> {
    return this.#queue.take();
  }

  /** Says goodbye to the peer, flushes (within `closeTimeout`), ends. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#state !== "open") return;
      this.#state = "closing";
      this.#control(Kind.END, "closed");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((r) =>
        timer = setTimeout(r, this.#o.closeTimeout ?? 2000)
      );
      await Promise.race([this.#link.nc.flush().catch(() => {}), timedOut]);
      clearTimeout(timer);
      await this.#finish(true);
    })();
    return this.#closing;
  }

  /** One message from the peer side (header already decoded). */
  deliver(h: WireHeader, msg: Uint8Array): void {
    if (this.#state === "closed") return;
    this.#lastHeard = performance.now();
    try {
      let joiner = this.#joiners.get(h.sender);
      if (!joiner) {
        if (this.#joiners.size >= MAX_SENDERS) {
          throw new ViewportError(
            "too_large",
            `more than ${MAX_SENDERS} viewers sent to this channel at once`,
          );
        }
        joiner = new FrameJoiner({ maxPayload: this.#maxPayload, who: this.#peerName() });
        this.#joiners.set(h.sender, joiner);
      }
      joiner.sequence(h.seq);
      switch (h.kind) {
        case Kind.DATA: {
          const frame = joiner.piece(h.flags, msg.subarray(WIRE_HEADER));
          if (frame) this.#queue.push(frame);
          if (this.#queue.bytes > MAX_BACKLOG) {
            throw new ViewportError(
              "too_large",
              `${this.#queue.bytes} bytes of frames wait to be read (the limit is ${MAX_BACKLOG})`,
            );
          }
          return;
        }
        case Kind.END: {
          if (joiner.inFrame) {
            throw new ViewportError("bad_frame", `${this.#peerName()} ended inside a frame`);
          }
          this.#tellOtherViewers("a viewer left: the app re-attaches");
          void this.#finish(false);
          return;
        }
        case Kind.FAIL:
          this.#tellOtherViewers("a viewer dropped the channel: the app re-attaches");
          void this.#finish(
            false,
            closedError(this.info, `${this.#peerName()} dropped the channel`, reason(msg)),
          );
          return;
        case Kind.RESYNC:
          this.#tellOtherViewers("a viewer asked for the state: the app re-attaches");
          void this.#finish(
            false,
            closedError(this.info, "a viewer asked for the whole state again"),
          );
          return;
        case Kind.BEAT:
        case Kind.OPEN:
          return;
        default:
          throw new ViewportError("bad_frame", `a NATS message of unknown kind ${h.kind}`);
      }
    } catch (err) {
      this.fail(err as ViewportError);
    }
  }

  /**
   * Ends the channel on a protocol error (a missing piece, a bad frame): the
   * peer is told (an ERROR frame, then FAIL) and `frames()` ends with it.
   */
  fail(err: ViewportError): void {
    if (this.#state === "closed") return;
    const error = new ViewportError(err.code, `${this.info.scheme} peer: ${err.message}`, {
      cause: err,
    });
    if (this.#state === "open") {
      try {
        for (
          const p of splitFrame(
            encodeMessage({ type: "ERROR", code: err.code, message: err.message }),
            this.#seq,
            this.#o.id,
            this.#link.maxMessage,
          )
        ) {
          this.#seq = (this.#seq + 1) >>> 0;
          this.#link.nc.publish(this.#o.subject, p);
        }
      } catch { /* the peer learns nothing more; the channel ends anyway */ }
      this.#control(Kind.FAIL, err.message);
    }
    void this.#finish(false, error);
  }

  /** Ends the channel because its state must be sent again (app end: the SDK re-attaches). */
  restart(why: string): void {
    if (this.#state === "closed") return;
    if (this.#state === "open") this.#control(Kind.FAIL, why);
    void this.#finish(false, closedError(this.info, why));
  }

  /** Heartbeat period: the app end says it lives; the viewer end checks that it does. */
  tick(now: number): void {
    if (this.#state !== "open") return;
    const period = this.#link.heartbeatMs;
    if (this.#o.role === "app") {
      if (now - this.#lastSent >= period) {
        this.#control(Kind.BEAT, "");
        this.#lastSent = now;
      }
      return;
    }
    if (now - this.#lastHeard > 4 * period) {
      this.fail(
        new ViewportError(
          "closed",
          `the app dropped: nothing heard for ${Math.round(now - this.#lastHeard)} ms`,
        ),
      );
    }
  }

  /**
   * App end, ended by one viewer: the others must drop the channel too, before
   * the app's next channel (same session) reaches them, or they would see two
   * connections for one session.
   */
  #tellOtherViewers(why: string): void {
    if (this.#o.role === "app" && this.#state === "open") this.#control(Kind.FAIL, why);
  }

  #peerName(): string {
    return this.#o.role === "app" ? "a viewer" : "the app";
  }

  #control(kind: number, why: string): void {
    try {
      const body = new TextEncoder().encode(why.slice(0, MAX_REASON));
      this.#link.nc.publish(this.#o.subject, encodeWire(kind, 0, this.#seq, this.#o.id, body));
      this.#seq = (this.#seq + 1) >>> 0;
    } catch { /* the connection is closing: the peer's heartbeat check notices */ }
  }

  #startFlush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    const counted = this.#unflushed;
    const flushing = this.#link.nc.flush().then(
      () => {
        this.#unflushed = Math.max(0, this.#unflushed - counted);
      },
      () => {},
    ).finally(() => {
      if (this.#flushing === flushing) this.#flushing = null;
    });
    return this.#flushing = flushing;
  }

  async #drain(): Promise<void> {
    while (this.#unflushed > this.#highWaterMark) {
      if (this.#state === "closed") throw closedError(this.info, "connection closed");
      await this.#startFlush();
    }
  }

  #finish(local: boolean, error?: Error): Promise<void> {
    if (this.#state === "closed") return Promise.resolve();
    this.#state = "closed";
    this.#queue.end(error);
    const info: CloseInfo = error ? { local, error } : { local };
    const ended = Promise.resolve(this.#o.onEnd(info)).catch(() => {});
    this.#resolveClosed(info);
    return ended;
  }
}

function reason(msg: Uint8Array): string {
  const text = new TextDecoder().decode(msg.subarray(WIRE_HEADER, WIRE_HEADER + MAX_REASON));
  let out = "";
  for (const ch of text) out += ch < " " || ch === "\x7f" ? "?" : ch;
  return out || "no reason given";
}
