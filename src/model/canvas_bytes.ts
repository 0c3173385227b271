/**
 * Estimated memory a canvas drawing holds, for the session's byte budget.
 * A `vector2d` list replaces the last, but `webgpu` resources accumulate
 * across messages and a `stream` keeps its chunks since the last key frame and
 * a poster: what counts is the retained state, not the latest message. The
 * cost per message stays O(message + resources): a resource's spec is
 * estimated once (resources are immutable but for their data, counted by the
 * state's running total, which includes buffers a pending write allocates) and
 * the chunks are counted by their running byte total.
 *
 * @module
 */
import type { CanvasDrawing } from "../media/canvas_state.ts";
import { estimateBytes, NODE_BYTES } from "./bytes.ts";

/** A chunk's or resource's own cost besides its bytes: its record and list entry. */
const ENTRY_BYTES = 120;

const specCost = new WeakMap<object, number>();

function cached(value: object): number {
  let n = specCost.get(value);
  if (n === undefined) {
    n = estimateBytes(value);
    specCost.set(value, n);
  }
  return n;
}

/**
 * Estimated bytes `drawing` retains: its display list, or by mode the
 * WebGPU resources (specs, shader code, buffer and texture data) and frame, or
 * the stream's config, kept chunks and poster.
 *
 * @example
 * ```ts
 * import { applyCanvas } from "../media/canvas_state.ts";
 * import { canvasBytes } from "./canvas_bytes.ts";
 * const one = applyCanvas(undefined, {
 *   type: "CANVAS", target: 1, mode: "stream", commands: [["config", { codec: "vp8" }]],
 * });
 * const data = new Uint8Array(10_000);
 * const two = applyCanvas(one, {
 *   type: "CANVAS", target: 1, mode: "stream",
 *   commands: [["chunk", { key: true, timestamp: 0, data }]],
 * });
 * if (canvasBytes(two) < 10_000) throw new Error("the kept chunk counts");
 * ```
 */
export function canvasBytes(drawing: CanvasDrawing): number {
  let total = NODE_BYTES + estimateBytes(drawing.commands);
  const { gpu, stream, poster } = drawing;
  if (gpu) {
    total += cached(gpu.frame) + gpu.bytes;
    for (const r of gpu.resources.values()) total += ENTRY_BYTES + cached(r.spec);
  }
  if (stream) {
    if (stream.config) total += cached(stream.config);
    total += stream.keptBytes + ENTRY_BYTES * stream.chunks.length;
  }
  const shown = poster ?? stream?.poster;
  if (shown) total += cached(shown);
  return total;
}
