/**
 * An async queue of incoming frames with one consumer: the read side that every
 * transport shares.
 *
 * @module
 */
import { type Frame, FrameView } from "../../protocol/frame.ts";
import { AsyncQueue } from "./async_queue.ts";

/**
 * Told when the consumer is done with every frame it took before the next one
 * (whose buffer is `keepFrom`), or with all of them (`null`).
 */
export type ReleaseHandler = (keepFrom: ArrayBufferLike | null) => void;

/**
 * What a queued frame costs besides its payload (its object, in V8), for
 * `bytes`: a flood of tiny frames weighs what it takes in memory.
 */
const FRAME_COST = 96;

/**
 * Frames pushed by a transport's reader, pulled by `for await`: an
 * {@linkcode AsyncQueue} of frames weighed by what they hold in memory, that
 * can tell the reader which read buffers a transient consumer let go of.
 * After `end()` the consumer drains what is queued, then the iterator
 * finishes (or throws the error given to `end`).
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
export class FrameQueue extends AsyncQueue<Frame> implements AsyncIterableIterator<Frame> {
  #taken = false;
  #onRelease: ReleaseHandler | null;

  /**
   * With `onRelease`, the consumer promises that each frame is used only until
   * it calls `next()` again (decoded at once, not kept): the queue then says
   * which read buffers it may have let go of.
   */
  constructor(options: { onRelease?: ReleaseHandler } = {}) {
    super({ weigh: weighFrame });
    this.#onRelease = options.onRelease ?? null;
  }

  override next(): Promise<IteratorResult<Frame>> {
    const release = this.#onRelease;
    if (release === null) return super.next();
    if (this.size > 0) {
      const value = this.shift()!;
      release(bufferOf(value));
      return Promise.resolve({ value, done: false });
    }
    if (!this.ended) release(null);
    return super.next();
  }

  return(): Promise<IteratorResult<Frame>> {
    this.cancel();
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

// A frame view's size is known without making its payload view (an object more per frame).
function weighFrame(frame: Frame): number {
  return (frame instanceof FrameView && !frame.replaced
    ? frame.end - frame.start
    : frame.payload.length) +
    FRAME_COST;
}

function bufferOf(frame: Frame): ArrayBufferLike {
  return frame instanceof FrameView ? frame.source.buffer : frame.payload.buffer;
}
