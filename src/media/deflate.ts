/**
 * A small zlib compressor for pixel data: fixed Huffman codes and matches
 * only against the previous pixel and the pixel above. Flat areas and
 * repeated rows (charts, UI pictures) shrink many times over at a fraction
 * of a general compressor's cost; noisy photos stay about their size. Used
 * for kitty graphics (`o=z`), whose pictures are raw RGBA otherwise.
 *
 * @module
 */
import { DIST_BASE, LEN_BASE } from "./_deflate_tables.ts";

class BitWriter {
  out: Uint8Array;
  n = 0;
  bits = 0;
  count = 0;
  constructor(size: number) {
    this.out = new Uint8Array(size);
  }
  put(value: number, width: number): void {
    this.bits |= value << this.count;
    this.count += width;
    while (this.count >= 8) {
      if (this.n >= this.out.length) {
        const bigger = new Uint8Array(this.out.length * 2);
        bigger.set(this.out);
        this.out = bigger;
      }
      this.out[this.n++] = this.bits & 255;
      this.bits >>>= 8;
      this.count -= 8;
    }
  }
  /** A Huffman code: most significant bit first. */
  code(value: number, width: number): void {
    let r = 0;
    for (let i = 0; i < width; i++) r |= ((value >> i) & 1) << (width - 1 - i);
    this.put(r, width);
  }
}

function literal(w: BitWriter, v: number): void {
  if (v < 144) w.code(0x30 + v, 8);
  else if (v < 256) w.code(0x190 + v - 144, 9);
  else if (v < 280) w.code(v - 256, 7);
  else w.code(0xc0 + v - 280, 8);
}

function findIndex(table: readonly number[], v: number): number {
  let i = table.length - 1;
  while (table[i] > v) i--;
  return i;
}

/**
 * Compresses `data` as a zlib stream, looking for repeats `unit` bytes back
 * (a pixel) and `stride` bytes back (a row).
 *
 * @example
 * ```ts
 * import { zlibRuns } from "./deflate.ts";
 * import { inflateZlib } from "./inflate.ts";
 * import assert from "node:assert/strict";
 * const pixels = new Uint8Array(4 * 1000).fill(7);
 * const z = zlibRuns(pixels, 4, 400);
 * assert.ok(z.length <= 100);
 * assert.equal(inflateZlib(z, pixels.length)[3999], 7);
 * ```
 */
export function zlibRuns(data: Uint8Array, unit = 4, stride = 0): Uint8Array {
  const w = new BitWriter(Math.max(64, data.length >> 2));
  w.put(0x78, 8);
  w.put(0x01, 8);
  w.put(1, 1); // the last (only) block
  w.put(1, 2); // fixed Huffman
  const n = data.length;
  for (let i = 0; i < n;) {
    let best = 0, dist = 0;
    for (const d of stride > 0 ? [unit, stride] : [unit]) {
      if (d <= 0 || d > i || d > 32768) continue;
      let len = 0;
      while (len < 258 && i + len < n && data[i + len] === data[i + len - d]) len++;
      if (len > best) {
        best = len;
        dist = d;
      }
    }
    if (best < 3) {
      literal(w, data[i++]);
      continue;
    }
    const li = findIndex(LEN_BASE, best);
    literal(w, 257 + li);
    const lx =
      [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0][li];
    if (lx) w.put(best - LEN_BASE[li], lx);
    const di = findIndex(DIST_BASE, dist);
    w.code(di, 5);
    const dx = di < 4 ? 0 : (di >> 1) - 1;
    if (dx) w.put(dist - DIST_BASE[di], dx);
    i += best;
  }
  literal(w, 256);
  if (w.count > 0) w.put(0, 8 - w.count);
  let s1 = 1, s2 = 0;
  for (let i = 0; i < n; i++) {
    s1 = (s1 + data[i]) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  const adler = ((s2 << 16) | s1) >>> 0;
  for (const b of [adler >>> 24, (adler >> 16) & 255, (adler >> 8) & 255, adler & 255]) w.put(b, 8);
  return w.out.slice(0, w.n);
}
