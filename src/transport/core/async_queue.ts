/**
 * The one queue with one waiting consumer that the transports share: the
 * accept queue of every listener, the frame queue of every transport, the
 * chunk queues of the Node socket and PTY channels. Items are taken in order;
 * after `end(error?)` the consumer still gets every queued item, then the end
 * (or the error, once).
 *
 * @module
 */

/** Options of {@linkcode AsyncQueue}. */
export interface AsyncQueueOptions<T> {
  /** What an item weighs in {@linkcode AsyncQueue.bytes} (default: nothing). */
  weigh?: (item: T) => number;
  /**
   * Items pushed after `end()` are still queued, in order, until the consumer
   * has seen the end: for sources whose end can overtake their last items
   * (a Node socket's `close` before the data it still buffered; a PTY's exit
   * before its last output). Default false: pushes after `end()` are dropped.
   */
  lateItems?: boolean;
}

/**
 * One consumer's queue of `T`, with an optional weight per item: a producer
 * that must not run too far ahead awaits `waitForRoom` (or checks `bytes`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AsyncQueue } from "./async_queue.ts";
 * const q = new AsyncQueue<Uint8Array>({ weigh: (b) => b.length });
 * const first = q.next();
 * q.push(new Uint8Array(1));
 * q.push(new Uint8Array(2));
 * assert.equal(q.bytes, 2, "the first went straight to the waiting consumer");
 * q.end(new Error("gone"));
 * assert.equal((await first).value?.length, 1);
 * assert.equal((await q.next()).value?.length, 2);
 * await assert.rejects(q.next(), /gone/);
 * assert.deepEqual(await q.next(), { value: undefined, done: true });
 * ```
 */
export class AsyncQueue<T> {
  // Taken slots are cleared at once (a dropped frame must not stay reachable
  // from here: it pins its read buffer); a head index keeps taking O(1).
  #items: (T | undefined)[] = [];
  #head = 0;
  #waiter: ((r: IteratorResult<T>) => void) | null = null;
  #failWaiter: ((e: Error) => void) | null = null;
  #ended = false;
  // The consumer got the end (or gave up): nothing is queued any more.
  #endSeen = false;
  readonly #lateItems: boolean;
  #error: Error | undefined;
  readonly #weigh: ((item: T) => number) | null;
  #bytes = 0;
  #roomLimit = 0;
  #roomWaiter: (() => void) | null = null;

  constructor(options: AsyncQueueOptions<T> = {}) {
    this.#weigh = options.weigh ?? null;
    this.#lateItems = options.lateItems ?? false;
  }

  /** Items queued and not yet taken. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** What the queued items weigh (see {@linkcode AsyncQueueOptions.weigh}). */
  get bytes(): number {
    return this.#bytes;
  }

  /** True once `end()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Queues an item, or hands it to the waiting consumer. False (dropped) after `end`. */
  push(item: T): boolean {
    if (this.#ended && (!this.#lateItems || this.#endSeen)) return false;
    const w = this.#waiter;
    if (w) {
      this.#waiter = this.#failWaiter = null;
      w({ value: item, done: false });
      return true;
    }
    this.#items.push(item);
    if (this.#weigh) this.#bytes += this.#weigh(item);
    return true;
  }

  /** Puts an item back in front (the rest of one that was taken in part). */
  unshift(item: T): void {
    if (this.#head > 0) this.#items[--this.#head] = item;
    else this.#items.unshift(item);
    if (this.#weigh) this.#bytes += this.#weigh(item);
  }

  /** No more items; `error` reaches the consumer after the queued ones. */
  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    const w = this.#waiter, f = this.#failWaiter;
    this.#waiter = this.#failWaiter = null;
    if (w) this.#endSeen = true;
    if (error && f) {
      this.#error = undefined;
      f(error);
    } else w?.({ value: undefined, done: true });
    this.#wakeRoom();
  }

  /** The oldest item, without waiting (undefined when none is queued). */
  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head]!;
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    if (this.#weigh) {
      this.#bytes -= this.#weigh(item);
      if (this.#roomWaiter) this.#wakeRoom();
    }
    return item;
  }

  /** The oldest item, waiting for one; the end, or the error once. */
  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) {
      return Promise.resolve({ value: this.shift()!, done: false });
    }
    if (this.#ended) {
      this.#endSeen = true;
      const e = this.#error;
      this.#error = undefined;
      return e ? Promise.reject(e) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#failWaiter = reject;
    });
  }

  /**
   * Resolves once the queued items weigh at most `limit`, or the queue ended:
   * a producer awaits it before producing more, so a slow consumer stops the
   * source instead of growing this queue. One waiter at a time.
   */
  waitForRoom(limit: number): Promise<void> {
    if (this.#bytes <= limit || this.#ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.#roomLimit = limit;
      this.#roomWaiter = resolve;
    });
  }

  /** Drops every queued item and returns them (for closing what nobody took). */
  drain(): T[] {
    const left = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#wakeRoom();
    return left;
  }

  /** The consumer is gone: drops what is queued and ends, quietly. */
  cancel(): void {
    this.drain();
    this.end();
    this.#endSeen = true;
    this.#error = undefined;
  }

  #wakeRoom(): void {
    const w = this.#roomWaiter;
    if (w && (this.#bytes <= this.#roomLimit || this.#ended)) {
      this.#roomWaiter = null;
      w();
    }
  }
}
