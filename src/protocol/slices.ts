/**
 * Long work in slices: a step function (a generator that yields the work it
 * has done so far) run a slice at a time, with a turn of the event loop in
 * between, so that one large frame never holds a viewer serving other apps.
 *
 * Work is counted in units of roughly 0.1 µs (the render tree's work units):
 * a slice ends when it has done `sliceWork` units or run `sliceMs`, whichever
 * comes first. Counting units, not only time, makes the bound testable
 * without a clock.
 *
 * @module
 */
import { yieldTurn } from "./yield_turn.ts";

/** Work units a slice may do by default: about 5 ms on a quiet machine. */
export const SLICE_WORK = 50_000;

/** How often a step function yields, in work units: the finest a slice can end. */
export const GRAIN = 1024;

/**
 * A step function: yields the total work done so far (growing), at most
 * about every {@linkcode GRAIN} units, and returns its result.
 */
export type Steps<T> = Generator<number, T, void>;

/** Counts the work of a step function; `due()` says when to yield. */
export class Meter {
  /** Work done so far. */
  work = 0;
  #next = GRAIN;

  /** Adds `units`; true when the step function should yield `work` now. */
  due(units: number): boolean {
    if ((this.work += units) < this.#next) return false;
    this.#next = this.work + GRAIN;
    return true;
  }
}

/** How {@linkcode runSlices} shares the event loop. */
export interface SliceOptions {
  /** Longest stretch of work before the event loop gets a turn, in ms. Default 8. */
  sliceMs?: number;
  /** Most work units before the event loop gets a turn. Default {@linkcode SLICE_WORK}. */
  sliceWork?: number;
  /** Gives the event loop a turn. Default: {@linkcode yieldTurn}. */
  pause?: () => Promise<void>;
  /** Called after each slice with the work units it did (tests, benches). */
  onWork?: (units: number) => void;
}

/**
 * Runs `steps` to the end in slices and returns its result; its errors are
 * thrown as they are.
 *
 * @example
 * ```ts
 * import { GRAIN, runSlices, type Steps } from "./slices.ts";
 * import assert from "node:assert/strict";
 * function* count(n: number): Steps<number> {
 *   for (let i = 1; i <= n; i++) if (i % GRAIN === 0) yield i;
 *   return n;
 * }
 * const slices: number[] = [];
 * const total = await runSlices(count(100_000), { sliceWork: 10_000, onWork: (u) => slices.push(u) });
 * assert.equal(total, 100_000);
 * assert.ok(slices.length >= 9, "expected several slices");
 * assert.ok(slices.every((u) => u <= 10_000 + GRAIN));
 * ```
 */
export async function runSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 8;
  const sliceWork = options.sliceWork ?? SLICE_WORK;
  const pause = options.pause ?? yieldTurn;
  let base = 0;
  for (;;) {
    const began = performance.now();
    let at = base;
    for (;;) {
      const r = steps.next();
      if (r.done) {
        options.onWork?.(at - base);
        return r.value;
      }
      at = r.value;
      if (at - base >= sliceWork || performance.now() - began >= sliceMs) break;
    }
    options.onWork?.(at - base);
    base = at;
    await pause();
  }
}

/**
 * Runs `steps` to the end at once (for callers that cannot wait).
 *
 * @example
 * ```ts
 * import { runAll, type Steps } from "./slices.ts";
 * import assert from "node:assert/strict";
 * function* two(): Steps<string> { yield 1; yield 2; return "done"; }
 * assert.equal(runAll(two()), "done");
 * ```
 */
export function runAll<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
