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
// view of its region: no allocation or copy per read. A fresh slab is made when
// the current one has less than MIN_READ left; old slabs are freed once no
// frame refers to them any more. (A fresh buffer per read would cost more than
// the read itself for large frames: new memory is what makes it slow.)
const SLAB = 1024 * 1024;
const MIN_READ = 64 * 1024;
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
  let slab = new Uint8Array(SLAB);
  let pos = 0;
  let closed = false;
  return {
    async read() {
      if (closed) return null;
      if (SLAB - pos < MIN_READ) {
        slab = new Uint8Array(SLAB);
        pos = 0;
      }
      const region = slab.subarray(pos, Math.min(SLAB, pos + MAX_READ));
      let n: number | null;
      try {
        n = await conn.read(region);
      } catch (err) {
        // Our own close() interrupts the pending read: that is an end, not an error.
        if (closed) return null;
        throw err;
      }
      if (n === null) return null;
      pos += n;
      return region.subarray(0, n);
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
