/**
 * A bounded DEFLATE (RFC 1951) decoder: synchronous, no Deno or DOM APIs, so
 * the terminal renderer and the browser share it for PNG images. The output
 * size is fixed in advance (a PNG knows how many bytes its pixels take), so a
 * hostile stream costs at most O(input + output) and never grows memory.
 *
 * @module
 */
import { DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA } from "./_deflate_tables.ts";

const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: symbol counts per length and symbols in code order. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

function huffman(lengths: Uint8Array, n: number): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < n; i++) counts[lengths[i]]++;
  counts[0] = 0;
  const offs = new Uint16Array(16);
  for (let i = 1; i < 16; i++) offs[i] = offs[i - 1] + counts[i - 1];
  const symbols = new Uint16Array(n);
  for (let i = 0; i < n; i++) if (lengths[i] !== 0) symbols[offs[lengths[i]]++] = i;
  return { counts, symbols };
}

let FIXED_LIT: Huffman | undefined;
let FIXED_DIST: Huffman | undefined;

function fixedCodes(): [Huffman, Huffman] {
  if (!FIXED_LIT || !FIXED_DIST) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144);
    l.fill(9, 144, 256);
    l.fill(7, 256, 280);
    l.fill(8, 280, 288);
    FIXED_LIT = huffman(l, 288);
    FIXED_DIST = huffman(new Uint8Array(30).fill(5), 30);
  }
  return [FIXED_LIT, FIXED_DIST];
}

/**
 * Inflates raw DEFLATE data into exactly `size` bytes (more or fewer is an
 * error). Throws `RangeError` naming what was wrong.
 *
 * @example
 * ```ts
 * import { inflateRaw } from "./inflate.ts";
 * import assert from "node:assert/strict";
 * // A stored block holding "hi".
 * const out = inflateRaw(new Uint8Array([1, 2, 0, 0xfd, 0xff, 0x68, 0x69]), 2);
 * assert.equal(new TextDecoder().decode(out), "hi");
 * ```
 */
export function inflateRaw(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let op = 0;
  let ip = 0;
  let bitBuf = 0;
  let bitCnt = 0;
  const need = (n: number) => {
    while (bitCnt < n) {
      if (ip >= input.length) throw new RangeError("deflate data ends early");
      bitBuf |= input[ip++] << bitCnt;
      bitCnt += 8;
    }
  };
  const bits = (n: number): number => {
    if (n === 0) return 0;
    need(n);
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCnt -= n;
    return v;
  };
  const decodeSym = (h: Huffman): number => {
    let code = 0, first = 0, index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.counts[len];
      if (code - count < first) return h.symbols[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new RangeError("bad deflate Huffman code");
  };
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCnt = 0;
      if (ip + 4 > input.length) throw new RangeError("deflate data ends early");
      const len = input[ip] | (input[ip + 1] << 8);
      const nlen = input[ip + 2] | (input[ip + 3] << 8);
      ip += 4;
      if ((len ^ 0xffff) !== nlen) throw new RangeError("bad stored block length");
      if (ip + len > input.length) throw new RangeError("deflate data ends early");
      if (op + len > size) throw new RangeError(`deflate output exceeds ${size} bytes`);
      out.set(input.subarray(ip, ip + len), op);
      ip += len;
      op += len;
      continue;
    }
    let lit: Huffman, dist: Huffman;
    if (type === 1) [lit, dist] = fixedCodes();
    else if (type === 2) [lit, dist] = dynamicCodes(bits, decodeSym);
    else throw new RangeError("bad deflate block type 3");
    for (;;) {
      const sym = decodeSym(lit);
      if (sym < 256) {
        if (op >= size) throw new RangeError(`deflate output exceeds ${size} bytes`);
        out[op++] = sym;
      } else if (sym === 256) break;
      else {
        const li = sym - 257;
        if (li >= 29) throw new RangeError("bad deflate length code");
        const len = LEN_BASE[li] + bits(LEN_EXTRA[li]);
        const di = decodeSym(dist);
        if (di >= 30) throw new RangeError("bad deflate distance code");
        const d = DIST_BASE[di] + bits(DIST_EXTRA[di]);
        if (d > op) throw new RangeError("deflate distance reaches before the start");
        if (op + len > size) throw new RangeError(`deflate output exceeds ${size} bytes`);
        for (let i = 0; i < len; i++, op++) out[op] = out[op - d];
      }
    }
  }
  if (op !== size) throw new RangeError(`deflate output is ${op} bytes, expected ${size}`);
  return out;
}

function dynamicCodes(
  bits: (n: number) => number,
  decodeSym: (h: Huffman) => number,
): [Huffman, Huffman] {
  const hlit = bits(5) + 257, hdist = bits(5) + 1, hclen = bits(4) + 4;
  if (hlit > 286 || hdist > 30) throw new RangeError("bad deflate code counts");
  const cl = new Uint8Array(19);
  for (let i = 0; i < hclen; i++) cl[CL_ORDER[i]] = bits(3);
  const clh = huffman(cl, 19);
  const lengths = new Uint8Array(hlit + hdist);
  for (let i = 0; i < hlit + hdist;) {
    const sym = decodeSym(clh);
    if (sym < 16) lengths[i++] = sym;
    else {
      let rep: number, val = 0;
      if (sym === 16) {
        if (i === 0) throw new RangeError("deflate repeat with no previous length");
        val = lengths[i - 1];
        rep = 3 + bits(2);
      } else if (sym === 17) rep = 3 + bits(3);
      else rep = 11 + bits(7);
      if (i + rep > hlit + hdist) throw new RangeError("deflate code lengths overflow");
      lengths.fill(val, i, i + rep);
      i += rep;
    }
  }
  if (lengths[256] === 0) throw new RangeError("deflate block has no end code");
  return [huffman(lengths.subarray(0, hlit), hlit), huffman(lengths.subarray(hlit), hdist)];
}

/**
 * Inflates a zlib stream (RFC 1950: a 2-byte header, DEFLATE data, Adler-32)
 * into exactly `size` bytes. The checksum is not verified (PNG has CRCs).
 *
 * @example
 * ```ts
 * import { inflateZlib } from "./inflate.ts";
 * import assert from "node:assert/strict";
 * const z = new Uint8Array([0x78, 0x01, 1, 2, 0, 0xfd, 0xff, 0x68, 0x69, 0, 0, 0, 0]);
 * assert.equal(inflateZlib(z, 2)[1], 0x69);
 * ```
 */
export function inflateZlib(input: Uint8Array, size: number): Uint8Array {
  if (input.length < 2) throw new RangeError("zlib data ends early");
  const cmf = input[0], flg = input[1];
  if ((cmf & 15) !== 8 || ((cmf << 8) | flg) % 31 !== 0) {
    throw new RangeError("not a zlib stream (bad header)");
  }
  if (flg & 0x20) throw new RangeError("zlib preset dictionaries are not supported");
  return inflateRaw(input.subarray(2), size);
}
