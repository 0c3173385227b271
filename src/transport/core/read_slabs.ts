/**
 * The read buffers of a pulled byte channel: reads land in consecutive regions
 * of a slab and are handed out as views, and slabs are recycled once the
 * consumer says it no longer refers to them.
 *
 * @module
 */

// Slabs start small, so an idle connection costs 16 KiB rather than 256 KiB,
// and grow 4x whenever a read fills all the room it had. 256 KiB slabs
// measured as fast as 1 MiB ones, and a small frame a consumer keeps pins less.
const FIRST_SLAB = 16 * 1024;
const SLAB = 256 * 1024;
const MAX_READ = 256 * 1024;
// Released slabs kept for reuse: two let reading fill one while the consumer
// still works through the frames of the other. Reads ahead of a consumer that
// fell behind fill a queue of slabs; then as many are kept as that queue
// was long, up to MAX_SPARES (fresh slabs cost page faults and zeroing).
const SPARES = 2;
const MAX_SPARES = 8;

const EMPTY = new Uint8Array(0);

/**
 * Read targets for a byte channel: no allocation or copy per read, and a frame
 * cut by a read boundary can grow in place (`forAppend`). The stream
 * transport's frame reader owns one and lends it to its channel
 * (`ByteChannel.slabReads`), which reads into it; the reader releases. A fresh
 * slab is taken when the current one has less than an eighth of its size left
 * (or cannot hold the frame being completed). Without `release` calls, old
 * slabs are left to the garbage collector once no frame refers to them; with
 * them, released slabs are reused, which spares the allocation (and the page
 * faults of fresh memory) that otherwise dominates large-frame throughput.
 *
 * @example
 * ```ts
 * import { ReadSlabs } from "./read_slabs.ts";
 * const slabs = new ReadSlabs();
 * const target = slabs.forRead();
 * target.set([1, 2, 3]);
 * const got = slabs.commit(3);
 * if (got.join() !== "1,2,3") throw new Error("expected the bytes read");
 * ```
 */
export class ReadSlabs {
  #size = FIRST_SLAB;
  #slab = new Uint8Array(FIRST_SLAB);
  #pos = 0;
  #start = 0;
  #room = 0;
  #ready = 0;
  // Only once `release` was called: slabs left behind, oldest first, and
  // released ones ready for reuse.
  #leasing = false;
  #retired: Uint8Array<ArrayBuffer>[] = [];
  #spare: Uint8Array<ArrayBuffer>[] = [];
  // Read ahead past the current slab (`speculate`), oldest first.
  #queue: Queued[] = [];
  #queued = 0;
  #spareLimit = SPARES;

  /** Where the next plain read goes. */
  forRead(): Uint8Array {
    if (this.#slab.length - this.#pos < this.#size / 8) this.#moveTo(EMPTY, 0);
    return this.#target(this.#pos, 0);
  }

  /**
   * Where the next read goes so that it lands right after `tail` (the last
   * bytes handed out), with room for `want` bytes in all; the tail is copied
   * only when it has to move to another slab.
   */
  forAppend(tail: Uint8Array, want: number): Uint8Array {
    const missing = Math.max(want - tail.length, 1);
    const slab = this.#slab;
    if (
      tail.buffer === slab.buffer && tail.byteOffset + tail.length === this.#pos &&
      slab.length - this.#pos >= missing
    ) {
      // Near the slab's end, stop at the frame's end: the next read then starts
      // a new slab clean, where a read across it would leave the next frame's
      // start behind to be copied over.
      const frameEnd = tail.byteOffset + want;
      const stop = slab.length - frameEnd < this.#size / 8 ? frameEnd : slab.length;
      return this.#target(tail.byteOffset, missing, stop);
    }
    this.#moveTo(tail, Math.max(want, tail.length + 1));
    return this.#target(0, missing);
  }

  /** Records that `n` bytes were read into the last target; returns what to hand out. */
  commit(n: number): Uint8Array {
    if (n === this.#room && this.#size < SLAB) this.#size = Math.min(SLAB, this.#size * 4);
    this.#pos += n;
    return this.#slab.subarray(this.#start, this.#pos);
  }

  /** Bytes read into {@linkcode ReadSlabs.speculate} regions and not yet claimed. */
  get ready(): number {
    return this.#ready + this.#queued;
  }

  /**
   * For a read that starts before anyone asked for it (a push-style socket): a
   * region right after the bytes read so far. When the slab is nearly full it
   * is a region of a slab of its own, queued behind this one, so a consumer
   * that falls behind never makes reads land anywhere but a slab. Report what
   * arrived with `commitSpeculative`, hand it out with `claim`; no
   * `forRead`/`forAppend` while bytes are ready.
   */
  speculate(): Uint8Array {
    const last = this.#queue.at(-1);
    const slab = last ? last.slab : this.#slab;
    const at = last ? last.end : this.#pos + this.#ready;
    if (slab.length - at >= this.#size / 8) {
      return slab.subarray(at, Math.min(slab.length, at + MAX_READ));
    }
    // Reads fill slabs faster than they are claimed: grow as `commit` would.
    if (this.#size < SLAB) this.#size = Math.min(SLAB, this.#size * 4);
    const next = this.#take(this.#size);
    // Room ahead of the bytes, so a frame cut at the slab's end can usually be
    // completed by copying only its start in front of them.
    const head = next.length / 4;
    this.#queue.push({ slab: next, start: head, end: head });
    this.#spareLimit = Math.min(
      MAX_SPARES,
      Math.max(this.#spareLimit, this.#queue.length + SPARES),
    );
    return next.subarray(head, Math.min(next.length, head + MAX_READ));
  }

  /** `n` bytes arrived in `region` from `speculate`; false if the region is stale. */
  commitSpeculative(region: Uint8Array, n: number): boolean {
    const last = this.#queue.at(-1);
    if (last) {
      if (region.buffer !== last.slab.buffer || region.byteOffset !== last.end) return false;
      last.end += n;
      this.#queued += n;
      return true;
    }
    if (region.buffer !== this.#slab.buffer || region.byteOffset !== this.#pos + this.#ready) {
      return false;
    }
    this.#ready += n;
    return true;
  }

  /** True when `tail` ends where the last bytes handed out end (appending needs no move). */
  follows(tail: Uint8Array): boolean {
    return tail.buffer === this.#slab.buffer && tail.byteOffset + tail.length === this.#pos;
  }

  /**
   * Hands out the bytes read ahead as `forRead` (`tail` null) or `forAppend`
   * followed by a read would have: after `tail` and contiguous with it.
   */
  claim(tail: Uint8Array | null, want: number): Uint8Array {
    if (this.#ready === 0 && this.#queue.length > 0) return this.#claimQueued(tail, want);
    const ready = this.#slab.subarray(this.#pos, this.#pos + this.#ready);
    this.#ready = 0;
    const slab = this.#slab;
    if (
      tail === null || (tail.buffer === slab.buffer && tail.byteOffset + tail.length === this.#pos)
    ) {
      const start = tail === null ? this.#pos : tail.byteOffset;
      this.#pos += ready.length;
      return slab.subarray(start, this.#pos);
    }
    // A tail from elsewhere: both move to a slab of their own (the old one,
    // holding `ready`, stays intact until it is reused).
    return this.#moveJoined(tail, want, ready);
  }

  // The first queued slab's bytes become the next ones handed out; a tail is
  // copied into the room ahead of them when it fits, else they join the tail.
  #claimQueued(tail: Uint8Array | null, want: number): Uint8Array {
    const q = this.#queue.shift()!;
    this.#queued -= q.end - q.start;
    const bytes = q.slab.subarray(q.start, q.end);
    const fits = tail === null || tail.length <= q.start;
    if (fits) {
      const start = q.start - (tail?.length ?? 0);
      if (tail) q.slab.set(tail, start);
      this.#retire();
      this.#slab = q.slab;
      this.#pos = q.end;
      return q.slab.subarray(start, q.end);
    }
    // A long tail (a large frame being completed): its bytes are appended to
    // it where it is, or both move on to a slab large enough. The queued
    // slab is dropped, not reused: a read may still be landing in it.
    const slab = this.#slab;
    if (
      tail.buffer === slab.buffer && tail.byteOffset + tail.length === this.#pos &&
      slab.length - this.#pos >= bytes.length
    ) {
      slab.set(bytes, this.#pos);
      this.#pos += bytes.length;
      return slab.subarray(tail.byteOffset, this.#pos);
    }
    return this.#moveJoined(tail, want, bytes);
  }

  // `tail` then `bytes`, together at the start of a slab of their own.
  #moveJoined(tail: Uint8Array, want: number, bytes: Uint8Array): Uint8Array {
    this.#moveTo(tail, Math.max(want, tail.length + bytes.length));
    this.#slab.set(bytes, this.#pos);
    this.#pos += bytes.length;
    return this.#slab.subarray(0, this.#pos);
  }

  /**
   * The consumer refers to no bytes handed out before those in `keepFrom`
   * (the buffer of the oldest view it still holds), or to none at all with
   * `null`: slabs left behind before that one may be reused.
   */
  release(keepFrom: ArrayBufferLike | null): void {
    this.#leasing = true;
    const retired = this.#retired;
    if (retired.length === 0) return;
    let free = retired.length;
    if (keepFrom !== null && keepFrom !== this.#slab.buffer) {
      free = retired.findIndex((s) => s.buffer === keepFrom);
      // A buffer that is not one of ours says nothing about order: keep all.
      if (free <= 0) return;
    }
    const spare = this.#spare;
    for (const slab of retired.splice(0, free)) {
      if (slab.length < this.#size) continue; // from before the slabs grew
      if (spare.length < this.#spareLimit) spare.push(slab);
      else {
        // Keep the largest: a big frame's slab is the one worth having again.
        let smallest = 0;
        for (let i = 1; i < spare.length; i++) {
          if (spare[i].length < spare[smallest].length) smallest = i;
        }
        if (spare[smallest].length < slab.length) spare[smallest] = slab;
      }
    }
  }

  #target(start: number, want: number, stop = this.#slab.length): Uint8Array {
    this.#start = start;
    const pos = this.#pos;
    this.#room = Math.min(stop, pos + Math.max(MAX_READ, want)) - pos;
    return this.#slab.subarray(pos, pos + this.#room);
  }

  // Moves on to a slab with `keep` copied to its start and room for `want` bytes in all.
  #moveTo(keep: Uint8Array, want: number): void {
    let needed = Math.max(this.#size, want + this.#size / 8);
    // Rounded up, so that one slab fits the next big frames as well.
    if (this.#leasing && needed > this.#size) {
      needed = Math.max(SLAB, 2 ** Math.ceil(Math.log2(needed)));
    }
    this.#retire();
    const next = this.#take(needed);
    next.set(keep);
    this.#slab = next;
    this.#pos = keep.length;
  }

  // The current slab is left: kept for reuse once released (with `release`).
  #retire(): void {
    if (this.#leasing) this.#retired.push(this.#slab);
  }

  // A spare slab of at least `needed` bytes, or a new one.
  #take(needed: number): Uint8Array<ArrayBuffer> {
    const i = this.#spare.findIndex((s) => s.length >= needed);
    return i >= 0 ? this.#spare.splice(i, 1)[0] : new Uint8Array(needed);
  }
}

/** Bytes read ahead into a slab after the current one: `slab[start, end)`. */
interface Queued {
  slab: Uint8Array<ArrayBuffer>;
  start: number;
  end: number;
}
