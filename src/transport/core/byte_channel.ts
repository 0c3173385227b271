/**
 * The duplex byte stream under every socket-like transport, and its adapter for
 * Deno's connections (`Deno.Conn`, `Deno.TlsConn`, unix, vsock).
 *
 * @module
 */
import { ReadSlabs } from "./read_slabs.ts";

/**
 * A duplex byte stream, pulled for reading: `read`, `write` and `close`, plus
 * one capability a channel has or not, {@linkcode ByteChannel.slabReads}. The
 * stream transport never has more than one `read` and one `write` outstanding.
 */
export interface ByteChannel {
  /**
   * The next bytes, or `null` at end of stream; the channel never writes over
   * bytes it returned. Rejects on an I/O error (e.g. a reset).
   */
  read(): Promise<Uint8Array | null>;
  /**
   * Writes all of `bytes`; resolves once the system took them, after which the
   * caller may reuse the buffer (a channel whose sink keeps references copies).
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes both directions. Idempotent; a pending `read` then ends. */
  close(): void;
  /**
   * The channel can read into read slabs its reader owns, or `null` when it
   * only hands out buffers of its own. Called at most once, by the frame
   * reader, with the slabs it owns (and releases); from then on every read,
   * `read()` included, lands in those slabs (reads made before may have
   * landed elsewhere). See {@linkcode SlabRead}.
   */
  readonly slabReads: ((slabs: ReadSlabs) => SlabRead) | null;
}

/**
 * A read into the owner's slabs. With `tail` null it reads like
 * `ByteChannel.read`; with `tail` (the last bytes this read handed out) the
 * result is the tail followed directly by the new bytes, as one contiguous
 * view, with room made for `want` bytes in all (tail included). The tail is
 * copied at most once (when it has to move to another slab); the view it was
 * given stays untouched. `null` at end of stream.
 */
export type SlabRead = (tail: Uint8Array | null, want: number) => Promise<Uint8Array | null>;

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
  // Plain reads before a frame reader takes over (an auth line) use slabs of
  // their own; after that, the reader's.
  const own = new ReadSlabs();
  let bound: SlabRead | null = null;
  let closed = false;
  const readInto = async (
    target: Uint8Array,
    into: ReadSlabs,
  ): Promise<Uint8Array | null> => {
    let n: number | null;
    try {
      n = await conn.read(target);
    } catch (err) {
      // Our own close() interrupts the pending read: that is an end, not an error.
      if (closed) return null;
      throw err;
    }
    return n === null ? null : into.commit(n);
  };
  return {
    read() {
      if (bound) return bound(null, 0);
      return closed ? Promise.resolve(null) : readInto(own.forRead(), own);
    },
    slabReads(owned) {
      return bound = (tail, want) => {
        if (closed) return Promise.resolve(null);
        return readInto(tail ? owned.forAppend(tail, want) : owned.forRead(), owned);
      };
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
