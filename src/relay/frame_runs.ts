/**
 * Forwarding frames in runs: frames that a transport decoded from one read sit
 * next to each other in memory, so a relay can hand them on as one send (one
 * copy-free view) instead of one per frame.
 *
 * @module
 */
import type { Frame } from "../protocol/frame.ts";
import { HEADER_SIZE } from "../protocol/constants.ts";
import { frameBytes, headerOffset } from "./frame_bytes.ts";

/** A run never grows past this (the larger reads of a byte channel). */
const MAX_RUN = 256 * 1024;
const IDLE = Symbol("idle");
const IDLE_NOW: Promise<typeof IDLE> = Promise.resolve(IDLE);

/** What {@linkcode forwardRuns} does with each frame. */
export interface RunSink {
  /** Sends bytes on (one frame, or a run of them with `joins`); awaited, for backpressure. */
  send(bytes: Uint8Array): Promise<void>;
  /**
   * `send` takes several frames at once: true only for a byte stream (a
   * socket, a PTY). A message-based transport (WebSocket, memory) wants one
   * frame per send. Default false.
   */
  joins?: boolean;
  /**
   * Frames that need a look before they go (the session attach): returns the
   * bytes to send instead, in order (zero or more). Frames it returns
   * `undefined` for join the run unchanged. Called in order, before the
   * frame's bytes are sent.
   */
  inspect?(frame: Frame): Uint8Array[] | undefined;
}

/**
 * Reads `frames` to the end and sends them on through `sink`, joining frames
 * that are adjacent in memory into one send of up to 256 KiB when the sink
 * {@linkcode RunSink.joins}. A run is sent as
 * soon as no further frame is ready at once, so a lone frame is never held
 * back: latency is that of sending each frame alone. Resolves with the number
 * of frames read; rejects with the error of `frames` or of `sink.send`, tagged
 * by {@linkcode ForwardError.side}.
 *
 * @example
 * ```ts
 * import { forwardRuns } from "./frame_runs.ts";
 * import { encodeFrame } from "../protocol/frame.ts";
 * import { FrameQueue } from "../transport/core/mod.ts";
 * import assert from "node:assert/strict";
 * // Two frames decoded from one read: adjacent in memory, both ready.
 * const wire = new Uint8Array([...encodeFrame(2, new Uint8Array([0xa0])), ...encodeFrame(3, new Uint8Array([0xa0]))]);
 * const queue = new FrameQueue();
 * queue.push({ type: 2, payload: wire.subarray(8, 9), offset: 0 });
 * queue.push({ type: 3, payload: wire.subarray(17, 18), offset: 9 });
 * queue.end();
 * const sent: number[] = [];
 * const n = await forwardRuns(queue, { joins: true, send: async (b) => { sent.push(b.length); } });
 * assert.equal(n, 2);
 * assert.equal(sent.join(), "18");
 * ```
 */
export async function forwardRuns(
  frames: AsyncIterator<Frame> | AsyncIterable<Frame>,
  sink: RunSink,
): Promise<number> {
  const it: AsyncIterator<Frame> & { size?: unknown } = Symbol.asyncIterator in frames
    ? frames[Symbol.asyncIterator]()
    : frames;
  const maxRun = sink.joins ? MAX_RUN : 0;
  let count = 0;
  let buffer: ArrayBufferLike | null = null;
  let start = 0;
  let end = 0;
  const flush = async () => {
    if (buffer === null) return;
    const bytes = new Uint8Array(buffer, start, end - start);
    buffer = null;
    await send(sink, bytes);
  };
  for (;;) {
    let result: IteratorResult<Frame>;
    try {
      // A run waits for more only while a frame is ready at once (a frame
      // queue tells its size; this runs once per frame, so no extra await).
      if (buffer === null) result = await it.next();
      else if (typeof it.size !== "number") result = await nextOrFlush(it, flush);
      else {
        if (it.size === 0) await flush();
        result = await it.next();
      }
    } catch (err) {
      throw err instanceof ForwardError ? err : new ForwardError("source", err);
    }
    if (result.done) break;
    count++;
    const frame: Frame = result.value;
    const instead = sink.inspect?.(frame);
    if (instead) {
      await flush();
      for (const bytes of instead) await send(sink, bytes);
      continue;
    }
    const at = headerOffset(frame);
    const length = HEADER_SIZE + frame.payload.length;
    if (at >= 0 && at === end && frame.payload.buffer === buffer && end - start < maxRun) {
      end += length;
      continue;
    }
    await flush();
    if (at < 0) {
      // Not in wire form where it lies: a fresh copy, sent on its own.
      await send(sink, frameBytes(frame));
      continue;
    }
    buffer = frame.payload.buffer;
    start = at;
    end = at + length;
  }
  await flush();
  return count;
}

/**
 * The next frame of an iterator that does not tell its size, after sending
 * the pending run unless a frame is ready at once: a race against an already
 * settled promise tells (a settled `next()` wins it).
 */
async function nextOrFlush(
  it: AsyncIterator<Frame>,
  flush: () => Promise<void>,
): Promise<IteratorResult<Frame>> {
  const next = it.next();
  const ready = await Promise.race([next, IDLE_NOW]);
  if (ready !== IDLE) return ready;
  await flush();
  return await next;
}

async function send(sink: RunSink, bytes: Uint8Array): Promise<void> {
  try {
    await sink.send(bytes);
  } catch (err) {
    throw new ForwardError("sink", err);
  }
}

/**
 * Why {@linkcode forwardRuns} stopped: its source failed, or sending failed.
 *
 * @example
 * ```ts
 * import { ForwardError } from "./frame_runs.ts";
 * import assert from "node:assert/strict";
 * const e = new ForwardError("sink", new Error("gone"));
 * assert.equal(e.side, "sink");
 * assert.equal(e.message, "gone");
 * ```
 */
export class ForwardError extends Error {
  /** Which end failed. */
  readonly side: "source" | "sink";

  constructor(side: "source" | "sink", cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "ForwardError";
    this.side = side;
  }
}
