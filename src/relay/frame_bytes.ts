/**
 * A received frame back as wire bytes, for forwarding it unchanged.
 *
 * @module
 */
import { HEADER_SIZE, MAGIC_0, MAGIC_1, PROTOCOL_VERSION } from "../protocol/constants.ts";
import { encodeFrame, type Frame, readLength } from "../protocol/frame.ts";

/**
 * The whole frame (header and payload) as bytes to send on. Decoders hand out
 * payloads as views into the chunk they read, right after the header: then the
 * frame is that range of the chunk, without a copy. Otherwise the header is
 * written afresh.
 *
 * @example
 * ```ts
 * import { frameBytes } from "./frame_bytes.ts";
 * import { encodeFrame } from "../protocol/frame.ts";
 * import assert from "node:assert/strict";
 * const wire = encodeFrame(0x02, new Uint8Array([0xa0]));
 * const bytes = frameBytes({ type: 0x02, payload: wire.subarray(8), offset: 0 });
 * assert.equal(bytes.buffer, wire.buffer);
 * assert.equal(bytes.length, 9);
 * ```
 */
export function frameBytes(frame: Frame): Uint8Array {
  const at = headerOffset(frame);
  if (at < 0) return encodeFrame(frame.type, frame.payload);
  return new Uint8Array(frame.payload.buffer, at, HEADER_SIZE + frame.payload.length);
}

/**
 * Where the frame's header starts in `frame.payload.buffer` when the whole
 * frame lies there, in wire order, right before the payload; else -1.
 *
 * @example
 * ```ts
 * import { headerOffset } from "./frame_bytes.ts";
 * import { encodeFrame } from "../protocol/frame.ts";
 * import assert from "node:assert/strict";
 * const wire = encodeFrame(0x02, new Uint8Array([0xa0]));
 * assert.equal(headerOffset({ type: 0x02, payload: wire.subarray(8), offset: 0 }), 0);
 * assert.equal(headerOffset({ type: 0x03, payload: wire.subarray(8), offset: 0 }), -1);
 * ```
 */
export function headerOffset(frame: Frame): number {
  const { type, payload } = frame;
  const start = payload.byteOffset - HEADER_SIZE;
  if (start < 0) return -1;
  const b = wholeBuffer(payload.buffer);
  const ok = b[start] === MAGIC_0 && b[start + 1] === MAGIC_1 &&
    b[start + 2] === PROTOCOL_VERSION && b[start + 3] === type &&
    readLength(b, start + 4) === payload.length;
  return ok ? start : -1;
}

// Frames of one read share a buffer: one view of it serves them all (this runs
// once per relayed frame, so it allocates nothing in the usual case).
let lastBuffer: ArrayBufferLike | null = null;
let lastView: Uint8Array = new Uint8Array(0);

function wholeBuffer(buffer: ArrayBufferLike): Uint8Array {
  if (buffer !== lastBuffer) {
    lastBuffer = buffer;
    lastView = new Uint8Array(buffer);
  }
  return lastView;
}
