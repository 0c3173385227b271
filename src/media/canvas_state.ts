/**
 * What a model keeps per canvas node, by mode. `vector2d`: each CANVAS
 * message replaces the display list. `webgpu`: resources accumulate and the
 * latest frame is kept (`webgpu.ts`). `stream`: the decoder config, the
 * chunks since the last key frame and a poster (`stream.ts`). A message in
 * another mode than the canvas's starts it afresh. No Deno APIs: the browser
 * client keeps the same state.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { CanvasCommand, CanvasMessage } from "../protocol/messages/types.ts";
import { applyStream, emptyStreamState, streamSnapshot, type StreamState } from "./stream.ts";
import { applyGpu, emptyGpuState, gpuSnapshot, type GpuState } from "./webgpu.ts";

/** The canvas modes of protocol-spec section 8. */
export const CANVAS_MODES = ["vector2d", "webgpu", "stream"] as const;
/** A canvas mode. */
export type CanvasMode = typeof CANVAS_MODES[number];

/** The latest drawing of a canvas node. */
export interface CanvasDrawing {
  mode: string;
  /**
   * vector2d: the display list. Other modes keep their state below instead
   * (empty here: a message's data lives on in the state, not twice).
   */
  commands: CanvasCommand[];
  /** `webgpu` state. */
  gpu?: GpuState;
  /** `stream` state. */
  stream?: StreamState;
  /** `stream`: the latest poster image (`{format, data, width?, height?}`). */
  poster?: Record<string, unknown>;
}

/**
 * The drawing after `message`, given the previous one. Throws `ViewportError`
 * when the message is malformed for its mode, or whatever `admit` throws when
 * it refuses the new drawing (a byte budget, say; called before anything is
 * shared with the previous drawing is changed), leaving the previous drawing
 * as it was.
 *
 * @example
 * ```ts
 * import { applyCanvas } from "./canvas_state.ts";
 * const d = applyCanvas(undefined, { type: "CANVAS", target: 1, mode: "vector2d", commands: [["clear"]] });
 * if (d.commands.length !== 1) throw new Error();
 * ```
 */
export function applyCanvas(
  prev: CanvasDrawing | undefined,
  message: CanvasMessage,
  admit?: (next: CanvasDrawing) => void,
): CanvasDrawing {
  const { mode, commands } = message;
  const same = prev?.mode === mode ? prev : undefined;
  switch (mode) {
    case "webgpu": {
      // Buffer writes land in place: the check must come before them.
      const check = admit && ((gpu: GpuState) => admit({ mode, commands: [], gpu }));
      return { mode, commands: [], gpu: applyGpu(same?.gpu ?? emptyGpuState(), commands, check) };
    }
    case "stream": {
      const stream = applyStream(same?.stream ?? emptyStreamState(), commands);
      const d: CanvasDrawing = { mode, commands: [], stream };
      if (stream.poster) d.poster = stream.poster;
      admit?.(d);
      return d;
    }
    case "vector2d": {
      const d: CanvasDrawing = { mode, commands };
      admit?.(d);
      return d;
    }
    default:
      throw new ViewportError(
        ErrorCode.UNSUPPORTED,
        `CANVAS mode ${JSON.stringify(mode)} is not a canvas mode (expected ${
          CANVAS_MODES.join(", ")
        })`,
      );
  }
}

/**
 * The CANVAS messages that rebuild `drawing` in a fresh peer.
 *
 * @example
 * ```ts
 * import { applyCanvas, canvasSnapshot } from "./canvas_state.ts";
 * const d = applyCanvas(undefined, { type: "CANVAS", target: 3, mode: "vector2d", commands: [["clear"]] });
 * if (canvasSnapshot(3, d)[0].target !== 3) throw new Error();
 * ```
 */
export function canvasSnapshot(target: number, drawing: CanvasDrawing): CanvasMessage[] {
  const { mode } = drawing;
  if (drawing.gpu) {
    return gpuSnapshot(drawing.gpu).map((commands) => ({ type: "CANVAS", target, mode, commands }));
  }
  if (drawing.stream) {
    return [{ type: "CANVAS", target, mode, commands: streamSnapshot(drawing.stream) }];
  }
  return [{ type: "CANVAS", target, mode, commands: drawing.commands }];
}
