/**
 * A small seeded PRNG (mulberry32) for property tests, so a failing seed can
 * be replayed.
 *
 * @example
 * ```ts
 * import { rng } from "./rng.ts";
 * import assert from "node:assert/strict";
 * const a = rng(7), b = rng(7);
 * const x = a();
 * assert.equal(x, b());
 * assert.ok(x >= 0 && x < 1);
 * ```
 *
 * @module
 */

/** Numbers in [0, 1), the same sequence for the same seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
