/**
 * Writing to a raw non-blocking file descriptor through libc (FFI), with
 * partial writes and EAGAIN handled. Needed for a PTY master under Deno:
 * node-pty writes through Deno's Node compatibility layer, which drops the rest
 * of a write once the terminal's input queue is full (4 KiB on Linux), so
 * anything bigger than that is lost unless the app reads faster.
 *
 * @module
 */

import { libc } from "./_libc.ts";

const EAGAIN: Record<string, number> = { linux: 11, darwin: 35 };
const POLLOUT = 4;

/**
 * A writer for `fd`, or `null` when libc cannot be reached through FFI (no
 * `--allow-ffi`, `VIEWPORT_NO_NATIVE` set, or another OS). The writer writes everything, waiting (on a
 * background thread, with `poll`) whenever the fd is full.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fdWriter } from "./fd_writer.ts";
 * assert.equal(fdWriter(-1), null); // not a descriptor
 * const write = fdWriter(2); // stderr; null without FFI
 * if (write) await write(new TextEncoder().encode(""));
 * ```
 */
export function fdWriter(fd: number): ((bytes: Uint8Array) => Promise<void>) | null {
  const lib = libc();
  if (!lib || !Number.isInteger(fd) || fd < 0) return null;
  const eagain = EAGAIN[Deno.build.os];
  const errno = (): number => {
    const p = lib.symbols.errno_location();
    return new Deno.UnsafePointerView(p).getInt32();
  };
  const pollfd = new Uint8Array(8);
  new DataView(pollfd.buffer).setInt32(0, fd, true);
  new DataView(pollfd.buffer).setInt16(4, POLLOUT, true);
  return async (bytes) => {
    let off = 0;
    while (off < bytes.length) {
      const n = Number(lib.symbols.write(fd, bytes.subarray(off), BigInt(bytes.length - off)));
      if (n >= 0) {
        off += n;
        continue;
      }
      const code = errno();
      if (code !== eagain) throw new Error(`write to fd ${fd} failed (errno ${code})`);
      await lib.symbols.poll_out(pollfd, 1n, 100);
    }
  };
}
