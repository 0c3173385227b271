/**
 * The viewer's resource limits. Every limit is an option with a default that
 * suits a desktop viewer; going over one answers ERROR `too_large` and leaves
 * the session as it was (or, for retained rows, drops the oldest), and a client
 * that holds resources without using them (silent, never attaching, never
 * reading) is closed.
 *
 * @module
 */
import { DEFAULT_MAX_PAYLOAD } from "../../src/protocol/constants.ts";
import { DEFAULT_MAX_WORK } from "../../src/model/render_tree.ts";

/** Resource limits of a {@linkcode SessionHost}. */
export interface ViewerLimits {
  /** Live app connections at once; one more is refused with `too_large`. */
  maxConnections: number;
  /**
   * Connections that have not yet sent a valid frame. Past it the oldest such
   * connection (silent for a second or more) is closed to make room, so the
   * rest of `maxConnections` stays reserved for apps that talk: silent
   * connections cannot lock real apps out, and a burst of apps connecting at
   * once is not mistaken for them.
   */
  maxPending: number;
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
  /**
   * Estimated bytes a session may hold (tree, retained rows, canvas drawings).
   * Rows give way first (oldest dropped and counted); a tree or drawing that
   * does not fit is refused with `too_large`.
   */
  maxSessionBytes: number;
  /**
   * Estimated bytes all sessions together may hold. When a message needs more,
   * sessions without a connection are evicted first (oldest first), then the
   * session's own oldest rows are dropped, then the message is refused.
   */
  maxViewerBytes: number;
  /** Longest text projection written to a text file; a longer one is cut and says so. */
  maxTextBytes: number;
  /** Bytes queued to one app, unsent; past it the app (not reading) is closed. */
  maxSendQueue: number;
  /** Work units one TREE or PATCH may take (see `RenderTreeOptions.maxWork`). */
  maxWork: number;
  /** A connection that has not sent a valid frame within this many ms is closed. */
  handshakeTimeoutMs: number;
  /** A connection that has no session this many ms after it opened is closed. */
  idleTimeoutMs: number;
  /**
   * A session without a connection (disconnected or ended) is removed after
   * this many ms; the session of the app the viewer spawned stays.
   */
  sessionTtlMs: number;
}

const MiB = 1024 * 1024;

/**
 * The defaults.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS } from "./limits.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_LIMITS.maxRows, 10_000, "unexpected default");
 * ```
 */
export const DEFAULT_LIMITS: Readonly<ViewerLimits> = Object.freeze({
  maxConnections: 1024,
  maxPending: 256,
  maxSessions: 2048,
  maxPayload: DEFAULT_MAX_PAYLOAD,
  maxNodes: 100_000,
  maxDepth: 256,
  maxSlots: 65_536,
  maxRows: 10_000,
  maxSessionBytes: 64 * MiB,
  maxViewerBytes: 1024 * MiB,
  maxTextBytes: 16 * MiB,
  maxSendQueue: 4 * MiB,
  maxWork: DEFAULT_MAX_WORK,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  sessionTtlMs: 3600_000,
});

/** Smallest value each limit accepts (a viewer that accepts nothing is a misconfiguration). */
const MINIMUM: Readonly<Record<keyof ViewerLimits, number>> = {
  maxConnections: 1,
  maxPending: 1,
  maxSessions: 1,
  maxPayload: 64,
  maxNodes: 1,
  maxDepth: 1,
  maxSlots: 128,
  maxRows: 0,
  maxSessionBytes: 64 * 1024,
  maxViewerBytes: 64 * 1024,
  maxTextBytes: 1024,
  maxSendQueue: 64 * 1024,
  maxWork: 1000,
  handshakeTimeoutMs: 1,
  idleTimeoutMs: 1,
  sessionTtlMs: 1,
};

/**
 * Fills in defaults and checks each given limit. Throws `RangeError` naming the
 * limit for a value that is not an integer at or above its minimum.
 *
 * @example
 * ```ts
 * import { resolveLimits } from "./limits.ts";
 * import assert from "node:assert/strict";
 * const limits = resolveLimits({ maxNodes: 50 });
 * assert.equal(limits.maxNodes, 50);
 * assert.equal(limits.maxConnections, 1024);
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
