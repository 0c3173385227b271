/**
 * The frames half of a PTY: frames lifted out of the program's output, and
 * frames written into its input, as a {@linkcode Transport}.
 *
 * @module
 */
import { ViewportError } from "../protocol/errors.ts";
import type { Frame } from "../protocol/frame.ts";
import { FrameQueue } from "../transport/core/mod.ts";
import type { CloseInfo, PeerInfo, Transport } from "../transport/mod.ts";

/** Where {@linkcode PtyFrames} writes frames: the PTY's input. */
export interface PtyInput {
  /** Writes bytes into the PTY; resolves once they are below its buffer limit. */
  write(bytes: Uint8Array): Promise<void>;
}

/**
 * A transport whose far end is a program in a PTY speaking `stdio:`. Closing
 * it ends only the frames: the program and its terminal text go on (frames it
 * writes afterwards are dropped by the host).
 *
 * @example
 * ```ts
 * import { PtyFrames } from "./pty_frames.ts";
 * import assert from "node:assert/strict";
 * const written: number[] = [];
 * const t = new PtyFrames({ scheme: "stdio" }, { write: async (b) => { written.push(b.length); } });
 * t.deliver({ type: 2, payload: new Uint8Array([0xa0]), offset: 0 });
 * assert.equal((await t.frames().next()).value?.type, 2);
 * await t.send(new Uint8Array(9));
 * await t.close();
 * assert.equal(written[0], 9);
 * ```
 */
export class PtyFrames implements Transport {
  /** Facts about the connection, safe to log. */
  readonly info: PeerInfo;
  /** Resolves once the frames ended (closed here, or the program ended). */
  readonly closed: Promise<CloseInfo>;
  readonly #input: PtyInput;
  readonly #queue = new FrameQueue();
  #resolve!: (info: CloseInfo) => void;
  #open = true;

  constructor(info: PeerInfo, input: PtyInput) {
    this.info = info;
    this.#input = input;
    this.closed = new Promise((r) => this.#resolve = r);
  }

  /** True until closed from either side. */
  get open(): boolean {
    return this.#open;
  }

  /** Payload bytes lifted out and not yet read (the host pauses the PTY past a limit). */
  get queuedBytes(): number {
    return this.#queue.bytes;
  }

  /** Resolves once at most `limit` payload bytes are queued. */
  waitForRoom(limit: number): Promise<void> {
    return this.#queue.waitForRoom(limit);
  }

  /** The host hands over a frame it lifted out of the output. */
  deliver(frame: Frame): void {
    if (this.#open) this.#queue.push(frame);
  }

  /** The program ended: no more frames. */
  end(error?: Error): void {
    this.#finish(false, error);
  }

  send(frame: Uint8Array): Promise<void> {
    if (!(frame instanceof Uint8Array)) {
      return Promise.reject(new TypeError(`send() takes a Uint8Array frame, got ${typeof frame}`));
    }
    if (!this.#open) {
      return Promise.reject(new ViewportError("closed", "stdio (pty): send after close"));
    }
    return this.#input.write(frame);
  }

  frames(): AsyncIterableIterator<Frame> {
    return this.#queue.take();
  }

  close(): Promise<void> {
    this.#finish(true);
    return Promise.resolve();
  }

  #finish(local: boolean, error?: Error): void {
    if (!this.#open) return;
    this.#open = false;
    this.#queue.end(error);
    this.#resolve(error ? { local, error } : { local });
  }
}
