/**
 * An async queue of incoming frames with one consumer: the read side that every
 * transport shares.
 *
 * @module
 */
import { type Frame, FrameView } from "../../protocol/frame.ts";

/**
 * Told when the consumer is done with every frame it took before the next one
 * (whose buffer is `keepFrom`), or with all of them (`null`).
 */
export type ReleaseHandler = (keepFrom: ArrayBufferLike | null) => void;

/** What a queued frame costs besides its payload (its object, in V8), for `bytes`. */
const FRAME_COST = 96;

/**
 * Frames pushed by a transport's reader, pulled by `for await`. After `end()`
 * the consumer drains what is queued, then the iterator finishes (or throws the
 * error given to `end`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FrameQueue } from "./frame_queue.ts";
 * const q = new FrameQueue();
 * q.push({ type: 3, payload: new Uint8Array([0xa0]), offset: 0 });
 * q.end();
 * let n = 0;
 * for await (const _ of q) n++;
 * assert.ok(n === 1);
 * ```
 */
export class FrameQueue implements AsyncIterableIterator<Frame> {
  // Consumed slots are cleared at once: a frame the consumer dropped must not
  // stay reachable from here (it pins its read buffer).
  #items: (Frame | undefined)[] = [];
  #head = 0;
  #waiter: ((r: IteratorResult<Frame>) => void) | null = null;
  #failWaiter: ((e: Error) => void) | null = null;
  #ended = false;
  #error: Error | undefined;
  #taken = false;
  #bytes = 0;
  #roomLimit = 0;
  #roomWaiter: (() => void) | null = null;
  #onRelease: ReleaseHandler | null;

  /**
   * With `onRelease`, the consumer promises that each frame is used only until
   * it calls `next()` again (decoded at once, not kept): the queue then says
   * which read buffers it may have let go of.
   */
  constructor(options: { onRelease?: ReleaseHandler } = {}) {
    this.#onRelease = options.onRelease ?? null;
  }

  /** Frames queued and not yet consumed. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Bytes queued and not yet consumed: payloads plus an estimate of each
   * frame's own cost, so that a flood of tiny frames weighs what it takes in
   * memory (a reader's backpressure signal).
   */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Resolves once at most `limit` payload bytes are queued, or the queue ended:
   * a reader awaits it before reading more, so a slow consumer stops the socket
   * instead of growing this queue. One waiter at a time (the reader).
   */
  waitForRoom(limit: number): Promise<void> {
    if (this.#bytes <= limit || this.#ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.#roomLimit = limit;
      this.#roomWaiter = resolve;
    });
  }

  #wakeRoom(): void {
    const w = this.#roomWaiter;
    if (w && (this.#bytes <= this.#roomLimit || this.#ended)) {
      this.#roomWaiter = null;
      w();
    }
  }

  /** True once `end()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Queues a frame (ignored after `end`). */
  push(frame: Frame): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = this.#failWaiter = null;
      waiter({ value: frame, done: false });
      return;
    }
    this.#items.push(frame);
    this.#bytes += frame.payload.length + FRAME_COST;
  }

  /** No more frames; `error` is thrown to the consumer after the queued ones. */
  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    const waiter = this.#waiter, fail = this.#failWaiter;
    this.#waiter = this.#failWaiter = null;
    if (error && fail) fail(error);
    else if (waiter) waiter({ value: undefined, done: true });
    this.#wakeRoom();
  }

  next(): Promise<IteratorResult<Frame>> {
    if (this.#head < this.#items.length) {
      const value = this.#items[this.#head]!;
      this.#items[this.#head++] = undefined;
      this.#bytes -= value.payload.length + FRAME_COST;
      if (this.#roomWaiter) this.#wakeRoom();
      this.#onRelease?.(bufferOf(value));
      if (this.#head === this.#items.length) {
        this.#items.length = 0;
        this.#head = 0;
      } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) {
      if (this.#error) {
        const e = this.#error;
        this.#error = undefined; // thrown once; later calls just finish
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    this.#onRelease?.(null);
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#failWaiter = reject;
    });
  }

  return(): Promise<IteratorResult<Frame>> {
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#ended = true;
    this.#error = undefined;
    this.#wakeRoom();
    this.#onRelease?.(null);
    return Promise.resolve({ value: undefined, done: true });
  }

  /**
   * The queue as the one consumer's iterator; a second call is a TypeError.
   * `onRelease` (when the consumer asked for transient frames) replaces the
   * constructor's.
   */
  take(onRelease?: ReleaseHandler): AsyncIterableIterator<Frame> {
    if (this.#taken) throw new TypeError("frames() has one consumer; it was already taken");
    this.#taken = true;
    if (onRelease) this.#onRelease = onRelease;
    return this;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Frame> {
    return this;
  }
}

function bufferOf(frame: Frame): ArrayBufferLike {
  return frame instanceof FrameView ? frame.source.buffer : frame.payload.buffer;
}
