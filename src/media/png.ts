/**
 * PNG to RGBA, synchronously and within limits, for viewers that have no
 * image decoder of their own (the terminal renderers); plus a small encoder
 * (stored DEFLATE blocks) for tests and apps that make images from pixels.
 *
 * @module
 */
import { inflateZlib } from "./inflate.ts";

/** Decoded pixels: `width` x `height`, 4 bytes (R, G, B, A) each, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** The most pixels a decoded image may have (4096 x 4096) unless told otherwise. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Channels per color type (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
// Adam7 passes: x start, y start, x step, y step.
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [
  0,
  1,
  1,
  2,
]];

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) return false;
  return true;
}

/**
 * Decodes a PNG (every color type and bit depth, interlaced or not, `tRNS`
 * transparency) into RGBA. Throws `RangeError` for a broken or oversized file.
 *
 * @example
 * ```ts
 * import { decodePng, encodePng } from "./png.ts";
 * const png = encodePng(new Uint8Array([255, 0, 0, 255]), 1, 1);
 * const img = decodePng(png);
 * if (img.width !== 1 || img.rgba[0] !== 255 || img.rgba[1] !== 0) throw new Error();
 * ```
 */
export function decodePng(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): RgbaImage {
  if (!isPng(bytes)) throw new RangeError("not a PNG (bad signature)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0, height = 0, depth = 0, type = -1, interlace = 0;
  let palette: Uint8Array | null = null;
  let trns: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let idatLen = 0;
  while (at + 8 <= bytes.length) {
    const len = view.getUint32(at);
    const name = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    const start = at + 8;
    if (len > bytes.length - start - 4) throw new RangeError(`PNG chunk ${name} runs past the end`);
    const data = bytes.subarray(start, start + len);
    at = start + len + 4;
    if (name === "IHDR") {
      if (len < 13) throw new RangeError("PNG IHDR is too short");
      width = view.getUint32(start);
      height = view.getUint32(start + 4);
      depth = data[8];
      type = data[9];
      interlace = data[12];
      if (!(type in CHANNELS) || !DEPTHS[type].includes(depth)) {
        throw new RangeError(`PNG color type ${type} with bit depth ${depth} is not valid`);
      }
      if (data[10] !== 0 || data[11] !== 0 || interlace > 1) {
        throw new RangeError("PNG uses an unknown compression, filter or interlace method");
      }
      if (width === 0 || height === 0 || width * height > maxPixels) {
        throw new RangeError(
          `PNG is ${width}x${height}; expected 1 to ${maxPixels} pixels`,
        );
      }
    } else if (name === "PLTE") palette = data;
    else if (name === "tRNS") trns = data;
    else if (name === "IDAT") {
      idat.push(data);
      idatLen += len;
    } else if (name === "IEND") break;
  }
  if (type < 0) throw new RangeError("PNG has no IHDR");
  if (idat.length === 0) throw new RangeError("PNG has no image data");
  if (type === 3 && !palette) throw new RangeError("palette PNG has no PLTE");
  const z = idat.length === 1 ? idat[0] : concat(idat, idatLen);
  const channels = CHANNELS[type];
  const bpp = Math.max(1, (channels * depth) >> 3);
  const passes = interlace ? ADAM7 : [[0, 0, 1, 1]];
  let raw = 0;
  const dims = passes.map(([x0, y0, dx, dy]) => {
    const w = Math.ceil((width - x0) / dx), h = Math.ceil((height - y0) / dy);
    const stride = Math.ceil((w * channels * depth) / 8);
    if (w > 0 && h > 0) raw += (stride + 1) * h;
    return { w, h, stride };
  });
  const inflated = inflateZlib(z, raw);
  const rgba = new Uint8Array(width * height * 4);
  let off = 0;
  passes.forEach(([x0, y0, dx, dy], p) => {
    const { w, h, stride } = dims[p];
    if (w <= 0 || h <= 0) return;
    const rows = unfilter(inflated.subarray(off, off + (stride + 1) * h), stride, h, bpp);
    off += (stride + 1) * h;
    for (let y = 0; y < h; y++) {
      const row = rows.subarray(y * stride, (y + 1) * stride);
      for (let x = 0; x < w; x++) {
        const o = (((y0 + y * dy) * width) + x0 + x * dx) * 4;
        pixel(row, x, type, depth, palette, trns, rgba, o);
      }
    }
  });
  return { width, height, rgba };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function unfilter(data: Uint8Array, stride: number, h: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * h);
  for (let y = 0; y < h; y++) {
    const f = data[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    const up = dst - stride;
    for (let i = 0; i < stride; i++) {
      const x = data[src + i];
      const a = i >= bpp ? out[dst + i - bpp] : 0;
      const b = y > 0 ? out[up + i] : 0;
      const c = i >= bpp && y > 0 ? out[up + i - bpp] : 0;
      let v: number;
      switch (f) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new RangeError(`PNG row ${y} has unknown filter ${f}`);
      }
      out[dst + i] = v & 255;
    }
  }
  return out;
}

function sample(row: Uint8Array, index: number, depth: number): number {
  if (depth === 8) return row[index];
  if (depth === 16) return (row[index * 2] << 8) | row[index * 2 + 1];
  const perByte = 8 / depth;
  const byte = row[Math.floor(index / perByte)];
  const shift = 8 - depth * ((index % perByte) + 1);
  return (byte >> shift) & ((1 << depth) - 1);
}

function pixel(
  row: Uint8Array,
  x: number,
  type: number,
  depth: number,
  palette: Uint8Array | null,
  trns: Uint8Array | null,
  out: Uint8Array,
  o: number,
): void {
  const max = (1 << depth) - 1;
  const to8 = (v: number) => depth === 16 ? v >> 8 : Math.round((v * 255) / max);
  switch (type) {
    case 0: {
      const g = sample(row, x, depth);
      const v = to8(g);
      out[o] = out[o + 1] = out[o + 2] = v;
      const t = trns && trns.length >= 2 ? (trns[0] << 8) | trns[1] : -1;
      out[o + 3] = g === t ? 0 : 255;
      return;
    }
    case 2: {
      const r = sample(row, x * 3, depth), g = sample(row, x * 3 + 1, depth);
      const b = sample(row, x * 3 + 2, depth);
      out[o] = to8(r);
      out[o + 1] = to8(g);
      out[o + 2] = to8(b);
      const transparent = trns && trns.length >= 6 && r === ((trns[0] << 8) | trns[1]) &&
        g === ((trns[2] << 8) | trns[3]) && b === ((trns[4] << 8) | trns[5]);
      out[o + 3] = transparent ? 0 : 255;
      return;
    }
    case 3: {
      const i = sample(row, x, depth);
      const p = palette!;
      if (i * 3 + 2 < p.length) {
        out[o] = p[i * 3];
        out[o + 1] = p[i * 3 + 1];
        out[o + 2] = p[i * 3 + 2];
      }
      out[o + 3] = trns && i < trns.length ? trns[i] : 255;
      return;
    }
    case 4:
      out[o] = out[o + 1] = out[o + 2] = to8(sample(row, x * 2, depth));
      out[o + 3] = to8(sample(row, x * 2 + 1, depth));
      return;
    case 6:
      for (let c = 0; c < 4; c++) out[o + c] = to8(sample(row, x * 4 + c, depth));
      return;
  }
}

let CRC_TABLE: Uint32Array | undefined;

function crc32(bytes: Uint8Array, from: number, to: number): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Encodes RGBA pixels as a PNG (8-bit RGBA, filter 0, stored DEFLATE blocks:
 * large, but simple and exact).
 *
 * @example
 * ```ts
 * import { encodePng, isPng } from "./png.ts";
 * if (!isPng(encodePng(new Uint8Array(16), 2, 2))) throw new Error();
 * ```
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (!(width > 0 && height > 0) || rgba.length < width * height * 4) {
    throw new RangeError(`need ${width}x${height} RGBA pixels, got ${rgba.length} bytes`);
  }
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const z = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  z[0] = 0x78;
  z[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    z[at] = b === blocks - 1 ? 1 : 0;
    z[at + 1] = part.length & 255;
    z[at + 2] = part.length >> 8;
    z[at + 3] = ~part.length & 255;
    z[at + 4] = (~part.length >> 8) & 255;
    z.set(part, at + 5);
    at += 5 + part.length;
  }
  let s1 = 1, s2 = 0;
  for (let i = 0; i < raw.length; i++) {
    s1 = (s1 + raw[i]) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  new DataView(z.buffer).setUint32(at, ((s2 << 16) | s1) >>> 0);
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const chunks: [string, Uint8Array][] = [["IHDR", ihdr], ["IDAT", z], ["IEND", new Uint8Array()]];
  const total = 8 + chunks.reduce((n, [, d]) => n + 12 + d.length, 0);
  const out = new Uint8Array(total);
  out.set(SIGNATURE);
  const ov = new DataView(out.buffer);
  let o = 8;
  for (const [name, data] of chunks) {
    ov.setUint32(o, data.length);
    for (let i = 0; i < 4; i++) out[o + 4 + i] = name.charCodeAt(i);
    out.set(data, o + 8);
    ov.setUint32(o + 8 + data.length, crc32(out, o + 4, o + 8 + data.length));
    o += 12 + data.length;
  }
  return out;
}
