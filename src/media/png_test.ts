/**
 * The PNG decoder against PNGs made with the platform's zlib (dynamic Huffman
 * blocks) for every color type, bit depth, filter and interlacing, plus broken
 * and hostile files.
 */
import { assert, assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { inflateRaw } from "./inflate.ts";
import { decodePng, encodePng } from "./png.ts";

const W = 13, H = 9;
/** The test picture: RGBA of pixel (x, y). */
const rgba = (
  x: number,
  y: number,
) => [(x * 19) & 255, (y * 27) & 255, ((x + y) * 11) & 255, 255 - x * 7];

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(
    new CompressionStream("deflate"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(name: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = name.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
  return out;
}

/** Packs samples of `depth` bits, MSB first. */
function pack(samples: number[], depth: number): number[] {
  if (depth === 8) return samples;
  if (depth === 16) return samples.flatMap((s) => [s >> 8, s & 255]);
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += 8 / depth) {
    let b = 0;
    for (let k = 0; k < 8 / depth; k++) b |= (samples[i + k] ?? 0) << (8 - depth * (k + 1));
    out.push(b);
  }
  return out;
}

/** Applies PNG filter `f` to one row given the previous (unfiltered) row. */
function filterRow(row: number[], prev: number[] | null, bpp: number, f: number): number[] {
  const out = [f];
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp] : 0, b = prev ? prev[i] : 0;
    const c = i >= bpp && prev ? prev[i - bpp] : 0;
    let p = 0;
    if (f === 1) p = a;
    else if (f === 2) p = b;
    else if (f === 3) p = (a + b) >> 1;
    else if (f === 4) {
      const q = a + b - c;
      const pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
      p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    out.push((row[i] - p) & 255);
  }
  return out;
}

const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [
  0,
  1,
  1,
  2,
]];

async function makePng(
  type: number,
  depth: number,
  sampleOf: (x: number, y: number) => number[],
  options: { interlace?: boolean; palette?: number[]; trns?: number[] } = {},
): Promise<Uint8Array> {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type]!;
  const bpp = Math.max(1, (channels * depth) >> 3);
  const passes = options.interlace ? ADAM7 : [[0, 0, 1, 1]];
  const raw: number[] = [];
  let f = 0;
  for (const [x0, y0, dx, dy] of passes) {
    let prev: number[] | null = null;
    for (let y = y0; y < H; y += dy) {
      const samples: number[] = [];
      for (let x = x0; x < W; x += dx) samples.push(...sampleOf(x, y));
      if (samples.length === 0) continue;
      const row = pack(samples, depth);
      raw.push(...filterRow(row, prev, bpp, f++ % 5));
      prev = row;
    }
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, W);
  new DataView(ihdr.buffer).setUint32(4, H);
  ihdr.set([depth, type, 0, 0, options.interlace ? 1 : 0], 8);
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr)];
  if (options.palette) parts.push(chunk("PLTE", new Uint8Array(options.palette)));
  if (options.trns) parts.push(chunk("tRNS", new Uint8Array(options.trns)));
  const z = await deflate(new Uint8Array(raw));
  // Two IDAT chunks: the decoder must join them.
  const half = z.length >> 1;
  parts.push(chunk("IDAT", z.subarray(0, half)), chunk("IDAT", z.subarray(half)));
  parts.push(chunk("IEND", new Uint8Array()));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function expectPixels(png: Uint8Array, want: (x: number, y: number) => number[]): void {
  const img = decodePng(png);
  assertEquals([img.width, img.height], [W, H]);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      assertEquals([...img.rgba.subarray(i, i + 4)], want(x, y), `pixel ${x},${y}`);
    }
  }
}

Deno.test("png: RGBA and RGB at 8 and 16 bits, every filter, plain and interlaced", async () => {
  for (const interlace of [false, true]) {
    expectPixels(await makePng(6, 8, rgba, { interlace }), rgba);
    expectPixels(
      await makePng(6, 16, (x, y) => rgba(x, y).map((v) => v * 257), { interlace }),
      rgba,
    );
    expectPixels(
      await makePng(2, 8, (x, y) => rgba(x, y).slice(0, 3), { interlace }),
      (x, y) => [...rgba(x, y).slice(0, 3), 255],
    );
  }
});

Deno.test("png: gray at 1, 2, 4, 8 and 16 bits, gray+alpha, with a tRNS color", async () => {
  for (const depth of [1, 2, 4, 8, 16]) {
    const max = (1 << depth) - 1;
    const g = (x: number, y: number) => (x + y * 3) % (max + 1);
    const to8 = (v: number) => depth === 16 ? v >> 8 : Math.round((v * 255) / max);
    expectPixels(
      await makePng(0, depth, (x, y) => [g(x, y)], { interlace: depth === 2 }),
      (x, y) => {
        const v = to8(g(x, y));
        return [v, v, v, 255];
      },
    );
  }
  expectPixels(
    await makePng(4, 8, (x, y) => [x * 10, y * 20]),
    (x, y) => [x * 10, x * 10, x * 10, y * 20],
  );
  // tRNS on gray: one sample value is transparent.
  expectPixels(
    await makePng(0, 8, (x) => [x], { trns: [0, 5] }),
    (x) => [x, x, x, x === 5 ? 0 : 255],
  );
});

Deno.test("png: palette at 1-8 bits with per-entry alpha", async () => {
  const palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9];
  for (const depth of [2, 4, 8]) {
    const png = await makePng(3, depth, (x, y) => [(x + y) % 4], { palette, trns: [255, 128] });
    expectPixels(png, (x, y) => {
      const i = (x + y) % 4;
      return [...palette.slice(i * 3, i * 3 + 3), i === 1 ? 128 : 255];
    });
  }
});

Deno.test("png: our own encoder round-trips", () => {
  const px = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px.set(rgba(x, y), (y * W + x) * 4);
  const img = decodePng(encodePng(px, W, H));
  assertEquals(img.rgba, px);
});

Deno.test("png: broken and hostile files throw RangeError, bounded", async () => {
  const good = await makePng(6, 8, rgba);
  assertThrows(() => decodePng(good.subarray(0, 40)), RangeError);
  assertThrows(() => decodePng(new Uint8Array(8)), RangeError, /signature/);
  // A header claiming a huge image is refused before any inflating.
  const huge = good.slice();
  new DataView(huge.buffer).setUint32(16, 100_000);
  new DataView(huge.buffer).setUint32(20, 100_000);
  assertThrows(() => decodePng(huge), RangeError, /pixels/);
  // A zlib bomb: IDAT that inflates to far more than the image needs.
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 2);
  new DataView(ihdr.buffer).setUint32(4, 2);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const bomb = await deflate(new Uint8Array(10_000_000));
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", bomb),
    chunk("IEND", new Uint8Array()),
  ];
  const file = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    file.set(p, at);
    at += p.length;
  }
  assertThrows(() => decodePng(file), RangeError, /exceeds/);
});

Deno.test("inflate: stored, fixed and dynamic blocks; corrupt input throws", async () => {
  const text = new TextEncoder().encode("viewport ".repeat(500) + "the end");
  const z = await deflate(text);
  // Skip the zlib header; the Adler-32 trailer is ignored.
  assertEquals(inflateRaw(z.subarray(2), text.length), text);
  assertThrows(() => inflateRaw(z.subarray(2), text.length - 1), RangeError);
  assertThrows(() => inflateRaw(new Uint8Array([0xff, 0xff, 0xff]), 10), RangeError);
  assert(inflateRaw(new Uint8Array([3, 0]), 0).length === 0, "an empty fixed block");
});
