/**
 * Messages to frame bytes and back: CBOR payload plus the 8-byte header.
 *
 * @module
 */
import { HEADER_SIZE, messageTypeName } from "./constants.ts";
import { CborEncoder, decodeCbor, decodeCborRange, type DecodeOptions } from "./cbor/mod.ts";
import { CborSteps } from "./cbor/decode_steps.ts";
import { isDecodableCbor } from "./cbor/decode.ts";
import { yieldTurn } from "./yield_turn.ts";
import { ViewportError } from "./errors.ts";
import { type Frame, FrameView, putFrameHeader } from "./frame.ts";
import { decodeMessage } from "./messages/decode.ts";
import { decodeMessageSteps } from "./messages/decode_steps.ts";
import { runSlices } from "./slices.ts";
import { messageToPayload, messageTypeOf } from "./messages/encode.ts";
import type { Message } from "./messages/types.ts";

/**
 * Encodes messages into frames, reusing one buffer: the payload is written after
 * 8 reserved bytes and the header is filled in place, so framing costs no copy.
 *
 * @example
 * ```ts
 * import { MessageEncoder } from "./wire.ts";
 * import assert from "node:assert/strict";
 * const enc = new MessageEncoder();
 * const frame = enc.encode({ type: "PATCH", patches: [{ target: 3, set: { content: "hi" } }] });
 * assert.equal(frame[0], 0x56);
 * assert.equal(frame[3], 0x03);
 * ```
 */
export class MessageEncoder {
  #cbor: CborEncoder;
  #arena: boolean;

  /**
   * `arena: true` makes every result a view the caller may keep (see
   * `CborEncoderOptions.arena`), so `encode` needs no copy: for senders that
   * queue frames.
   */
  constructor(options: { initialSize?: number; arena?: boolean } = {}) {
    this.#arena = options.arena ?? false;
    this.#cbor = new CborEncoder({ initialSize: options.initialSize ?? 16384, arena: this.#arena });
  }

  /**
   * Encodes a frame into the internal buffer and returns a view of it, valid
   * only until the next call (write it out or copy it before then).
   */
  encodeView(message: Message): Uint8Array {
    return this.encodePayloadView(messageTypeOf(message), messageToPayload(message));
  }

  /** Encodes a frame and returns bytes the caller owns. */
  encode(message: Message): Uint8Array {
    const view = this.encodeView(message);
    return this.#arena ? view : view.slice();
  }

  /** Frames an already-built payload value (for `viewport emit` and relays). */
  encodePayloadView(type: number, payload: unknown): Uint8Array {
    if ((type & 0xff) !== type) badType(type);
    const view = this.#cbor.encodeInto(payload, HEADER_SIZE);
    // The length of one buffer is always a valid u32: no check needed.
    putFrameHeader(view, 0, type, view.length - HEADER_SIZE);
    return view;
  }
}

// Out of line, so that encodePayloadView stays small enough to inline.
function badType(type: number): never {
  throw new RangeError(`frame type must be a byte 0..255, got ${type}`);
}

const shared = new MessageEncoder();

/**
 * Encodes one message as a complete frame.
 *
 * @example
 * ```ts
 * import { encodeMessage } from "./wire.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeMessage({ type: "ERROR", code: "bad_frame", message: "x" });
 * assert.equal(bytes[3], 0x0b);
 * ```
 */
export function encodeMessage(message: Message): Uint8Array {
  return shared.encode(message);
}

/**
 * Decodes a frame's payload into a typed message. Throws `ViewportError`:
 * `bad_cbor` (not well-formed, or a map key that is not text), `bad_message`
 * (invalid fields), `too_large` (CBOR limits) or `unsupported` (unknown type
 * byte: skip it). Without `options`, {@linkcode PROTOCOL_DECODE}.
 *
 * @example
 * ```ts
 * import { decodeFrame, encodeMessage } from "./wire.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeMessage({ type: "REGION", action: "attach", session: "s1" });
 * const msg = decodeFrame({ type: bytes[3], payload: bytes.subarray(8), offset: 0 });
 * assert.equal(msg.type, "REGION");
 * assert.equal(msg.session, "s1");
 * ```
 */
export function decodeFrame(frame: Frame, options?: DecodeOptions): Message {
  return decodeMessage(frame.type, decodeFramePayload(frame, options ?? PROTOCOL));
}

/**
 * How protocol payloads are decoded: map keys are text (decisions, "Payload
 * shapes"), so any other key is rejected at its first byte.
 */
export const PROTOCOL_DECODE: Readonly<DecodeOptions> = Object.freeze({ textKeys: true });
const PROTOCOL = PROTOCOL_DECODE;

/**
 * Decodes a frame's CBOR payload without validating it as a message (for
 * relays and inspectors). Reads a {@linkcode FrameView}'s range directly, so no
 * payload view is made. Errors are `ViewportError`s whose offsets count from
 * the frame's start in the stream.
 *
 * @example
 * ```ts
 * import { decodeFramePayload, encodeMessage } from "./wire.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeMessage({ type: "ERROR", code: "bad_frame", message: "hi" });
 * const value = decodeFramePayload({ type: bytes[3], payload: bytes.subarray(8), offset: 0 });
 * assert.equal((value as { message: string }).message, "hi", "expected the message");
 * ```
 */
export function decodeFramePayload(frame: Frame, options?: DecodeOptions): unknown {
  try {
    return frame instanceof FrameView && !frame.replaced
      ? decodeCborRange(frame.source, frame.start, frame.end, options)
      : decodeCbor(frame.payload, options);
  } catch (err) {
    throw inFrame(frame, err);
  }
}

/** A decoder's error restated for the frame: its type, its place in the stream. */
function inFrame(frame: Frame, err: unknown): unknown {
  if (!(err instanceof ViewportError)) return err;
  const name = messageTypeName(frame.type) ?? `type 0x${frame.type.toString(16)}`;
  const at = err.offset === undefined ? frame.offset : frame.offset + HEADER_SIZE + err.offset;
  return new ViewportError(err.code, `${name} frame at byte ${frame.offset}: ${err.message}`, {
    offset: at,
    messageType: frame.type,
  });
}

/** How {@linkcode decodeFrameInSlices} shares the event loop. */
export interface SliceOptions extends DecodeOptions {
  /** Longest stretch of decoding before the event loop gets a turn, in ms. Default 8. */
  sliceMs?: number;
  /** Gives the event loop a turn. Default: {@linkcode yieldTurn}. */
  pause?: () => Promise<void>;
  /** Called after each slice with the payload bytes decoded so far (for tests and benches). */
  onSlice?: (decoded: number) => void;
  /** Most validation work units per slice (see `slices.ts`). Default 50,000 (`SLICE_WORK`). */
  sliceWork?: number;
  /** Called after each slice of validation with the work units it did. */
  onWork?: (units: number) => void;
}

/**
 * {@linkcode decodeFrame} for a large payload, in slices of at most `sliceMs`
 * with a turn of the event loop between them, so that one 16 MiB frame does
 * not stall everything else (a viewer serving other apps): first the CBOR,
 * then the message's validation (at most `sliceWork` units a slice). The frame's bytes
 * must not change until the promise settles. Errors are decodeFrame's.
 *
 * @example
 * ```ts
 * import { decodeFrameInSlices, encodeMessage } from "./wire.ts";
 * import { slot } from "./slot_ref.ts";
 * import assert from "node:assert/strict";
 * const rows = Array.from({ length: 1000 }, (_, i) => [i]);
 * const bytes = encodeMessage({ type: "DATA", schema: slot(100), rows });
 * const msg = await decodeFrameInSlices({ type: bytes[3], payload: bytes.subarray(8), offset: 0 });
 * assert.equal(msg.type, "DATA");
 * assert.equal(msg.rows?.length, 1000);
 * ```
 */
export async function decodeFrameInSlices(frame: Frame, options?: SliceOptions): Promise<Message> {
  const view = frame instanceof FrameView && !frame.replaced;
  const source = view ? frame.source : frame.payload;
  const start = view ? frame.start : 0;
  const end = view ? frame.end : source.length;
  const sliceMs = options?.sliceMs ?? 8;
  const pause = options?.pause ?? yieldTurn;
  let value: unknown;
  try {
    // First the structure and the limits, making nothing (a payload over its
    // allocation budget is refused before anything is allocated), then the values.
    for (const dry of [true, false]) {
      const steps = new CborSteps(source, start, end, options, dry);
      for (;;) {
        const began = performance.now();
        let done = false;
        while (!(done = steps.step(4096)) && performance.now() - began < sliceMs);
        options?.onSlice?.(steps.offset);
        if (done) break;
        await pause();
      }
      value = steps.value;
    }
  } catch (err) {
    throw inFrame(frame, err);
  }
  await pause();
  // Then the message's fields, in slices too (99,000 patches, 100,000 nodes).
  return await runSlices(decodeMessageSteps(frame.type, value), {
    sliceMs,
    sliceWork: options?.sliceWork,
    pause,
    onWork: options?.onWork,
  });
}

/**
 * True when `payload` is exactly one well-formed CBOR item: the check the stdio
 * splitter uses to tell a frame from look-alike text.
 *
 * @example
 * ```ts
 * import { isDecodablePayload } from "./wire.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isDecodablePayload(2, new Uint8Array([0xa0])));
 * assert.ok(!isDecodablePayload(2, new TextEncoder().encode("hello")));
 * ```
 */
export function isDecodablePayload(_type: number, payload: Uint8Array): boolean {
  return isDecodableCbor(payload, 0, payload.length, PROTOCOL);
}
