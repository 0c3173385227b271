/**
 * macOS socket activation through libSystem (FFI): the descriptors launchd
 * opened for a job's `Sockets` entry.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { libc } from "./_libc.ts";
import { switchedOff } from "./_switch.ts";

const ERRORS: Record<number, string> = {
  2: "the job's plist has no Sockets entry of that name (ENOENT)",
  3: "this process was not started by launchd (ESRCH)",
  37: "the sockets were already taken by this process (EALREADY)",
};

/**
 * Calls `launch_activate_socket(name, &fds, &count)` and returns the fds. Throws
 * `unsupported` off macOS, without FFI, or with `VIEWPORT_NO_NATIVE` set (there
 * is no portable way to ask launchd).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { activateLaunchdSockets } from "./launchd_sockets.ts";
 * if (Deno.build.os !== "darwin") {
 *   assert.throws(() => activateLaunchdSockets("com.example.viewport"), /macOS/);
 * }
 * ```
 */
export function activateLaunchdSockets(name: string): number[] {
  if (Deno.build.os !== "darwin") {
    throw new ViewportError("unsupported", `launchd://${name}: launchd exists on macOS only`);
  }
  const lib = libc();
  if (lib === null) {
    const why = switchedOff() ? "VIEWPORT_NO_NATIVE is set" : "run with --allow-ffi";
    throw new ViewportError("unsupported", `launchd://${name}: asking launchd needs FFI (${why})`);
  }
  const cName = new TextEncoder().encode(`${name}\0`);
  const fdsOut = new BigUint64Array(1);
  const countOut = new BigUint64Array(1);
  const rc = lib.symbols.launch_activate_socket(cName, fdsOut, countOut);
  if (rc !== 0) {
    throw new ViewportError(
      "unsupported",
      `launchd://${name}: launch_activate_socket failed: ${ERRORS[rc] ?? `error ${rc}`}`,
    );
  }
  const pointer = Deno.UnsafePointer.create(fdsOut[0]);
  const count = Number(countOut[0]);
  const view = new Deno.UnsafePointerView(pointer!);
  const fds = Array.from({ length: count }, (_, i) => view.getInt32(i * 4));
  lib.symbols.free(pointer);
  return fds;
}
