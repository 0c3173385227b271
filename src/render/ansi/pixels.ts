/**
 * Images drawn with half blocks: each cell shows two pixels, the upper one as
 * the foreground of `▀` and the lower one as its background. The image is
 * scaled to the content rectangle, averaging the source pixels each half cell
 * covers (nearest sampling when enlarging). Used for `image` nodes (PNG or
 * RGBA bytes) and stream posters when the terminal has no pixel graphics.
 *
 * @module
 */
import { decodeImage, imageOfProps } from "../../media/image.ts";
import type { RgbaImage } from "../../media/png.ts";
import type { CellBuffer } from "./cells.ts";
import { reduceColor, TRUE } from "./color.ts";
import type { Rect } from "./rect.ts";
import type { Styles } from "./style.ts";

/**
 * Paints an `image` node's picture (`data` + `format`, or `rgba` + `width` +
 * `height`). Returns false when there is nothing this terminal can decode
 * (the caller then shows the alt text).
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { CellBuffer } from "./cells.ts";
 * import { TRUE } from "./color.ts";
 * import { paintPixels } from "./pixels.ts";
 * import { Styles } from "./style.ts";
 * import assert from "node:assert/strict";
 * const buf = new CellBuffer(1, 1);
 * const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]);
 * const rect = { x0: 0, y0: 0, x1: 1, y1: 1 };
 * paintPixels(buf, new Styles(new ViewportModel(), "truecolor"), { rgba, width: 1, height: 2 }, rect, rect);
 * assert.equal(buf.chars[0], "▀");
 * assert.equal(buf.fg[0], (TRUE | 0xff0000));
 * assert.equal(buf.bg[0], (TRUE | 0x0000ff));
 * ```
 */
export function paintPixels(
  buf: CellBuffer,
  styles: Styles,
  props: Record<string, unknown>,
  content: Rect,
  vis: Rect,
): boolean {
  const src = imageOfProps(props);
  if (!src) return false;
  let img: RgbaImage | null;
  try {
    img = decodeImage(src);
  } catch {
    return false;
  }
  if (!img) return false;
  paintRgba(buf, styles, img, content, vis);
  return true;
}

/** Paints decoded pixels into `content` (clipped to `vis`) as half blocks. */
export function paintRgba(
  buf: CellBuffer,
  styles: Styles,
  img: RgbaImage,
  content: Rect,
  vis: Rect,
): void {
  const cols = content.x1 - content.x0, rows = content.y1 - content.y0;
  if (cols <= 0 || rows <= 0) return;
  const { width: pw, height: ph, rgba } = img;
  const fx = pw / cols, fy = ph / (rows * 2);
  // -1: transparent (the cell's own background shows).
  const pixel = (px: number, py: number): number => {
    const x0 = Math.floor(px * fx), y0 = Math.floor(py * fy);
    const x1 = Math.max(x0 + 1, Math.min(pw, Math.floor((px + 1) * fx)));
    const y1 = Math.max(y0 + 1, Math.min(ph, Math.floor((py + 1) * fy)));
    // At most 8 x 8 samples per half cell, spread evenly.
    const sx = Math.max(1, Math.floor((x1 - x0) / 8)), sy = Math.max(1, Math.floor((y1 - y0) / 8));
    let r = 0, g = 0, b = 0, a = 0, n = 0;
    for (let y = y0; y < y1; y += sy) {
      for (let x = x0; x < x1; x += sx) {
        const i = (y * pw + x) * 4;
        const pa = rgba[i + 3];
        r += rgba[i] * pa;
        g += rgba[i + 1] * pa;
        b += rgba[i + 2] * pa;
        a += pa;
        n++;
      }
    }
    if (n === 0 || a / n < 128) return -1;
    const c = TRUE | (Math.round(r / a) << 16) | (Math.round(g / a) << 8) | Math.round(b / a);
    return reduceColor(c, styles.depth);
  };
  for (let y = Math.max(vis.y0, content.y0); y < Math.min(vis.y1, content.y1); y++) {
    for (let x = Math.max(vis.x0, content.x0); x < Math.min(vis.x1, content.x1); x++) {
      const cx = x - content.x0, cy = y - content.y0;
      const top = pixel(cx, cy * 2), bottom = pixel(cx, cy * 2 + 1);
      const own = buf.bg[y * buf.width + x];
      if (top === -1 && bottom === -1) continue;
      if (top === -1) buf.put(x, y, "▄", 1, bottom, own, 0);
      else buf.put(x, y, "▀", 1, top, bottom === -1 ? own : bottom, 0);
    }
  }
}
