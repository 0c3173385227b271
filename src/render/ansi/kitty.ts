/**
 * The kitty graphics protocol's sequences: transmit an image once (PNG as it
 * is, or RGBA compressed with zlib), place it over a rectangle of cells below
 * the text (z = -1), crop it for a partly visible node, delete placements
 * and images. Every command asks for no reply (`q=2`), so nothing comes back
 * on the terminal's input.
 *
 * @module
 */
import { zlibRuns } from "../../media/deflate.ts";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 of bytes (no Deno or DOM API needed). */
export function base64(bytes: Uint8Array): string {
  const out: string[] = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i], b = bytes[i + 1] ?? 0, c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    chunk += B64[n >> 18] + B64[(n >> 12) & 63] +
      (i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=") +
      (i + 2 < bytes.length ? B64[n & 63] : "=");
    if (chunk.length >= 8192) {
      out.push(chunk);
      chunk = "";
    }
  }
  out.push(chunk);
  return out.join("");
}

/** What to transmit: PNG bytes, or raw RGBA of a size. */
export type KittyImage =
  | { png: Uint8Array }
  | { rgba: Uint8Array; width: number; height: number };

/**
 * Transmits image `id` (`a=t`), in chunks of 4096 base64 characters.
 *
 * @example
 * ```ts
 * import { kittyTransmit } from "./kitty.ts";
 * const s = kittyTransmit(7, { rgba: new Uint8Array(4), width: 1, height: 1 });
 * if (!s.startsWith("\x1b_Ga=t,q=2,i=7,f=32,s=1,v=1,o=z,m=0;")) throw new Error(JSON.stringify(s));
 * ```
 */
export function kittyTransmit(id: number, image: KittyImage): string {
  let head: string, data: string;
  if ("png" in image) {
    head = `a=t,q=2,i=${id},f=100`;
    data = base64(image.png);
  } else {
    head = `a=t,q=2,i=${id},f=32,s=${image.width},v=${image.height},o=z`;
    data = base64(zlibRuns(image.rgba, 4, image.width * 4));
  }
  const parts: string[] = [];
  for (let at = 0; at < data.length; at += 4096) {
    const more = at + 4096 < data.length ? 1 : 0;
    const piece = data.slice(at, at + 4096);
    parts.push(
      at === 0 ? `\x1b_G${head},m=${more};${piece}\x1b\\` : `\x1b_Gm=${more};${piece}\x1b\\`,
    );
  }
  return parts.join("");
}

/** A placement: where (cells) and which part of the image (pixels). */
export interface KittyPlace {
  cols: number;
  rows: number;
  /** Source crop in image pixels (a partly visible node); whole image when absent. */
  crop?: { x: number; y: number; w: number; h: number };
}

/**
 * Places image `id` as placement `p` at the cursor, `cols` x `rows` cells,
 * below the text, without moving the cursor.
 *
 * @example
 * ```ts
 * import { kittyPlace } from "./kitty.ts";
 * if (kittyPlace(7, 3, { cols: 4, rows: 2 }) !== "\x1b_Ga=p,q=2,i=7,p=3,c=4,r=2,C=1,z=-1\x1b\\") throw new Error();
 * ```
 */
export function kittyPlace(id: number, p: number, place: KittyPlace): string {
  let s = `\x1b_Ga=p,q=2,i=${id},p=${p},c=${place.cols},r=${place.rows},C=1,z=-1`;
  const c = place.crop;
  if (c) s += `,x=${c.x},y=${c.y},w=${c.w},h=${c.h}`;
  return s + "\x1b\\";
}

/** Deletes placement `p` of image `id` (the image stays for later placements). */
export function kittyUnplace(id: number, p: number): string {
  return `\x1b_Ga=d,d=i,q=2,i=${id},p=${p}\x1b\\`;
}

/** Deletes image `id` and frees its data. */
export function kittyFree(id: number): string {
  return `\x1b_Ga=d,d=I,q=2,i=${id}\x1b\\`;
}
