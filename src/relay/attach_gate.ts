/**
 * The one thing a relay adds to an app's frames: the session attach.
 *
 * @module
 */
import { MessageType } from "../protocol/constants.ts";
import type { Frame } from "../protocol/frame.ts";
import { decodeFrame, encodeMessage } from "../protocol/wire.ts";
import { frameBytes } from "./frame_bytes.ts";

/** What {@linkcode AttachGate.inspect} did with a frame, for logs. */
export type AttachOutcome = "forwarded" | "attached" | "renamed" | "dropped";

/**
 * Makes sure the viewer sees exactly one REGION attach per connection, first,
 * naming the relay's session. An app's own leading attach is forwarded as it
 * is when it names that session (the usual case: the app read
 * `VIEWPORT_SESSION`), or replaced by one that does; an app that does not
 * attach gets one in front of its first frame; a later attach on the same
 * connection is dropped (the viewer would reject it). Every other frame passes
 * untouched; only REGION frames are decoded.
 *
 * @example
 * ```ts
 * import { AttachGate } from "./attach_gate.ts";
 * import { encodeMessage, decodeFrame } from "../protocol/wire.ts";
 * import assert from "node:assert/strict";
 * const gate = new AttachGate("sess-1");
 * const tree = encodeMessage({ type: "TREE", root: { id: 1, type: "box", props: {} } });
 * const out = gate.inspect({ type: tree[3], payload: tree.subarray(8), offset: 0 })!;
 * const first = decodeFrame({ type: out[0][3], payload: out[0].subarray(8), offset: 0 });
 * assert.equal(out.length, 2);
 * assert.equal(first.type, "REGION");
 * assert.equal(first.session, "sess-1");
 * // Later frames go on as they are.
 * assert.equal(gate.inspect({ type: tree[3], payload: tree.subarray(8), offset: 0 }), undefined);
 * ```
 */
export class AttachGate {
  /** The session every attach names. */
  readonly session: string;
  #seen = false;
  #last: AttachOutcome = "forwarded";

  constructor(session: string) {
    this.session = session;
  }

  /** What happened to the last frame inspected. */
  get lastOutcome(): AttachOutcome {
    return this.#last;
  }

  /**
   * What to send to the viewer instead of one app frame (zero, one or two
   * frames), or `undefined` when the frame goes on unchanged (every frame but
   * the first and REGION attaches: those are not even decoded).
   */
  inspect(frame: Frame): Uint8Array[] | undefined {
    if (this.#seen && frame.type !== MessageType.REGION) {
      this.#last = "forwarded";
      return undefined;
    }
    const attach = frame.type === MessageType.REGION ? isAttach(frame) : null;
    if (this.#seen) {
      this.#last = attach ? "dropped" : "forwarded";
      return attach ? [] : undefined;
    }
    this.#seen = true;
    if (!attach) {
      this.#last = "attached";
      return [this.attachFrame(), frameBytes(frame)];
    }
    this.#last = attach.session === this.session ? "forwarded" : "renamed";
    return [attach.session === this.session ? frameBytes(frame) : this.attachFrame()];
  }

  /** A REGION attach naming {@linkcode AttachGate.session}. */
  attachFrame(): Uint8Array {
    return encodeMessage({ type: "REGION", action: "attach", session: this.session });
  }
}

function isAttach(frame: Frame): { session?: string } | null {
  try {
    const message = decodeFrame(frame);
    return message.type === "REGION" && message.action === "attach" ? message : null;
  } catch {
    // Not a valid REGION: forwarded as it is, and the viewer answers it.
    return null;
  }
}
