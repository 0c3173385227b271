/**
 * Where a connection's messages go: one small interface, one implementation per
 * output mode (text, headless, viewer).
 *
 * @module
 */
import type { Frame } from "../protocol/frame.ts";
import type { Message } from "../protocol/messages/types.ts";

/** The output side of a connection. */
export interface Link {
  /** The messages of one tick, in order (already applied to the shadow model). */
  send(messages: Message[]): void;
  /** The app's `flush()`: make everything so far visible. */
  flush(): Promise<void>;
  /** Ends output. Idempotent. */
  close(): Promise<void>;
}

/** A connected frame channel to a viewer (what a transport provides). */
export interface FrameChannel {
  /** Sends one whole frame; the bytes are not reused by the caller. */
  send(frame: Uint8Array): Promise<void> | void;
  /** Frames from the viewer; ends when the connection closes. */
  frames(): AsyncIterable<Frame>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * Headless mode: nothing is output; the state lives in the connection's model.
 *
 * @example
 * ```ts
 * import { HeadlessLink } from "./link.ts";
 * import assert from "node:assert/strict";
 * const link = new HeadlessLink();
 * // Sending is accepted and goes nowhere: no output, nothing queued to flush.
 * assert.equal(link.send([{ type: "TREE", root: { id: 1, type: "text", props: {} } }]), undefined);
 * assert.equal(await link.flush(), undefined);
 * await link.close();
 * ```
 */
export class HeadlessLink implements Link {
  send(_messages: Message[]): void {}
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
