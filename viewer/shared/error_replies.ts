/**
 * ERROR replies to one app, rate-limited and coalesced: an app that sends a
 * flood of bad frames gets a burst of ERRORs, then one summary a second ("N
 * more errors"), not one frame per bad frame (a client that never reads would
 * otherwise make the viewer queue megabytes of replies).
 *
 * @module
 */
import type { ErrorMessage } from "../../src/protocol/messages/types.ts";

/** Options of {@linkcode ErrorReplies}. */
export interface ErrorRepliesOptions {
  /** ERRORs sent at once before the rate applies. Default 20. */
  burst?: number;
  /** ERRORs per second after the burst (tokens refill at this rate). Default 10. */
  perSecond?: number;
  /** How long suppressed errors wait before their summary is sent, in ms. Default 1000. */
  summaryMs?: number;
  /** Clock (ms). Default `performance.now`. */
  now?: () => number;
}

/**
 * A token bucket in front of an ERROR sender.
 *
 * @example
 * ```ts
 * import { ErrorReplies } from "./error_replies.ts";
 * import assert from "node:assert/strict";
 * const sent: string[] = [];
 * const replies = new ErrorReplies((m) => { sent.push(m.message); return Promise.resolve(true); }, { burst: 2 });
 * for (let i = 0; i < 5; i++) replies.reply("bad_message", `bad ${i}`, i + 1);
 * replies.flush();
 * assert.equal(sent.length, 3);
 * assert.ok(sent[2].startsWith("3 more errors"));
 * replies.close();
 * ```
 */
export class ErrorReplies {
  readonly #send: (message: ErrorMessage) => Promise<boolean>;
  readonly #burst: number;
  readonly #perMs: number;
  readonly #summaryMs: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;
  #suppressed = 0;
  #last: ErrorMessage | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    send: (message: ErrorMessage) => Promise<boolean>,
    options: ErrorRepliesOptions = {},
  ) {
    this.#send = send;
    this.#burst = options.burst ?? 20;
    this.#perMs = (options.perSecond ?? 10) / 1000;
    this.#summaryMs = options.summaryMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = this.#burst;
    this.#at = this.#now();
  }

  /** ERRORs not sent so far (they wait for the next summary). */
  get suppressed(): number {
    return this.#suppressed;
  }

  /**
   * Sends ERROR `{code, message, ref}` if the rate allows (returning the
   * send's promise, for backpressure), else counts it for the next summary
   * and returns undefined.
   */
  reply(code: string, message: string, ref?: number): Promise<boolean> | undefined {
    if (this.#closed) return undefined;
    const error: ErrorMessage = ref === undefined
      ? { type: "ERROR", code, message }
      : { type: "ERROR", code, message, ref };
    if (this.#take()) return this.#send(error);
    this.#suppressed++;
    this.#last = error;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, this.#summaryMs);
    return undefined;
  }

  /** Sends the summary of suppressed errors now, if there are any. */
  flush(): void {
    if (this.#suppressed === 0 || this.#closed || !this.#last) return;
    const n = this.#suppressed;
    const last = this.#last;
    this.#suppressed = 0;
    this.#last = null;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const summary: ErrorMessage = {
      type: "ERROR",
      code: last.code,
      message: `${n} more error${n === 1 ? "" : "s"} not sent (at most ${this.#burst} at once, ` +
        `then ${Math.round(this.#perMs * 1000)} a second); the last: ${last.message}`,
    };
    if (last.ref !== undefined) summary.ref = last.ref;
    void this.#send(summary);
  }

  /** Stops: nothing more is sent, the timer is cleared. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens--;
    return true;
  }
}
