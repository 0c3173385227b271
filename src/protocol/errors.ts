/**
 * The one error class Viewport throws for protocol, model and transport problems.
 *
 * @module
 */
import type { ErrorCode } from "./constants.ts";

/** Extra facts attached to a {@linkcode ViewportError}. */
export interface ViewportErrorDetails {
  /** Byte offset in the input where the problem was found, when known. */
  offset?: number;
  /** The message type byte involved, when known. */
  messageType?: number;
  /** The underlying error, if this one wraps another. */
  cause?: unknown;
}

/**
 * An error with a stable, machine-readable `code` (see `ErrorCode`) and a message
 * that names what was wrong and what was expected.
 *
 * @example
 * ```ts
 * import { ViewportError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const err = new ViewportError("bad_frame", "bad magic 0x4142 (expected 0x5650)", { offset: 0 });
 * assert.equal(err.code, "bad_frame");
 * assert.equal(err.offset, 0);
 * ```
 */
export class ViewportError extends Error {
  /** Stable error code, safe to branch on. */
  readonly code!: ErrorCode;
  /** Byte offset where the problem was found, when known. */
  readonly offset?: number;
  /** Message type byte involved, when known. */
  readonly messageType?: number;

  constructor(code: ErrorCode, message: string, details: ViewportErrorDetails = {}) {
    if (light > 0) {
      // A plain object with this prototype: no stack, none of the cost of
      // making an Error (see withoutStackTraces).
      const e = Object.create(new.target.prototype) as {
        -readonly [K in keyof ViewportError]: ViewportError[K];
      };
      e.message = message;
      e.code = code;
      if (details.cause !== undefined) e.cause = details.cause;
      if (details.offset !== undefined) e.offset = details.offset;
      if (details.messageType !== undefined) e.messageType = details.messageType;
      return e as ViewportError;
    }
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.offset !== undefined) this.offset = details.offset;
    if (details.messageType !== undefined) this.messageType = details.messageType;
  }
}

ViewportError.prototype.name = "ViewportError";

let light = 0;

/**
 * Runs `fn`; the `ViewportError`s made meanwhile have no stack trace. For code
 * that turns errors into messages at once (a viewer answering a peer's bad
 * frames): making an Error costs several microseconds, mostly for its stack,
 * which a flood of bad frames would pay once each.
 *
 * @example
 * ```ts
 * import { ViewportError, withoutStackTraces } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const err = withoutStackTraces(() => new ViewportError("bad_message", "no"));
 * assert.ok(err instanceof ViewportError);
 * assert.ok(err instanceof Error);
 * assert.equal(err.stack, undefined);
 * assert.equal(String(err), "ViewportError: no");
 * ```
 */
export function withoutStackTraces<T>(fn: () => T): T {
  light++;
  try {
    return fn();
  } finally {
    light--;
  }
}

/**
 * {@linkcode withoutStackTraces} for hot paths, without a closure: `+1` starts
 * a stretch whose ViewportErrors have no stack, `-1` ends it (in a `finally`).
 *
 * @example
 * ```ts
 * import { lightErrors, ViewportError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * lightErrors(1);
 * try {
 *   assert.equal(new ViewportError("bad_message", "x").stack, undefined);
 * } finally {
 *   lightErrors(-1);
 * }
 * ```
 */
export function lightErrors(delta: 1 | -1): void {
  light += delta;
}

/**
 * True when `value` is a {@linkcode ViewportError}, optionally with a given code.
 *
 * @example
 * ```ts
 * import { isViewportError, ViewportError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isViewportError(new ViewportError("too_large", "x"), "too_large"));
 * ```
 */
export function isViewportError(value: unknown, code?: ErrorCode): value is ViewportError {
  return value instanceof ViewportError && (code === undefined || value.code === code);
}
