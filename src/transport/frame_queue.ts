/**
 * An async queue of incoming frames with one consumer: the read side that every
 * transport shares.
 *
 * @module
 */
import type { Frame } from "../protocol/frame.ts";

/**
 * Frames pushed by a transport's reader, pulled by `for await`. After `end()`
 * the consumer drains what is queued, then the iterator finishes (or throws the
 * error given to `end`).
 *
 * @example
 * ```ts
 * import { FrameQueue } from "./frame_queue.ts";
 * const q = new FrameQueue();
 * q.push({ type: 3, payload: new Uint8Array([0xa0]), offset: 0 });
 * q.end();
 * let n = 0;
 * for await (const _ of q) n++;
 * console.assert(n === 1);
 * ```
 */
export class FrameQueue implements AsyncIterableIterator<Frame> {
  #items: Frame[] = [];
  #head = 0;
  #waiter: ((r: IteratorResult<Frame>) => void) | null = null;
  #failWaiter: ((e: Error) => void) | null = null;
  #ended = false;
  #error: Error | undefined;
  #taken = false;

  /** Frames queued and not yet consumed. */
  get size(): number {
    return this.#items.length - this.#head;
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
  }

  next(): Promise<IteratorResult<Frame>> {
    if (this.#head < this.#items.length) {
      const value = this.#items[this.#head++];
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
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
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#failWaiter = reject;
    });
  }

  return(): Promise<IteratorResult<Frame>> {
    this.#items = [];
    this.#head = 0;
    this.#ended = true;
    this.#error = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Frame> {
    if (this.#taken) throw new TypeError("frames() has one consumer; it was already taken");
    this.#taken = true;
    return this;
  }
}
