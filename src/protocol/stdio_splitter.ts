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
import { type Frame, readLength } from "./frame.ts";

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
/** Validation credit each input byte brings (see the class comment). */
const CREDIT_PER_BYTE = 4;
const FIRST_CREDIT = 1024 * 1024;

/**
 * Splits a stdio byte stream into text and frames. Text is passed on as soon as
 * it is known not to start a frame; only the bytes of a possible frame are held
 * back (at most a header, then one payload). A candidate becomes a frame only
 * when its header is valid (magic, version 1, a known type, a length within the
 * limit) and its payload passes `isValidPayload`; otherwise its first byte is
 * text and scanning resumes at the next byte.
 *
 * Linear on any input: headers are checked in place (no copy, no object per
 * candidate), text comes out in runs, and the expensive part (decoding a
 * candidate's payload, or scanning again the bytes of a rejected one) is paid
 * from a credit of 4 per input byte (plus 1 MiB to start). Text made to look like nested headers
 * cannot make the work quadratic: once its credit is spent, a rejected
 * candidate's bytes are text as a whole, without a second look (so a real
 * frame hidden inside such text is then text too).
 *
 * @example
 * ```ts
 * import { StdioSplitter } from "./stdio_splitter.ts";
 * import { encodeFrame } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const enc = new TextEncoder();
 * const frame = encodeFrame(0x02, new Uint8Array([0xa0]));
 * const stream = new Uint8Array([...enc.encode("VPN up\n"), ...frame, ...enc.encode("bye")]);
 * const pieces = new StdioSplitter().push(stream);
 * assert.equal(pieces.map((p) => p.kind).join(), "text,frame,text");
 * ```
 */
export class StdioSplitter {
  readonly maxPayload: number;
  readonly #isValid: (type: number, payload: Uint8Array) => boolean;
  // The candidate frame being held: its bytes so far, and where it starts.
  #held: Uint8Array | null = null;
  #heldLen = 0;
  #heldOffset = 0;
  #streamOffset = 0;
  #credit = FIRST_CREDIT;
  #maxCredit: number;
  #work = 0;

  constructor(options: StdioSplitterOptions = {}) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.#isValid = options.isValidPayload ?? (() => true);
    this.#maxCredit = 4 * this.maxPayload + FIRST_CREDIT;
  }

  /** Bytes held back because they may start a frame. */
  get pending(): number {
    return this.#heldLen;
  }

  /** Bytes decoded to validate candidates or scanned again after one failed (for tests). */
  get work(): number {
    return this.#work;
  }

  /** Adds bytes; returns the text and frames they complete, in stream order. */
  push(chunk: Uint8Array): StdioPiece[] {
    const out: StdioPiece[] = [];
    if (chunk.length === 0) return out;
    const offset = this.#streamOffset;
    this.#streamOffset += chunk.length;
    this.#credit = Math.min(this.#maxCredit, this.#credit + CREDIT_PER_BYTE * chunk.length);
    let rest = chunk;
    let restOffset = offset;
    if (this.#held) {
      const used = this.#fill(rest);
      rest = rest.subarray(used);
      restOffset += used;
      const verdict = this.#heldVerdict();
      if (verdict === "wait") return out;
      if (verdict === "frame") {
        this.#emitHeldFrame(out);
      } else {
        const again = this.#rejectHeld(out);
        if (again) {
          this.#scan(concat(again.bytes, rest), again.offset, out);
          return out;
        }
      }
    }
    this.#scan(rest, restOffset, out);
    return out;
  }

  /**
   * Gives up on a held candidate (end of stream, or the caller's idle timeout):
   * its bytes are returned as text, after rescanning them for frames.
   */
  flush(): StdioPiece[] {
    const out: StdioPiece[] = [];
    while (this.#held) {
      const again = this.#rejectHeld(out);
      if (again) this.#scan(again.bytes, again.offset, out);
    }
    return out;
  }

  /** Scans `buf` (not held) for candidates; holds an incomplete one at its end. */
  #scan(buf: Uint8Array, offset: number, out: StdioPiece[]): void {
    let textStart = 0;
    let i = 0;
    const end = buf.length;
    for (;;) {
      i = buf.indexOf(MAGIC_0, i);
      if (i < 0) break;
      const avail = end - i;
      if (avail < HEADER_SIZE) {
        if (!prefixOk(buf, i, avail)) {
          i++;
          continue;
        }
        this.#text(buf, textStart, i, out);
        this.#hold(buf.subarray(i), offset + i, HEADER_SIZE);
        return;
      }
      if (!prefixOk(buf, i, HEADER_SIZE) || readLength(buf, i + 4) > this.maxPayload) {
        i++;
        continue;
      }
      const size = HEADER_SIZE + readLength(buf, i + 4);
      if (size > avail) {
        this.#text(buf, textStart, i, out);
        this.#hold(buf.subarray(i), offset + i, size);
        return;
      }
      const payload = buf.subarray(i + HEADER_SIZE, i + size);
      const verdict = this.#validate(buf[i + 3], payload);
      if (verdict === "frame") {
        this.#text(buf, textStart, i, out);
        out.push({
          kind: "frame",
          frame: { type: buf[i + 3], payload: payload.slice(), offset: offset + i },
        });
        i += size;
        textStart = i;
      } else {
        // "text": look again from the next byte; "skip": the whole candidate is text.
        i += verdict === "text" ? 1 : size;
      }
    }
    this.#text(buf, textStart, end, out);
  }

  /** Decodes a complete candidate's payload if the credit allows. */
  #validate(type: number, payload: Uint8Array): "frame" | "text" | "skip" {
    const cost = HEADER_SIZE + payload.length;
    if (this.#credit < cost) return "skip";
    this.#credit -= cost;
    this.#work += cost;
    return this.#isValid(type, payload) ? "frame" : "text";
  }

  #text(buf: Uint8Array, from: number, to: number, out: StdioPiece[]): void {
    if (to > from) out.push({ kind: "text", bytes: buf.subarray(from, to) });
  }

  /** Starts holding `bytes` (a candidate's first bytes), in a buffer of `size`. */
  #hold(bytes: Uint8Array, offset: number, size: number): void {
    const held = new Uint8Array(Math.max(size, bytes.length));
    held.set(bytes);
    this.#held = held;
    this.#heldLen = bytes.length;
    this.#heldOffset = offset;
  }

  /** Moves bytes of `chunk` into the held candidate; returns how many it took. */
  #fill(chunk: Uint8Array): number {
    let used = 0;
    // The header first, byte by byte, checked as it comes.
    while (this.#heldLen < HEADER_SIZE && used < chunk.length) {
      this.#held![this.#heldLen++] = chunk[used++];
      if (!prefixOk(this.#held!, 0, this.#heldLen)) return used;
    }
    if (this.#heldLen < HEADER_SIZE) return used;
    const length = readLength(this.#held!, 4);
    if (length > this.maxPayload) return used;
    const size = HEADER_SIZE + length;
    if (this.#held!.length < size) {
      const grown = new Uint8Array(size);
      grown.set(this.#held!.subarray(0, this.#heldLen));
      this.#held = grown;
    }
    const take = Math.min(size - this.#heldLen, chunk.length - used);
    this.#held!.set(chunk.subarray(used, used + take), this.#heldLen);
    this.#heldLen += take;
    return used + take;
  }

  /** What the held bytes are now: a frame, not a frame, or not known yet. */
  #heldVerdict(): "frame" | "reject" | "wait" {
    const held = this.#held!;
    const n = this.#heldLen;
    if (!prefixOk(held, 0, Math.min(n, HEADER_SIZE))) return "reject";
    if (n < HEADER_SIZE) return "wait";
    const length = readLength(held, 4);
    if (length > this.maxPayload) return "reject";
    if (n < HEADER_SIZE + length) return "wait";
    const verdict = this.#validate(held[3], held.subarray(HEADER_SIZE, n));
    if (verdict === "frame") return "frame";
    if (verdict === "skip") this.#heldSkip = true;
    return "reject";
  }

  // The held candidate's payload was not decoded (no credit): it is text as a whole.
  #heldSkip = false;

  #emitHeldFrame(out: StdioPiece[]): void {
    const held = this.#held!;
    out.push({
      kind: "frame",
      frame: {
        type: held[3],
        payload: held.subarray(HEADER_SIZE, this.#heldLen),
        offset: this.#heldOffset,
      },
    });
    this.#held = null;
    this.#heldLen = 0;
  }

  /**
   * The held candidate is not a frame: its first byte is text, and the rest is
   * returned to be scanned again (before anything that follows), if the credit
   * pays for that second look; otherwise all of it is text.
   */
  #rejectHeld(out: StdioPiece[]): { bytes: Uint8Array; offset: number } | null {
    const held = this.#held!.subarray(0, this.#heldLen);
    const offset = this.#heldOffset;
    const skip = this.#heldSkip;
    this.#held = null;
    this.#heldLen = 0;
    this.#heldSkip = false;
    const again = held.length - 1;
    if (skip || (again > HEADER_SIZE && this.#credit < again)) {
      out.push({ kind: "text", bytes: held });
      return null;
    }
    if (again > HEADER_SIZE) {
      this.#credit -= again;
      this.#work += again;
    }
    out.push({ kind: "text", bytes: held.subarray(0, 1) });
    return again > 0 ? { bytes: held.subarray(1), offset: offset + 1 } : null;
  }
}

/** Whether `buf[at, at + n)` (n <= 8) can begin a valid header. */
function prefixOk(buf: Uint8Array, at: number, n: number): boolean {
  if (n > 0 && buf[at] !== MAGIC_0) return false;
  if (n > 1 && buf[at + 1] !== MAGIC_1) return false;
  if (n > 2 && buf[at + 2] !== PROTOCOL_VERSION) return false;
  if (n > 3 && !(buf[at + 3] >= 1 && buf[at + 3] <= MAX_TYPE)) return false;
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
