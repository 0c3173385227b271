/**
 * The viewer's resource limits. Every limit is an option with a default that
 * suits a desktop viewer; going over one answers ERROR `too_large` and leaves
 * the session as it was.
 *
 * @module
 */
import { DEFAULT_MAX_PAYLOAD } from "../../src/protocol/constants.ts";

/** Resource limits of a {@linkcode SessionHost}. */
export interface ViewerLimits {
  /** Live app connections at once; one more is refused with `too_large`. */
  maxConnections: number;
  /** Sessions kept (live and disconnected); the oldest disconnected one is dropped first. */
  maxSessions: number;
  /** Largest frame payload in bytes, checked before the payload is read where the transport allows. */
  maxPayload: number;
  /** Live nodes per session. */
  maxNodes: number;
  /** Deepest node nesting per session (root is depth 0). */
  maxDepth: number;
  /** Defined slots per session (standard slots included). */
  maxSlots: number;
  /** Data rows retained per schema; older rows are dropped and counted, not refused. */
  maxRows: number;
}

/**
 * The defaults.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS } from "./limits.ts";
 * if (DEFAULT_LIMITS.maxRows !== 10_000) throw new Error("unexpected default");
 * ```
 */
export const DEFAULT_LIMITS: Readonly<ViewerLimits> = Object.freeze({
  maxConnections: 1024,
  maxSessions: 2048,
  maxPayload: DEFAULT_MAX_PAYLOAD,
  maxNodes: 100_000,
  maxDepth: 256,
  maxSlots: 65_536,
  maxRows: 10_000,
});

/** Smallest value each limit accepts (a viewer that accepts nothing is a misconfiguration). */
const MINIMUM: Readonly<Record<keyof ViewerLimits, number>> = {
  maxConnections: 1,
  maxSessions: 1,
  maxPayload: 64,
  maxNodes: 1,
  maxDepth: 1,
  maxSlots: 128,
  maxRows: 0,
};

/**
 * Fills in defaults and checks each given limit. Throws `RangeError` naming the
 * limit for a value that is not an integer at or above its minimum.
 *
 * @example
 * ```ts
 * import { resolveLimits } from "./limits.ts";
 * const limits = resolveLimits({ maxNodes: 50 });
 * if (limits.maxNodes !== 50 || limits.maxConnections !== 1024) throw new Error("bad merge");
 * ```
 */
export function resolveLimits(partial: Partial<ViewerLimits> = {}): ViewerLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(MINIMUM) as (keyof ViewerLimits)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < MINIMUM[key]) {
      throw new RangeError(`${key} must be an integer >= ${MINIMUM[key]}, got ${value}`);
    }
    out[key] = value;
  }
  return out;
}

/** Every limit's name, in a stable order (for help text and flags). */
export const LIMIT_NAMES: readonly (keyof ViewerLimits)[] = Object.freeze(
  Object.keys(MINIMUM) as (keyof ViewerLimits)[],
);
