/**
 * Media in terminals, side by side with the platform's codecs: our
 * synchronous inflate (PNG image nodes are decoded while painting) against
 * `DecompressionStream`, and the pixel-run compressor used for kitty
 * pictures against `CompressionStream` (time and size). Plus what one canvas
 * frame costs in cells and as a kitty picture.
 *
 *   deno bench -A bench/media_bench.ts
 *
 * @module
 */
import { zlibRuns } from "../src/media/deflate.ts";
import { inflateZlib } from "../src/media/inflate.ts";
import { rasterize } from "../src/render/ansi/braille.ts";
import { rasterize2d, rgbOf } from "../src/render/ansi/raster2d.ts";
import { Vector2d } from "../src/sdk/canvas.ts";

/** A 320 x 240 chart-like picture: flat background, bars, a grid. */
function chart(): Uint8Array {
  const w = 320, h = 240, px = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const bar = x % 40 < 28 && y > 240 - ((x * 7) % 200) - 20;
      const grid = y % 40 === 0 || x % 40 === 0;
      px.set(bar ? [137, 180, 250, 255] : grid ? [69, 71, 90, 255] : [30, 30, 46, 255], i);
    }
  }
  return px;
}

async function platformDeflate(data: Uint8Array): Promise<Uint8Array> {
  const s = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(s).arrayBuffer());
}

async function platformInflate(data: Uint8Array): Promise<Uint8Array> {
  const s = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(s).arrayBuffer());
}

const pixels = chart();
const platformZ = await platformDeflate(pixels);
const ourZ = zlibRuns(pixels, 4, 320 * 4);
console.log(
  `320x240 RGBA chart (${pixels.length} bytes): platform deflate ${platformZ.length} bytes, ` +
    `pixel runs ${ourZ.length} bytes`,
);

Deno.bench("compress: pixel runs (kitty pictures)", { group: "compress", baseline: true }, () => {
  zlibRuns(pixels, 4, 320 * 4);
});
Deno.bench("compress: CompressionStream (platform zlib)", { group: "compress" }, async () => {
  await platformDeflate(pixels);
});

Deno.bench(
  "inflate: ours, synchronous (PNG while painting)",
  { group: "inflate", baseline: true },
  () => {
    inflateZlib(platformZ, pixels.length);
  },
);
Deno.bench("inflate: DecompressionStream (platform)", { group: "inflate" }, async () => {
  await platformInflate(platformZ);
});

// A chart-like canvas frame: background, filled polygons, a curve, text.
const scene = new Vector2d().fillStyle("#11111b").fillRect(0, 0, 320, 240);
for (let i = 0; i < 12; i++) {
  scene.fillStyle(`hsl(${i * 30}, 70%, 60%)`).beginPath().moveTo(20 + i * 24, 220)
    .lineTo(32 + i * 24, 40 + ((i * 37) % 150)).lineTo(44 + i * 24, 220).closePath().fill();
}
scene.strokeStyle("#f5e0dc").lineWidth(2).beginPath().moveTo(0, 120)
  .bezierCurveTo(80, 20, 200, 220, 320, 90).stroke().fillStyle("white").fillText("load", 8, 16);
const cube = scene.commands;
Deno.bench("canvas frame: a chart in 40 x 15 cells", { group: "canvas", baseline: true }, () => {
  rasterize(cube, 320, 240, 40, 15, () => undefined, 0, "truecolor");
});
Deno.bench("canvas frame: a chart as a kitty picture (40 x 15 cells of 10 x 20 px)", {
  group: "canvas",
}, () => {
  const r = rasterize2d(cube, {
    width: 400,
    height: 300,
    scaleX: 400 / 320,
    scaleY: 300 / 240,
    color: () => undefined,
    defaultColor: 0,
  });
  // As pictures.ts does: packed colors to RGBA, then compressed for the terminal.
  const rgba = new Uint8Array(400 * 300 * 4);
  for (let i = 0; i < 400 * 300; i++) {
    if (r.alpha[i] === 0) continue;
    const c = rgbOf(r.color[i]);
    rgba[i * 4] = c >> 16;
    rgba[i * 4 + 1] = (c >> 8) & 255;
    rgba[i * 4 + 2] = c & 255;
    rgba[i * 4 + 3] = r.alpha[i];
  }
  zlibRuns(rgba, 4, 1600);
});
