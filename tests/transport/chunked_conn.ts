/** A scripted connection for transport unit tests. */
import type { DenoConnLike } from "../../src/transport/core/mod.ts";

/** A connection delivering `data` in reads of at most `step` bytes, then an end. */
export function chunkedConn(data: Uint8Array, step: number): DenoConnLike {
  let off = 0;
  return {
    read(p) {
      if (off === data.length) return Promise.resolve(null);
      const n = Math.min(p.length, step, data.length - off);
      p.set(data.subarray(off, off + n));
      off += n;
      return Promise.resolve(n);
    },
    write: (p) => Promise.resolve(p.length),
    close() {},
  };
}
