/**
 * Polling for something that has no change events: a terminal screen read
 * from a PTY or tmux, a file another process writes.
 *
 * @module
 */

/**
 * Reads the screen every `everyMs` until it contains `what` (or `what(screen)`
 * is true); returns that screen, or throws with the last one seen.
 *
 * @example
 * ```ts
 * import { waitForScreen } from "./poll.ts";
 * import assert from "node:assert/strict";
 * let n = 0;
 * const screen = await waitForScreen(() => Promise.resolve(`tick ${++n}`), "tick 3", 5000, 1);
 * assert.equal(screen, "tick 3");
 * ```
 */
export async function waitForScreen(
  read: () => Promise<string>,
  what: string | ((screen: string) => boolean),
  timeoutMs: number,
  everyMs: number,
): Promise<string> {
  const test = typeof what === "string" ? (s: string) => s.includes(what) : what;
  const end = Date.now() + timeoutMs;
  let screen = "";
  while (Date.now() < end) {
    screen = await read();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${String(what)}; screen:\n${screen}`);
}
