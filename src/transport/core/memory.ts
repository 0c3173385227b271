/**
 * The in-memory transport: two connected ends in one process, for tests and for
 * embedding a viewer in an app. Frames are checked with the same decoder as a
 * socket would use, so bad frames fail the same way.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { FrameDecoder } from "../../protocol/frame_decoder.ts";
import type { Frame } from "../../protocol/frame.ts";
import { FrameQueue } from "./frame_queue.ts";
import type { CloseInfo, PeerInfo, Transport } from "./transport.ts";

/** Options for {@linkcode memoryPair}. */
export interface MemoryPairOptions {
  /** Largest payload accepted by either end. Default 16 MiB. */
  maxPayload?: number;
}

class MemoryEnd implements Transport {
  readonly info: PeerInfo;
  readonly closed: Promise<CloseInfo>;
  peer!: MemoryEnd;
  #queue = new FrameQueue();
  #decoder: FrameDecoder;
  #resolveClosed!: (info: CloseInfo) => void;
  #isClosed = false;

  constructor(name: string, maxPayload?: number) {
    this.info = { scheme: "memory", local: name, peer: name === "a" ? "b" : "a" };
    this.#decoder = new FrameDecoder({ maxPayload });
    this.closed = new Promise((r) => this.#resolveClosed = r);
  }

  send(frame: Uint8Array): Promise<void> {
    if (this.#isClosed) {
      return Promise.reject(new ViewportError("closed", "memory transport: send after close"));
    }
    this.peer.#receive(frame);
    return Promise.resolve();
  }

  #receive(bytes: Uint8Array): void {
    if (this.#isClosed) return;
    try {
      this.#decoder.write(bytes, (f: Frame) => this.#queue.push(f));
    } catch (e) {
      // A framing error ends the connection on both sides, as a socket would.
      this.#finish(false, e as Error);
      this.peer.#finish(false, e as Error);
    }
  }

  /** Payload bytes sent that the peer has not read yet. */
  get bufferedAmount(): number {
    return this.peer.#queue.bytes;
  }

  frames(): AsyncIterableIterator<Frame> {
    return this.#queue.take();
  }

  close(): Promise<void> {
    this.#finish(true);
    this.peer.#finish(false);
    return Promise.resolve();
  }

  #finish(local: boolean, error?: Error): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#queue.end(error);
    this.#resolveClosed(error ? { local, error } : { local });
  }
}

/**
 * Two connected in-memory transports.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { memoryPair } from "./memory.ts";
 * import { encodeMessage } from "../../protocol/wire.ts";
 * const [app, viewer] = memoryPair();
 * await app.send(encodeMessage({ type: "REGION", action: "attach", session: "s" }));
 * const first = await viewer.frames().next();
 * assert.ok(first.value.type === 0x07);
 * await app.close();
 * ```
 */
export function memoryPair(options: MemoryPairOptions = {}): [Transport, Transport] {
  const a = new MemoryEnd("a", options.maxPayload);
  const b = new MemoryEnd("b", options.maxPayload);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
