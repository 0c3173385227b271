/**
 * The error for a scheme this operating system does not have.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";

/**
 * Throws `unsupported` ("... is unsupported on this platform") unless running on
 * `os`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requirePlatform } from "./_unsupported.ts";
 * requirePlatform(Deno.build.os, "anything://", ""); // this platform: fine
 * const other = Deno.build.os === "aix" ? "solaris" : "aix";
 * assert.throws(() => requirePlatform(other, "anything://", "use unix://"), /unsupported/);
 * ```
 */
export function requirePlatform(os: typeof Deno.build.os, what: string, hint: string): void {
  if (Deno.build.os === os) return;
  throw new ViewportError(
    "unsupported",
    `${what} is unsupported on this platform (${Deno.build.os})${hint ? `: ${hint}` : ""}`,
  );
}
