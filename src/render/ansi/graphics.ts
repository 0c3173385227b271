/**
 * Pixel graphics over the cell grid, for terminals that have them: the
 * kitty graphics protocol or sixel. Painting leaves blank cells where a
 * picture goes and lists the pictures ({@linkcode Placement}); after each
 * frame's cell diff this layer sends only what changed: kitty transmits a
 * picture once and then moves, crops and deletes placements; sixel draws
 * the picture again whenever it moved or a cell under it was rewritten, and
 * has the cells under a removed picture rewritten (sixel pixels stay until
 * text covers them).
 *
 * @module
 */
import { kittyFree, kittyPlace, kittyTransmit, kittyUnplace } from "./kitty.ts";
import type { Rect } from "./scene.ts";
import { encodeSixel } from "./sixel.ts";

/** How pictures reach the terminal. `cells`: half blocks and Braille, no pixels. */
export type GraphicsMode = "kitty" | "sixel" | "cells";

/** A cell's size in pixels (what the terminal says, or a guess). */
export interface CellPixels {
  width: number;
  height: number;
}

/** A picture, as a placement provides it. */
export type Picture =
  | { png: Uint8Array; width: number; height: number; rgba?: () => Uint8Array | null }
  | { rgba: Uint8Array; width: number; height: number };

/** A picture painting asked for. */
export interface Placement {
  /** The node's id (one placement per node). */
  id: number;
  /** The node's content rectangle and its visible part, in frame cells. */
  content: Rect;
  vis: Rect;
  /** Identity of the picture's content (same key, same pixels). */
  key: string;
  /** The picture (called only when it has to be sent). */
  picture(): Picture | null;
}

interface Shown {
  key: string;
  where: string;
  vis: Rect;
  image?: number;
}

const rectKey = (p: Placement) =>
  `${p.content.x0},${p.content.y0},${p.content.x1},${p.content.y1}|${p.vis.x0},${p.vis.y0},${p.vis.x1},${p.vis.y1}`;

/**
 * The graphics of one renderer.
 *
 * @example
 * ```ts
 * import { GraphicsLayer } from "./graphics.ts";
 * const g = new GraphicsLayer("kitty", { width: 10, height: 20 });
 * const rect = { x0: 0, y0: 0, x1: 2, y1: 1 };
 * const placement = {
 *   id: 5, content: rect, vis: rect, key: "red",
 *   picture: () => ({ rgba: new Uint8Array([255, 0, 0, 255]), width: 1, height: 1 }),
 * };
 * g.stale([placement], false);
 * const out = g.draw(0, 0, () => false);
 * if (!out.includes("a=t") || !out.includes("a=p")) throw new Error(JSON.stringify(out));
 * if (g.draw(0, 0, () => false) !== "") throw new Error("nothing changed");
 * ```
 */
export class GraphicsLayer {
  readonly mode: "kitty" | "sixel";
  cell: CellPixels;
  #shown = new Map<number, Shown>();
  #pending: Placement[] = [];
  #full = false;
  /** kitty: image ids by content key, in least recently used order. */
  #images = new Map<string, number>();
  #nextImage = 1;
  #size = new Map<number, [number, number]>();
  /** sixel: DECSET 8452 (cursor beside the picture, so one at the bottom does not scroll) is on. */
  #beside = false;

  constructor(mode: "kitty" | "sixel", cell: CellPixels) {
    this.mode = mode;
    this.cell = cell;
  }

  /**
   * Takes this frame's placements; returns the rectangles whose cells must be
   * rewritten by the cell diff (sixel pictures that moved or went away).
   */
  stale(placements: Placement[], full: boolean): Rect[] {
    this.#pending = placements;
    this.#full = full;
    if (this.mode !== "sixel") return [];
    const out: Rect[] = [];
    const now = new Map(placements.map((p) => [p.id, p]));
    for (const [id, s] of this.#shown) {
      const p = now.get(id);
      if (!p || rectKey(p) !== s.where || p.key !== s.key) out.push(s.vis);
    }
    return out;
  }

  /**
   * The bytes that bring the pictures up to date, sent after the cell diff.
   * `rewritten(r)` says whether the diff wrote cells in `r`; `(ox, oy)` is
   * the frame's top-left screen cell. The cursor ends up elsewhere.
   */
  draw(ox: number, oy: number, rewritten: (r: Rect) => boolean): string {
    const out: string[] = [];
    const seen = new Set<number>();
    for (const p of this.#pending) {
      seen.add(p.id);
      const s = this.#shown.get(p.id);
      const where = rectKey(p);
      const same = s && s.key === p.key && s.where === where && !this.#full;
      if (same && (this.mode === "kitty" || !rewritten(p.vis))) continue;
      if (p.vis.x1 <= p.vis.x0 || p.vis.y1 <= p.vis.y0) continue;
      const seq = this.mode === "kitty" ? this.#kitty(p, s) : this.#sixel(p);
      if (seq === null) continue;
      if (this.mode === "sixel" && !this.#beside) {
        this.#beside = true;
        out.push("\x1b[?8452h");
      }
      out.push(`\x1b[${oy + p.vis.y0 + 1};${ox + p.vis.x0 + 1}H`, seq);
      this.#shown.set(p.id, { key: p.key, where, vis: p.vis, image: this.#images.get(p.key) });
    }
    for (const [id, s] of this.#shown) {
      if (seen.has(id)) continue;
      if (this.mode === "kitty" && s.image !== undefined) out.push(kittyUnplace(s.image, id));
      this.#shown.delete(id);
    }
    if (this.mode === "kitty") out.push(this.#evict());
    this.#pending = [];
    this.#full = false;
    return out.join("");
  }

  #kitty(p: Placement, s: Shown | undefined): string | null {
    let image = this.#images.get(p.key);
    let out = "";
    if (image === undefined) {
      const pic = p.picture();
      if (!pic) return null;
      image = this.#nextImage++;
      out += kittyTransmit(image, "png" in pic ? { png: pic.png } : pic);
      this.#size.set(image, [pic.width, pic.height]);
    } else this.#images.delete(p.key);
    this.#images.set(p.key, image);
    // A placement that now shows another picture: take the old one down.
    if (s?.image !== undefined && s.image !== image) out = kittyUnplace(s.image, p.id) + out;
    const [iw, ih] = this.#size.get(image)!;
    const { content: c, vis: v } = p;
    const cols = c.x1 - c.x0, rows = c.y1 - c.y0;
    const whole = v.x0 === c.x0 && v.y0 === c.y0 && v.x1 === c.x1 && v.y1 === c.y1;
    const crop = whole ? undefined : {
      x: Math.floor(((v.x0 - c.x0) * iw) / cols),
      y: Math.floor(((v.y0 - c.y0) * ih) / rows),
      w: Math.max(1, Math.round(((v.x1 - v.x0) * iw) / cols)),
      h: Math.max(1, Math.round(((v.y1 - v.y0) * ih) / rows)),
    };
    return out + kittyPlace(image, p.id, { cols: v.x1 - v.x0, rows: v.y1 - v.y0, crop });
  }

  /** Frees pictures no placement shows, beyond the 16 most recent. */
  #evict(): string {
    const inUse = new Set<number>();
    for (const s of this.#shown.values()) if (s.image !== undefined) inUse.add(s.image);
    let idle = [...this.#images].filter(([, id]) => !inUse.has(id));
    let out = "";
    while (idle.length > 16) {
      const [key, id] = idle[0];
      idle = idle.slice(1);
      this.#images.delete(key);
      this.#size.delete(id);
      out += kittyFree(id);
    }
    return out;
  }

  #sixel(p: Placement): string | null {
    const pic = p.picture();
    if (!pic) return null;
    const rgba = "png" in pic ? pic.rgba?.() : pic.rgba;
    if (!rgba) return null;
    const { content: c, vis: v } = p;
    const cw = this.cell.width, ch = this.cell.height;
    // The node's pixels, of which the visible part is sent.
    const W = (c.x1 - c.x0) * cw, H = (c.y1 - c.y0) * ch;
    const ox = (v.x0 - c.x0) * cw, oy = (v.y0 - c.y0) * ch;
    const w = (v.x1 - v.x0) * cw, h = (v.y1 - v.y0) * ch;
    const out = new Uint8Array(w * h * 4);
    const fx = pic.width / W, fy = pic.height / H;
    for (let y = 0; y < h; y++) {
      const sy = Math.min(pic.height - 1, Math.floor((oy + y + 0.5) * fy));
      for (let x = 0; x < w; x++) {
        const sx = Math.min(pic.width - 1, Math.floor((ox + x + 0.5) * fx));
        const si = (sy * pic.width + sx) * 4, di = (y * w + x) * 4;
        out[di] = rgba[si];
        out[di + 1] = rgba[si + 1];
        out[di + 2] = rgba[si + 2];
        out[di + 3] = rgba[si + 3];
      }
    }
    return encodeSixel(out, w, h);
  }

  /** Bytes that remove every picture this layer placed (before leaving the screen). */
  clear(): string {
    let out = "";
    if (this.mode === "kitty") {
      // Freeing an image also takes its placements down.
      for (const id of this.#images.values()) out += kittyFree(id);
    }
    if (this.#beside) out += "\x1b[?8452l";
    this.#beside = false;
    this.#images.clear();
    this.#size.clear();
    this.#shown.clear();
    return out;
  }
}
