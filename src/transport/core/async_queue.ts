/**
 * A queue with one consumer that waits for items: what the accept queue of
 * every listener, the chunk queues of the Node socket and PTY channels, and
 * the frame queue's end-and-error rules share. Items are taken in order; after
 * `end(error?)` the consumer still gets every queued item, then the end (or
 * the error, once).
 *
 * @module
 */

/**
 * One consumer's queue of `T`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AsyncQueue } from "./async_queue.ts";
 * const q = new AsyncQueue<number>();
 * const first = q.next();
 * q.push(1);
 * q.push(2);
 * q.end(new Error("gone"));
 * assert.deepEqual(await first, { value: 1, done: false });
 * assert.deepEqual(await q.next(), { value: 2, done: false });
 * await assert.rejects(q.next(), /gone/);
 * assert.deepEqual(await q.next(), { value: undefined, done: true });
 * ```
 */
export class AsyncQueue<T> {
  #items: T[] = [];
  #waiter: ((r: IteratorResult<T>) => void) | null = null;
  #failWaiter: ((e: Error) => void) | null = null;
  #ended = false;
  #error: Error | undefined;

  /** Items queued and not yet taken. */
  get size(): number {
    return this.#items.length;
  }

  /** True once `end()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Queues an item, or hands it to the waiting consumer. False (dropped) after `end`. */
  push(item: T): boolean {
    if (this.#ended) return false;
    const w = this.#waiter;
    if (w) {
      this.#waiter = this.#failWaiter = null;
      w({ value: item, done: false });
    } else {
      this.#items.push(item);
    }
    return true;
  }

  /** No more items; `error` reaches the consumer after the queued ones. */
  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    const w = this.#waiter, f = this.#failWaiter;
    this.#waiter = this.#failWaiter = null;
    if (error && f) {
      this.#error = undefined;
      f(error);
    } else w?.({ value: undefined, done: true });
  }

  /** The oldest item, without waiting (undefined when none is queued). */
  shift(): T | undefined {
    return this.#items.shift();
  }

  /** The oldest item, waiting for one; the end, or the error once. */
  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) {
      return Promise.resolve({ value: this.#items.shift()!, done: false });
    }
    if (this.#ended) {
      const e = this.#error;
      this.#error = undefined;
      return e ? Promise.reject(e) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#failWaiter = reject;
    });
  }

  /** Drops every queued item and returns them (for closing what nobody took). */
  drain(): T[] {
    return this.#items.splice(0);
  }
}
