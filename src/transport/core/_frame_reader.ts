/**
 * The read side of the stream transport: one owner for the read slabs, the
 * unfinished frame at the end of a read, and the scan that finds where frames
 * end.
 *
 * @module
 */
import { HEADER_SIZE } from "../../protocol/constants.ts";
import type { Frame } from "../../protocol/frame.ts";
import { FrameDecoder } from "../../protocol/frame_decoder.ts";
import { readLength } from "../../protocol/frame.ts";
import type { ByteChannel, SlabRead } from "./byte_channel.ts";
import type { ReleaseHandler } from "./frame_queue.ts";
import { ReadSlabs } from "./read_slabs.ts";

/** Turns bytes into frames; `FrameDecoder` is one, the stdio splitter adapter another. */
export interface ChunkDecoder {
  /** Bytes received but not yet returned as frames. */
  readonly buffered: number;
  /** Adds a chunk and hands each complete frame to `onFrame`; throws on bad framing. */
  write(chunk: Uint8Array, onFrame: (frame: Frame) => void): void;
  /** The stream ended; throws when a partial frame is left over. */
  end(): void;
}

/**
 * Reads a {@linkcode ByteChannel} and decodes what it read. With the default
 * `FrameDecoder` and a channel that can read into slabs
 * ({@linkcode ByteChannel.slabReads}), the reader owns those slabs: the
 * decoder is given whole frames only (one header scan finds them and where
 * the unfinished one starts), and that unfinished frame stays where it is, so
 * the next read lands right after it and the frame grows in place instead of
 * being copied together. Then the decoder keeps no bytes between reads, and
 * the consumer's progress alone says which slabs can be reused
 * ({@linkcode FrameReader.release}). Any other pair reads and decodes chunks
 * as they come.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FrameReader } from "./_frame_reader.ts";
 * import { denoConnChannel } from "./byte_channel.ts";
 * import { FrameDecoder } from "../../protocol/frame_decoder.ts";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * // A connection that returns a 100-byte frame in reads of 30 bytes.
 * const bytes = encodeFrame(5, new Uint8Array(100).fill(7));
 * let at = 0;
 * const channel = denoConnChannel({
 *   read(p) {
 *     if (at === bytes.length) return Promise.resolve(null);
 *     const n = Math.min(30, p.length, bytes.length - at);
 *     p.set(bytes.subarray(at, at + n));
 *     at += n;
 *     return Promise.resolve(n);
 *   },
 *   write: (p) => Promise.resolve(p.length),
 *   close() {},
 * });
 * const reader = new FrameReader(channel, new FrameDecoder());
 * assert.ok(reader.release !== null, "whole frames: read memory can be reused");
 * const frames: number[] = [];
 * for (let chunk; (chunk = await reader.read()) !== null;) {
 *   reader.decode(chunk, (f) => frames.push(f.payload.length));
 * }
 * reader.end(() => {});
 * assert.deepEqual(frames, [100]);
 * ```
 */
export class FrameReader {
  readonly #channel: ByteChannel;
  readonly #decoder: ChunkDecoder;
  // Set when the decoder is given whole frames: the reads into our slabs, and
  // the unfinished frame held back from the decoder (it grows in place).
  readonly #slabRead: SlabRead | null;
  readonly #whole: FrameDecoder | null;
  #tail: Uint8Array | null = null;
  // Read, not yet decoded: whole frames past the piece `decode` was asked for.
  #rest: Uint8Array | null = null;
  /**
   * Lets the channel reuse read memory the consumer no longer refers to (for
   * a consumer of transient frames), or `null` when this reader cannot: its
   * decoder may keep bytes of its own between reads.
   */
  readonly release: ReleaseHandler | null;

  constructor(channel: ByteChannel, decoder: ChunkDecoder) {
    this.#channel = channel;
    this.#decoder = decoder;
    if (decoder instanceof FrameDecoder && channel.slabReads) {
      const slabs = new ReadSlabs();
      this.#slabRead = channel.slabReads(slabs);
      this.#whole = decoder;
      this.release = (keepFrom) => slabs.release(keepFrom);
    } else {
      this.#slabRead = null;
      this.#whole = null;
      this.release = null;
    }
  }

  /** The next bytes (an unfinished frame held back comes first), or `null` at the end. */
  read(): Promise<Uint8Array | null> {
    if (this.#slabRead === null) return this.#channel.read();
    const tail = this.#tail;
    return this.#slabRead(tail, tail ? frameSize(tail) : 0);
  }

  /**
   * Hands each complete frame in `chunk` (a result of `read`) to `onFrame`.
   * With `upTo`, frames are made from about that many bytes of it (at least
   * one frame); the rest waits, read but not decoded, for
   * {@linkcode FrameReader.decodeRest}: a read of 256 KiB of tiny frames is
   * thousands of frame objects, which should not exist before the consumer
   * can get to them (they would outlive young-generation collections).
   */
  decode(chunk: Uint8Array, onFrame: (frame: Frame) => void, upTo = Infinity): void {
    const whole = this.#whole;
    if (whole === null) {
      this.#decoder.write(chunk, onFrame);
      return;
    }
    this.#tail = null;
    this.#rest = null;
    let piece = chunk;
    if (chunk.length > upTo) {
      // At least the first frame: one larger than `upTo` is decoded whole.
      const cut = Math.max(upTo, chunk.length < HEADER_SIZE ? 0 : frameSize(chunk));
      if (cut < chunk.length) piece = chunk.subarray(0, cut);
    }
    const end = whole.writeWhole(piece, onFrame);
    if (piece !== chunk) this.#rest = chunk.subarray(end);
    else if (end < chunk.length) this.#tail = chunk.subarray(end);
  }

  /**
   * Keeps `chunk` (a result of `read`) to be decoded later by
   * {@linkcode FrameReader.decodeRest}: the consumer is far enough behind
   * already. A reader whose decoder takes any chunk decodes it now.
   */
  hold(chunk: Uint8Array, onFrame: (frame: Frame) => void): void {
    if (this.#whole === null) {
      this.#decoder.write(chunk, onFrame);
      return;
    }
    this.#tail = null;
    this.#rest = chunk;
  }

  /** True when bytes read are waiting for {@linkcode FrameReader.decodeRest} (read no more before). */
  get pending(): boolean {
    return this.#rest !== null;
  }

  /** Decodes the next piece of what `decode` left (see there). */
  decodeRest(onFrame: (frame: Frame) => void, upTo = Infinity): void {
    const rest = this.#rest;
    if (rest !== null) this.decode(rest, onFrame, upTo);
  }

  /**
   * Gives the decoder the unfinished frame held back, so that its errors
   * (and `buffered`) count it. Never throws: only whole, valid headers (or
   * less than a header) are held back.
   */
  flush(onFrame: (frame: Frame) => void): void {
    if (this.#rest !== null) {
      // Whole frames (and perhaps the start of one) not decoded yet come first.
      const rest = this.#rest;
      this.#rest = null;
      this.decode(rest, onFrame);
    }
    const tail = this.#tail;
    this.#tail = null;
    if (!tail) return;
    try {
      this.#decoder.write(tail, onFrame);
    } catch {
      // See above: nothing held back can fail.
    }
  }

  /** The stream ended: throws the decoder's error when a frame was cut short. */
  end(onFrame: (frame: Frame) => void): void {
    this.flush(onFrame);
    this.#decoder.end();
  }

  /** Bytes of an unfinished frame (after `flush`, the decoder's). */
  get buffered(): number {
    return this.#decoder.buffered + (this.#tail?.length ?? 0) + (this.#rest?.length ?? 0);
  }

  /** Stream offset of the next byte the decoder decodes (0 if it does not count). */
  get offset(): number {
    return (this.#decoder as { offset?: number }).offset ?? 0;
  }
}

// How many bytes the unfinished frame starting `tail` has in total, once its
// header is known (before that: the header size).
function frameSize(tail: Uint8Array): number {
  return tail.length < HEADER_SIZE ? HEADER_SIZE : HEADER_SIZE + readLength(tail, 4);
}
