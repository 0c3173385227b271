/**
 * Giving the event loop a turn between slices of long work.
 *
 * @module
 */

/**
 * Resolves after one turn of the event loop in which timers and I/O callbacks
 * may run: a message through a fresh `MessageChannel`, which comes back in
 * about 0.1 ms where a zero-delay timer waits for the next timer tick (1 ms or
 * more). The channel is closed at once, so it never keeps a process alive.
 *
 * @example
 * ```ts
 * import { yieldTurn } from "./yield_turn.ts";
 * import assert from "node:assert/strict";
 * let timerRan = false;
 * setTimeout(() => timerRan = true, 0);
 * for (let i = 0; i < 1000 && !timerRan; i++) await yieldTurn();
 * assert.ok(timerRan, "a timer should run between turns");
 * ```
 */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
