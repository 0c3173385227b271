/// <reference lib="dom" />
/**
 * The model as DOM, updated incrementally: model changes are collected and
 * applied once per animation frame, touching only the nodes whose version
 * stamp moved (and, for containers, the order of their child elements).
 *
 * @module
 */
import type { ModelNode } from "../../../src/model/model_node.ts";
import type { ModelChange, ViewportModel } from "../../../src/model/viewport_model.ts";
import type { InputMessage, Props } from "../../../src/protocol/messages/types.ts";
import { SlotRef } from "../../../src/protocol/slot_ref.ts";
import { CanvasHost } from "./canvas_host.ts";
import { type Declarations, declarations, length } from "./css_values.ts";
import { DataTable } from "./data_table.ts";
import {
  applyBehaviour,
  applyCanvasProps,
  applyImage,
  applyInput,
  applyText,
} from "./node_props.ts";
import { focusIntoModal, trackModal } from "./modal.ts";
import { SlotSheet } from "./slot_sheet.ts";
import { applyVirtual, AppScrolls } from "./widget_support.ts";

/** What the renderer reports to its owner. */
export interface RendererHooks {
  /** A canvas drawing cannot be shown as asked (answered to the app as ERROR). */
  canvasProblem(target: number, code: "unsupported" | "bad_message", message: string): void;
  /** A text node's text changed after it was first shown (for the live region). */
  textChanged?(id: number, text: string): void;
  /** A flush finished: time spent (ms) and nodes updated. */
  flushed?(ms: number, nodes: number): void;
  /** An input merged a late app value with newer typing: the app must learn it. */
  valueChange?(message: InputMessage): void;
}

interface Entry {
  node: ModelNode;
  el: HTMLElement;
  version: number;
  props: Props | null;
  decl: Declarations;
  styleClass: string;
  table?: DataTable;
  /** A virtual scroll's range (see widget_support.ts). */
  spacer?: HTMLElement | null;
  blob?: string;
  drawn?: unknown;
}

const TAGS: Record<string, string> = {
  box: "div",
  scroll: "div",
  text: "div",
  input: "input",
  image: "img",
  canvas: "canvas",
  separator: "hr",
};
/**
 * Renders one session's model into `mount`.
 *
 * @example
 * ```ts ignore
 * import { DomRenderer } from "./renderer.ts";
 * const r = new DomRenderer(model, mount, sheet, { canvasProblem() {} });
 * model.onChange((c) => r.schedule(c));
 * ```
 */
export class DomRenderer {
  readonly model: ViewportModel;
  readonly mount: HTMLElement;
  #sheet: SlotSheet;
  #hooks: RendererHooks;
  #entries = new Map<number, Entry>();
  #pending = new Set<number>();
  #removed = new Set<number>();
  #transitions = new Map<number, number>();
  #rebuild = true;
  #frame = 0;
  #updated = 0;
  #clock: ReturnType<typeof setInterval> | undefined;
  #tables = new Set<DataTable>();
  /** Canvas drawings in every mode (vector2d, webgpu, stream). */
  readonly canvases: CanvasHost;
  #scrolls = new AppScrolls();
  // Nodes whose `autofocus` turned true in this flush (shown with it, or set
  // later, as a select giving the focus back to its field): the first one
  // still in the page takes the focus once the flush is done.
  #autofocus: HTMLElement[] = [];

  constructor(model: ViewportModel, mount: HTMLElement, sheet: SlotSheet, hooks: RendererHooks) {
    this.model = model;
    this.mount = mount;
    this.#sheet = sheet;
    this.#hooks = hooks;
    this.canvases = new CanvasHost(
      (target, code, message) => hooks.canvasProblem(target, code, message),
      (slot) => {
        const v = this.model.slots.get(slot)?.value;
        return typeof v === "string" ? v : undefined;
      },
    );
    for (const [slot, value] of model.slots.entries()) sheet.define(slot, value);
    this.#request();
  }

  /** Queues a model change for the next frame. */
  schedule(change: ModelChange): void {
    if (change.root) this.#rebuild = true;
    for (const id of change.nodes) this.#pending.add(id);
    for (const id of change.removed) this.#removed.add(id);
    if (change.slots.size > 0) {
      for (const slot of change.slots) this.#sheet.define(slot, this.model.slots.get(slot));
      // Canvas colors may be slot references: draw vector2d again with the new values.
      for (const [id, d] of this.model.canvases) {
        const e = this.#entries.get(id);
        if (e && d.mode === "vector2d") {
          e.drawn = undefined;
          this.#pending.add(id);
          e.version = -1;
        }
      }
    }
    this.#request();
  }

  /** The next update of `target` animates with the transition in `slot`. */
  transition(target: number, slot: number): void {
    this.#transitions.set(target, slot);
  }

  /** The element showing node `id`, if rendered. */
  element(id: number): HTMLElement | undefined {
    return this.#entries.get(id)?.el;
  }

  /** Moves the virtual rows of a scrolled table. */
  scrolled(el: HTMLElement): void {
    const id = Number(el.getAttribute("data-vp-id"));
    this.#entries.get(id)?.table?.scrolled();
  }

  /** Applies everything queued now (normally called on the next frame). */
  flush(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    const t0 = performance.now();
    this.#updated = 0;
    const tree = this.model.tree;
    if (this.#rebuild) {
      this.#rebuild = false;
      for (const e of this.#entries.values()) this.#release(e);
      this.#entries.clear();
      this.#pending.clear();
      this.#removed.clear();
    }
    for (const id of this.#removed) {
      const e = this.#entries.get(id);
      if (!e || tree.get(id) === e.node) continue;
      if (e.el.isConnected) e.el.remove();
      this.#release(e);
      this.#entries.delete(id);
    }
    this.#removed.clear();
    for (const id of this.#pending) {
      const n = tree.get(id);
      const e = this.#entries.get(id);
      if (!n || !e) continue; // new nodes are built by their parent
      if (e.node !== n || e.version !== n.version) this.#ensure(n);
    }
    this.#pending.clear();
    const root = tree.root;
    if (!root) this.mount.replaceChildren();
    else {
      const el = this.#ensure(root).el;
      if (this.mount.firstChild !== el || this.mount.childNodes.length !== 1) {
        this.mount.replaceChildren(el);
      }
    }
    this.#transitions.clear();
    // Tables measure their scroller, so they lay out once it is in the page.
    for (const t of this.#tables) t.layout();
    this.#tables.clear();
    this.#scrolls.apply();
    // Before autofocus moves it: a modal that opened notes what had the focus,
    // and the last one closing gives it back.
    trackModal(this.mount);
    const auto = this.#autofocus.find((el) => el.isConnected);
    this.#autofocus.length = 0;
    auto?.focus();
    focusIntoModal(this.mount);
    this.#tickClock();
    this.#hooks.flushed?.(performance.now() - t0, this.#updated);
  }

  /** Stops rendering and frees resources. */
  dispose(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    clearInterval(this.#clock);
    for (const e of this.#entries.values()) this.#release(e);
    this.#entries.clear();
    this.canvases.dispose();
    this.mount.replaceChildren();
  }

  #request(): void {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      this.flush();
    });
  }

  // Relative times in tables age: refresh those tables once a second.
  #tickClock(): void {
    let any = false;
    for (const e of this.#entries.values()) if (e.table?.timeDependent) any = true;
    if (any && this.#clock === undefined) {
      this.#clock = setInterval(() => {
        for (const e of this.#entries.values()) if (e.table?.timeDependent) e.table.render(true);
      }, 1000);
    } else if (!any && this.#clock !== undefined) {
      clearInterval(this.#clock);
      this.#clock = undefined;
    }
  }

  #ensure(n: ModelNode): Entry {
    let e = this.#entries.get(n.id);
    if (e && e.node === n) {
      if (e.version !== n.version) this.#update(e);
      return e;
    }
    if (e) this.#release(e);
    e = this.#create(n);
    this.#entries.set(n.id, e);
    this.#update(e);
    return e;
  }

  #create(n: ModelNode): Entry {
    const area = n.type === "input" && n.props.multiline === true;
    const el = document.createElement(area ? "textarea" : TAGS[n.type] ?? "div");
    el.className = `vp-node vp-${n.type}`;
    el.setAttribute("data-vp-id", String(n.id));
    const e: Entry = { node: n, el, version: -1, props: null, decl: new Map(), styleClass: "" };
    if (n.type === "input" && !area) (el as HTMLInputElement).type = "text";
    if (n.type === "canvas") el.tabIndex = 0;
    return e;
  }

  #release(e: Entry): void {
    if (e.blob) URL.revokeObjectURL(e.blob);
    e.blob = undefined;
    if (e.node.type === "canvas") this.canvases.release(e.node.id);
  }

  #update(e: Entry): void {
    const n = e.node;
    this.#updated++;
    if (e.props !== n.props) {
      const first = e.props === null;
      this.#applyProps(e, first);
      e.props = n.props;
    }
    if (n.type === "box" || n.type === "scroll") this.#reconcile(e);
    if (n.type === "scroll") this.#updateTable(e);
    if (n.type === "canvas") this.#draw(e);
    e.version = n.version;
  }

  #applyProps(e: Entry, first: boolean): void {
    const { node: n, el } = e;
    const p = n.props;
    const parentDir = n.parent?.props.dir === "row" ? "row" : "column";
    const decl: Declarations = new Map();
    // `style`: a slot (a class), a map, or a list of them merged in order.
    const styles = Array.isArray(p.style) ? p.style : [p.style];
    const classes: string[] = [];
    for (const st of styles) {
      if (st instanceof SlotRef) classes.push(SlotSheet.styleClass(st.slot));
      else if (st && typeof st === "object" && !Array.isArray(st)) {
        declarations(st as Props, n.type, decl, parentDir);
      }
    }
    declarations(p, n.type, decl, parentDir);
    if (n.type === "separator" && decl.has("color")) {
      // A rule's colour, across a column or down a row (css_values.ts).
      decl.set(
        decl.has("border-left") ? "border-left-color" : "border-top-color",
        decl.get("color")!,
      );
    }
    if (n.type === "canvas" || n.type === "image") {
      // Their width and height are pixels of the drawing or image; `cols`
      // and `rows` size them in cells, as in a terminal.
      for (const k of ["width", "height", "flex-grow", "min-width", "min-height"]) decl.delete(k);
      const cols = length(p.cols, "x"), rows = length(p.rows, "y");
      if (cols) decl.set("width", cols);
      if (rows) decl.set("height", rows);
    }
    this.#applyDeclarations(e, decl);
    const cls = classes.join(" ");
    if (cls !== e.styleClass) {
      if (e.styleClass) el.classList.remove(...e.styleClass.split(" "));
      if (cls) el.classList.add(...classes);
      e.styleClass = cls;
    }
    applyBehaviour(el, n);
    if (p.autofocus === true && (first || e.props?.autofocus !== true)) this.#autofocus.push(el);
    if (n.type === "scroll") {
      e.spacer = applyVirtual(el, p, e.spacer ?? null);
      this.#scrolls.note(el, p);
    }
    switch (n.type) {
      case "text": {
        const old = el.textContent;
        applyText(el, p);
        if (!first && el.textContent !== old) {
          this.#hooks.textChanged?.(n.id, el.textContent ?? "");
        }
        break;
      }
      case "input":
        applyInput(el as HTMLInputElement | HTMLTextAreaElement, p, (r) => {
          this.#hooks.valueChange?.({ type: "INPUT", kind: "value_change", target: n.id, ...r });
        });
        break;
      case "image":
        e.blob = applyImage(el as HTMLImageElement, p, e.blob);
        break;
      case "canvas":
        if (applyCanvasProps(el as HTMLCanvasElement, p)) e.drawn = undefined;
        break;
    }
  }

  #applyDeclarations(e: Entry, decl: Declarations): void {
    const s = e.el.style;
    const slot = this.#transitions.get(e.node.id);
    const changed: string[] = [];
    for (const k of e.decl.keys()) if (!decl.has(k)) changed.push(k);
    for (const [k, v] of decl) if (e.decl.get(k) !== v) changed.push(k);
    if (slot !== undefined && changed.length > 0) {
      // The after-change style's transition applies, so set it with the values.
      s.transitionProperty = changed.join(", ");
      s.transitionDuration = `var(--vp-${slot}-duration, 150ms)`;
      s.transitionTimingFunction = `var(--vp-${slot}-easing, ease)`;
    } else if (changed.length > 0 && s.transitionProperty) {
      s.transitionProperty = "";
      s.transitionDuration = "";
      s.transitionTimingFunction = "";
    }
    for (const k of e.decl.keys()) if (!decl.has(k)) s.removeProperty(k);
    for (const [k, v] of decl) if (e.decl.get(k) !== v) s.setProperty(k, v);
    e.decl = decl;
  }

  #reconcile(e: Entry): void {
    const parent = e.el;
    const end = e.spacer?.parentNode === parent ? e.spacer : e.table?.el ?? null;
    let cursor = parent.firstChild;
    for (const child of e.node.children) {
      const ce = this.#ensure(child);
      if (cursor === ce.el) cursor = cursor.nextSibling;
      else parent.insertBefore(ce.el, cursor);
    }
    while (cursor && cursor !== end) {
      const next = cursor.nextSibling;
      parent.removeChild(cursor);
      cursor = next;
    }
    if (e.spacer && e.spacer.parentNode !== parent) {
      parent.insertBefore(e.spacer, e.table?.el ?? null);
    }
  }

  #updateTable(e: Entry): void {
    const ref = e.node.props.schema;
    const entry = ref instanceof SlotRef ? this.model.data.schema(ref.slot) : undefined;
    if (!entry && !e.table) return;
    if (!e.table) {
      e.table = new DataTable(e.el);
      e.el.append(e.table.el);
    }
    e.table.followTail = e.node.props.follow !== false;
    e.table.update(entry);
    this.#tables.add(e.table);
  }

  #draw(e: Entry): void {
    const drawing = this.model.canvases.get(e.node.id);
    if (!drawing || drawing === e.drawn) return;
    e.drawn = drawing;
    this.canvases.draw(e.node.id, e.el as HTMLCanvasElement, drawing);
  }
}
