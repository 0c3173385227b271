/**
 * Sharing the event loop among busy connections. A connection with a backlog
 * of frames (or a large frame in slices) works for at most `TURN_MS` of the
 * current turn, then queues for a turn of its own; turns are handed out one
 * connection at a time, oldest waiter first, each after a full turn of the
 * event loop (timers and I/O run in between). So however many clients flood
 * the viewer, the event loop is never held for much more than `TURN_MS`, and
 * every busy connection gets its share.
 *
 * @module
 */
import { yieldTurn } from "../../src/protocol/yield_turn.ts";

/** Longest stretch of work before a busy connection gives way, in ms. */
export const TURN_MS = 8;

const waiting: (() => void)[] = [];
let handing = false;
let turnStart = performance.now();

/**
 * True when the current turn has used its time: the caller should
 * `await nextTurn()` before doing more.
 *
 * @example
 * ```ts
 * import { nextTurn, overTurn } from "./turns.ts";
 * import assert from "node:assert/strict";
 * // A backlog is worked through in stretches, giving way whenever a turn is used up.
 * const backlog = Array.from({ length: 10_000 }, (_, i) => i);
 * let sum = 0;
 * for (const item of backlog) {
 *   if (overTurn()) await nextTurn();
 *   sum += item;
 * }
 * assert.equal(sum, 49_995_000);
 * ```
 */
export function overTurn(): boolean {
  return performance.now() - turnStart > TURN_MS;
}

/**
 * Resolves when it is the caller's turn: after every connection that asked
 * earlier had its turn, each after a turn of the event loop.
 *
 * @example
 * ```ts
 * import { nextTurn } from "./turns.ts";
 * import assert from "node:assert/strict";
 * const order: number[] = [];
 * await Promise.all([1, 2, 3].map(async (n) => { await nextTurn(); order.push(n); }));
 * assert.equal(order.join(), "1,2,3");
 * ```
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!handing) {
      handing = true;
      void handOut();
    }
  });
}

async function handOut(): Promise<void> {
  while (waiting.length > 0) {
    await yieldTurn();
    turnStart = performance.now();
    waiting.shift()!();
  }
  handing = false;
}
