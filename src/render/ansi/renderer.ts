/**
 * The ANSI renderer: a model drawn into a rectangle of terminal cells, and
 * terminal input turned into INPUT messages. No global state and no I/O: the
 * caller feeds it input bytes and writes the bytes each frame returns, so the
 * same renderer runs an app's own terminal (`host.ts`) or a region of a
 * viewer's screen.
 *
 * @module
 */
import type { ViewportModel } from "../../model/viewport_model.ts";
import type { InputMessage } from "../../protocol/messages/types.ts";
import { CellBuffer } from "./cells.ts";
import { type ColorDepth, detectColorDepth } from "./color.ts";
import { type Cursor, encodeDiff, unknownCursor } from "./encode.ts";
import { computeLayout, EXACT, UNDEF } from "./flex.ts";
import { type CellPixels, GraphicsLayer, type GraphicsMode, type Placement } from "./graphics.ts";
import { Interaction } from "./interaction.ts";
import { type KeyHint, keyHints, keymap } from "./keybindings.ts";
import { type PaintResult, paintScene } from "./paint.ts";
import { type Rect, Scene } from "./scene.ts";
import { Styles } from "./style.ts";
import { tableLines } from "./table.ts";
import { isSlotRef } from "../../protocol/slot_ref.ts";

/** Options for {@linkcode Renderer}. */
export interface RendererOptions {
  /** The session to draw. The renderer subscribes to its changes. */
  model: ViewportModel;
  /** Size of the drawing area in cells. */
  width: number;
  height: number;
  /** Environment to read the color depth from (`COLORTERM`, `TERM`, `NO_COLOR`...). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Color depth, instead of reading it from `env`. */
  colorDepth?: ColorDepth;
  /** Top-left screen cell of the drawing area (default 0, 0). */
  region?: { x: number; y: number };
  /** Columns of the whole screen (default: the area's right edge). */
  screenWidth?: number;
  /**
   * Inline mode (no alternate screen): the area starts at the cursor's line,
   * is as tall as the content (at most `height`) and is addressed relatively.
   */
  inline?: boolean;
  /** Wrap each frame in synchronized output (mode 2026). Default true. */
  synchronized?: boolean;
  /** Show the terminal cursor at a focused input's caret. Default true. */
  cursor?: boolean;
  /** Clock for relative times in tables, in ms. Default `Date.now`. */
  now?: () => number;
  /** Report `hover` events (pointer motion). Default false. */
  hover?: boolean;
  /**
   * Called on the interrupt key (ctrl+c, or the key of the `interrupt`
   * keybinding slot). Without it the key is reported as a `key` event.
   */
  onInterrupt?: () => void;
  /**
   * Called on a quit key (`q` when nothing takes it, `ctrl+q`; see
   * `keybindings.ts`). Without it those keys are reported as `key` events.
   */
  onQuit?: () => void;
  /** Focus the first focusable node when nothing has focus (default true). */
  autoFocus?: boolean;
  /**
   * Pixel graphics for images and canvases: `kitty`, `sixel`, or `cells`
   * (half blocks and Braille; the default, and always in inline mode).
   */
  graphics?: GraphicsMode;
  /** A cell's size in pixels (for sixel and canvas pictures). Default 10 x 20. */
  cellPixels?: CellPixels;
}

const encoder = new TextEncoder();

/**
 * Draws a {@linkcode ViewportModel} as terminal output.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { Renderer } from "./renderer.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "Counter: 0" } } });
 * const r = new Renderer({ model, width: 20, height: 2, colorDepth: "none" });
 * const first = r.frame();
 * assert.ok(first);
 * assert.equal(r.frame(), null);
 * model.apply({ type: "PATCH", patches: [{ target: 1, set: { content: "Counter: 1" } }] });
 * const bytes = new TextDecoder().decode(r.frame()!);
 * assert.ok(bytes.includes("1"));
 * assert.ok(!bytes.includes("Counter"));
 * r.close();
 * ```
 */
export class Renderer {
  readonly model: ViewportModel;
  readonly styles: Styles;
  readonly scene: Scene;
  readonly interaction: Interaction;
  #width: number;
  #height: number;
  #regionX: number;
  #regionY: number;
  #screenWidth: number | undefined;
  readonly inline: boolean;
  #synchronized: boolean;
  #manageCursor: boolean;
  #now: () => number;
  #front: CellBuffer | null = null;
  #back: CellBuffer;
  #cur: Cursor = unknownCursor();
  #cursorShown = false;
  #modelDirty = true;
  #full = true;
  #frameHeight = 0;
  #unsubscribe: () => void;
  #dirtyListeners = new Set<() => void>();
  #lastPaint: PaintResult = { cursor: null, painted: [] };
  #graphics: GraphicsLayer | null = null;
  #graphicsGone = "";

  constructor(options: RendererOptions) {
    checkSize(options.width, options.height);
    this.model = options.model;
    this.#width = options.width;
    this.#height = options.height;
    this.#regionX = options.region?.x ?? 0;
    this.#regionY = options.region?.y ?? 0;
    this.#screenWidth = options.screenWidth;
    this.inline = options.inline ?? false;
    this.#synchronized = options.synchronized ?? true;
    this.#manageCursor = options.cursor ?? true;
    this.#now = options.now ?? Date.now;
    const depth = options.colorDepth ?? detectColorDepth(options.env ?? {});
    this.styles = new Styles(this.model, depth);
    this.scene = new Scene(this.styles);
    this.#back = new CellBuffer(this.#width, this.#height);
    this.interaction = new Interaction(this, {
      hover: options.hover ?? false,
      onInterrupt: options.onInterrupt,
      onQuit: options.onQuit,
      autoFocus: options.autoFocus ?? true,
    });
    this.setGraphics(options.graphics ?? "cells", options.cellPixels);
    this.#unsubscribe = this.model.onChange((change) => {
      if (change.slots.size > 0) this.styles.invalidate();
      this.#markDirty();
    });
  }

  /** Width of the drawing area. */
  get width(): number {
    return this.#width;
  }

  /** Height of the drawing area (inline: the most it may take). */
  get height(): number {
    return this.#height;
  }

  /** Rows the last frame took (inline mode: the content's height). */
  get frameHeight(): number {
    return this.#frameHeight;
  }

  /** The color depth in use. */
  get colorDepth(): ColorDepth {
    return this.styles.depth;
  }

  /** True when the next {@linkcode Renderer.frame} may have something to draw. */
  get dirty(): boolean {
    return this.#modelDirty || this.#full;
  }

  /** Subscribes to "something changed, a frame is due"; returns an unsubscribe function. */
  onDirty(listener: () => void): () => void {
    this.#dirtyListeners.add(listener);
    return () => this.#dirtyListeners.delete(listener);
  }

  /** @internal Marks the frame as due (model change, focus, scroll, edit). */
  markDirty(): void {
    this.#markDirty();
  }

  #markDirty(): void {
    const was = this.dirty;
    this.#modelDirty = true;
    if (!was) { for (const l of this.#dirtyListeners) l(); }
  }

  /** Changes the drawing area's size; the next frame redraws everything. */
  resize(width: number, height: number): void {
    checkSize(width, height);
    this.#width = width;
    this.#height = height;
    this.#back = new CellBuffer(width, height);
    this.invalidate();
  }

  /** Moves the drawing area on the screen; the next frame redraws everything. */
  move(x: number, y: number): void {
    this.#regionX = x;
    this.#regionY = y;
    this.invalidate();
  }

  /** Forgets what is on screen: the next frame draws every cell. */
  invalidate(): void {
    const was = this.dirty;
    this.#full = true;
    this.#front = null;
    // Inline frames are addressed from the cursor's row, which stays known.
    const y = this.#cur.y;
    this.#cur = unknownCursor();
    if (this.inline) this.#cur.y = Math.max(0, y);
    if (!was) { for (const l of this.#dirtyListeners) l(); }
  }

  /** How pictures are drawn now. */
  get graphics(): GraphicsMode {
    return this.#graphics?.mode ?? "cells";
  }

  /**
   * Switches how pictures are drawn (the terminal answered the graphics
   * query, or the user chose); redraws. Inline frames always use cells.
   */
  setGraphics(mode: GraphicsMode, cell: CellPixels = { width: 10, height: 20 }): void {
    const old = this.#graphics;
    if (old && old.mode === mode) {
      old.cell = cell;
      this.invalidate();
      return;
    }
    if (old) this.#graphicsGone += old.clear();
    this.#graphics = mode === "cells" || this.inline ? null : new GraphicsLayer(mode, cell);
    this.invalidate();
  }

  /**
   * The bytes that take this renderer's pictures off the screen (it stops
   * being shown: another tab came to the front); the next frame places them
   * again.
   */
  hidePictures(): string {
    const out = this.#graphics?.clear() ?? "";
    if (this.#graphics) this.invalidate();
    return out;
  }

  /** The color depth changes (e.g. the terminal told us more); redraws. */
  setColorDepth(depth: ColorDepth): void {
    this.styles.depth = depth;
    this.styles.invalidate();
    this.invalidate();
  }

  /**
   * Lays out, paints and diffs: the bytes that bring the screen up to date,
   * or `null` when nothing visible changed.
   */
  frame(): Uint8Array | null {
    if (!this.dirty) return null;
    const s = this.render();
    return s === "" ? null : encoder.encode(s);
  }

  /** Like {@linkcode Renderer.frame}, as a string. */
  render(): string {
    if (!this.dirty) return "";
    // Still dirty until painting starts: focus moves made while preparing this
    // frame are drawn by it and must not ask for another one.
    this.#modelDirty = true;
    const full = this.#full;
    this.#full = false;
    this.scene.sync();
    const root = this.scene.root;
    if (root) {
      for (const rn of this.scene.tables) {
        const schema = rn.props.schema;
        const lines = isSlotRef(schema) ? tableLines(this.model.data.schema(schema.slot)) : 0;
        if (rn.flex.extraContent !== lines) {
          rn.flex.extraContent = lines;
          rn.flex.markDirty();
        }
      }
      if (this.inline) computeLayout(root.flex, this.#width, NaN, EXACT, UNDEF);
      else computeLayout(root.flex, this.#width, this.#height, EXACT, EXACT);
    }
    this.interaction.beforePaint();
    this.#modelDirty = false;
    let height = this.#height;
    if (this.inline) {
      height = root
        ? Math.min(this.#height, Math.max(1, Math.round(root.flex.top + root.flex.height)))
        : 1;
    }
    if (this.#back.height !== height || this.#back.width !== this.#width) {
      this.#back = new CellBuffer(this.#width, height);
    }
    const g = this.#graphics;
    const pixels = g ? { mode: g.mode, cell: g.cell, placements: [] as Placement[] } : undefined;
    this.#lastPaint = paintScene(this.scene, this.#back, {
      focusId: this.interaction.focusId,
      editors: this.interaction.editors,
      now: this.#now(),
      pixels,
    });
    this.interaction.afterPaint(this.#lastPaint);
    let out = this.inline ? this.#inlinePrefix(height, full) : "";
    let prev = this.#front;
    if (prev === null && !this.inline && this.#regionX === 0 && this.#regionY === 0 && full) {
      // Whole screen: clearing it is cheaper than writing every blank cell.
      out += "\x1b[0m\x1b[H\x1b[2J";
      this.#cur = { x: 0, y: 0, fg: 0, bg: 0, attr: 0 };
      prev = new CellBuffer(this.#width, height);
    }
    if (g && pixels) {
      // Cells under sixel pictures that moved or went away are written again.
      const stale = g.stale(pixels.placements, full || prev === null);
      if (prev) { for (const r of stale) forget(prev, r); }
    }
    out += this.#graphicsGone;
    this.#graphicsGone = "";
    out += encodeDiff(prev, this.#back, this.#cur, {
      originX: this.#regionX,
      originY: this.#regionY,
      relative: this.inline,
      screenWidth: this.#screenWidth ?? this.#regionX + this.#width,
    });
    if (g) {
      const back = this.#back, before = prev;
      const pictures = g.draw(
        this.#regionX,
        this.#regionY,
        (r) => !before || differs(before, back, r),
      );
      if (pictures) {
        out += pictures;
        this.#cur = unknownCursor();
      }
    }
    out += this.#cursorOut();
    this.#frameHeight = height;
    // Swap: the back buffer is what is on screen now.
    const shown = this.#back;
    this.#back = this.#front && this.#front.width === this.#width && this.#front.height === height
      ? this.#front
      : new CellBuffer(this.#width, height);
    this.#front = shown;
    if (out === "") return "";
    return this.#synchronized ? `\x1b[?2026h${out}\x1b[?2026l` : out;
  }

  /** Inline mode: grow or shrink the rows the frame takes. */
  #inlinePrefix(height: number, full: boolean): string {
    let out = "";
    const cur = this.#cur;
    let old = this.#front?.height ?? 0;
    if (full) {
      // Back to the frame's first row; erase what an earlier frame drew.
      out += cur.y > 0 ? `\r\x1b[${cur.y}A` : "\r";
      out += "\x1b[0m";
      if (this.#frameHeight > 0) out += "\x1b[J";
      cur.fg = cur.bg = cur.attr = 0;
      cur.x = 0;
      cur.y = 0;
      old = 1;
    }
    if (height > old) {
      // New rows at the bottom: newlines scroll the screen when needed.
      if (cur.y < old - 1) out += `\x1b[${old - 1 - cur.y}B`;
      out += "\r" + "\n".repeat(height - old);
      cur.x = 0;
      cur.y = height - 1;
      if (this.#front) this.#front = grow(this.#front, height);
    } else if (height < old && this.#front) {
      // Rows no longer used: erase them.
      if (cur.y !== height) {
        out += cur.y > height ? `\x1b[${cur.y - height}A` : `\x1b[${height - cur.y}B`;
      }
      out += "\r\x1b[J";
      cur.x = 0;
      cur.y = height;
      this.#front = shrink(this.#front, height);
    }
    if (full) this.#front = new CellBuffer(this.#width, height);
    return out;
  }

  #cursorOut(): string {
    if (!this.#manageCursor) return "";
    const c = this.#lastPaint.cursor;
    let out = "";
    if (c) {
      const cur = this.#cur;
      if (cur.x === c.x && cur.y === c.y) {
        // Already there (nothing was drawn since): a move would be the frame's only bytes.
      } else if (this.inline) {
        if (cur.y !== c.y) out += cur.y > c.y ? `\x1b[${cur.y - c.y}A` : `\x1b[${c.y - cur.y}B`;
        out += c.x === 0 ? "\r" : `\r\x1b[${c.x}C`;
      } else out += `\x1b[${this.#regionY + c.y + 1};${this.#regionX + c.x + 1}H`;
      this.#cur.x = c.x;
      this.#cur.y = c.y;
      if (!this.#cursorShown) out += "\x1b[?25h";
      this.#cursorShown = true;
    } else if (this.#cursorShown) {
      out += "\x1b[?25l";
      this.#cursorShown = false;
    }
    return out;
  }

  /**
   * Inline mode: the bytes that leave the cursor on a fresh line below the
   * frame (for when the app exits). Empty in full-screen mode.
   */
  release(): string {
    const pictures = this.#graphics?.clear() ?? "";
    if (!this.inline || this.#front === null) return pictures;
    const cur = this.#cur;
    const last = this.#front.height - 1;
    let out = "\x1b[0m";
    if (cur.y < last) out += `\x1b[${last - cur.y}B`;
    else if (cur.y > last) out += `\x1b[${cur.y - last}A`;
    out += "\r\n";
    this.#cur = unknownCursor();
    return out;
  }

  /**
   * Turns terminal input into INPUT messages (keys, mouse, paste), handling
   * focus, editing of input nodes and scrolling on the way. An incomplete
   * escape sequence at the end is kept for the next call; call
   * {@linkcode Renderer.flushInput} when no more bytes came for a moment.
   *
   * With `each`, the messages of each key, paste or pointer event are handed
   * over before the next one is handled: an app in the same process answers
   * in between (a `render()` after Enter clears the field before the keys
   * typed after it), as if each key had come alone.
   */
  handleInput(
    bytes: Uint8Array | string,
    each?: (messages: InputMessage[]) => void,
  ): InputMessage[] {
    return this.interaction.input(bytes, each);
  }

  /** Resolves a pending lone ESC as the escape key. */
  flushInput(): InputMessage[] {
    return this.interaction.flush();
  }

  /**
   * The app re-attached with a new state: the next frame tells it where the
   * focus is (an INPUT focus from {@linkcode Renderer.takeEvents}).
   */
  announceFocus(): void {
    this.interaction.announceFocus();
  }

  /** Messages that arose outside {@linkcode Renderer.handleInput} (focus moved away from a removed node). */
  takeEvents(): InputMessage[] {
    return this.interaction.takeQueued();
  }

  /** Screen cell to frame cell. */
  toFrame(x: number, y: number): { x: number; y: number } {
    return { x: x - this.#regionX, y: y - this.#regionY };
  }

  /** Whether pointer motion is reported as `hover` events. */
  get hover(): boolean {
    return this.interaction.hover;
  }
  set hover(on: boolean) {
    this.interaction.hover = on;
  }

  /** True while keys are typed into a focused input (`q` is text then, not quit). */
  get typing(): boolean {
    return this.interaction.typing;
  }

  /** The key-hint line's entries: the app's bindings and how to quit now. */
  keyHints(): KeyHint[] {
    return keyHints(keymap(this.styles), this.interaction.typing);
  }

  /** The id of the focused node, if any. */
  get focusId(): number | null {
    return this.interaction.focusId;
  }

  /** True when input bytes are held waiting for the rest of a sequence. */
  get inputPending(): boolean {
    return this.interaction.pending;
  }

  /** The screen as text, one line per row (what was last drawn). */
  screenText(): string {
    const b = this.#front;
    if (!b) return "";
    const rows: string[] = [];
    for (let y = 0; y < b.height; y++) rows.push(b.rowText(y).trimEnd());
    return rows.join("\n");
  }

  /** The buffer on screen (after the last frame). */
  get screen(): CellBuffer | null {
    return this.#front;
  }

  /** Stops following the model. */
  close(): void {
    this.#unsubscribe();
    this.#dirtyListeners.clear();
  }
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || width < 1 || width > 10_000) {
    throw new RangeError(`width must be an integer 1..10000, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1 || height > 10_000) {
    throw new RangeError(`height must be an integer 1..10000, got ${height}`);
  }
}

function grow(b: CellBuffer, height: number): CellBuffer {
  const n = new CellBuffer(b.width, height);
  for (let i = 0; i < b.chars.length; i++) n.chars[i] = b.chars[i];
  n.fg.set(b.fg);
  n.bg.set(b.bg);
  n.attr.set(b.attr);
  return n;
}

function shrink(b: CellBuffer, height: number): CellBuffer {
  const n = new CellBuffer(b.width, height);
  const len = b.width * height;
  for (let i = 0; i < len; i++) n.chars[i] = b.chars[i];
  n.fg.set(b.fg.subarray(0, len));
  n.bg.set(b.bg.subarray(0, len));
  n.attr.set(b.attr.subarray(0, len));
  return n;
}

/** Marks the cells of `r` as unknown, so the next diff writes them. */
function forget(buf: CellBuffer, r: Rect): void {
  for (let y = Math.max(0, r.y0); y < Math.min(buf.height, r.y1); y++) {
    for (let x = Math.max(0, r.x0); x < Math.min(buf.width, r.x1); x++) {
      buf.chars[y * buf.width + x] = "\u0000";
    }
  }
}

/** Whether any cell of `r` differs between two buffers (the diff rewrote it). */
function differs(a: CellBuffer, b: CellBuffer, r: Rect): boolean {
  if (a.width !== b.width || a.height !== b.height) return true;
  for (let y = Math.max(0, r.y0); y < Math.min(a.height, r.y1); y++) {
    for (let x = Math.max(0, r.x0); x < Math.min(a.width, r.x1); x++) {
      const i = y * a.width + x;
      if (a.chars[i] !== b.chars[i] || a.fg[i] !== b.fg[i] || a.bg[i] !== b.bg[i]) return true;
    }
  }
  return false;
}
