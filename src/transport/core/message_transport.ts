/**
 * A {@linkcode Transport} over a message-based socket (WebSocket): one frame per
 * binary message, no extra framing.
 *
 * @module
 */
import { HEADER_SIZE } from "../../protocol/constants.ts";
import { ViewportError } from "../../protocol/errors.ts";
import { decodeFrameHeader, type Frame } from "../../protocol/frame.ts";
import { encodeMessage } from "../../protocol/wire.ts";
import { FrameQueue } from "./frame_queue.ts";
import { MessageSendQueue } from "./_message_send_queue.ts";
import { closedError, DEFAULT_HIGH_WATER_MARK, type TransportOptions } from "./stream_transport.ts";
import type { CloseInfo, PeerInfo, Transport } from "./transport.ts";
import type { MessageSocket } from "./message_socket.ts";

export type { MessageSocket, MessageSocketEvents } from "./message_socket.ts";

/** WebSocket close codes that mean an orderly end. */
const CLEAN_CODES = new Set([1000, 1001, 1005]);
const DEFAULT_CLOSE_TIMEOUT = 2000;
const READ_AHEAD = 4 * 1024 * 1024;
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Frames over a WebSocket. Each binary message must be exactly one frame; a text
 * message, a partial or an oversized frame closes the connection (code 1002)
 * after an ERROR frame. `send` waits past the high-water mark using the
 * socket's `bufferedAmount`.
 *
 * @example
 * ```ts
 * import { MessageTransport, type MessageSocket, type MessageSocketEvents } from "./message_transport.ts";
 * let events: MessageSocketEvents | null = null;
 * const sent: Uint8Array[] = [];
 * const socket: MessageSocket = {
 *   listen: (e) => events = e,
 *   send: (d) => sent.push(d),
 *   whenBelow: () => Promise.resolve(),
 *   bufferedAmount: 0,
 *   close: (code, reason) => events!.close(code, reason),
 *   terminate() {},
 * };
 * const t = new MessageTransport(socket, { scheme: "ws" });
 * events!.message(new Uint8Array([0x56, 0x50, 1, 5, 1, 0, 0, 0, 0x40]));
 * const first = await t.frames().next();
 * if (first.value?.type !== 5) throw new Error("expected the frame");
 * await t.close();
 * ```
 */
export class MessageTransport implements Transport {
  /** Facts about the connection, safe to log. */
  readonly info: PeerInfo;
  /** Resolves once the connection closed from either side. */
  readonly closed: Promise<CloseInfo>;
  readonly #socket: MessageSocket;
  readonly #queue = new FrameQueue();
  readonly #out: MessageSendQueue;
  readonly #maxPayload?: number;
  readonly #highWaterMark: number;
  readonly #closeTimeout: number;
  #resolveClosed!: (info: CloseInfo) => void;
  #state: "open" | "closing" | "closed" = "open";
  #closing: Promise<void> | null = null;
  #offset = 0;
  #paused = false;
  #lastError: Error | undefined;

  constructor(socket: MessageSocket, info: PeerInfo, options: TransportOptions = {}) {
    this.info = info;
    this.#socket = socket;
    this.#out = new MessageSendQueue(socket, socket.sendWindow ?? Infinity);
    this.#maxPayload = options.maxPayload;
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#closeTimeout = options.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT;
    this.closed = new Promise((r) => this.#resolveClosed = r);
    socket.listen({
      message: (data) => this.#onMessage(data),
      close: (code, reason) => this.#onClose(code, reason),
      // A close event always follows an error; it ends the transport.
      error: (err) => this.#lastError ??= err,
    });
  }

  /** Sends one whole frame as one binary message; see {@linkcode Transport.send}. */
  /** Bytes waiting to be sent: queued here plus buffered by the socket. */
  get bufferedAmount(): number {
    return this.#out.bytes;
  }

  send(frame: Uint8Array): Promise<void> {
    if (!(frame instanceof Uint8Array)) {
      return Promise.reject(new TypeError(`send() takes a Uint8Array frame, got ${typeof frame}`));
    }
    if (this.#state !== "open") return Promise.reject(closedError(this.info, "send after close"));
    this.#out.send(frame);
    if (this.#out.bytes <= this.#highWaterMark) return RESOLVED;
    return this.#out.whenBelow(this.#highWaterMark).then(() => {
      if (this.#state === "closed") throw closedError(this.info, "connection closed");
    });
  }

  /** The peer's frames in order; one consumer. */
  frames(): AsyncIterableIterator<Frame> {
    return this.#queue.take();
  }

  /**
   * Hands queued frames to the socket, sends a close (1000) and waits for the
   * peer's, all within `closeTimeout`. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#state !== "open") return;
      this.#state = "closing";
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((r) => timer = setTimeout(r, this.#closeTimeout));
      await Promise.race([this.#out.idle(), timedOut]);
      // Both WebSocket implementations send the close frame after queued data.
      if (!this.#isClosed()) this.#socket.close(1000, "");
      await Promise.race([this.closed, timedOut]);
      clearTimeout(timer);
      if (!this.#isClosed()) {
        this.#socket.terminate();
        this.#finish(true);
      }
    })();
    return this.#closing;
  }

  #isClosed(): boolean {
    return this.#state === "closed";
  }

  #onMessage(data: Uint8Array | string): void {
    if (this.#state === "closed") return;
    try {
      this.#queue.push(this.#frameOf(data));
    } catch (err) {
      this.#failProtocol(err as ViewportError);
      return;
    }
    if (this.#queue.bytes > READ_AHEAD && this.#socket.pause && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
      void this.#queue.waitForRoom(READ_AHEAD / 2).then(() => {
        this.#paused = false;
        if (this.#state !== "closed") this.#socket.resume?.();
      });
    }
  }

  #frameOf(data: Uint8Array | string): Frame {
    const offset = this.#offset;
    if (typeof data === "string") {
      throw new ViewportError(
        "bad_frame",
        `a text WebSocket message at byte ${offset} (expected binary messages, one frame each)`,
        { offset },
      );
    }
    const { type, length } = decodeFrameHeader(data, 0, this.#maxPayload, offset);
    if (data.length !== HEADER_SIZE + length) {
      throw new ViewportError(
        "bad_frame",
        `a WebSocket message of ${data.length} bytes at byte ${offset} holds a frame of ` +
          `${HEADER_SIZE + length} bytes (expected exactly one frame per message)`,
        { offset, messageType: type },
      );
    }
    this.#offset += data.length;
    return { type, payload: data.subarray(HEADER_SIZE), offset };
  }

  #failProtocol(err: ViewportError): void {
    const error = new ViewportError(err.code, `${this.info.scheme} peer: ${err.message}`, {
      offset: err.offset,
      messageType: err.messageType,
      cause: err,
    });
    if (this.#state === "open") {
      this.#socket.send(encodeMessage({ type: "ERROR", code: err.code, message: err.message }));
      this.#socket.close(1002, err.code);
    }
    this.#finish(false, error);
  }

  #onClose(code: number, reason: string): void {
    if (this.#state === "closing") return this.#finish(true);
    if (CLEAN_CODES.has(code)) return this.#finish(false);
    const why = reason ? `: ${reason}` : "";
    const what = `connection ended with WebSocket code ${code} (${describeCode(code)})${why}`;
    this.#finish(false, closedError(this.info, what, this.#lastError));
  }

  #finish(local: boolean, error?: Error): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#out.stop();
    this.#queue.end(error);
    this.#resolveClosed(error ? { local, error } : { local });
  }
}

function describeCode(code: number): string {
  switch (code) {
    case 1002:
      return "protocol error";
    case 1006:
      return "dropped without a close frame";
    case 1008:
      return "policy violation";
    case 1009:
      return "message too big";
    case 1011:
      return "server error";
    default:
      return "abnormal";
  }
}
