/**
 * The duplex byte stream under every socket-like transport, and its adapter for
 * Deno's connections (`Deno.Conn`, `Deno.TlsConn`, unix, vsock).
 *
 * @module
 */

/**
 * A duplex byte stream, pulled for reading. The stream transport never has more
 * than one `read` and one `write` outstanding.
 */
export interface ByteChannel {
  /**
   * The next bytes, or `null` at end of stream; the channel never writes over
   * bytes it returned. Rejects on an I/O error (e.g. a reset).
   */
  read(): Promise<Uint8Array | null>;
  /**
   * Optional: reads like `read`, but the result is `tail` followed directly by
   * the new bytes, as one contiguous view. `tail` must be the last bytes this
   * channel returned; `want` is how many bytes (tail included) the caller
   * waits for, so the channel can make room for all of them at once. The tail
   * is copied at most once (when it has to move to a new buffer); the view it
   * was given stays untouched. `null` at end of stream.
   */
  readAppend?(tail: Uint8Array, want: number): Promise<Uint8Array | null>;
  /**
   * Writes all of `bytes`; resolves once the system took them, after which the
   * caller may reuse the buffer (unless `keepsWrites`).
   */
  write(bytes: Uint8Array): Promise<void>;
  /** True if `write` may still refer to the bytes after it resolved. */
  readonly keepsWrites?: boolean;
  /** Closes both directions. Idempotent; a pending `read` then ends. */
  close(): void;
}

/** The read/write/close subset of `Deno.Conn` that {@linkcode denoConnChannel} needs. */
export interface DenoConnLike {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

// Reads land in consecutive regions of a slab, and each read is handed out as a
// view of its region: no allocation or copy per read, and a frame cut by a read
// boundary can grow in place (`readAppend`). A fresh slab is made when the
// current one has less than an eighth of its size left (or cannot hold the
// frame being completed); old slabs are freed once no frame refers to them.
// Slabs start small, so an idle connection costs 16 KiB rather than 256 KiB,
// and grow 4x whenever a read fills all the room it had. 256 KiB slabs
// measured as fast as 1 MiB ones, and a small frame a consumer keeps pins less.
const FIRST_SLAB = 16 * 1024;
const SLAB = 256 * 1024;
const MAX_READ = 256 * 1024;

/**
 * Adapts a Deno connection to {@linkcode ByteChannel}.
 *
 * @example
 * ```ts
 * import { denoConnChannel } from "./byte_channel.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const client = denoConnChannel(await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }));
 * const server = denoConnChannel(await listener.accept());
 * await client.write(new Uint8Array([1, 2, 3]));
 * const got = await server.read();
 * if (got?.join() !== "1,2,3") throw new Error("unexpected bytes");
 * client.close();
 * server.close();
 * listener.close();
 * ```
 */
export function denoConnChannel(conn: DenoConnLike): ByteChannel {
  let size = FIRST_SLAB;
  let slab = new Uint8Array(size);
  let pos = 0;
  let closed = false;
  // Reads after `pos` and returns the slab from `start` to the new end.
  const readFrom = async (start: number, want: number): Promise<Uint8Array | null> => {
    if (closed) return null;
    const room = Math.min(slab.length, pos + Math.max(MAX_READ, want)) - pos;
    let n: number | null;
    try {
      n = await conn.read(slab.subarray(pos, pos + room));
    } catch (err) {
      // Our own close() interrupts the pending read: that is an end, not an error.
      if (closed) return null;
      throw err;
    }
    if (n === null) return null;
    if (n === room && size < SLAB) size = Math.min(SLAB, size * 4);
    pos += n;
    return slab.subarray(start, pos);
  };
  // A fresh slab with `keep` copied to its start and room for `want` bytes in all.
  const moveTo = (keep: Uint8Array, want: number): void => {
    slab = new Uint8Array(Math.max(size, want + size / 8));
    slab.set(keep);
    pos = keep.length;
  };
  return {
    read() {
      if (slab.length - pos < size / 8) moveTo(EMPTY, 0);
      return readFrom(pos, 0);
    },
    readAppend(tail, want) {
      const missing = Math.max(want - tail.length, 1);
      // In place when the tail is where the last read ended and the rest fits.
      if (
        tail.buffer === slab.buffer && tail.byteOffset + tail.length === pos &&
        slab.length - pos >= missing
      ) {
        return readFrom(tail.byteOffset, missing);
      }
      moveTo(tail, Math.max(want, tail.length + 1));
      return readFrom(0, missing);
    },
    async write(bytes) {
      let off = 0;
      while (off < bytes.length) {
        off += await conn.write(off === 0 ? bytes : bytes.subarray(off));
      }
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        conn.close();
      } catch {
        // Already closed by the runtime (e.g. after a reset): nothing to free.
      }
    },
  };
}

const EMPTY = new Uint8Array(0);
