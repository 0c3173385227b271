/**
 * The duplex byte stream under every socket-like transport, and its adapter for
 * Deno's connections (`Deno.Conn`, `Deno.TlsConn`, unix, vsock).
 *
 * @module
 */
import { ReadSlabs } from "./read_slabs.ts";

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
  /**
   * Optional: the caller no longer refers to bytes this channel returned before
   * those in the buffer `keepFrom` (or to any, with `null`), apart from a tail
   * it will pass to `readAppend`; the channel may read into that memory again.
   */
  release?(keepFrom: ArrayBufferLike | null): void;
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
  const slabs = new ReadSlabs();
  let closed = false;
  const readInto = async (target: Uint8Array): Promise<Uint8Array | null> => {
    let n: number | null;
    try {
      n = await conn.read(target);
    } catch (err) {
      // Our own close() interrupts the pending read: that is an end, not an error.
      if (closed) return null;
      throw err;
    }
    return n === null ? null : slabs.commit(n);
  };
  return {
    read() {
      return closed ? Promise.resolve(null) : readInto(slabs.forRead());
    },
    readAppend(tail, want) {
      return closed ? Promise.resolve(null) : readInto(slabs.forAppend(tail, want));
    },
    release(keepFrom) {
      slabs.release(keepFrom);
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
