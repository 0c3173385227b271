/**
 * What one NATS message of a `nats://` channel carries: a 16-byte header
 * (kind, piece flags, sequence number, sender id) and, for data, one piece of
 * a Viewport frame. Frames longer than the server's `max_payload` are split
 * into pieces sent back to back; the receiver joins them. A sequence number
 * that skips one means a message was lost: the channel fails (that session
 * only), and the app re-sends its state on a new channel.
 *
 * Pure functions and one small class: no NATS client here.
 *
 * @module
 */
import { HEADER_SIZE } from "../../protocol/constants.ts";
import { ViewportError } from "../../protocol/errors.ts";
import { decodeFrameHeader, type Frame } from "../../protocol/frame.ts";

/** Bytes before the piece in every message. */
export const WIRE_HEADER = 16;
/** The wire version in byte 2; a message of another version is refused. */
export const WIRE_VERSION = 1;

/** What a message is. */
export const Kind = {
  /** App: a new channel (sequence 0); the viewer makes a transport for it. */
  OPEN: 1,
  /** A piece of a frame. */
  DATA: 2,
  /** The sender closed its end in order; the reason follows as UTF-8. */
  END: 3,
  /** The sender dropped the channel on an error; the reason follows. */
  FAIL: 4,
  /** Nothing to send for a while: the sender is still there. */
  BEAT: 5,
  /** Viewer: "I see this channel but missed its start; open a new one". */
  RESYNC: 6,
  /** Viewer, on the announce subject: "I am here; send me your state". */
  HELLO: 7,
} as const;

/** A {@linkcode Kind} value. */
export type KindValue = typeof Kind[keyof typeof Kind];

/** Piece flags (byte 1 of a DATA message). */
export const FIRST = 1;
/** The piece that completes its frame. */
export const LAST = 2;

/** A decoded message header. */
export interface WireHeader {
  kind: number;
  flags: number;
  seq: number;
  /** The sender's 8-byte id as 16 hex digits. */
  sender: string;
}

/** 8 random bytes as 16 hex digits: a channel's or a viewer's id. */
export function newId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function putHeader(out: Uint8Array, kind: number, flags: number, seq: number, id: string): void {
  out[0] = kind;
  out[1] = flags;
  out[2] = WIRE_VERSION;
  out[3] = 0;
  new DataView(out.buffer, out.byteOffset, 8).setUint32(4, seq >>> 0);
  for (let i = 0; i < 8; i++) out[8 + i] = parseInt(id.slice(i * 2, i * 2 + 2), 16);
}

/**
 * One message: header plus `body` (copied).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWire, decodeWire, Kind } from "./_nats_wire.ts";
 * const m = encodeWire(Kind.END, 0, 7, "00112233445566ff", new TextEncoder().encode("bye"));
 * const h = decodeWire(m);
 * assert.deepEqual(h, { kind: Kind.END, flags: 0, seq: 7, sender: "00112233445566ff" });
 * assert.equal(new TextDecoder().decode(m.subarray(16)), "bye");
 * ```
 */
export function encodeWire(
  kind: number,
  flags: number,
  seq: number,
  id: string,
  body?: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(WIRE_HEADER + (body?.length ?? 0));
  putHeader(out, kind, flags, seq, id);
  if (body) out.set(body, WIRE_HEADER);
  return out;
}

/** Reads a message header; throws `bad_frame` for a short or foreign message. */
export function decodeWire(msg: Uint8Array): WireHeader {
  if (msg.length < WIRE_HEADER) {
    throw new ViewportError(
      "bad_frame",
      `a NATS message of ${msg.length} bytes (expected at least the ${WIRE_HEADER}-byte header)`,
    );
  }
  if (msg[2] !== WIRE_VERSION) {
    throw new ViewportError(
      "bad_frame",
      `a NATS message of wire version ${msg[2]} (expected ${WIRE_VERSION})`,
    );
  }
  let sender = "";
  for (let i = 8; i < 16; i++) sender += msg[i].toString(16).padStart(2, "0");
  const seq = new DataView(msg.buffer, msg.byteOffset, 8).getUint32(4);
  return { kind: msg[0], flags: msg[1], seq, sender };
}

/**
 * Splits one frame into DATA messages of at most `maxMessage` bytes each,
 * numbered from `seq`; returns them (the caller publishes them in order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitFrame, FIRST, LAST } from "./_nats_wire.ts";
 * const parts = splitFrame(new Uint8Array(40), 5, "0000000000000001", 16 + 16);
 * assert.equal(parts.length, 3);
 * assert.equal(parts[0][1], FIRST);
 * assert.equal(parts[2][1], LAST);
 * ```
 */
export function splitFrame(
  frame: Uint8Array,
  seq: number,
  id: string,
  maxMessage: number,
): Uint8Array[] {
  const room = Math.max(1, maxMessage - WIRE_HEADER);
  const out: Uint8Array[] = [];
  for (let at = 0; at < frame.length || at === 0; at += room) {
    const end = Math.min(frame.length, at + room);
    const flags = (at === 0 ? FIRST : 0) | (end === frame.length ? LAST : 0);
    out.push(encodeWire(Kind.DATA, flags, seq + out.length, id, frame.subarray(at, end)));
    if (end === frame.length) break;
  }
  return out;
}

/** Options of {@linkcode FrameJoiner}. */
export interface FrameJoinerOptions {
  /** Largest frame payload accepted (checked on the first piece, before allocating). */
  maxPayload: number;
  /** Who sends, for errors (e.g. "the app"). */
  who: string;
}

/**
 * Joins one sender's pieces into frames, in order. Every message of the sender
 * goes through {@linkcode FrameJoiner.sequence} first: a gap in the sequence
 * numbers is a lost message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FrameJoiner, splitFrame, decodeWire, WIRE_HEADER } from "./_nats_wire.ts";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * const frame = encodeFrame(5, new Uint8Array(100).fill(7));
 * const j = new FrameJoiner({ maxPayload: 1 << 20, who: "the app" });
 * let got;
 * for (const m of splitFrame(frame, 0, "0000000000000001", 48)) {
 *   const h = decodeWire(m);
 *   j.sequence(h.seq);
 *   got = j.piece(h.flags, m.subarray(WIRE_HEADER)) ?? got;
 * }
 * assert.equal(got?.type, 5);
 * assert.equal(got?.payload.length, 100);
 * ```
 */
export class FrameJoiner {
  #o: FrameJoinerOptions;
  // Every sender numbers its messages on a channel from 0.
  #next = 0;
  // Pieces of the frame being joined, copied as they come: memory grows with
  // the bytes that arrived, not with the length a first piece claims.
  #parts: Uint8Array[] | null = null;
  #expected = 0;
  #filled = 0;
  #offset = 0;

  constructor(options: FrameJoinerOptions) {
    this.#o = options;
  }

  /** True while a frame is half joined. */
  get inFrame(): boolean {
    return this.#parts !== null;
  }

  /** Checks that `seq` follows the previous message's; throws `bad_frame` if one is missing. */
  sequence(seq: number): void {
    if (seq !== this.#next) {
      const missing = (seq - this.#next) >>> 0;
      throw new ViewportError(
        "bad_frame",
        `${this.#o.who} dropped messages: number ${seq} arrived where ${this.#next} was due ` +
          `(${missing} missing${this.inFrame ? ", inside a frame" : ""})`,
      );
    }
    this.#next = (seq + 1) >>> 0;
  }

  /** Adds one piece; returns the frame it completes, if any. */
  piece(flags: number, bytes: Uint8Array): Frame | undefined {
    const first = (flags & FIRST) !== 0;
    if (first !== (this.#parts === null)) {
      throw new ViewportError(
        "bad_frame",
        first
          ? `${this.#o.who} started a frame at byte ${this.#offset} inside another one`
          : `${this.#o.who} sent a continuation piece at byte ${this.#offset} outside a frame`,
      );
    }
    if (first) {
      if (bytes.length < HEADER_SIZE) {
        throw new ViewportError(
          "bad_frame",
          `${this.#o.who} sent a first piece of ${bytes.length} bytes ` +
            `(expected at least the ${HEADER_SIZE}-byte frame header)`,
        );
      }
      const { length } = decodeFrameHeader(bytes, 0, this.#o.maxPayload, this.#offset);
      this.#expected = HEADER_SIZE + length;
      this.#parts = [];
      this.#filled = 0;
    }
    if (this.#filled + bytes.length > this.#expected) {
      throw new ViewportError(
        "bad_frame",
        `${this.#o.who} sent ${this.#filled + bytes.length} bytes for a frame of ` +
          `${this.#expected} at byte ${this.#offset}`,
      );
    }
    const last = (flags & LAST) !== 0;
    if (last !== (this.#filled + bytes.length === this.#expected)) {
      throw new ViewportError(
        "bad_frame",
        `${this.#o.who} sent a frame of ${this.#expected} bytes at byte ${this.#offset} ` +
          `whose pieces hold ${this.#filled + bytes.length}${last ? "" : " and more"}`,
      );
    }
    const parts = this.#parts!;
    if (!last) {
      parts.push(bytes.slice());
      this.#filled += bytes.length;
      return undefined;
    }
    let frame: Uint8Array;
    if (parts.length === 0) {
      frame = bytes.slice();
    } else {
      frame = new Uint8Array(this.#expected);
      let at = 0;
      for (const p of parts) {
        frame.set(p, at);
        at += p.length;
      }
      frame.set(bytes, at);
    }
    this.#parts = null;
    const offset = this.#offset;
    this.#offset += frame.length;
    return { type: frame[3], payload: frame.subarray(HEADER_SIZE), offset };
  }
}
