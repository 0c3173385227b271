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
   * The next bytes, owned by the caller from now on, or `null` at end of stream.
   * Rejects on an I/O error (e.g. a reset).
   */
  read(): Promise<Uint8Array | null>;
  /** Writes all of `bytes`; resolves once the system took them. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes both directions. Idempotent; a pending `read` then ends. */
  close(): void;
}

/** The read/write/close subset of `Deno.Conn` that {@linkcode denoConnChannel} needs. */
export interface DenoConnLike {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

// One read buffer is reused while reads are small (their bytes are copied out,
// which is cheaper than a fresh buffer per read and never pins a big buffer to a
// tiny frame); a read that fills most of it is handed over without a copy.
const READ_SIZE = 256 * 1024;
const HAND_OVER = 64 * 1024;

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
  let buf = new Uint8Array(READ_SIZE);
  let closed = false;
  return {
    async read() {
      if (closed) return null;
      let n: number | null;
      try {
        n = await conn.read(buf);
      } catch (err) {
        // Our own close() interrupts the pending read: that is an end, not an error.
        if (closed) return null;
        throw err;
      }
      if (n === null) return null;
      if (n < HAND_OVER) return buf.slice(0, n);
      const out = buf.subarray(0, n);
      buf = new Uint8Array(READ_SIZE);
      return out;
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
