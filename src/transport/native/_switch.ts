/**
 * The one switch over everything in `native/`, and the runtime it was written
 * for. Read once, at first use; private to `native/` (others ask
 * {@linkcode nativeSupport} in `probe.ts`).
 *
 * @module
 */

/** Set to anything but `""` or `0` to turn every native path off. */
export const NO_NATIVE_ENV = "VIEWPORT_NO_NATIVE";

/**
 * The Deno release whose internals `native/` reads (`kBuffer*` on `node:net`
 * sockets, `_handle._nativeTcpHandle` under `node:tls`). Other releases get the
 * portable paths for those; libc calls do not depend on it.
 */
export const WRITTEN_FOR = "2.9.6";

let off: boolean | undefined;

/**
 * True when {@linkcode NO_NATIVE_ENV} is set. Asks for the variable without a
 * prompt: without `--allow-env` the switch reads as unset.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NO_NATIVE_ENV, switchedOff } from "./_switch.ts";
 * const value = Deno.env.get(NO_NATIVE_ENV) ?? "";
 * assert.equal(switchedOff(), value !== "" && value !== "0");
 * ```
 */
export function switchedOff(): boolean {
  if (off !== undefined) return off;
  let value: string | undefined;
  try {
    const state = Deno.permissions.querySync({ name: "env", variable: NO_NATIVE_ENV }).state;
    value = state === "granted" ? Deno.env.get(NO_NATIVE_ENV) : undefined;
  } catch {
    value = undefined;
  }
  return off = value !== undefined && value !== "" && value !== "0";
}

/**
 * Whether this runtime is the release the internals were read from (same
 * major and minor: patch releases keep them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameRelease } from "./_switch.ts";
 * assert.ok(sameRelease("2.9.1", "2.9.6"));
 * assert.ok(!sameRelease("2.10.0", "2.9.6"));
 * ```
 */
export function sameRelease(version: string, writtenFor: string = WRITTEN_FOR): boolean {
  const minor = (v: string) => v.split(".").slice(0, 2).join(".");
  return minor(version) === minor(writtenFor);
}

/**
 * Whether runtime-private fields may be used: the switch is not set and this is
 * the release they were read from.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { internalsAllowed, sameRelease, switchedOff } from "./_switch.ts";
 * assert.equal(internalsAllowed(), !switchedOff() && sameRelease(Deno.version.deno));
 * ```
 */
export function internalsAllowed(): boolean {
  return !switchedOff() && sameRelease(Deno.version.deno);
}
