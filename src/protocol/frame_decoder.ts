/**
 * Incremental frame decoder for framed transports (sockets, fds, pipes).
 *
 * @module
 */
import { DEFAULT_MAX_PAYLOAD, ErrorCode, HEADER_SIZE } from "./constants.ts";
import { ViewportError } from "./errors.ts";
import {
  decodeFrameHeader,
  type Frame,
  FrameView,
  isAcceptableHeader,
  readLength,
} from "./frame.ts";

const EMPTY = new Uint8Array(0);

/**
 * Receives one frame from {@linkcode FrameDecoder.scan}: its type byte, and its
 * payload as `bytes[start, end)`; `offset` is where the frame's header starts
 * in the stream.
 */
export type FrameRangeHandler = (
  type: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  offset: number,
) => void;

type FrameHandler = (frame: Frame) => void;

function deliver(
  onRange: FrameRangeHandler | null,
  onFrame: FrameHandler | null,
  type: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  offset: number,
): void {
  if (onRange !== null) onRange(type, bytes, start, end, offset);
  else onFrame!(new FrameView(type, bytes, start, end, offset));
}

/** Options for {@linkcode FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest payload accepted, checked before any allocation. Default 16 MiB. */
  maxPayload?: number;
}

/**
 * Splits a byte stream into frames. Accepts chunks of any size; never copies its
 * whole buffer per read (chunks are queued, and each byte is copied at most once,
 * only when a frame spans chunks). After a framing error it stays failed: the
 * connection should be closed.
 *
 * @example
 * ```ts
 * import { FrameDecoder } from "./frame_decoder.ts";
 * import { encodeFrame } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeFrame(0x03, new Uint8Array([0xa0]));
 * const dec = new FrameDecoder();
 * const frames = [...dec.push(bytes.subarray(0, 5)), ...dec.push(bytes.subarray(5))];
 * assert.equal(frames.length, 1);
 * assert.equal(frames[0].type, 3);
 * ```
 */
export class FrameDecoder {
  readonly maxPayload: number;
  // Queue of unread chunks from index #ci on; a head index instead of shift()
  // keeps byte-at-a-time input linear.
  #chunks: Uint8Array[] = [];
  #ci = 0;
  #head = 0; // read position inside #chunks[#ci]
  #buffered = 0;
  #consumed = 0; // stream offset of the next unread byte
  #header = new Uint8Array(HEADER_SIZE);
  #failed: ViewportError | null = null;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    if (!Number.isInteger(max) || max < 0) {
      throw new RangeError(`maxPayload must be a non-negative integer, got ${max}`);
    }
    this.maxPayload = max;
  }

  /** Bytes received but not yet returned as frames. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Stream offset of the next byte to be decoded. */
  get offset(): number {
    return this.#consumed;
  }

  /**
   * Adds bytes and returns every frame now complete. The chunk is referenced, not
   * copied, so callers must not reuse its memory afterwards.
   */
  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    this.write(chunk, (f) => frames.push(f));
    return frames;
  }

  /**
   * Like {@linkcode FrameDecoder.push} but hands each complete frame to
   * `onFrame` as it is found, with no intermediate array (the hot path of
   * transports). If `onFrame` throws, the error propagates, the remaining bytes
   * stay buffered and the decoder stays usable.
   */
  write(chunk: Uint8Array, onFrame: (frame: Frame) => void): void {
    this.#run(chunk, null, onFrame);
  }

  /**
   * Hands each whole frame at the start of `chunk` to `onFrame` and returns
   * where the first unfinished frame begins (`chunk.length` when none is):
   * those bytes are not kept, so the caller can let them grow in place and
   * pass them again, completed, at the start of a later chunk. One scan of the
   * headers finds the frames and the boundary. While the decoder holds bytes of
   * an earlier `write`, it takes the whole chunk as `write` does.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "./frame_decoder.ts";
   * import { encodeFrame } from "./frame.ts";
   * import assert from "node:assert/strict";
   * const bytes = new Uint8Array([...encodeFrame(3, new Uint8Array(2)), ...encodeFrame(3, new Uint8Array(9))]);
   * const dec = new FrameDecoder();
   * const types: number[] = [];
   * const end = dec.writeWhole(bytes.subarray(0, 15), (f) => types.push(f.type));
   * assert.equal(end, 10, "the second frame is unfinished");
   * assert.equal(dec.writeWhole(bytes.subarray(end), (f) => types.push(f.type)), 17);
   * assert.deepEqual(types, [3, 3]);
   * ```
   */
  writeWhole(chunk: Uint8Array, onFrame: (frame: Frame) => void): number {
    if (this.#failed) throw this.#failed;
    if (this.#buffered > 0) {
      this.#run(chunk, null, onFrame);
      return chunk.length;
    }
    return chunk.length - this.#direct(chunk, null, onFrame).length;
  }

  /**
   * The allocation-free core of {@linkcode FrameDecoder.write}: each complete
   * frame goes to `onRange` as its type byte and the range of `bytes` holding
   * its payload; `offset` is the frame's first header byte in the stream. The
   * range is valid only during the call (decode it in place, or copy it), which
   * suits consumers that decode at once, such as `viewport decode`.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "./frame_decoder.ts";
   * import { encodeFrame } from "./frame.ts";
   * import assert from "node:assert/strict";
   * const sizes: number[] = [];
   * new FrameDecoder().scan(encodeFrame(0x03, new Uint8Array([0xa0])), (type, _b, start, end) => {
   *   sizes.push(type, end - start);
   * });
   * assert.equal(sizes.join(), "3,1", "expected one PATCH of 1 byte");
   * ```
   */
  scan(chunk: Uint8Array, onRange: FrameRangeHandler): void {
    this.#run(chunk, onRange, null);
  }

  // One of the two handlers is null: a branch per frame costs less than
  // wrapping onFrame in a range handler.
  #run(chunk: Uint8Array, onRange: FrameRangeHandler | null, onFrame: FrameHandler | null): void {
    if (this.#failed) throw this.#failed;
    // Fast path: nothing buffered, so whole frames are ranges of this chunk and
    // only a trailing partial frame needs queueing.
    if (this.#buffered === 0) {
      chunk = this.#direct(chunk, onRange, onFrame);
      if (chunk.length === 0) return;
    }
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    while (this.#next(onRange, onFrame));
  }

  /**
   * Declares the end of the stream. Throws `bad_frame` when a partial frame is
   * left over (the peer died mid-frame).
   */
  end(): void {
    if (this.#failed) throw this.#failed;
    if (this.#buffered > 0) {
      this.#failed = new ViewportError(
        ErrorCode.BAD_FRAME,
        `stream ended inside a frame at byte ${this.#consumed} (${this.#buffered} bytes of an unfinished frame)`,
        { offset: this.#consumed },
      );
      throw this.#failed;
    }
  }

  #direct(
    chunk: Uint8Array,
    onRange: FrameRangeHandler | null,
    onFrame: FrameHandler | null,
  ): Uint8Array {
    let pos = 0;
    const len = chunk.length;
    while (len - pos >= HEADER_SIZE) {
      const length = readLength(chunk, pos + 4);
      if (!isAcceptableHeader(chunk, pos, length, this.maxPayload)) this.#reject(chunk, pos);
      const end = pos + HEADER_SIZE + length;
      if (end > len) break;
      const offset = this.#consumed;
      this.#consumed += end - pos;
      const start = pos;
      pos = end;
      if (pos === len) {
        // The chunk's last frame: nothing would be left to queue if it threw.
        deliver(onRange, onFrame, chunk[start + 3], chunk, start + HEADER_SIZE, end, offset);
        return EMPTY;
      }
      try {
        deliver(onRange, onFrame, chunk[start + 3], chunk, start + HEADER_SIZE, end, offset);
      } catch (err) {
        if (pos < len) {
          this.#chunks.push(chunk.subarray(pos));
          this.#buffered += len - pos;
        }
        throw err;
      }
    }
    return pos === len ? EMPTY : pos === 0 ? chunk : chunk.subarray(pos);
  }

  // A bad header: decodeFrameHeader words the error, and the decoder stays
  // failed. Errors thrown by a frame handler do not fail it: they are the caller's.
  #reject(bytes: Uint8Array, at: number): never {
    try {
      decodeFrameHeader(bytes, at, this.maxPayload, this.#consumed);
    } catch (err) {
      this.#failed = err as ViewportError;
      throw err;
    }
    throw new Error("unreachable: header rejected by the inline check but accepted in full");
  }

  // Delivers the next buffered frame, if whole; false when more bytes are needed.
  #next(onRange: FrameRangeHandler | null, onFrame: FrameHandler | null): boolean {
    if (this.#buffered < HEADER_SIZE) return false;
    const first = this.#chunks[this.#ci];
    let header: Uint8Array, hOff: number;
    if (first.length - this.#head >= HEADER_SIZE) {
      header = first;
      hOff = this.#head;
    } else {
      this.#peek(this.#header, HEADER_SIZE);
      header = this.#header;
      hOff = 0;
    }
    // Validate magic/version/limit as soon as the header is here, before waiting
    // for (or allocating) the payload.
    const type = header[hOff + 3];
    const length = readLength(header, hOff + 4);
    if (!isAcceptableHeader(header, hOff, length, this.maxPayload)) this.#reject(header, hOff);
    const total = HEADER_SIZE + length;
    if (this.#buffered < total) return false;
    const offset = this.#consumed;
    if (first.length - this.#head >= total) {
      const start = this.#head + HEADER_SIZE;
      this.#skip(total);
      deliver(onRange, onFrame, type, first, start, start + length, offset);
    } else {
      this.#skip(HEADER_SIZE);
      const payload = new Uint8Array(length);
      this.#read(payload, length);
      deliver(onRange, onFrame, type, payload, 0, length, offset);
    }
    return true;
  }

  #peek(into: Uint8Array, n: number): void {
    let filled = 0, i = this.#ci, pos = this.#head;
    while (filled < n) {
      const c = this.#chunks[i];
      const take = Math.min(n - filled, c.length - pos);
      into.set(c.subarray(pos, pos + take), filled);
      filled += take;
      i++;
      pos = 0;
    }
  }

  #read(into: Uint8Array, n: number): void {
    let filled = 0;
    while (filled < n) {
      const c = this.#chunks[this.#ci];
      const take = Math.min(n - filled, c.length - this.#head);
      into.set(c.subarray(this.#head, this.#head + take), filled);
      filled += take;
      this.#advance(take);
    }
  }

  #skip(n: number): void {
    while (n > 0) {
      const c = this.#chunks[this.#ci];
      const take = Math.min(n, c.length - this.#head);
      this.#advance(take);
      n -= take;
    }
  }

  #advance(n: number): void {
    this.#head += n;
    this.#buffered -= n;
    this.#consumed += n;
    if (this.#head === this.#chunks[this.#ci].length) {
      this.#chunks[this.#ci++] = EMPTY;
      this.#head = 0;
      if (this.#ci === this.#chunks.length) {
        this.#chunks.length = 0;
        this.#ci = 0;
      } else if (this.#ci >= 1024) {
        this.#chunks = this.#chunks.slice(this.#ci);
        this.#ci = 0;
      }
    }
  }
}
