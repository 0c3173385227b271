/**
 * `viewport decode`: frames in, one readable line per frame out.
 *
 * @module
 */
import { HEADER_SIZE } from "../src/protocol/constants.ts";
import { decodeCborRange } from "../src/protocol/cbor/mod.ts";
import { isViewportError, ViewportError } from "../src/protocol/errors.ts";
import { FrameDecoder, type FrameRangeHandler } from "../src/protocol/frame_decoder.ts";
import { inspectFrame } from "../src/protocol/inspect.ts";

/** Options for {@linkcode decodeStream}. */
export interface DecodeStreamOptions {
  /** Largest payload accepted (default: the protocol default, 16 MiB). */
  maxPayload?: number;
}

/**
 * Decodes a byte stream of frames and hands each frame's line (type name, then
 * the payload with slot references as `@N`) to `writeLine`. Lines for the
 * frames before a problem are written first; then it throws a `ViewportError`
 * whose `offset` is the stream byte where the problem is (a truncated frame, a
 * broken header, or a payload that is not one well-formed CBOR item).
 *
 * @example
 * ```ts
 * import { decodeStream } from "./decode.ts";
 * import { encodeMessage } from "../src/protocol/wire.ts";
 * import assert from "node:assert/strict";
 * const lines: string[] = [];
 * const bytes = encodeMessage({ type: "PATCH", patches: [{ target: 3, remove: true }] });
 * await decodeStream([bytes], (l) => lines.push(l));
 * assert.equal(lines[0], "PATCH {target: 3, remove: true}");
 * ```
 */
export async function decodeStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  writeLine: (line: string) => void,
  options: DecodeStreamOptions = {},
): Promise<number> {
  const decoder = new FrameDecoder({ maxPayload: options.maxPayload });
  let count = 0;
  // Each payload is decoded where it lies and never kept: the scan API.
  const onFrame: FrameRangeHandler = (type, bytes, start, end, offset): void => {
    writeLine(frameLine(type, bytes, start, end, offset));
    count++;
  };
  for await (const chunk of chunks) decoder.scan(chunk, onFrame);
  decoder.end();
  return count;
}

function frameLine(
  type: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  offset: number,
): string {
  let value: unknown;
  try {
    value = decodeCborRange(bytes, start, end);
  } catch (err) {
    if (!isViewportError(err)) throw err;
    const at = offset + HEADER_SIZE + (err.offset ?? 0);
    throw new ViewportError(
      err.code,
      `frame at byte ${offset}: payload is not valid CBOR: ${err.message}`,
      { offset: at, messageType: type },
    );
  }
  return inspectFrame(type, value);
}
