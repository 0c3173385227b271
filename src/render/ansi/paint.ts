/**
 * Paints a laid-out scene into a cell buffer: backgrounds, borders, text,
 * inputs, separators, images, canvases, scroll viewports with scrollbars and
 * data tables. Subtrees outside the visible area are skipped, so a scroll
 * with many children costs what it shows.
 *
 * @module
 */
import { isSlotRef } from "../../protocol/slot_ref.ts";
import { rasterizeCanvas } from "./braille.ts";
import { BOLD, type CellBuffer, DIM, INVERSE, UNDERLINE } from "./cells.ts";
import { paintPixels } from "./pixels.ts";
import { canvasPicture, imagePicture, type PixelTarget } from "./pictures.ts";
import type { Rect, RNode, Scene } from "./scene.ts";
import type { Pen } from "./style.ts";
import { paintTable } from "./table.ts";
import { type Line, TextLayout } from "./text_layout.ts";
import { segment } from "./width.ts";
import { ROW } from "./flex_style.ts";
import { borderColorOf } from "./border.ts";
import { caretPosition } from "./area_editor.ts";
import { graphemes } from "./line_editor.ts";

/** Editing state of an input node, owned by the input dispatcher. */
export interface EditState {
  /** Caret, as an index into the value's grapheme clusters. */
  caret: number;
  /** First visible column of the value (horizontal scroll). */
  offset: number;
  /** The value being edited (shown instead of the node's `value`). */
  value?: string;
  /** First visible line of a multi-line value (vertical scroll). */
  top?: number;
}

/** What the painter needs besides the scene. */
export interface PaintContext {
  focusId: number | null;
  editors: Map<number, EditState>;
  now: number;
  /** Pixel graphics (kitty, sixel) for images and canvases; cells when absent. */
  pixels?: PixelTarget;
}

/** What painting found out. */
export interface PaintResult {
  /** Where to show the terminal cursor (a focused input's caret), if anywhere. */
  cursor: { x: number; y: number } | null;
  /** Nodes that were painted, topmost last (for hit testing). */
  painted: RNode[];
}

const ROOT_PEN: Pen = { fg: 0, bg: -1, attrs: 0 };

/**
 * Paints `scene` into `buf` (which is cleared first).
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { CellBuffer } from "./cells.ts";
 * import { computeLayout } from "./flex.ts";
 * import { paintScene } from "./paint.ts";
 * import { Scene } from "./scene.ts";
 * import { Styles } from "./style.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * const scene = new Scene(new Styles(model, "none"));
 * scene.sync();
 * computeLayout(scene.root!.flex, 4, 1);
 * const buf = new CellBuffer(4, 1);
 * paintScene(scene, buf, { focusId: null, editors: new Map(), now: 0 });
 * assert.equal(buf.rowText(0), "hi  ");
 * ```
 */
export function paintScene(scene: Scene, buf: CellBuffer, ctx: PaintContext): PaintResult {
  buf.clear();
  const result: PaintResult = { cursor: null, painted: [] };
  if (!scene.root) return result;
  const p = new Painter(scene, buf, ctx, result);
  p.node(scene.root, 0, 0, { x0: 0, y0: 0, x1: buf.width, y1: buf.height }, ROOT_PEN);
  return result;
}

class Painter {
  constructor(
    readonly scene: Scene,
    readonly buf: CellBuffer,
    readonly ctx: PaintContext,
    readonly result: PaintResult,
  ) {}

  pen(rn: RNode, parent: Pen): Pen {
    const epoch = this.scene.styles.epoch;
    if (rn.pen !== null && rn.penParent === parent && rn.penEpoch === epoch) return rn.pen;
    rn.pen = this.scene.styles.pen(rn.props, parent);
    rn.penParent = parent;
    rn.penEpoch = epoch;
    return rn.pen;
  }

  node(rn: RNode, ax: number, ay: number, clip: Rect, parentPen: Pen): void {
    const f = rn.flex;
    if (!f.style.display) {
      rn.rect = rn.visible = null;
      return;
    }
    const fx = ax + f.left, fy = ay + f.top;
    const x0 = Math.round(fx), y0 = Math.round(fy);
    const x1 = Math.round(fx + f.width), y1 = Math.round(fy + f.height);
    const rect: Rect = { x0, y0, x1, y1 };
    rn.rect = rect;
    const vis = intersect(rect, clip);
    rn.visible = vis;
    if (vis === null) return;
    if (rn.hidden) return;
    const pen = this.pen(rn, parentPen);
    this.result.painted.push(rn);
    const buf = this.buf;
    if (pen.bg !== -1) buf.fill(vis.x0, vis.y0, vis.x1, vis.y1, pen.bg);
    const focused = this.ctx.focusId === rn.id;
    if (rn.border) this.border(rn, rect, vis, pen, focused);
    const s = f.style;
    const b = s.border, p = s.padding;
    // Most nodes have neither border nor padding: their boxes are all `rect`.
    const inner: Rect = b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 0
      ? rect
      : { x0: x0 + b[3], y0: y0 + b[0], x1: x1 - b[1], y1: y1 - b[2] };
    const content: Rect = p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 ? inner : {
      x0: inner.x0 + p[3],
      y0: inner.y0 + p[0],
      x1: inner.x1 - p[1],
      y1: inner.y1 - p[2],
    };
    switch (rn.model.type) {
      case "text":
        if (rn.text) this.text(rn, rn.text, content, vis, pen);
        break;
      case "input":
        this.input(rn, content, vis, pen, focused);
        break;
      case "separator":
        this.separator(rn, rect, vis, pen);
        break;
      case "image":
        if (rn.text) this.text(rn, rn.text, content, vis, { ...pen, attrs: pen.attrs | DIM });
        else if (this.ctx.pixels && imagePicture(this.ctx.pixels, rn, buf, content, vis, pen)) {
          // Shown by the graphics layer.
        } else if (!paintPixels(buf, this.scene.styles, rn.props, content, vis)) {
          // Undecodable bytes: say so where the picture would be.
          const alt = typeof rn.props.alt === "string" ? rn.props.alt : "[image]";
          const layout = new TextLayout([{ text: alt, pen: 0 }], "wrap");
          this.text(rn, layout, content, vis, { ...pen, attrs: pen.attrs | DIM });
        }
        break;
      case "canvas": {
        const drawing = this.scene.styles.model.canvases.get(rn.id);
        const styles = this.scene.styles;
        if (
          this.ctx.pixels &&
          canvasPicture(this.ctx.pixels, rn, drawing, buf, styles, content, vis, pen)
        ) break;
        rasterizeCanvas(buf, styles, drawing, rn, content, vis, pen);
        break;
      }
      case "scroll":
        this.scroll(rn, fx, fy, inner, content, vis, pen);
        return;
    }
    const kids = rn.children;
    if (kids.length > 0) {
      const childClip = rn.clips ? intersect(inner, vis) : clip;
      if (childClip !== null) this.children(rn, fx, fy, childClip, pen);
    }
    if (focused && !rn.border && rn.model.type === "box") this.invert(vis);
  }

  children(rn: RNode, fx: number, fy: number, clip: Rect, pen: Pen): void {
    const kids = rn.children;
    const s = rn.flex.style;
    // Long columns: start at the first child that reaches the clip (binary search).
    let from = 0;
    if (kids.length > 32 && s.dir !== ROW && !s.wrap) {
      let lo = 0, hi = kids.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const k = kids[mid].flex;
        if (k.style.absolute || fy + k.top + k.height >= clip.y0) hi = mid;
        else lo = mid + 1;
      }
      from = lo;
    }
    for (let i = from; i < kids.length; i++) {
      const k = kids[i];
      if (from > 0 || kids.length > 32) {
        if (s.dir !== ROW && !s.wrap && !k.flex.style.absolute && fy + k.flex.top >= clip.y1) {
          // Everything after this one is below the clip too; absolute ones may not be.
          for (let j = i; j < kids.length; j++) {
            if (kids[j].flex.style.absolute) this.node(kids[j], fx, fy, clip, pen);
            else kids[j].rect = kids[j].visible = null;
          }
          return;
        }
      }
      this.node(k, fx, fy, clip, pen);
    }
  }

  border(rn: RNode, r: Rect, vis: Rect, pen: Pen, focused: boolean): void {
    const b = rn.border!;
    const styles = this.scene.styles;
    let color = styles.color(borderColorOf(rn.props));
    let attrs = 0;
    if (focused) {
      color = styles.roleColor("accent");
      attrs = BOLD;
    } else if (color === undefined) color = styles.roleColor("border");
    const bg = pen.bg;
    const put = (x: number, y: number, g: string) => {
      if (x >= vis.x0 && x < vis.x1 && y >= vis.y0 && y < vis.y1) {
        this.buf.put(x, y, g, 1, color!, bg === -1 ? this.bgAt(x, y) : bg, attrs);
      }
    };
    const { x0, y0 } = r;
    const x1 = r.x1 - 1, y1 = r.y1 - 1;
    if (x1 < x0 || y1 < y0) return;
    for (let x = x0 + 1; x < x1; x++) {
      put(x, y0, b.h);
      put(x, y1, b.h);
    }
    for (let y = y0 + 1; y < y1; y++) {
      put(x0, y, b.v);
      put(x1, y, b.v);
    }
    put(x0, y0, b.tl);
    put(x1, y0, b.tr);
    put(x0, y1, b.bl);
    put(x1, y1, b.br);
    const title = rn.props.title;
    if (typeof title === "string" && title !== "" && x1 - x0 > 4) {
      const g: string[] = [], w: number[] = [];
      segment(` ${title} `, g, w);
      let x = x0 + 2;
      for (let i = 0; i < g.length && x + w[i] <= x1 - 1; i++) {
        put(x, y0, g[i]);
        if (w[i] === 2 && x + 1 < vis.x1 && y0 >= vis.y0 && y0 < vis.y1 && x >= vis.x0) {
          this.buf.put(x, y0, g[i], 2, color!, bg === -1 ? this.bgAt(x, y0) : bg, attrs);
        }
        x += w[i];
      }
    }
  }

  bgAt(x: number, y: number): number {
    return this.buf.bg[y * this.buf.width + x];
  }

  /** Draws text lines in `content`, clipped to `vis`. */
  text(rn: RNode, text: TextLayout, content: Rect, vis: Rect, pen: Pen): void {
    const width = content.x1 - content.x0;
    if (width <= 0) return;
    const lines = text.lines(width);
    const align = rn.textAlign;
    const pens = this.runPens(rn, pen);
    const top = Math.max(content.y0, vis.y0);
    const bottom = Math.min(content.y1, vis.y1);
    for (let li = top - content.y0; li < lines.length && content.y0 + li < bottom; li++) {
      const line = lines[li];
      let x = content.x0;
      if (align === "center") x += Math.floor((width - line.width) / 2);
      else if (align === "right" || align === "end") x += width - line.width;
      this.line(text, line, x, content.y0 + li, vis, pens);
    }
  }

  line(text: TextLayout, line: Line, x: number, y: number, vis: Rect, pens: Pen[]): void {
    const buf = this.buf;
    const rowBase = y * buf.width;
    if (line.prefix === undefined && line.suffix === undefined && line.mid === undefined) {
      // The common line: its clusters as they are, without a closure per line.
      const t = text.simple;
      if (t !== null) {
        // One cell per unit, one pen: no per-cluster arrays to read.
        const pen = pens[text.simplePen] ?? pens[0];
        const fg = pen.fg, attrs = pen.attrs, own = pen.bg;
        const from = Math.max(line.start, line.start + vis.x0 - x);
        const to = Math.min(line.end, line.start + vis.x1 - x);
        for (let i = from; i < to; i++) {
          const cx = x + i - line.start;
          buf.put(cx, y, t[i], 1, fg, own === -1 ? buf.bg[rowBase + cx] : own, attrs);
        }
        return;
      }
      const g = text.g, w = text.w, p = text.p;
      for (let i = line.start; i < line.end; i++) {
        const cw = w[i];
        if (x >= vis.x0 && x + cw <= vis.x1) {
          const pen = pens[p[i]] ?? pens[0];
          const bg = pen.bg === -1 ? buf.bg[rowBase + x] : pen.bg;
          buf.put(x, y, g[i], cw, pen.fg, bg, pen.attrs);
        }
        x += cw;
      }
      return;
    }
    text.forEachCell(line, (g, w, p) => {
      if (x >= vis.x0 && x + w <= vis.x1) {
        const pen = pens[p] ?? pens[0];
        const bg = pen.bg === -1 ? buf.bg[rowBase + x] : pen.bg;
        buf.put(x, y, g, w, pen.fg, bg, pen.attrs);
      }
      x += w;
    });
  }

  /** The pens of a text's runs, made from the node's pen (cached while it and the styles hold). */
  runPens(rn: RNode, pen: Pen): Pen[] {
    const epoch = this.scene.styles.epoch;
    const cached = rn.runPens;
    if (cached !== null && cached[0] === pen && rn.runPensEpoch === epoch) return cached;
    const out = [pen];
    for (const st of rn.runStyles) {
      out.push(st ? this.scene.styles.pen(this.scene.styles.merge(st), pen) : pen);
    }
    rn.runPens = out;
    rn.runPensEpoch = epoch;
    return out;
  }

  input(rn: RNode, content: Rect, vis: Rect, pen: Pen, focused: boolean): void {
    const props = rn.props;
    const edit = this.ctx.editors.get(rn.id);
    const value = edit?.value ?? (typeof props.value === "string" ? props.value : "");
    if (props.multiline === true) return this.area(rn, value, edit, content, vis, pen, focused);
    const ph = typeof props.placeholder === "string" ? props.placeholder : "";
    const width = content.x1 - content.x0;
    const y = content.y0;
    if (width <= 0 || y < vis.y0 || y >= vis.y1) return;
    const buf = this.buf;
    // `password: true`; `secret: true` and `kind: "password"` are read as it too.
    const masked = props.password === true || props.secret === true || props.kind === "password";
    const g: string[] = [], w: number[] = [];
    segment(value, g, w);
    if (masked) { for (let i = 0; i < g.length; i++) [g[i], w[i]] = ["•", 1]; }
    const caret = Math.min(edit?.caret ?? g.length, g.length);
    // Keep the caret in view: scroll the value horizontally.
    let caretCol = 0;
    for (let i = 0; i < caret; i++) caretCol += w[i];
    let offset = edit?.offset ?? 0;
    if (caretCol - offset >= width) offset = caretCol - width + 1;
    if (caretCol < offset) offset = caretCol;
    if (edit) edit.offset = offset;
    const fieldAttrs = pen.attrs | UNDERLINE;
    const bgAt = (x: number) => pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg;
    for (let x = Math.max(content.x0, vis.x0); x < Math.min(content.x1, vis.x1); x++) {
      buf.put(x, y, " ", 1, pen.fg, bgAt(x), fieldAttrs);
    }
    if (value === "" && ph !== "") {
      const pg: string[] = [], pw: number[] = [];
      segment(ph, pg, pw);
      let x = content.x0;
      for (let i = 0; i < pg.length && x + pw[i] <= content.x1; i++) {
        if (x >= vis.x0 && x + pw[i] <= vis.x1) {
          buf.put(x, y, pg[i], pw[i], pen.fg, bgAt(x), fieldAttrs | DIM);
        }
        x += pw[i];
      }
    } else {
      let col = 0;
      for (let i = 0; i < g.length; i++) {
        const x = content.x0 + col - offset;
        col += w[i];
        if (x < content.x0 || x + w[i] > content.x1) continue;
        if (x >= vis.x0 && x + w[i] <= vis.x1) {
          buf.put(x, y, g[i], w[i], pen.fg, bgAt(x), fieldAttrs);
        }
      }
    }
    if (focused) {
      const cx = content.x0 + caretCol - offset;
      if (cx >= vis.x0 && cx < vis.x1) this.result.cursor = { x: cx, y };
    }
  }

  /** A multi-line input: lines scroll to keep the caret in view, down and across. */
  area(
    rn: RNode,
    value: string,
    edit: EditState | undefined,
    content: Rect,
    vis: Rect,
    pen: Pen,
    focused: boolean,
  ): void {
    const width = content.x1 - content.x0, height = content.y1 - content.y0;
    if (width <= 0 || height <= 0) return;
    const buf = this.buf;
    // Each line's cells; the caret (an index into the value's graphemes) as line and column.
    const lines = value.split("\n").map((l) => {
      const g: string[] = [], w: number[] = [];
      segment(l, g, w);
      return { g, w };
    });
    const all = graphemes(value);
    const pos = caretPosition(all, Math.min(edit?.caret ?? all.length, all.length));
    const caretLine = Math.min(pos.line, lines.length - 1);
    let caretCol = 0;
    {
      const before = graphemes(value.split("\n")[caretLine] ?? "").slice(0, pos.col).join("");
      const g: string[] = [], w: number[] = [];
      segment(before, g, w);
      for (const x of w) caretCol += x;
    }
    let top = edit?.top ?? 0, offset = edit?.offset ?? 0;
    if (caretLine >= top + height) top = caretLine - height + 1;
    if (caretLine < top) top = caretLine;
    if (caretCol - offset >= width) offset = caretCol - width + 1;
    if (caretCol < offset) offset = caretCol;
    if (edit) {
      edit.top = top;
      edit.offset = offset;
    }
    const attrs = pen.attrs | UNDERLINE;
    for (let y = Math.max(content.y0, vis.y0); y < Math.min(content.y1, vis.y1); y++) {
      for (let x = Math.max(content.x0, vis.x0); x < Math.min(content.x1, vis.x1); x++) {
        const bg = pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg;
        buf.put(x, y, " ", 1, pen.fg, bg, attrs);
      }
    }
    const ph = typeof rn.props.placeholder === "string" ? rn.props.placeholder : "";
    const shown = value === "" && ph !== "" ? [{ g: [] as string[], w: [] as number[] }] : lines;
    if (value === "" && ph !== "") segment(ph, shown[0].g, shown[0].w);
    const dim = value === "" ? DIM : 0;
    for (let l = top; l < shown.length && l - top < height; l++) {
      const y = content.y0 + l - top;
      if (y < vis.y0 || y >= vis.y1) continue;
      let col = 0;
      const { g, w } = shown[l];
      for (let i = 0; i < g.length; i++) {
        const x = content.x0 + col - offset;
        col += w[i];
        if (x < content.x0 || x + w[i] > content.x1 || x < vis.x0 || x + w[i] > vis.x1) continue;
        const bg = pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg;
        buf.put(x, y, g[i], w[i], pen.fg, bg, attrs | dim);
      }
    }
    if (focused) {
      const cx = content.x0 + caretCol - offset, cy = content.y0 + caretLine - top;
      if (cx >= vis.x0 && cx < vis.x1 && cy >= vis.y0 && cy < vis.y1) {
        this.result.cursor = { x: cx, y: cy };
      }
    }
  }

  separator(rn: RNode, r: Rect, vis: Rect, pen: Pen): void {
    const styles = this.scene.styles;
    const color = styles.color(rn.props.color) ?? styles.roleColor("border");
    const vertical = rn.parent?.flex.style.dir === ROW;
    const buf = this.buf;
    for (let y = vis.y0; y < vis.y1; y++) {
      for (let x = vis.x0; x < vis.x1; x++) {
        const bg = pen.bg === -1 ? buf.bg[y * buf.width + x] : pen.bg;
        if (vertical ? x === r.x0 : y === r.y0) {
          buf.put(x, y, vertical ? "│" : "─", 1, color, bg, 0);
        }
      }
    }
  }

  scroll(rn: RNode, fx: number, fy: number, inner: Rect, content: Rect, vis: Rect, pen: Pen): void {
    const f = rn.flex;
    const viewport = Math.max(0, inner.y1 - inner.y0 - f.style.padding[0] - f.style.padding[2]);
    const total = Math.round(f.contentHeight);
    const maxTop = Math.max(0, total - viewport);
    if (rn.follow && rn.props.follow !== false && rn.model.props.schema !== undefined) {
      rn.scrollTop = maxTop;
    }
    rn.scrollTop = Math.max(0, Math.min(rn.scrollTop, maxTop));
    const barX = f.hasScrollbar ? inner.x1 - 1 : inner.x1;
    const clip = intersect({ x0: inner.x0, y0: inner.y0, x1: barX, y1: inner.y1 }, vis);
    if (clip !== null) {
      const virtual = f.virtualHeight > 0;
      const offset = typeof rn.props.virtual_offset === "number"
        ? rn.props.virtual_offset
        : (virtual ? rn.scrollTop : 0);
      if (rn.children.length > 0) this.children(rn, fx, fy - rn.scrollTop + offset, clip, pen);
      const schema = rn.props.schema;
      if (isSlotRef(schema)) {
        const table = this.scene.styles.model.data.schema(schema.slot);
        if (table) {
          const top = content.y0 + Math.round(f.childrenHeight) - rn.scrollTop;
          paintTable(
            this.buf,
            this.scene.styles,
            table,
            rn,
            {
              x0: content.x0,
              x1: Math.min(content.x1, barX),
              top,
              viewportTop: content.y0,
            },
            clip,
            pen,
            this.ctx.now,
          );
        }
      }
    }
    if (f.hasScrollbar) this.scrollbar(rn, barX, inner, vis, viewport, total);
    if (this.ctx.focusId === rn.id && !rn.border) {
      // A focused scroll without a border shows focus on its scrollbar.
    }
  }

  scrollbar(rn: RNode, x: number, inner: Rect, vis: Rect, viewport: number, total: number): void {
    if (x < vis.x0 || x >= vis.x1 || viewport <= 0) return;
    const styles = this.scene.styles;
    const track = styles.roleColor("border");
    const focused = this.ctx.focusId === rn.id;
    const thumbColor = focused ? styles.roleColor("accent") : styles.roleColor("dim");
    const y0 = inner.y0 + rn.flex.style.padding[0];
    const size = Math.max(1, Math.round((viewport * viewport) / Math.max(total, 1)));
    const maxTop = Math.max(1, total - viewport);
    const pos = Math.round((rn.scrollTop / maxTop) * (viewport - size));
    for (let i = 0; i < viewport; i++) {
      const y = y0 + i;
      if (y < vis.y0 || y >= vis.y1) continue;
      const thumb = i >= pos && i < pos + size;
      this.buf.put(x, y, thumb ? "┃" : "│", 1, thumb ? thumbColor : track, this.bgAt(x, y), 0);
    }
  }

  invert(vis: Rect): void {
    const buf = this.buf;
    for (let y = vis.y0; y < vis.y1; y++) {
      for (let x = vis.x0; x < vis.x1; x++) buf.attr[y * buf.width + x] ^= INVERSE;
    }
  }
}

function intersect(a: Rect, b: Rect): Rect | null {
  const x0 = Math.max(a.x0, b.x0), y0 = Math.max(a.y0, b.y0);
  const x1 = Math.min(a.x1, b.x1), y1 = Math.min(a.y1, b.y1);
  return x0 < x1 && y0 < y1 ? { x0, y0, x1, y1 } : null;
}
