/**
 * The decoder of `stdio:` with `magic=true`: frames between runs of ordinary
 * terminal text, separated by the protocol's `StdioSplitter`.
 *
 * @module
 */
import { HEADER_SIZE } from "../../protocol/constants.ts";
import { ViewportError } from "../../protocol/errors.ts";
import type { Frame } from "../../protocol/frame.ts";
import { type StdioPiece, StdioSplitter } from "../../protocol/stdio_splitter.ts";
import { isDecodablePayload } from "../../protocol/wire.ts";
import type { ChunkDecoder } from "./_frame_reader.ts";

/**
 * A {@linkcode ChunkDecoder} that hands frames on and gives everything else to
 * `onText`, in stream order. A candidate counts as a frame only when its payload
 * is well-formed CBOR (decisions: "anything else is text"). If the stream ends
 * after a whole valid header but before its payload, the held bytes go to
 * `onText` and `end()` throws `bad_frame`: the writer most likely died mid-frame.
 *
 * @example
 * ```ts
 * import { SplitterDecoder } from "./splitter_decoder.ts";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * let text = "";
 * const dec = new SplitterDecoder((b) => text += new TextDecoder().decode(b));
 * const frames: number[] = [];
 * dec.write(new TextEncoder().encode("hello "), (f) => frames.push(f.type));
 * dec.write(encodeFrame(0x02, new Uint8Array([0xa0])), (f) => frames.push(f.type));
 * dec.end();
 * if (text !== "hello " || frames.join() !== "2") throw new Error("not split");
 * ```
 */
export class SplitterDecoder implements ChunkDecoder {
  readonly #splitter: StdioSplitter;
  readonly #onText: (bytes: Uint8Array) => void;
  #offset = 0;
  #onFrame: (frame: Frame) => void = () => {};

  constructor(onText: (bytes: Uint8Array) => void, maxPayload?: number) {
    this.#splitter = new StdioSplitter({ maxPayload, isValidPayload: isDecodablePayload });
    this.#onText = onText;
  }

  /** Bytes held back because they may start a frame. */
  get buffered(): number {
    return this.#splitter.pending;
  }

  /** Stream offset of the next byte (for error messages). */
  get offset(): number {
    return this.#offset;
  }

  /** Splits a chunk; frames to `onFrame`, text to `onText`. */
  write(chunk: Uint8Array, onFrame: (frame: Frame) => void): void {
    this.#offset += chunk.length;
    this.#onFrame = onFrame;
    this.#deliver(this.#splitter.push(chunk), onFrame);
  }

  /** Flushes held bytes as text; throws `bad_frame` if they were a cut frame. */
  end(): void {
    const held = this.#splitter.pending;
    this.#deliver(this.#splitter.flush(), this.#onFrame);
    if (held >= HEADER_SIZE) {
      throw new ViewportError(
        "bad_frame",
        `stream ended inside a frame at byte ${this.#offset - held} ` +
          `(${held} bytes of an unfinished frame)`,
        { offset: this.#offset - held },
      );
    }
  }

  #deliver(pieces: StdioPiece[], onFrame: (frame: Frame) => void): void {
    for (const p of pieces) {
      if (p.kind === "frame") onFrame(p.frame);
      else this.#onText(p.bytes);
    }
  }
}
