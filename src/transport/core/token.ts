/**
 * Bearer tokens for network transports: making them and checking them without a
 * timing side channel.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * Compares two strings as UTF-8 bytes in time that depends only on the length of
 * `expected`, not on where they differ. Pass the secret you hold as `expected` and
 * what the peer sent as `actual`. Different lengths give false after the same work.
 * JavaScript gives no hard guarantee against JIT shortcuts; this avoids the obvious
 * early exit of `===`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { constantTimeEqual } from "./token.ts";
 * assert.ok(constantTimeEqual("abc123", "abc123"));
 * assert.ok(!constantTimeEqual("abc124", "abc123") && !constantTimeEqual("abc", "abc123"));
 * ```
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
  const a = encoder.encode(actual);
  const b = encoder.encode(expected);
  // Copy into a buffer of the expected length so the loop never depends on `a`.
  const padded = new Uint8Array(b.length);
  padded.set(a.subarray(0, b.length));
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= padded[i] ^ b[i];
  return diff === 0;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * A new random token: `bytes` bytes from `crypto.getRandomValues` (at least 16, the
 * default 24 is 192 bits) as unpadded base64url, safe in URIs and HTTP headers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newToken } from "./token.ts";
 * const token = newToken();
 * assert.ok(token.length === 32 && /^[A-Za-z0-9_-]+$/.test(token));
 * ```
 */
export function newToken(bytes = 24): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 65536) {
    throw new RangeError(`token size must be an integer 16..65536 bytes, got ${bytes}`);
  }
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  let out = "";
  for (let i = 0; i < raw.length; i += 3) {
    const n = (raw[i] << 16) | ((raw[i + 1] ?? 0) << 8) | (raw[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((raw.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}
