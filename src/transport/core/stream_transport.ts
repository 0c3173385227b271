/**
 * The framed {@linkcode Transport} over any duplex byte stream: unix, abstract
 * and TCP sockets, TLS, inherited fds, stdio and PTYs all share it.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import type { Frame } from "../../protocol/frame.ts";
import { FrameDecoder } from "../../protocol/frame_decoder.ts";
import { encodeMessage } from "../../protocol/wire.ts";
import type { ByteChannel } from "./byte_channel.ts";
import { type ChunkDecoder, FrameReader } from "./_frame_reader.ts";
export type { ChunkDecoder } from "./_frame_reader.ts";
import { FrameQueue } from "./frame_queue.ts";
import type { CloseInfo, FramesOptions, PeerInfo, Transport } from "./transport.ts";
import { WriteQueue } from "./_write_queue.ts";

/** Tuning shared by every transport (all optional). */
export interface TransportOptions {
  /** Largest payload accepted from the peer, checked before allocating. Default 16 MiB. */
  maxPayload?: number;
  /**
   * Bytes queued for writing past which `send` returns a pending promise until the
   * queue drains below it again. Frames are never dropped. Default 8 MiB.
   */
  highWaterMark?: number;
  /** How long `close()` waits to flush queued frames, in ms. Default 2000. */
  closeTimeout?: number;
}

/** Options of {@linkcode StreamTransport}. */
export interface StreamTransportOptions extends TransportOptions {
  /** Replaces the default `FrameDecoder` (e.g. the stdio splitter). */
  decoder?: ChunkDecoder;
  /** Bytes written before the first frame (the token line of tcp/tls). */
  preamble?: Uint8Array;
  /**
   * Unconsumed frame bytes past which reading pauses. Default 4 MiB. (With the
   * default decoder, reading already pauses once 16 KiB of frames wait.)
   */
  readAhead?: number;
  /** Called once after the connection closed (e.g. to restore a terminal). */
  onClose?: () => void;
}

/** Default {@linkcode TransportOptions.highWaterMark}: 8 MiB. */
export const DEFAULT_HIGH_WATER_MARK = 8 * 1024 * 1024;
const DEFAULT_CLOSE_TIMEOUT = 2000;
const DEFAULT_READ_AHEAD = 4 * 1024 * 1024;
/**
 * Frames (weighed as `FrameQueue` does: payload plus object) made ahead of the
 * consumer from bytes already read, and the bytes decoded at a time. A read
 * holds up to 256 KiB; as frames of 30 bytes that is 8,000 objects, and 50
 * connections flooding a busy viewer kept hundreds of thousands of them queued
 * across young-generation collections, each of which then copied them (into
 * fresh pages, at 10 µs a page fault here: scavenges of 60-110 ms). So past
 * PARSE_AHEAD, a read's bytes wait undecoded (and no further read is made until
 * they are decoded): a connection holds at most about PARSE_AHEAD of frames,
 * one piece and one read. `readAhead` still bounds a reader whose decoder
 * takes any chunk (the stdio splitter), which cannot hold bytes back.
 */
const PARSE_AHEAD = 16 * 1024;
const PARSE_PIECE = 4 * 1024;

/**
 * A {@linkcode Transport} over a {@linkcode ByteChannel}. Frames sent in one tick
 * (and those sent while a write is in flight) go out in one write; reading
 * pauses while the consumer is `readAhead` bytes behind; a peer that vanishes
 * mid-frame ends `frames()` with a `bad_frame` error naming the cut frame.
 *
 * @example
 * ```ts
 * import { StreamTransport } from "./stream_transport.ts";
 * import { denoConnChannel } from "./byte_channel.ts";
 * import { encodeMessage } from "../../protocol/wire.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const app = new StreamTransport(denoConnChannel(await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port })), {
 *   scheme: "tcp",
 * });
 * const viewer = new StreamTransport(denoConnChannel(await listener.accept()), { scheme: "tcp" });
 * await app.send(encodeMessage({ type: "REGION", action: "attach", session: "s" }));
 * const first = await viewer.frames().next();
 * if (first.value?.type !== 0x07) throw new Error("expected a REGION frame");
 * await app.close();
 * await viewer.close();
 * listener.close();
 * ```
 */
export class StreamTransport implements Transport {
  /** Facts about the connection, safe to log. */
  readonly info: PeerInfo;
  /** Resolves once the connection closed from either side. */
  readonly closed: Promise<CloseInfo>;
  readonly #channel: ByteChannel;
  readonly #reader: FrameReader;
  readonly #queue = new FrameQueue();
  readonly #writer: WriteQueue;
  readonly #readAhead: number;
  readonly #closeTimeout: number;
  readonly #onClose?: () => void;
  readonly #readDone: Promise<void>;
  #resolveClosed!: (info: CloseInfo) => void;
  #state: "open" | "closing" | "closed" = "open";
  #closing: Promise<void> | null = null;
  #protocolError: ViewportError | undefined;
  #writeError: ViewportError | undefined;

  constructor(channel: ByteChannel, info: PeerInfo, options: StreamTransportOptions = {}) {
    this.info = info;
    this.#channel = channel;
    const decoder: ChunkDecoder = options.decoder ??
      new FrameDecoder({ maxPayload: options.maxPayload });
    this.#reader = new FrameReader(channel, decoder);
    this.#readAhead = options.readAhead ?? DEFAULT_READ_AHEAD;
    this.#closeTimeout = options.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT;
    this.#onClose = options.onClose;
    this.closed = new Promise((r) => this.#resolveClosed = r);
    this.#writer = new WriteQueue(
      (bytes) => channel.write(bytes),
      options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
      (err) => this.#writeFailed(closedError(this.info, "write failed", err)),
    );
    if (options.preamble) void this.#writer.push(options.preamble);
    this.#readDone = this.#readLoop();
  }

  /** Queues one whole frame; see {@linkcode Transport.send}. */
  send(frame: Uint8Array): Promise<void> {
    if (!(frame instanceof Uint8Array)) {
      return Promise.reject(new TypeError(`send() takes a Uint8Array frame, got ${typeof frame}`));
    }
    if (this.#state !== "open") {
      return Promise.reject(this.#writeError ?? closedError(this.info, "send after close"));
    }
    return this.#writer.push(frame);
  }

  /** Bytes queued for writing, not yet written. */
  get bufferedAmount(): number {
    return this.#writer.buffered;
  }

  /** The peer's frames in order; one consumer; see {@linkcode Transport.frames}. */
  frames(options: FramesOptions = {}): AsyncIterableIterator<Frame> {
    return this.#queue.take(options.transient ? this.#reader.release ?? undefined : undefined);
  }

  /** Flushes queued frames (up to `closeTimeout`), then closes. Idempotent. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closing = (async () => {
      if (this.#state === "open") {
        this.#state = "closing";
        await this.#writer.idle(this.#closeTimeout);
        this.#finish(true);
      } else if (this.#writeError) {
        this.#finish(true, this.#writeError);
      }
      await this.#readDone;
    })();
    return this.#closing;
  }

  async #readLoop(): Promise<void> {
    const push = (f: Frame) => this.#queue.push(f);
    const reader = this.#reader;
    try {
      while (this.#state !== "closed") {
        if (reader.pending) {
          // Frames already read are made only as the consumer gets near them.
          // Resumed at half, so a consumer that keeps up wakes this loop once per
          // 8 KiB or so of frames, not once per piece.
          if (this.#queue.bytes > PARSE_AHEAD) await this.#queue.waitForRoom(PARSE_AHEAD / 2);
          if (this.#isClosed()) return;
          reader.decodeRest(push, PARSE_PIECE);
          continue;
        }
        if (this.#queue.bytes > this.#readAhead) {
          await this.#queue.waitForRoom(this.#readAhead);
          continue;
        }
        const chunk = await reader.read();
        if (this.#isClosed()) return;
        if (chunk === null) {
          this.#finish(false, this.#endError(push));
          return;
        }
        if (this.#queue.bytes > PARSE_AHEAD) reader.hold(chunk, push);
        else reader.decode(chunk, push, PARSE_PIECE);
      }
    } catch (err) {
      if (this.#state === "closed") return;
      if (!(err instanceof ViewportError)) reader.flush(push);
      if (isUncleanTlsEnd(err) && reader.buffered === 0) {
        // A TLS peer that just closed its socket (no close_notify) at a frame
        // boundary: framing already proves nothing was cut, so this is an end.
        this.#finish(false);
        return;
      }
      if (err instanceof ViewportError) {
        await this.#failProtocol(err);
        return;
      }
      this.#finish(false, this.#readError(err));
    }
  }

  // The peer closed; a partial frame left over means it died mid-frame.
  #endError(push: (f: Frame) => void): ViewportError | undefined {
    try {
      this.#reader.end(push);
      return undefined;
    } catch (err) {
      if (!(err instanceof ViewportError)) throw err;
      return new ViewportError(
        err.code,
        `${this.info.peer ? describe(this.info) : `the ${this.info.scheme} peer`} closed the ` +
          `connection inside a frame: ${err.message}`,
        { offset: err.offset, cause: err },
      );
    }
  }

  #isClosed(): boolean {
    return this.#state === "closed";
  }

  #readError(err: unknown): ViewportError {
    const partial = this.#reader.buffered;
    if (partial > 0) {
      return new ViewportError(
        "bad_frame",
        `${describe(this.info)}: connection broke inside a frame (${partial} bytes of an ` +
          `unfinished frame at byte ${this.#reader.offset}): ${errText(err)}`,
        { cause: err },
      );
    }
    return closedError(this.info, "connection broke", err);
  }

  // A framing error closes this connection only; the peer is told why first.
  async #failProtocol(err: ViewportError): Promise<void> {
    const error = new ViewportError(err.code, `${describe(this.info)}: ${err.message}`, {
      offset: err.offset,
      messageType: err.messageType,
      cause: err,
    });
    this.#protocolError = error;
    this.#queue.end(error);
    if (this.#state === "open") {
      this.#state = "closing";
      void this.#writer.push(encodeMessage({ type: "ERROR", code: err.code, message: err.message }))
        .catch(() => {});
      await this.#writer.idle(Math.min(this.#closeTimeout, 1000));
    }
    this.#finish(false, error);
  }

  // A peer that sent its last frames and closed makes our next write fail
  // (EPIPE) while those frames still wait to be read: keep reading until the
  // end of the stream, then finish. Sends fail from now on.
  #writeFailed(error: ViewportError): void {
    if (this.#state === "closed") return;
    this.#writeError = error;
    if (this.#state === "open") this.#state = "closing";
    const timer = setTimeout(() => this.#finish(false, error), this.#closeTimeout);
    void this.#readDone.finally(() => clearTimeout(timer));
  }

  #finish(local: boolean, cause?: Error): void {
    if (this.#state === "closed") return;
    const error = this.#protocolError ?? cause;
    this.#state = "closed";
    this.#queue.end(error);
    this.#writer.fail(closedError(this.info, "connection closed"));
    this.#channel.close();
    try {
      this.#onClose?.();
    } finally {
      this.#resolveClosed(error ? { local, error } : { local });
    }
  }
}

function isUncleanTlsEnd(err: unknown): boolean {
  return err instanceof Error && err.name === "UnexpectedEof" && /close_notify/.test(err.message);
}

function describe(info: PeerInfo): string {
  return info.peer ? `${info.scheme} peer ${info.peer}` : `${info.scheme} connection`;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A `closed` ViewportError naming the connection (and why, if known). */
export function closedError(info: PeerInfo, what: string, cause?: unknown): ViewportError {
  const why = cause === undefined ? "" : `: ${errText(cause)}`;
  return new ViewportError("closed", `${describe(info)}: ${what}${why}`, cause ? { cause } : {});
}
