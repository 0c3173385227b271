/**
 * What of `native/` this process uses, and a probe that checks the runtime
 * still has what `native/` reads: run by a test that fails loudly on a Deno
 * upgrade (tests/transport/native_probe_test.ts).
 *
 * @module
 */
import { libc, libcOpens } from "./_libc.ts";
import {
  internalsAllowed,
  NO_NATIVE_ENV,
  sameRelease,
  switchedOff,
  WRITTEN_FOR,
} from "./_switch.ts";

export { NO_NATIVE_ENV, WRITTEN_FOR };

/** The state of the native paths in this process. */
export interface NativeSupport {
  /** The Deno release `native/` was written for. */
  writtenFor: string;
  /** This runtime's Deno version. */
  deno: string;
  /** `VIEWPORT_NO_NATIVE` is set: every native path is off. */
  switchedOff: boolean;
  /** libc is reachable through FFI (needs `--allow-ffi`; Linux or macOS). */
  libc: boolean;
  /** Runtime-private fields may be used (switch unset, same release). */
  internals: boolean;
  /** libc was opened in this process (never, with the switch set). */
  libcOpened: boolean;
}

/**
 * The state of the native paths; opens libc if it was not yet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nativeSupport } from "./probe.ts";
 * const s = nativeSupport();
 * assert.equal(s.deno, Deno.version.deno);
 * if (s.switchedOff) assert.ok(!s.libc && !s.internals);
 * ```
 */
export function nativeSupport(): NativeSupport {
  return {
    writtenFor: WRITTEN_FOR,
    deno: Deno.version.deno,
    switchedOff: switchedOff(),
    libc: libc() !== null,
    internals: internalsAllowed(),
    libcOpened: libcOpens() > 0,
  };
}

/**
 * Checks on a real loopback socket that `node:net` still keeps what
 * `tls_internals.ts` reads (`kBuffer`, `kBufferGen`, `kBufferCb`, and
 * `useUserBuffer` on the handle); returns what is missing (empty: all there).
 * Needs `--allow-net`. The TLS handle (`_nativeTcpHandle`) needs certificates
 * and is checked by the test.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { probeSocketInternals } from "./probe.ts";
 * assert.deepEqual(await probeSocketInternals(), []);
 * ```
 */
export async function probeSocketInternals(): Promise<string[]> {
  const net = await import("node:net");
  const server = net.createServer((s) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const socket = net.connect({
      host: "127.0.0.1",
      port,
      onread: { buffer: () => new Uint8Array(64), callback: () => true },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const names = Object.getOwnPropertySymbols(socket).map((s) => s.description);
    const missing = ["kBuffer", "kBufferGen", "kBufferCb"].filter((n) => !names.includes(n));
    const handle = (socket as unknown as { _handle?: { useUserBuffer?: unknown } })._handle;
    if (typeof handle?.useUserBuffer !== "function") missing.push("_handle.useUserBuffer");
    socket.destroy();
    return missing;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Whether this runtime's release is the one `native/` was written for. */
export function writtenForThisRelease(): boolean {
  return sameRelease(Deno.version.deno);
}
