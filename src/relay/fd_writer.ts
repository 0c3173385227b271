/**
 * Writes to a non-blocking file descriptor that Deno has no handle for (a PTY
 * master opened by native code), through `write(2)`, waiting out `EAGAIN`.
 *
 * Deno's Node compatibility layer loses or stalls writes to a PTY master
 * whose input buffer is full; this writer waits for room instead, which is
 * also the backpressure a program reading slowly deserves.
 *
 * @module
 */

// The fd is gone or broken: give up. Anything else (EAGAIN, EINTR, or an
// errno clobbered between the two calls) is worth another try.
const FATAL = new Set([5, 9, 32]); // EIO, EBADF, EPIPE
const MIN_WAIT_MS = 1;
const MAX_WAIT_MS = 20;

type Libc = {
  write(fd: number, bytes: Uint8Array, length: number | bigint): number | bigint;
  errno(): number;
};

let libc: Libc | null | undefined;

function openLibc(): Libc | null {
  if (libc !== undefined) return libc;
  try {
    if (Deno.build.os === "linux") {
      const lib = Deno.dlopen("libc.so.6", {
        write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
        __errno_location: { parameters: [], result: "pointer" },
      });
      libc = {
        write: (fd, bytes, length) => lib.symbols.write(fd, bytes, BigInt(length)),
        errno: () => new Deno.UnsafePointerView(lib.symbols.__errno_location()!).getInt32(),
      };
    } else if (Deno.build.os === "darwin") {
      const lib = Deno.dlopen("libSystem.B.dylib", {
        write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
        __error: { parameters: [], result: "pointer" },
      });
      libc = {
        write: (fd, bytes, length) => lib.symbols.write(fd, bytes, BigInt(length)),
        errno: () => new Deno.UnsafePointerView(lib.symbols.__error()!).getInt32(),
      };
    } else {
      libc = null;
    }
  } catch {
    // No FFI permission, or no such library: callers fall back.
    libc = null;
  }
  return libc;
}

/**
 * True when {@linkcode FdWriter} can work here (FFI allowed, a known libc).
 *
 * @example
 * ```ts
 * import { fdWriterAvailable } from "./fd_writer.ts";
 * if (typeof fdWriterAvailable() !== "boolean") throw new Error();
 * ```
 */
export function fdWriterAvailable(): boolean {
  return openLibc() !== null;
}

/**
 * An ordered byte queue drained into `fd` with `write(2)`. Each `write()`
 * resolves once its bytes are with the kernel; bytes are never interleaved
 * with a later write's, so a frame reaches the reader whole.
 *
 * @example
 * ```ts
 * import { FdWriter, fdWriterAvailable } from "./fd_writer.ts";
 * if (fdWriterAvailable()) {
 *   // Any fd works; a PTY master is the intended one.
 *   const stderr = new FdWriter(2);
 *   await stderr.write(new Uint8Array(0));
 * }
 * ```
 */
export class FdWriter {
  readonly #fd: number;
  readonly #libc: Libc;
  #queue: { bytes: Uint8Array; done: () => void; fail: (e: Error) => void }[] = [];
  #running = false;
  #failed: Error | null = null;

  /** Throws when FFI is not available (see {@linkcode fdWriterAvailable}). */
  constructor(fd: number) {
    const c = openLibc();
    if (!c) throw new Error("FdWriter needs FFI (--allow-ffi) and a known libc");
    this.#fd = fd;
    this.#libc = c;
  }

  /** Bytes queued and not yet written. */
  get queued(): number {
    let n = 0;
    for (const item of this.#queue) n += item.bytes.length;
    return n;
  }

  /** Queues `bytes`; resolves once all of them were written. */
  write(bytes: Uint8Array): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (bytes.length === 0) return Promise.resolve();
    return new Promise((done, fail) => {
      this.#queue.push({ bytes, done, fail });
      if (!this.#running) void this.#pump();
    });
  }

  /** Drops what is queued (the fd is going away); pending writes reject. */
  abandon(reason: Error): void {
    this.#failed ??= reason;
    for (const item of this.#queue.splice(0)) item.fail(reason);
  }

  async #pump(): Promise<void> {
    this.#running = true;
    let wait = MIN_WAIT_MS;
    try {
      while (this.#queue.length > 0 && !this.#failed) {
        const item = this.#queue[0];
        const n = Number(this.#libc.write(this.#fd, item.bytes, item.bytes.length));
        if (n >= 0) {
          wait = MIN_WAIT_MS;
          if (n >= item.bytes.length) {
            this.#queue.shift();
            item.done();
          } else {
            item.bytes = item.bytes.subarray(n);
          }
          continue;
        }
        const errno = this.#libc.errno();
        if (FATAL.has(errno)) {
          this.abandon(new Error(`write to fd ${this.#fd} failed (errno ${errno})`));
          return;
        }
        // The reader has not made room yet: try again shortly, backing off.
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, MAX_WAIT_MS);
      }
    } finally {
      this.#running = false;
    }
  }
}
