/**
 * Where whole frames end in a run of bytes: lets the stream transport hand the
 * decoder only whole frames while it keeps an unfinished one growing in place
 * (see `ByteChannel.readAppend`), instead of the decoder copying it together.
 *
 * @module
 */
import { HEADER_SIZE } from "../../protocol/constants.ts";
import { isAcceptableHeader, readLength } from "../../protocol/frame.ts";

/**
 * The end of the last whole frame in `bytes` (0 if none). A header that is
 * not a valid one (bad magic or version, or a length over `maxPayload`) ends
 * the scan at `bytes.length`: everything goes to the decoder at once, which
 * reports exactly what is wrong, so nothing waits for a payload that will
 * never be accepted.
 *
 * @example
 * ```ts
 * import { wholeFramesEnd } from "./_frame_bounds.ts";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * const two = new Uint8Array([...encodeFrame(4, new Uint8Array(2)), ...encodeFrame(4, new Uint8Array(9))]);
 * if (wholeFramesEnd(two.subarray(0, 15), 1024) !== 10) throw new Error("one whole frame expected");
 * if (wholeFramesEnd(two, 1024) !== 27) throw new Error("two whole frames expected");
 * ```
 */
export function wholeFramesEnd(bytes: Uint8Array, maxPayload: number): number {
  const len = bytes.length;
  let pos = 0;
  while (len - pos >= HEADER_SIZE) {
    const length = readLength(bytes, pos + 4);
    if (!isAcceptableHeader(bytes, pos, length, maxPayload)) return len;
    const end = pos + HEADER_SIZE + length;
    if (end > len) break;
    pos = end;
  }
  return pos;
}

/**
 * How many bytes the unfinished frame starting `tail` has in total, once its
 * header is known (before that: the header size).
 *
 * @example
 * ```ts
 * import { frameSize } from "./_frame_bounds.ts";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * const frame = encodeFrame(4, new Uint8Array(100));
 * if (frameSize(frame.subarray(0, 3)) !== 8) throw new Error("header size expected");
 * if (frameSize(frame.subarray(0, 20)) !== 108) throw new Error("whole size expected");
 * ```
 */
export function frameSize(tail: Uint8Array): number {
  return tail.length < HEADER_SIZE ? HEADER_SIZE : HEADER_SIZE + readLength(tail, 4);
}
