/**
 * Frames both ways between an app's connection and the viewer's, adding only
 * the session attach.
 *
 * @module
 */
import type { Frame } from "../protocol/frame.ts";
import type { Transport } from "../transport/mod.ts";
import { AttachGate, type AttachOutcome } from "./attach_gate.ts";
import { ForwardError, forwardRuns } from "./frame_runs.ts";
import { PtyFrames } from "./pty_frames.ts";
import { StreamTransport } from "../transport/core/mod.ts";

/** Options of {@linkcode relay}. */
export interface RelayOptions {
  /** The session the viewer's one attach names. */
  session: string;
  /**
   * The viewer's frames, when someone already took `viewer.frames()` (e.g. to
   * read the first ENV): the iterator goes on from there, peeked frames first.
   */
  viewerFrames?: AsyncIterator<Frame>;
  /**
   * Holds the viewer's frames back until the app sent its first frame. For
   * `stdio:` in a PTY: until then the app's terminal may still echo and edit
   * input, which would mangle a frame.
   */
  holdUntilAppSpeaks?: boolean;
  /** Called when the gate did something other than forward (for logs). */
  onAttach?: (outcome: AttachOutcome) => void;
}

/** How a relayed connection ended. */
export interface RelayResult {
  /** The side whose frames ended first. */
  ended: "app" | "viewer";
  /** Frames read from the app. */
  appFrames: number;
  /** Frames read from the viewer. */
  viewerFrames: number;
  /** Why that side ended, when it was not a clean close. */
  error?: Error;
}

/**
 * Relays frames between `app` and `viewer` until either ends, then closes the
 * other (after flushing what was already sent to it) and resolves. Each
 * direction waits for the receiving transport's backpressure, so a slow side
 * slows the other down instead of growing buffers here.
 *
 * @example
 * ```ts
 * import { relay } from "./relay.ts";
 * import { memoryPair } from "../transport/mod.ts";
 * import { decodeFrame, encodeMessage } from "../protocol/wire.ts";
 * import assert from "node:assert/strict";
 * const [app, appEnd] = memoryPair();
 * const [viewerEnd, viewer] = memoryPair();
 * const done = relay(appEnd, viewerEnd, { session: "s1" });
 * await app.send(encodeMessage({ type: "REGION", action: "close" }));
 * const first = decodeFrame((await viewer.frames().next()).value);
 * assert.equal(first.type, "REGION");
 * assert.equal(first.action, "attach");
 * await app.close();
 * assert.equal((await done).ended, "app");
 * await viewer.close();
 * ```
 */
/** How long the app's last frames may take to be forwarded once a send to it failed. */
const APP_DRAIN_MS = 5000;

export async function relay(
  app: Transport,
  viewer: Transport,
  options: RelayOptions,
): Promise<RelayResult> {
  const gate = new AttachGate(options.session);
  const counts = { app: 0, viewer: 0 };
  let spoke!: () => void;
  const appSpoke = new Promise<void>((r) => spoke = r);
  if (!options.holdUntilAppSpeaks) spoke();
  let stop!: () => void;
  const stopped = new Promise<"stop">((r) => stop = () => r("stop"));

  type End = { ended: "app" | "viewer"; error?: Error };
  // A failed send ends the receiving side; a failed read the side it read from.
  const ended = (err: unknown, from: "app" | "viewer", to: "app" | "viewer"): End => {
    const failed = err instanceof ForwardError ? err : new ForwardError("source", err);
    const error = failed.cause instanceof Error ? failed.cause : failed;
    return { ended: failed.side === "source" ? from : to, error };
  };
  const up = (async (): Promise<End> => {
    try {
      counts.app = await forwardRuns(app.frames(), {
        send: (bytes) => viewer.send(bytes),
        joins: isByteStream(viewer),
        inspect: (frame) => {
          counts.app++;
          spoke();
          const instead = gate.inspect(frame);
          if (gate.lastOutcome !== "forwarded") options.onAttach?.(gate.lastOutcome);
          return instead;
        },
      });
      return { ended: "app" };
    } catch (err) {
      return ended(err, "app", "viewer");
    }
  })();

  const down = (async (): Promise<End> => {
    const frames = options.viewerFrames ?? viewer.frames();
    const gone = viewer.closed.then(() => "stop" as const);
    try {
      if (await Promise.race([appSpoke, stopped, gone]) === "stop") return { ended: "viewer" };
      counts.viewer = await forwardRuns(frames, {
        send: (bytes) => app.send(bytes),
        joins: isByteStream(app),
        inspect: () => {
          counts.viewer++;
          return undefined;
        },
      });
      return { ended: "viewer" };
    } catch (err) {
      return ended(err, "viewer", "app");
    }
  })();

  const [side, first] = await Promise.race([
    up.then((end) => ["up", end] as const),
    down.then((end) => ["down", end] as const),
  ]);
  stop();
  // A failed send to the app means the app is gone, but what it wrote before it
  // went is still in the socket: let the up side forward it (briefly: a dead
  // app's stream ends at once) before the viewer's side is closed. Without
  // this, a short-lived app's last frames were lost when the send to it failed
  // first (a loaded machine reads late).
  if (side === "down" && first.ended === "app") {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([up, new Promise((r) => timer = setTimeout(r, APP_DRAIN_MS))]);
    clearTimeout(timer);
  }
  // The side that ended closes the other; what was already sent is flushed.
  await Promise.all([app.close(), viewer.close()]);
  await Promise.all([up, down]);
  return {
    ended: first.ended,
    appFrames: counts.app,
    viewerFrames: counts.viewer,
    ...(first.error ? { error: first.error } : {}),
  };
}

/** Byte streams take a run of frames in one send; message transports one frame each. */
function isByteStream(t: Transport): boolean {
  return t instanceof StreamTransport || t instanceof PtyFrames;
}
