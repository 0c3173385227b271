/**
 * CANVAS `stream`: encoded video for a canvas (protocol-spec section 8,
 * "remote stream"). The app sends a `config` (a WebCodecs codec string),
 * then `chunk`s (key or delta, timestamps in microseconds), and now and then
 * a `poster` image for viewers that cannot decode video (terminals) and for
 * the first paint. The canvas keeps the chunks since the last key frame so a
 * viewer that joins late can decode up to the current picture; the store is
 * bounded, and when a group of pictures outgrows it the deltas are dropped
 * until the next key frame.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { CanvasCommand } from "../protocol/messages/types.ts";
import { imageSourceProblem } from "./image.ts";

/** Limits per stream canvas. */
export const STREAM_LIMITS = {
  /** Bytes of one chunk. */
  chunkBytes: 4 * 1024 * 1024,
  /** Bytes of chunks kept since the last key frame. */
  keptBytes: 16 * 1024 * 1024,
  /**
   * Chunks kept since the last key frame (a minute at 60 frames a second):
   * appending copies the list once per message, so its length bounds that cost.
   */
  keptChunks: 4096,
  /** Bytes of the poster image. */
  posterBytes: 4 * 1024 * 1024,
} as const;

/** A stream's decoder configuration (WebCodecs `VideoDecoderConfig` in snake_case). */
export interface StreamConfig {
  codec: string;
  width?: number;
  height?: number;
  /** Codec-specific setup (an avcC record); absent for H.264 in Annex B. */
  description?: Uint8Array;
}

/** One encoded picture. */
export interface StreamChunk {
  key: boolean;
  /** Presentation time, microseconds. */
  timestamp: number;
  duration?: number;
  data: Uint8Array;
  /** Position in the stream, counted by the viewer (not on the wire). */
  seq: number;
}

/** The state of a `stream` canvas. */
export interface StreamState {
  config: StreamConfig | null;
  /** Bumped by every `config`: a decoder must be set up again. */
  configVersion: number;
  /** Chunks since the last key frame (empty while waiting for one). */
  chunks: StreamChunk[];
  keptBytes: number;
  /** The next chunk's `seq`. */
  nextSeq: number;
  /** An image of the current picture (`{format, data, width?, height?}`). */
  poster: Record<string, unknown> | null;
  /** No more chunks are coming. */
  ended: boolean;
}

/** A fresh state. */
export function emptyStreamState(): StreamState {
  return {
    config: null,
    configVersion: 0,
    chunks: [],
    keptBytes: 0,
    nextSeq: 0,
    poster: null,
    ended: false,
  };
}

const CODEC = /^[A-Za-z0-9.\-]{1,100}$/;

function bad(at: string, what: string): never {
  throw new ViewportError(ErrorCode.BAD_MESSAGE, `CANVAS stream ${at}: ${what}`);
}

function rec(v: unknown, at: string): Record<string, unknown> {
  if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof Uint8Array) {
    bad(at, "expected a map");
  }
  return v as Record<string, unknown>;
}

/**
 * Applies a CANVAS `stream` message to `prev` and returns the new state;
 * throws `ViewportError` naming the command when one is malformed (then
 * nothing is applied).
 *
 * @example
 * ```ts
 * import { applyStream, emptyStreamState } from "./stream.ts";
 * let s = applyStream(emptyStreamState(), [["config", { codec: "vp8" }]]);
 * s = applyStream(s, [["chunk", { key: true, timestamp: 0, data: new Uint8Array([1]) }]]);
 * s = applyStream(s, [["chunk", { key: false, timestamp: 33333, data: new Uint8Array([2]) }]]);
 * if (s.chunks.length !== 2 || s.chunks[1].seq !== 1) throw new Error();
 * ```
 */
export function applyStream(prev: StreamState, commands: readonly CanvasCommand[]): StreamState {
  // Check everything first, then apply: a bad command leaves the state alone.
  let hasConfig = prev.config !== null;
  for (let i = 0; i < commands.length; i++) {
    const [op, spec] = commands[i];
    const at = `commands[${i}] (${op})`;
    switch (op) {
      case "config": {
        const s = rec(spec, at);
        if (typeof s.codec !== "string" || !CODEC.test(s.codec)) {
          bad(`${at} codec`, `expected a codec string such as "avc1.42E01E" or "vp09.00.10.08"`);
        }
        for (const k of ["width", "height"]) {
          const v = s[k];
          if (
            v !== undefined && (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 16384)
          ) {
            bad(`${at} ${k}`, "expected an integer 1-16384");
          }
        }
        if (s.description !== undefined && !(s.description instanceof Uint8Array)) {
          bad(`${at} description`, "expected a byte string");
        }
        hasConfig = true;
        break;
      }
      case "chunk": {
        const s = rec(spec, at);
        if (!hasConfig) bad(at, "a chunk before any config");
        if (typeof s.key !== "boolean") {
          bad(`${at} key`, "expected true (key frame) or false (delta)");
        }
        if (!Number.isSafeInteger(s.timestamp)) {
          bad(`${at} timestamp`, "expected an integer (microseconds)");
        }
        if (
          s.duration !== undefined &&
          (!Number.isSafeInteger(s.duration) || (s.duration as number) < 0)
        ) {
          bad(`${at} duration`, "expected an integer >= 0 (microseconds)");
        }
        if (!(s.data instanceof Uint8Array) || s.data.length === 0) {
          bad(`${at} data`, "expected a non-empty byte string");
        }
        if (s.data.length > STREAM_LIMITS.chunkBytes) {
          throw new ViewportError(
            ErrorCode.TOO_LARGE,
            `CANVAS stream ${at}: ${s.data.length} bytes exceed ${STREAM_LIMITS.chunkBytes}`,
          );
        }
        break;
      }
      case "poster": {
        const problem = imageSourceProblem(spec);
        if (problem) bad(at, problem);
        if ((spec as { data: Uint8Array }).data.length > STREAM_LIMITS.posterBytes) {
          throw new ViewportError(
            ErrorCode.TOO_LARGE,
            `CANVAS stream ${at}: the poster exceeds ${STREAM_LIMITS.posterBytes} bytes`,
          );
        }
        break;
      }
      case "end":
        break;
      default:
        bad(at, "unknown command (expected config, chunk, poster or end)");
    }
  }
  const s: StreamState = { ...prev, chunks: prev.chunks };
  for (const [op, spec] of commands) {
    const m = spec as Record<string, unknown>;
    if (op === "config") {
      const c: StreamConfig = { codec: m.codec as string };
      if (m.width !== undefined) c.width = m.width as number;
      if (m.height !== undefined) c.height = m.height as number;
      if (m.description !== undefined) c.description = m.description as Uint8Array;
      s.config = c;
      s.configVersion++;
      s.chunks = [];
      s.keptBytes = 0;
      s.ended = false;
    } else if (op === "chunk") {
      const data = m.data as Uint8Array;
      const chunk: StreamChunk = {
        key: m.key as boolean,
        timestamp: m.timestamp as number,
        data,
        seq: s.nextSeq++,
      };
      if (m.duration !== undefined) chunk.duration = m.duration as number;
      if (chunk.key) {
        s.chunks = [chunk];
        s.keptBytes = data.length;
      } else if (
        s.chunks.length > 0 && s.chunks.length < STREAM_LIMITS.keptChunks &&
        s.keptBytes + data.length <= STREAM_LIMITS.keptBytes
      ) {
        // Copy on append: a viewer holding the previous state keeps its list.
        s.chunks = s.chunks === prev.chunks
          ? [...s.chunks, chunk]
          : (s.chunks.push(chunk), s.chunks);
        s.keptBytes += data.length;
      } else {
        // Too much since the key frame (or none yet): a late joiner waits for the next one.
        s.chunks = [];
        s.keptBytes = 0;
      }
      s.ended = false;
    } else if (op === "poster") s.poster = m;
    else if (op === "end") s.ended = true;
  }
  return s;
}

/** The commands that rebuild `state` in a fresh viewer. */
export function streamSnapshot(state: StreamState): CanvasCommand[] {
  const out: CanvasCommand[] = [];
  if (state.config) out.push(["config", { ...state.config }]);
  if (state.poster) out.push(["poster", state.poster]);
  for (const c of state.chunks) {
    const m: Record<string, unknown> = { key: c.key, timestamp: c.timestamp, data: c.data };
    if (c.duration !== undefined) m.duration = c.duration;
    out.push(["chunk", m]);
  }
  if (state.ended) out.push(["end"]);
  return out;
}
