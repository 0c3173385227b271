/**
 * `draw_image` for the vector2d rasterizer: a decoded picture resampled
 * through the current transform, box-averaged where it shrinks a lot.
 *
 * @module
 */
import { decodeImage, type ImageSource } from "../../media/image.ts";
import type { Machine } from "./_raster2d_machine.ts";
import { TRUE } from "./color.ts";
import { apply, invert } from "./raster_path.ts";

/** Draws `args` (`[source, dx, dy]`, `[source, dx, dy, dw, dh]` or the 9-argument form). */
export function drawImage(mc: Machine, args: unknown[]): void {
  const src = args[0] as ImageSource;
  let img;
  try {
    img = decodeImage(src);
  } catch (err) {
    mc.problem(`draw_image: ${(err as Error).message}`);
    return;
  }
  if (!img) return; // jpeg, gif, webp: not decodable here (documented)
  const n = args.slice(1) as number[];
  let sx = 0,
    sy = 0,
    sw = img.width,
    sh = img.height,
    dx: number,
    dy: number,
    dw: number,
    dh: number;
  if (n.length === 2) [dx, dy, dw, dh] = [n[0], n[1], img.width, img.height];
  else if (n.length === 4) [dx, dy, dw, dh] = n;
  else [sx, sy, sw, sh, dx, dy, dw, dh] = n;
  if (dw === 0 || dh === 0 || sw === 0 || sh === 0) return;
  const m = mc.st.m;
  const inv = invert(m);
  if (!inv) return;
  const W = mc.o.width;
  const poly = mc.rectPoly(dx, dy, dw, dh);
  // Shrinking a lot: average the source pixels a device pixel covers.
  const axis = m[1] === 0 && m[2] === 0;
  const fx = Math.abs(sw / dw / m[0]), fy = Math.abs(sh / dh / m[3]);
  const box = axis && (fx > 1.5 || fy > 1.5);
  const rgba = img.rgba, iw = img.width, ih = img.height;
  mc.serial++;
  mc.scan([poly], "nonzero", (y, x0, x1) => {
    for (let x = x0; x < x1; x++) {
      const [ux, uy] = apply(inv, x + 0.5, y + 0.5);
      const u = sx + ((ux - dx) / dw) * sw, v = sy + ((uy - dy) / dh) * sh;
      let r = 0, g = 0, b = 0, a = 0, count = 0;
      if (box) {
        const u0 = Math.max(0, Math.floor(u - fx / 2)), u1 = Math.min(iw, Math.ceil(u + fx / 2));
        const v0 = Math.max(0, Math.floor(v - fy / 2)), v1 = Math.min(ih, Math.ceil(v + fy / 2));
        const su = Math.max(1, Math.floor((u1 - u0) / 8)),
          sv = Math.max(1, Math.floor((v1 - v0) / 8));
        for (let yy = v0; yy < v1; yy += sv) {
          for (let xx = u0; xx < u1; xx += su) {
            const o = (yy * iw + xx) * 4;
            const pa = rgba[o + 3];
            r += rgba[o] * pa;
            g += rgba[o + 1] * pa;
            b += rgba[o + 2] * pa;
            a += pa;
            count++;
          }
        }
        mc.work += count;
        if (count === 0 || a === 0) continue;
        r /= a;
        g /= a;
        b /= a;
        a /= count;
      } else {
        const ix = Math.floor(u), iy = Math.floor(v);
        if (ix < 0 || iy < 0 || ix >= iw || iy >= ih) continue;
        const o = (iy * iw + ix) * 4;
        [r, g, b, a] = [rgba[o], rgba[o + 1], rgba[o + 2], rgba[o + 3]];
      }
      const i = y * W + x;
      if (mc.st.clip && mc.st.clip[i] === 0) continue;
      const color = TRUE | (Math.round(r) << 16) | (Math.round(g) << 8) | Math.round(b);
      mc.blend(i, color, Math.round(a * mc.st.alpha));
    }
  });
}
