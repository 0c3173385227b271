/**
 * Input handling for the renderer: terminal events to INPUT messages, with
 * focus and tab order, modal trapping, keybindings, line editing of `input`
 * nodes, scrolling of `scroll` nodes, clicks, hover and canvas pointers.
 *
 * @module
 */
import type { ModelNode } from "../../model/model_node.ts";
import { ValueSync } from "../../protocol/input_value.ts";
import type { InputMessage } from "../../protocol/messages/types.ts";
import { focusOrder, isInside, reveal, scrollOf } from "./focus.ts";
import { InputParser, type TermEvent } from "./input_parser.ts";
import { keymap } from "./keybindings.ts";
import { editLine, graphemeIndex, graphemes, insertText, utf16Index } from "./line_editor.ts";
import { editArea, insertArea } from "./area_editor.ts";
import type { EditState, PaintResult } from "./paint.ts";
import type { RNode, Scene } from "./scene.ts";
import type { Styles } from "./style.ts";

/** Options for {@linkcode Interaction}. */
export interface InteractionOptions {
  hover: boolean;
  onInterrupt?: () => void;
  onQuit?: () => void;
  autoFocus: boolean;
}

/**
 * An input node's editing state: what the user typed, kept in step with the
 * app's values by the input value contract (docs/protocol.md, "Input values").
 */
export interface LineEdit extends EditState {
  value: string;
  /** Edit counter and merging of late app values. */
  sync: ValueSync;
  /** The model node edited: a new node (a TREE, a replace) starts afresh. */
  node: ModelNode;
  /** The node's props when last looked at: a new object means the app patched the node. */
  seen: unknown;
}

const WHEEL_ROWS = 3;

/** Roles of widgets that handle arrow, page, Home and End keys themselves (ARIA composites). */
const COMPOSITE: ReadonlySet<string> = new Set([
  "listbox",
  "grid",
  "tree",
  "treegrid",
  "tablist",
  "radiogroup",
  "menu",
  "menubar",
  "separator",
  "slider",
]);

/**
 * What the input side needs of the renderer that owns it (`Renderer` is the
 * one there is): named here so that renderer.ts can own an Interaction
 * without the two modules importing each other.
 */
export interface InteractionOwner {
  readonly scene: Scene;
  readonly styles: Styles;
  /** Something on screen changed: paint again. */
  markDirty(): void;
  /** Screen cell to frame cell. */
  toFrame(x: number, y: number): { x: number; y: number };
}

/**
 * The renderer's input side. Owned by a `Renderer`; use
 * `renderer.handleInput` rather than this class directly.
 */
export class Interaction {
  readonly renderer: InteractionOwner;
  focusId: number | null = null;
  readonly editors: Map<number, LineEdit> = new Map();
  /** Report pointer motion as `hover` events. */
  hover: boolean;
  #onInterrupt: (() => void) | undefined;
  #onQuit: (() => void) | undefined;
  #autoFocus: boolean;
  #parser = new InputParser();
  #order: RNode[] = [];
  #modal: RNode | null = null;
  /** What had focus when a modal appeared: it gets focus back when the modal goes. */
  #beforeModal: number | null = null;
  #painted: RNode[] = [];
  #pressed: RNode | null = null;
  #hoverId: number | null | undefined = undefined;
  #queue: InputMessage[] = [];
  /** Tell the app again where the focus is (it re-attached with a new state). */
  #announce = false;

  constructor(renderer: InteractionOwner, options: InteractionOptions) {
    this.renderer = renderer;
    this.hover = options.hover;
    this.#onInterrupt = options.onInterrupt;
    this.#onQuit = options.onQuit;
    this.#autoFocus = options.autoFocus;
  }

  /** True when input bytes wait for the rest of a sequence. */
  get pending(): boolean {
    return this.#parser.pending;
  }

  /** Messages produced outside of input (focus moved because a node went away...). */
  takeQueued(): InputMessage[] {
    const q = this.#queue;
    this.#queue = [];
    return q;
  }

  /**
   * Parses input and dispatches it. With `each`, the messages of every
   * terminal event go out before the next event is handled (see
   * `Renderer.handleInput`); the rest is returned.
   */
  input(bytes: Uint8Array | string, each?: (messages: InputMessage[]) => void): InputMessage[] {
    return this.#dispatch(this.#parser.push(bytes), each);
  }

  /** Resolves a pending lone ESC. */
  flush(): InputMessage[] {
    return this.#dispatch(this.#parser.flush());
  }

  #dispatch(events: TermEvent[], each?: (messages: InputMessage[]) => void): InputMessage[] {
    let out = this.takeQueued();
    for (const e of events) {
      if (each && out.length > 0) {
        each(out);
        out = [];
      }
      switch (e.type) {
        case "key":
          this.#key(e.key, e.text, out);
          break;
        case "paste":
          this.#paste(e.text, out);
          break;
        case "mouse":
          this.#mouse(e, out);
          break;
      }
    }
    return out;
  }

  /** Before painting: refresh the focus order, drop a focus that went away, sync edits. */
  beforePaint(): void {
    const scene = this.renderer.scene;
    if (scene.structureChanged) {
      scene.structureChanged = false;
      const { order, modal } = focusOrder(scene.root);
      this.#order = order;
      const wasModal = this.#modal;
      this.#modal = modal;
      if (modal !== null && wasModal === null) this.#beforeModal = this.focusId;
      if (this.focusId !== null) {
        const rn = scene.byId(this.focusId);
        const ok = rn && rn.focusable && rn.flex.style.display &&
          (modal === null || isInside(rn, modal));
        if (!ok) {
          this.#queue.push({ type: "INPUT", kind: "blur", target: this.focusId });
          this.focusId = null;
        }
      }
      const asked = scene.focusRequests.find((n) => order.includes(n));
      scene.focusRequests.length = 0;
      if (asked) this.#setFocus(asked, this.#queue);
      else if (this.focusId === null && modal === null && wasModal !== null) {
        const back = this.#beforeModal === null ? undefined : scene.byId(this.#beforeModal);
        if (back && order.includes(back)) this.#setFocus(back, this.#queue);
      }
      if (this.focusId === null && this.#autoFocus && order.length > 0) {
        const first = order.find((n) => n.props.autofocus === true) ?? order[0];
        this.#setFocus(first, this.#queue, false);
      }
    }
    for (const [id, edit] of this.editors) {
      const rn = scene.byId(id);
      if (!rn || rn.model !== edit.node) this.editors.delete(id);
      else this.#syncEdit(edit, rn, this.#queue);
    }
    if (this.#announce && this.renderer.scene.root) {
      this.#announce = false;
      const id = this.focusId;
      const told = this.#queue.some((m) => m.kind === "focus" && m.target === id);
      if (id !== null && !told) this.#queue.push({ type: "INPUT", kind: "focus", target: id });
    }
  }

  /**
   * The app behind this renderer came back (it re-attached and sent its
   * state again): once its tree is in, it hears where the focus is, which
   * stays on the same node when the new tree has it.
   */
  announceFocus(): void {
    this.#announce = true;
    this.renderer.markDirty();
  }

  /**
   * Focuses node `id` as if the user moved there (scrolled into view), for
   * drivers and assistive front ends. Returns the INPUT messages that follow
   * (blur, focus, scroll), or null when the node cannot take focus.
   */
  focusNode(id: number): InputMessage[] | null {
    const rn = this.renderer.scene.byId(id);
    if (!rn || !rn.focusable) return null;
    const out = this.takeQueued();
    this.#setFocus(rn, out);
    return out;
  }

  /** Takes the app's latest `value` (and `value_seq`) into an edit. */
  #syncEdit(edit: LineEdit, rn: RNode, out: InputMessage[]): void {
    const props = rn.model.props;
    if (props === edit.seen) return;
    edit.seen = props;
    const r = edit.sync.app(props.value, props.value_seq);
    if (!r) return;
    edit.caret = graphemeIndex(r.value, r.caret(utf16Index(edit.value, edit.caret)));
    edit.value = r.value;
    if (r.report) out.push({ type: "INPUT", kind: "value_change", target: rn.id, ...r.report });
    this.renderer.markDirty();
  }

  /** After painting: remember what is where, for the pointer. */
  afterPaint(result: PaintResult): void {
    this.#painted = result.painted;
  }

  #setFocus(rn: RNode | null, out: InputMessage[], doReveal = true): void {
    const id = rn?.id ?? null;
    if (id === this.focusId) return;
    if (this.focusId !== null) out.push({ type: "INPUT", kind: "blur", target: this.focusId });
    this.focusId = id;
    if (rn) {
      out.push({ type: "INPUT", kind: "focus", target: rn.id });
      if (doReveal) { for (const s of reveal(rn)) out.push(scrollMessage(s)); }
    }
    this.renderer.markDirty();
  }

  #moveFocus(step: number, out: InputMessage[]): void {
    const order = this.#order;
    if (order.length === 0) return;
    const at = order.findIndex((n) => n.id === this.focusId);
    const next = at < 0
      ? (step > 0 ? 0 : order.length - 1)
      : (at + step + order.length) % order.length;
    this.#setFocus(order[next], out);
  }

  #focused(): RNode | null {
    return this.focusId === null ? null : this.renderer.scene.byId(this.focusId) ?? null;
  }

  #key(key: string, text: string | undefined, out: InputMessage[]): void {
    const keys = keymap(this.renderer.styles);
    if (keys.interrupt.has(key) && this.#onInterrupt) {
      this.#onInterrupt();
      return;
    }
    if (keys.quit.has(key) && this.#onQuit) {
      this.#onQuit();
      return;
    }
    const focused = this.#focused();
    const action = keys.actions.get(key);
    if (action !== undefined) {
      out.push(this.#keyMessage(key, undefined, focused, action));
      return;
    }
    if (key === "tab" || key === "shift+tab") {
      if (focused?.model.type !== "input" || this.#order.length > 0) {
        this.#moveFocus(key === "tab" ? 1 : -1, out);
        return;
      }
    }
    if (focused) {
      const type = focused.model.type;
      if (type === "input" && this.#edit(focused, key, text, out)) return;
      if (focused.clickable && (key === "enter" || key === "space")) {
        if (focused.props.disabled !== true) {
          out.push({ type: "INPUT", kind: "click", target: focused.id, button: 0 });
        }
        return;
      }
    }
    // A composite widget (list, grid, tree...) moves its own cursor with these keys.
    const owns = focused !== null && COMPOSITE.has(String(focused.props.role));
    const scroll = type(focused) === "scroll" && !owns ? focused : null;
    const target = scroll ??
      (isPageKey(key) && !owns ? scrollOf(focused) ?? this.#firstScroll() : null);
    if (target && this.#scrollKey(target, key, out)) return;
    // Nothing took the key: `q` quits (docs/ansi.md, "Quitting").
    if (keys.quitUnlessTyping.has(key) && this.#onQuit) {
      this.#onQuit();
      return;
    }
    out.push(this.#keyMessage(key, text, focused));
    if (key === "enter" && focused?.model.type === "input") this.#clearOnEnter(focused, out);
  }

  /** A key event; on an input it carries the field's text as the user saw it. */
  #keyMessage(
    key: string,
    text: string | undefined,
    focused: RNode | null,
    action?: string,
  ): InputMessage {
    const msg = keyMessage(key, text, focused, action);
    if (focused?.model.type === "input") {
      const v = this.editors.get(focused.id)?.value ?? focused.model.props.value;
      msg.value = typeof v === "string" ? v : "";
    }
    return msg;
  }

  /** `clear_on_enter`: the field empties at once, after the key that submitted it. */
  #clearOnEnter(rn: RNode, out: InputMessage[]): void {
    const p = rn.props;
    if (p.clear_on_enter !== true || p.disabled === true || p.readonly === true) return;
    const edit = this.#editFor(rn, out);
    if (edit.value === "") return;
    edit.value = "";
    edit.caret = 0;
    this.#reportEdit(rn, edit, out);
    this.renderer.markDirty();
  }

  /** True while keys are typed into the focused input (so `q` is text, not quit). */
  get typing(): boolean {
    const rn = this.#focused();
    return rn?.model.type === "input" && rn.props.disabled !== true && rn.props.readonly !== true;
  }

  #firstScroll(): RNode | null {
    for (const rn of this.#painted) if (rn.model.type === "scroll") return rn;
    return null;
  }

  /** The node's edit, brought up to date with the model first. */
  #editFor(rn: RNode, out: InputMessage[]): LineEdit {
    let edit = this.editors.get(rn.id);
    if (!edit || edit.node !== rn.model) {
      const props = rn.model.props;
      const v = typeof props.value === "string" ? props.value : "";
      const caret = graphemes(v).length;
      const sync = new ValueSync(v, props.value_seq);
      edit = { value: v, caret, offset: 0, sync, node: rn.model, seen: props };
      this.editors.set(rn.id, edit);
    } else this.#syncEdit(edit, rn, out);
    return edit;
  }

  #reportEdit(rn: RNode, edit: LineEdit, out: InputMessage[]): void {
    const report = edit.sync.edit(edit.value);
    out.push({ type: "INPUT", kind: "value_change", target: rn.id, ...report });
  }

  #edit(rn: RNode, key: string, text: string | undefined, out: InputMessage[]): boolean {
    if (rn.props.disabled === true || rn.props.readonly === true) return false;
    const edit = this.#editFor(rn, out);
    const r = rn.props.multiline === true ? editArea(edit, key, text) : editLine(edit, key, text);
    if (!r.consumed) return false;
    if (r.changed) this.#reportEdit(rn, edit, out);
    this.renderer.markDirty();
    return true;
  }

  #paste(text: string, out: InputMessage[]): void {
    const focused = this.#focused();
    if (focused?.model.type === "input" && focused.props.disabled !== true) {
      if (focused.props.readonly === true) return;
      const edit = this.#editFor(focused, out);
      const insert = focused.props.multiline === true ? insertArea : insertText;
      if (insert(edit, text)) {
        this.#reportEdit(focused, edit, out);
        this.renderer.markDirty();
      }
      return;
    }
    const msg: InputMessage = {
      type: "INPUT",
      kind: "key",
      key: "paste",
      action: "paste",
      value: text,
    };
    if (focused) msg.target = focused.id;
    out.push(msg);
  }

  /** Scrolls by keyboard; false when the key is not a scrolling key. */
  #scrollKey(rn: RNode, key: string, out: InputMessage[]): boolean {
    const viewport = viewportOf(rn);
    let st = rn.scrollTop;
    switch (key) {
      case "up":
        st -= 1;
        break;
      case "down":
        st += 1;
        break;
      case "pageup":
        st -= Math.max(1, viewport - 1);
        break;
      case "pagedown":
      case "space":
        st += Math.max(1, viewport - 1);
        break;
      case "home":
      case "ctrl+home":
        st = 0;
        break;
      case "end":
      case "ctrl+end":
        st = Infinity;
        break;
      default:
        return false;
    }
    this.#scrollTo(rn, st, out);
    return true;
  }

  #scrollTo(rn: RNode, st: number, out: InputMessage[]): void {
    const max = Math.max(0, Math.round(rn.flex.contentHeight) - viewportOf(rn));
    const next = Math.max(0, Math.min(max, st));
    rn.follow = next >= max;
    if (next === rn.scrollTop) return;
    rn.scrollTop = next;
    out.push(scrollMessage(rn));
    this.renderer.markDirty();
  }

  #hit(x: number, y: number): RNode | null {
    const painted = this.#painted;
    for (let i = painted.length - 1; i >= 0; i--) {
      const v = painted[i].visible;
      if (v && x >= v.x0 && x < v.x1 && y >= v.y0 && y < v.y1) return painted[i];
    }
    return null;
  }

  #mouse(e: Extract<TermEvent, { type: "mouse" }>, out: InputMessage[]): void {
    const { x, y } = this.renderer.toFrame(e.x, e.y);
    const hit = x >= 0 && y >= 0 ? this.#hit(x, y) : null;
    if (this.#modal && hit && !isInside(hit, this.#modal) && e.action !== "move") return;
    if (e.action === "wheel") {
      const scroll = scrollOf(hit);
      if (scroll && e.button <= 1) {
        this.#scrollTo(scroll, scroll.scrollTop + (e.button === 0 ? -WHEEL_ROWS : WHEEL_ROWS), out);
      }
      return;
    }
    const canvas = hit && hit.model.type === "canvas" ? hit : null;
    if (canvas) {
      const action = e.action === "press" ? "down" : e.action === "release" ? "up" : "move";
      if (action === "move" && !this.hover && this.#pressed !== canvas) return;
      const [cx, cy] = canvasPoint(canvas, x, y);
      out.push({
        type: "INPUT",
        kind: "canvas_pointer",
        target: canvas.id,
        x: cx,
        y: cy,
        action,
        button: e.button,
      });
      if (e.action === "press") {
        this.#pressed = canvas;
        if (canvas.focusable) this.#setFocus(canvas, out, false);
      } else if (e.action === "release") this.#pressed = null;
      return;
    }
    const target = hit ? interactiveOf(hit) : null;
    switch (e.action) {
      case "press": {
        this.#pressed = target;
        const focusTarget = focusableOf(hit);
        if (focusTarget && e.button === 0) this.#setFocus(focusTarget, out, false);
        if (focusTarget?.model.type === "input" && focusTarget.rect) {
          this.#caretAt(focusTarget, x, out);
        }
        break;
      }
      case "release": {
        const pressed = this.#pressed;
        this.#pressed = null;
        if (pressed && target === pressed && pressed.rect && pressed.props.disabled !== true) {
          out.push({
            type: "INPUT",
            kind: "click",
            target: pressed.id,
            x: x - pressed.rect.x0,
            y: y - pressed.rect.y0,
            button: e.button,
          });
        }
        break;
      }
      case "move": {
        if (!this.hover) break;
        // Hover is about interactive nodes; elsewhere one target-less event says "left".
        const over = target && (target.clickable || target.focusable) ? target : null;
        const id = over?.id ?? null;
        if (id === null && this.#hoverId === null) break;
        const msg: InputMessage = { type: "INPUT", kind: "hover" };
        if (over?.rect) {
          msg.target = over.id;
          msg.x = x - over.rect.x0;
          msg.y = y - over.rect.y0;
        }
        this.#hoverId = id;
        out.push(msg);
        break;
      }
    }
  }

  #caretAt(rn: RNode, x: number, out: InputMessage[]): void {
    const edit = this.#editFor(rn, out);
    const s = rn.flex.style;
    const col = x - rn.rect!.x0 - s.border[3] - s.padding[3] + edit.offset;
    const g = graphemes(edit.value);
    let w = 0, i = 0;
    while (i < g.length && w < col) w += g[i++] === "" ? 0 : 1;
    edit.caret = i;
    this.renderer.markDirty();
  }
}

function type(rn: RNode | null): string | undefined {
  return rn?.model.type;
}

function isPageKey(key: string): boolean {
  return key === "pageup" || key === "pagedown" || key === "ctrl+home" || key === "ctrl+end";
}

function viewportOf(rn: RNode): number {
  const f = rn.flex, s = f.style;
  return Math.max(
    0,
    Math.round(f.height) - s.border[0] - s.border[2] - s.padding[0] - s.padding[2],
  );
}

function scrollMessage(rn: RNode): InputMessage {
  // Remember it: the app may echo it back as `scroll_top` (see scene.ts).
  rn.reported.push(rn.scrollTop);
  if (rn.reported.length > 16) rn.reported.shift();
  return { type: "INPUT", kind: "scroll", target: rn.id, scroll_top: rn.scrollTop };
}

function keyMessage(
  key: string,
  text: string | undefined,
  focused: RNode | null,
  action?: string,
): InputMessage {
  const msg: InputMessage = { type: "INPUT", kind: "key", key };
  if (focused) msg.target = focused.id;
  if (text !== undefined) msg.text = text;
  if (action !== undefined) msg.action = action;
  return msg;
}

/** The node a pointer event is for: the nearest clickable ancestor, else the node itself. */
function interactiveOf(hit: RNode): RNode {
  for (let n: RNode | null = hit; n; n = n.parent) if (n.clickable) return n;
  for (let n: RNode | null = hit; n; n = n.parent) if (n.focusable) return n;
  return hit;
}

function focusableOf(hit: RNode | null): RNode | null {
  for (let n = hit; n; n = n.parent) if (n.focusable) return n;
  return null;
}

function canvasPoint(rn: RNode, x: number, y: number): [number, number] {
  const r = rn.rect!;
  const pw = typeof rn.props.width === "number" && rn.props.width > 0 ? rn.props.width : 400;
  const ph = typeof rn.props.height === "number" && rn.props.height > 0 ? rn.props.height : 200;
  const cols = Math.max(1, r.x1 - r.x0), rows = Math.max(1, r.y1 - r.y0);
  return [Math.round(((x - r.x0 + 0.5) * pw) / cols), Math.round(((y - r.y0 + 0.5) * ph) / rows)];
}
