/**
 * The write side every byte-stream transport shares: coalescing and a
 * high-water mark.
 *
 * @module
 */

const RESOLVED: Promise<void> = Promise.resolve();
// Chunks smaller than ALONE are joined into one write of up to MAX_BATCH
// bytes; a bigger chunk is written on its own, uncopied (joining would only add
// a copy: the system call count is already low). 256 KiB batches measured ~10%
// faster than 64 KiB ones for 100-byte frames; joining 64 KiB frames did not pay.
const MAX_BATCH = 256 * 1024;
const ALONE = 64 * 1024;

/**
 * Queues byte chunks for one writer function. Chunks pushed in the same tick, or
 * while a write is in flight, are concatenated and written together: one system
 * call per flush instead of one per frame. `push` resolves at once while the
 * queued bytes stay at or below the high-water mark, and otherwise when the queue
 * drained below it; chunks past the mark are still accepted and written in order.
 *
 * @example
 * ```ts
 * import { WriteQueue } from "./_write_queue.ts";
 * const writes: number[] = [];
 * const q = new WriteQueue(async (b) => { writes.push(b.length); }, 1024, () => {});
 * q.push(new Uint8Array(10));
 * q.push(new Uint8Array(20));
 * await q.idle(1000);
 * if (writes.join() !== "30") throw new Error("expected one coalesced write");
 * ```
 */
export class WriteQueue {
  readonly #write: (bytes: Uint8Array) => Promise<void>;
  readonly #highWaterMark: number;
  readonly #onError: (err: unknown) => void;
  #pending: Uint8Array[] = [];
  #head = 0;
  #buffered = 0;
  #running = false;
  #drain: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #idle: (() => void)[] = [];
  #failed: Error | null = null;
  // Joined batches are built in one reused buffer: a write has finished with
  // it before the next batch is built (a writer whose sink keeps references
  // copies, see ByteChannel.write).
  #scratch = new Uint8Array(0);

  constructor(
    write: (bytes: Uint8Array) => Promise<void>,
    highWaterMark: number,
    onError: (err: unknown) => void,
  ) {
    if (!(highWaterMark >= 0)) {
      throw new RangeError(`highWaterMark must be a non-negative number, got ${highWaterMark}`);
    }
    this.#write = write;
    this.#highWaterMark = highWaterMark;
    this.#onError = onError;
  }

  /** Bytes queued or being written. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Queues `bytes` (not copied; the caller must not reuse them). */
  push(bytes: Uint8Array): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    this.#pending.push(bytes);
    this.#buffered += bytes.length;
    if (!this.#running) {
      this.#running = true;
      queueMicrotask(() => this.#run());
    }
    if (this.#buffered <= this.#highWaterMark) return RESOLVED;
    return new Promise((resolve, reject) => this.#drain.push({ resolve, reject }));
  }

  /**
   * Resolves once everything queued was written, the queue failed, or after
   * `timeoutMs`, whichever comes first.
   */
  idle(timeoutMs: number): Promise<void> {
    if (!this.#running || this.#failed) return RESOLVED;
    return new Promise((resolve) => {
      // deno-lint-ignore prefer-const -- `done` may run before the assignment (see below)
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const done = () => {
        settled = true;
        clearTimeout(timer);
        resolve();
      };
      this.#idle.push(done);
      // Touching setTimeout the first time can run queued microtasks (a lazy
      // load), which may finish the writer before the timer exists.
      timer = setTimeout(done, timeoutMs);
      if (settled) clearTimeout(timer);
    });
  }

  /** Drops what is queued and rejects waiting and future pushes with `error`. */
  fail(error: Error): void {
    if (this.#failed) return;
    this.#failed = error;
    this.#pending = [];
    this.#head = 0;
    for (const w of this.#drain.splice(0)) w.reject(error);
    this.#wakeIdle();
  }

  async #run(): Promise<void> {
    try {
      while (this.#head < this.#pending.length && !this.#failed) {
        const batch = this.#takeBatch();
        await this.#write(batch);
        this.#buffered -= batch.length;
        if (this.#buffered <= this.#highWaterMark && this.#drain.length > 0) {
          for (const w of this.#drain.splice(0)) w.resolve();
        }
      }
    } catch (err) {
      if (!this.#failed) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        this.#onError(err);
      }
    } finally {
      this.#running = false;
      this.#wakeIdle();
    }
  }

  #takeBatch(): Uint8Array {
    const pending = this.#pending;
    const first = pending[this.#head];
    let end = this.#head + 1;
    let total = first.length;
    if (total < ALONE) {
      while (
        end < pending.length && pending[end].length < ALONE &&
        total + pending[end].length <= MAX_BATCH
      ) {
        total += pending[end++].length;
      }
    }
    let batch = first;
    if (end - this.#head > 1) {
      if (this.#scratch.length < total) {
        // Grown to fit, not to the most a batch can be: a mostly idle connection
        // (a thousand of them on one viewer) keeps only what it has needed.
        let size = Math.max(4096, this.#scratch.length);
        while (size < total) size *= 2;
        this.#scratch = new Uint8Array(Math.min(size, MAX_BATCH));
      }
      batch = this.#scratch.subarray(0, total);
      let off = 0;
      for (let i = this.#head; i < end; i++) {
        batch.set(pending[i], off);
        off += pending[i].length;
      }
    }
    if (end === pending.length) {
      this.#pending = [];
      this.#head = 0;
    } else if (end > 1024) {
      this.#pending = pending.slice(end);
      this.#head = 0;
    } else {
      for (let i = this.#head; i < end; i++) pending[i] = EMPTY;
      this.#head = end;
    }
    return batch;
  }

  #wakeIdle(): void {
    if (this.#running && !this.#failed) return;
    for (const w of this.#idle.splice(0)) w();
  }
}

const EMPTY = new Uint8Array(0);
