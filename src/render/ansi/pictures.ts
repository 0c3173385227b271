/**
 * Image nodes, stream posters and vector2d canvases as pixel pictures, for
 * terminals with kitty graphics or sixel (see `graphics.ts`): the cells they
 * cover are left blank and a {@linkcode Placement} is listed. A canvas is
 * rasterized at the terminal's cell pixel size; its text ops stay cells
 * drawn over the picture with kitty, and with sixel (which would paint over
 * them) such a canvas is drawn with cells instead.
 *
 * @module
 */
import {
  bytesKey,
  decodeImage,
  imageOfProps,
  imageSize,
  type ImageSource,
} from "../../media/image.ts";
import type { CanvasDrawing } from "../../model/viewport_model.ts";
import { canvasUnits, placeText, type Raster } from "./braille.ts";
import type { CellBuffer } from "./cells.ts";
import type { CellPixels, Placement } from "./graphics.ts";
import { rasterize2d, rgbOf } from "./raster2d.ts";
import type { Rect, RNode } from "./scene.ts";
import type { Pen, Styles } from "./style.ts";

/** What the painter knows about the terminal's pixels. */
export interface PixelTarget {
  mode: "kitty" | "sixel";
  cell: CellPixels;
  /** Where placements are collected. */
  placements: Placement[];
}

function blank(buf: CellBuffer, rect: Rect, pen: Pen): void {
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      buf.put(x, y, " ", 1, pen.fg, pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg, 0);
    }
  }
}

function sourcePlacement(id: number, src: ImageSource, content: Rect, vis: Rect): Placement | null {
  const size = imageSize(src);
  if (!size) return null;
  const [width, height] = size;
  return {
    id,
    content,
    vis,
    key: bytesKey(src.data, `${src.format}:${width}x${height}:`),
    picture: () => {
      if (src.format === "rgba") return { rgba: src.data, width, height };
      return {
        png: src.data,
        width,
        height,
        rgba: () => {
          try {
            return decodeImage(src)?.rgba ?? null;
          } catch {
            return null;
          }
        },
      };
    },
  };
}

/** An `image` node as a picture; false when it has none this terminal can show. */
export function imagePicture(
  target: PixelTarget,
  rn: RNode,
  buf: CellBuffer,
  content: Rect,
  vis: Rect,
  pen: Pen,
): boolean {
  const src = imageOfProps(rn.props);
  const p = src && sourcePlacement(rn.id, src, content, vis);
  if (!p) return false;
  blank(buf, vis, pen);
  target.placements.push(p);
  return true;
}

interface CanvasPicture {
  key: string;
  rgba: Uint8Array;
  width: number;
  height: number;
  text: Raster["text"];
}

const cache = new WeakMap<CanvasDrawing, CanvasPicture>();
let serial = 0;

/**
 * A canvas node as a picture: its stream poster, or its vector2d drawing
 * rasterized at pixel size. False when it should be drawn with cells.
 */
export function canvasPicture(
  target: PixelTarget,
  rn: RNode,
  drawing: CanvasDrawing | undefined,
  buf: CellBuffer,
  styles: Styles,
  content: Rect,
  vis: Rect,
  pen: Pen,
): boolean {
  if (!drawing) return false;
  if (drawing.mode === "stream") {
    const src = drawing.poster ? imageOfProps(drawing.poster) : undefined;
    const p = src && sourcePlacement(rn.id, src, content, vis);
    if (!p) return false;
    blank(buf, vis, pen);
    target.placements.push(p);
    return true;
  }
  if (drawing.mode !== "vector2d") return false;
  const cols = content.x1 - content.x0, rows = content.y1 - content.y0;
  let W = cols * target.cell.width, H = rows * target.cell.height;
  // Big canvases are drawn at fewer pixels; the terminal scales them up.
  const most = 1_500_000;
  if (W * H > most) {
    const k = Math.sqrt(most / (W * H));
    W = Math.max(1, Math.floor(W * k));
    H = Math.max(1, Math.floor(H * k));
  }
  const [pw, ph] = canvasUnits(rn.props);
  const key = `${W}x${H}:${pw}x${ph}:${styles.epoch}:${pen.fg}:${styles.depth}`;
  let pic = cache.get(drawing);
  if (!pic || !pic.key.endsWith(key)) {
    const r = rasterize2d(drawing.commands, {
      width: W,
      height: H,
      scaleX: W / pw,
      scaleY: H / ph,
      color: (v) => styles.color(v),
      defaultColor: pen.fg,
    });
    const rgba = new Uint8Array(W * H * 4);
    for (let i = 0; i < W * H; i++) {
      const a = r.alpha[i];
      if (a === 0) continue;
      const c = rgbOf(r.color[i]);
      rgba[i * 4] = (c >> 16) & 255;
      rgba[i * 4 + 1] = (c >> 8) & 255;
      rgba[i * 4 + 2] = c & 255;
      rgba[i * 4 + 3] = a;
    }
    const cells: Raster = {
      cols,
      rows,
      chars: [],
      fg: new Int32Array(0),
      bg: new Int32Array(0),
      text: new Map(),
      problems: r.problems,
    };
    placeText(r, cells, W / cols, H / rows);
    pic = { key: `canvas${++serial}:${key}`, rgba, width: W, height: H, text: cells.text };
    cache.set(drawing, pic);
  }
  // Sixel pixels would cover the canvas's text: such a canvas is drawn with cells.
  if (target.mode === "sixel" && pic.text.size > 0) return false;
  blank(buf, vis, pen);
  const shown = pic;
  target.placements.push({
    id: rn.id,
    content,
    vis,
    key: shown.key,
    picture: () => ({ rgba: shown.rgba, width: shown.width, height: shown.height }),
  });
  for (const [cell, t] of shown.text) {
    const x = content.x0 + (cell % cols), y = content.y0 + Math.floor(cell / cols);
    if (y >= vis.y0 && y < vis.y1 && x >= vis.x0 && x + t.w <= vis.x1) {
      buf.put(
        x,
        y,
        t.g,
        t.w,
        t.color,
        pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg,
        pen.attrs,
      );
    }
  }
  return true;
}
