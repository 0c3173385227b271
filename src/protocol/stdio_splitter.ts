/**
 * Separates Viewport frames from ordinary terminal text on a `stdio:` stream
 * (Tier 1: frames written verbatim between runs of text).
 *
 * @module
 */
import {
  DEFAULT_MAX_PAYLOAD,
  HEADER_SIZE,
  MAGIC_0,
  MAGIC_1,
  MessageType,
  PROTOCOL_VERSION,
} from "./constants.ts";
import { readLength } from "./frame.ts";
import type { Frame } from "./frame.ts";

/** A piece of a stdio stream: either terminal text or a whole frame. */
export type StdioPiece =
  | { kind: "text"; bytes: Uint8Array }
  | { kind: "frame"; frame: Frame };

/** Options for {@linkcode StdioSplitter}. */
export interface StdioSplitterOptions {
  /** A candidate whose header claims more than this is text. Default 16 MiB. */
  maxPayload?: number;
  /**
   * Decides whether a complete candidate payload is a real frame. Per the
   * decisions, only a payload that decodes counts; pass the CBOR decoder's check.
   * Default: accept every payload (for streams known to carry only frames).
   */
  isValidPayload?: (type: number, payload: Uint8Array) => boolean;
}

const MAX_TYPE = MessageType.ERROR;
const EMPTY = new Uint8Array(0);

/**
 * Splits a stdio byte stream into text and frames. Text is passed on as soon as
 * it is known not to start a frame; only the bytes of a possible frame are held
 * back (at most a header, then one payload). A candidate becomes a frame only
 * when its header is valid (magic, version 1, a known type, a length within the
 * limit) and its payload passes `isValidPayload`; otherwise its first byte is
 * text and scanning resumes at the next byte.
 *
 * @example
 * ```ts
 * import { StdioSplitter } from "./stdio_splitter.ts";
 * import { encodeFrame } from "./frame.ts";
 * const enc = new TextEncoder();
 * const frame = encodeFrame(0x02, new Uint8Array([0xa0]));
 * const stream = new Uint8Array([...enc.encode("VPN up\n"), ...frame, ...enc.encode("bye")]);
 * const pieces = new StdioSplitter().push(stream);
 * console.assert(pieces.map((p) => p.kind).join() === "text,frame,text");
 * ```
 */
export class StdioSplitter {
  readonly maxPayload: number;
  readonly #isValid: (type: number, payload: Uint8Array) => boolean;
  // Work queue: chunks (with their stream offsets) waiting to be scanned.
  #queue: { bytes: Uint8Array; offset: number }[] = [];
  #cand: Uint8Array | null = null; // bytes of the candidate frame so far
  #candLen = 0;
  #candOffset = 0;
  #streamOffset = 0;

  constructor(options: StdioSplitterOptions = {}) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.#isValid = options.isValidPayload ?? (() => true);
  }

  /** Bytes held back because they may start a frame. */
  get pending(): number {
    return this.#candLen;
  }

  /** Adds bytes; returns the text and frames they complete, in stream order. */
  push(chunk: Uint8Array): StdioPiece[] {
    const out: StdioPiece[] = [];
    if (chunk.length === 0) return out;
    this.#queue.push({ bytes: chunk, offset: this.#streamOffset });
    this.#streamOffset += chunk.length;
    this.#drain(out);
    return out;
  }

  /**
   * Gives up on a held candidate (end of stream, or the caller's idle timeout):
   * its bytes are returned as text, after rescanning them for frames.
   */
  flush(): StdioPiece[] {
    const out: StdioPiece[] = [];
    while (this.#cand) {
      this.#reject(out);
      this.#drain(out);
    }
    return out;
  }

  #drain(out: StdioPiece[]): void {
    const queue = this.#queue;
    while (queue.length > 0) {
      const item = queue[0];
      if (item.bytes.length === 0) {
        queue.shift();
        continue;
      }
      if (this.#cand) {
        this.#fill(item, out);
      } else {
        const at = item.bytes.indexOf(MAGIC_0);
        if (at < 0) {
          out.push({ kind: "text", bytes: item.bytes });
          item.bytes = EMPTY;
        } else {
          if (at > 0) out.push({ kind: "text", bytes: item.bytes.subarray(0, at) });
          this.#cand = new Uint8Array(HEADER_SIZE);
          this.#candLen = 0;
          this.#candOffset = item.offset + at;
          item.bytes = item.bytes.subarray(at);
          item.offset += at;
        }
      }
    }
  }

  // Moves bytes from the queue item into the candidate. A candidate that turns
  // out not to be a frame is rejected, which re-queues its bytes ahead of `item`.
  #fill(item: { bytes: Uint8Array; offset: number }, out: StdioPiece[]): void {
    const bytes = item.bytes;
    let used = 0;
    let ok = true;
    while (this.#candLen < HEADER_SIZE && used < bytes.length) {
      const b = bytes[used++];
      this.#cand![this.#candLen++] = b;
      if (!headerByteOk(this.#candLen - 1, b)) {
        ok = false;
        break;
      }
      if (this.#candLen === HEADER_SIZE) {
        const length = readLength(this.#cand!, 4);
        if (length > this.maxPayload) {
          ok = false;
          break;
        }
        const full = new Uint8Array(HEADER_SIZE + length);
        full.set(this.#cand!);
        this.#cand = full;
      }
    }
    const cand = this.#cand!;
    if (ok && this.#candLen >= HEADER_SIZE && this.#candLen < cand.length) {
      const take = Math.min(cand.length - this.#candLen, bytes.length - used);
      cand.set(bytes.subarray(used, used + take), this.#candLen);
      this.#candLen += take;
      used += take;
    }
    item.bytes = bytes.subarray(used);
    item.offset += used;
    if (!ok) {
      this.#reject(out);
      return;
    }
    if (this.#candLen === cand.length && this.#candLen >= HEADER_SIZE) {
      const type = cand[3];
      const payload = cand.subarray(HEADER_SIZE);
      if (this.#isValid(type, payload)) {
        out.push({ kind: "frame", frame: { type, payload, offset: this.#candOffset } });
        this.#cand = null;
        this.#candLen = 0;
      } else {
        this.#reject(out);
      }
    }
  }

  // The candidate's first byte is text; the rest is rescanned before anything else.
  #reject(out: StdioPiece[]): void {
    const held = this.#cand!.subarray(0, this.#candLen);
    this.#cand = null;
    this.#candLen = 0;
    out.push({ kind: "text", bytes: held.subarray(0, 1) });
    if (held.length > 1) {
      this.#queue.unshift({ bytes: held.subarray(1), offset: this.#candOffset + 1 });
    }
  }
}

function headerByteOk(index: number, b: number): boolean {
  switch (index) {
    case 0:
      return b === MAGIC_0;
    case 1:
      return b === MAGIC_1;
    case 2:
      return b === PROTOCOL_VERSION;
    case 3:
      return b >= 1 && b <= MAX_TYPE;
    default:
      return true;
  }
}
