/**
 * Raw RGBA images drawn with half blocks: each cell shows two pixels, the
 * upper one as the foreground of `▀` and the lower one as its background.
 *
 * @module
 */
import type { CellBuffer } from "./cells.ts";
import { reduceColor, TRUE } from "./color.ts";
import type { Rect } from "./rect.ts";
import type { Styles } from "./style.ts";

/**
 * An image's raw pixels: `data` with `format: "rgba"` (the older `rgba`
 * prop is read as it too), or null for encoded images.
 *
 * @example
 * ```ts
 * import { rgbaOf } from "./pixels.ts";
 * const px = new Uint8Array(4);
 * if (rgbaOf({ data: px, format: "rgba" }) !== px || rgbaOf({ data: px, format: "png" }) !== null) {
 *   throw new Error();
 * }
 * ```
 */
export function rgbaOf(props: Record<string, unknown>): Uint8Array | null {
  if (props.data instanceof Uint8Array && props.format === "rgba") return props.data;
  return props.rgba instanceof Uint8Array ? props.rgba : null;
}

/**
 * Paints an image's RGBA pixels (`props.width` x `props.height`, 4 bytes each)
 * scaled to the content rectangle with nearest-neighbour sampling.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { CellBuffer } from "./cells.ts";
 * import { TRUE } from "./color.ts";
 * import { paintPixels } from "./pixels.ts";
 * import { Styles } from "./style.ts";
 * const buf = new CellBuffer(1, 1);
 * const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]);
 * const rect = { x0: 0, y0: 0, x1: 1, y1: 1 };
 * paintPixels(buf, new Styles(new ViewportModel(), "truecolor"), { rgba, width: 1, height: 2 }, rect, rect);
 * if (buf.chars[0] !== "▀" || buf.fg[0] !== (TRUE | 0xff0000) || buf.bg[0] !== (TRUE | 0x0000ff)) {
 *   throw new Error();
 * }
 * ```
 */
export function paintPixels(
  buf: CellBuffer,
  styles: Styles,
  props: Record<string, unknown>,
  content: Rect,
  vis: Rect,
): void {
  const rgba = rgbaOf(props);
  if (rgba === null) return;
  const pw = props.width as number, ph = props.height as number;
  if (!(pw > 0 && ph > 0) || rgba.length < pw * ph * 4) return;
  const cols = content.x1 - content.x0, rows = content.y1 - content.y0;
  if (cols <= 0 || rows <= 0) return;
  const pixel = (px: number, py: number): number => {
    const sx = Math.min(pw - 1, Math.floor((px * pw) / cols));
    const sy = Math.min(ph - 1, Math.floor((py * ph) / (rows * 2)));
    const i = (sy * pw + sx) * 4;
    if (rgba[i + 3] < 128) return 0;
    return reduceColor(TRUE | (rgba[i] << 16) | (rgba[i + 1] << 8) | rgba[i + 2], styles.depth);
  };
  for (let y = Math.max(vis.y0, content.y0); y < Math.min(vis.y1, content.y1); y++) {
    for (let x = Math.max(vis.x0, content.x0); x < Math.min(vis.x1, content.x1); x++) {
      const cx = x - content.x0, cy = y - content.y0;
      buf.put(x, y, "▀", 1, pixel(cx, cy * 2), pixel(cx, cy * 2 + 1), 0);
    }
  }
}
