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
 * const wire = encodeFrame(0x02, new Uint8Array([0xa0]));
 * const bytes = frameBytes({ type: 0x02, payload: wire.subarray(8), offset: 0 });
 * if (bytes.buffer !== wire.buffer || bytes.length !== 9) throw new Error("expected a view");
 * ```
 */
export function frameBytes(frame: Frame): Uint8Array {
  const { type, payload } = frame;
  if (payload.byteOffset >= HEADER_SIZE) {
    const start = payload.byteOffset - HEADER_SIZE;
    const whole = new Uint8Array(payload.buffer, start, HEADER_SIZE + payload.length);
    if (
      whole[0] === MAGIC_0 && whole[1] === MAGIC_1 && whole[2] === PROTOCOL_VERSION &&
      whole[3] === type && readLength(whole, 4) === payload.length
    ) {
      return whole;
    }
  }
  return encodeFrame(type, payload);
}
