/**
 * Payloads that attack the CBOR decoder, shared by the tests and the hostile bench.
 */

/** `a1` x depth, a byte string key of `size` zeros, then `00` x depth: maps nested as keys. */
export function nestedKeys(size: number, depth = 500): Uint8Array {
  const out = new Uint8Array(depth + 5 + size + depth);
  out.fill(0xa1, 0, depth);
  out.set([0x5a, size >>> 24, (size >>> 16) & 255, (size >>> 8) & 255, size & 255], depth);
  return out;
}

/** `{"row": [n x h'']}`: n empty byte strings. */
export function emptyByteStrings(n: number): Uint8Array {
  const out = new Uint8Array(10 + n);
  out.set([
    0xa1,
    0x63,
    0x72,
    0x6f,
    0x77,
    0x9a,
    n >>> 24,
    (n >>> 16) & 255,
    (n >>> 8) & 255,
    n & 255,
  ]);
  out.fill(0x40, 10);
  return out;
}

/** An indefinite-length byte string of n empty chunks. */
export function emptyChunks(n: number): Uint8Array {
  const out = new Uint8Array(2 + n).fill(0x40);
  out[0] = 0x5f;
  out[out.length - 1] = 0xff;
  return out;
}
