/**
 * The fixed 8-byte frame header: encode, decode and validate.
 * The layout lives in `constants.ts`; this file only applies it.
 *
 * @module
 */
import {
  DEFAULT_MAX_PAYLOAD,
  ErrorCode,
  HEADER_SIZE,
  MAGIC_0,
  MAGIC_1,
  MAX_WIRE_LENGTH,
  PROTOCOL_VERSION,
} from "./constants.ts";
import { ViewportError } from "./errors.ts";

/** One frame as read off the wire: its type byte and raw CBOR payload. */
export interface Frame {
  /** Message type byte (see `MessageType`). */
  type: number;
  /** The CBOR payload, exactly as long as the header said. */
  payload: Uint8Array;
  /** Offset of the frame's first header byte in the stream it came from. */
  offset: number;
}

/**
 * A frame that is a range of a received chunk. Its `payload` view is made only
 * when asked for: `decodeFrame` reads the range directly, which saves a typed
 * array allocation per frame on the receive path.
 *
 * @example
 * ```ts
 * import { FrameView } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const chunk = new Uint8Array([0x56, 0x50, 1, 3, 1, 0, 0, 0, 0xa0]);
 * const f = new FrameView(3, chunk, 8, 9, 0);
 * assert.equal(f.payload.length, 1);
 * assert.equal(f.payload[0], 0xa0);
 * ```
 */
export class FrameView implements Frame {
  type: number;
  offset: number;
  /** The chunk holding the payload. */
  readonly source: Uint8Array;
  /** Where the payload starts in `source`. */
  readonly start: number;
  /** Where it ends in `source`. */
  readonly end: number;
  #payload: Uint8Array | undefined;
  #replaced = false;

  constructor(type: number, source: Uint8Array, start: number, end: number, offset: number) {
    this.type = type;
    this.source = source;
    this.start = start;
    this.end = end;
    this.offset = offset;
  }

  get payload(): Uint8Array {
    return this.#payload ??= this.source.subarray(this.start, this.end);
  }

  set payload(bytes: Uint8Array) {
    this.#payload = bytes;
    this.#replaced = true;
  }

  /** True when `payload` was assigned, so the range no longer describes it. */
  get replaced(): boolean {
    return this.#replaced;
  }
}

/** A decoded header. */
export interface FrameHeader {
  version: number;
  type: number;
  length: number;
}

/**
 * Writes a header for a frame of `type` with a payload of `length` bytes into
 * `target` at `offset`.
 *
 * @example
 * ```ts
 * import { writeFrameHeader } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const buf = new Uint8Array(8);
 * writeFrameHeader(buf, 0, 0x02, 300);
 * assert.equal(buf.join(), [0x56, 0x50, 1, 2, 44, 1, 0, 0].join());
 * ```
 */
export function writeFrameHeader(
  target: Uint8Array,
  offset: number,
  type: number,
  length: number,
): void {
  if ((type & 0xff) !== type) badHeaderField("type", type, "a byte 0..255");
  // `>>> 0` keeps exactly the integers 0..2^32-1 (MAX_WIRE_LENGTH) unchanged.
  if (length >>> 0 !== length) badHeaderField("length", length, `0..${MAX_WIRE_LENGTH}`);
  putFrameHeader(target, offset, type, length);
}

/**
 * {@linkcode writeFrameHeader} without its checks, for callers whose type and
 * length are valid by construction (the message encoder: every frame's path,
 * where the checks measured a few ns).
 *
 * @example
 * ```ts
 * import { putFrameHeader } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const buf = new Uint8Array(8);
 * putFrameHeader(buf, 0, 0x03, 9);
 * assert.equal(buf.join(), [0x56, 0x50, 1, 3, 9, 0, 0, 0].join());
 * ```
 */
export function putFrameHeader(
  target: Uint8Array,
  offset: number,
  type: number,
  length: number,
): void {
  target[offset] = MAGIC_0;
  target[offset + 1] = MAGIC_1;
  target[offset + 2] = PROTOCOL_VERSION;
  target[offset + 3] = type;
  target[offset + 4] = length;
  target[offset + 5] = length >>> 8;
  target[offset + 6] = length >>> 16;
  target[offset + 7] = length >>> 24;
}

function badHeaderField(name: string, value: number, expected: string): never {
  throw new RangeError(`frame ${name} must be ${expected}, got ${value}`);
}

/**
 * True when a header at `offset` (8 bytes present) has the magic, our version
 * and a payload `length` within `maxPayload`: the inline test of every hot
 * path; anything else goes to {@linkcode decodeFrameHeader} for its error.
 *
 * @example
 * ```ts
 * import { isAcceptableHeader } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const h = new Uint8Array([0x56, 0x50, 1, 3, 9, 0, 0, 0]);
 * assert.ok(isAcceptableHeader(h, 0, 9, 1024));
 * assert.ok(!isAcceptableHeader(h, 0, 9, 8));
 * ```
 */
export function isAcceptableHeader(
  bytes: Uint8Array,
  offset: number,
  length: number,
  maxPayload: number,
): boolean {
  return bytes[offset] === MAGIC_0 && bytes[offset + 1] === MAGIC_1 &&
    bytes[offset + 2] === PROTOCOL_VERSION && length <= maxPayload;
}

/**
 * Builds a whole frame (header + payload) in a new buffer.
 *
 * @example
 * ```ts
 * import { encodeFrame } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const frame = encodeFrame(0x03, new Uint8Array([0xa0]));
 * assert.equal(frame.length, 9);
 * assert.equal(frame[8], 0xa0);
 * ```
 */
export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  writeFrameHeader(out, 0, type, payload.length);
  out.set(payload, HEADER_SIZE);
  return out;
}

/**
 * Reads the 32-bit little-endian payload length at `offset`.
 *
 * @example
 * ```ts
 * import { readLength } from "./frame.ts";
 * import assert from "node:assert/strict";
 * assert.equal(readLength(new Uint8Array([0, 0, 0, 0, 1, 1, 0, 0]), 4), 257);
 * ```
 */
export function readLength(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) +
    bytes[offset + 3] * 0x1000000;
}

/**
 * Decodes and validates a header at `offset` (8 bytes must be present).
 * Throws `ViewportError` `bad_frame` for bad magic or version and `too_large`
 * for a length over `maxPayload`, so a receiver never allocates for it.
 *
 * @example
 * ```ts
 * import { decodeFrameHeader } from "./frame.ts";
 * import assert from "node:assert/strict";
 * const h = decodeFrameHeader(new Uint8Array([0x56, 0x50, 1, 3, 9, 0, 0, 0]), 0);
 * assert.equal(h.type, 3);
 * assert.equal(h.length, 9);
 * ```
 */
export function decodeFrameHeader(
  bytes: Uint8Array,
  offset: number,
  maxPayload: number = DEFAULT_MAX_PAYLOAD,
  streamOffset: number = offset,
): FrameHeader {
  if (bytes.length - offset < HEADER_SIZE) {
    throw new ViewportError(
      ErrorCode.BAD_FRAME,
      `truncated header: ${bytes.length - offset} of ${HEADER_SIZE} bytes`,
      { offset: streamOffset },
    );
  }
  const m0 = bytes[offset], m1 = bytes[offset + 1];
  if (m0 !== MAGIC_0 || m1 !== MAGIC_1) {
    throw new ViewportError(
      ErrorCode.BAD_FRAME,
      `bad magic 0x${hex2(m0)}${hex2(m1)} at byte ${streamOffset} (expected 0x5650 'VP')`,
      { offset: streamOffset },
    );
  }
  const version = bytes[offset + 2];
  if (version !== PROTOCOL_VERSION) {
    throw new ViewportError(
      ErrorCode.BAD_FRAME,
      `unsupported protocol version ${version} at byte ${streamOffset} (expected ${PROTOCOL_VERSION})`,
      { offset: streamOffset },
    );
  }
  const type = bytes[offset + 3];
  const length = readLength(bytes, offset + 4);
  if (length > maxPayload) {
    throw new ViewportError(
      ErrorCode.TOO_LARGE,
      `frame payload of ${length} bytes at byte ${streamOffset} exceeds the limit of ${maxPayload}`,
      { offset: streamOffset, messageType: type },
    );
  }
  return { version, type, length };
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}
