/** Byte helpers for transport unit tests. */
import type { DenoConnLike } from "../../src/transport/byte_channel.ts";

/** `parts` joined into one new array. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

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
