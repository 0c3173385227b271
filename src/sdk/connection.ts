/**
 * The app's handle on its UI: one API whatever the output mode.
 *
 * Every call is applied to a shadow model at once, so a bad patch throws at the
 * call site and changes nothing; the messages of one tick then go out together.
 *
 * @module
 */
import type {
  CanvasCommand,
  Column,
  ColumnType,
  EnvMessage,
  InputMessage,
  Message,
  NodeType,
  Patch,
  Props,
  SlotValue,
} from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { ViewportModel } from "../model/viewport_model.ts";
import { TextProjection } from "../projection/text_projection.ts";
import type { OutputMode } from "./output_mode.ts";
import { AudioApi } from "./audio.ts";
import { coalesce } from "./batch.ts";
import { diffTrees, type PrevNode } from "./diff.ts";
import { type ConnectionEvent, type ConnectionEventMap, EventHub } from "./events.ts";
import { InputValues } from "./input_values.ts";
import type { Link } from "./link.ts";
import type { Handlers } from "./input_events.ts";
import type { SetProps } from "./props.ts";
import { HANDLER_FOR_KIND, idOf, makeNode, type NodeRef, toNodeSpec, type VNode } from "./vnode.ts";

/** A column as apps write it: `id` defaults to the column's position. */
export interface ColumnInput {
  name: string;
  type: ColumnType;
  id?: number;
  unit?: string;
  format?: string;
}

/** The props `set` takes for a node known only by its id: those of any node type. */
export type AnySetProps = SetProps<NodeType>;

/** The props `set` takes for a reference: its node type's, or any type's for an id. */
export type PropsFor<R extends NodeRef> = R extends VNode<infer T> ? SetProps<T> : AnySetProps;

/** Where a DATA row goes. */
export interface DataOptions {
  /** The schema slot (a number or a slot reference). */
  schema?: number | SlotRef;
}

/** What a Connection is built from (see `connect()` for the usual way). */
export interface ConnectionInit {
  mode: OutputMode;
  model: ViewportModel;
  link: Link;
  env: EnvMessage;
  /** Display width for `projection()`; default `env.display_width` or 80. */
  width?: number;
  now?: () => number;
  /** Whether input can arrive (viewer and ANSI modes). Default: viewer mode only. */
  interactive?: boolean;
}

function closedError(type: string): ViewportError {
  return new ViewportError("closed", `cannot send ${type}: the connection is closed`);
}

/**
 * A connection to wherever the UI goes (text, ANSI, headless or a viewer).
 *
 * @example
 * ```ts
 * import { Connection } from "./connection.ts";
 * import { HeadlessLink } from "./link.ts";
 * import { ViewportModel } from "../model/viewport_model.ts";
 * import { text } from "./components.ts";
 * import assert from "node:assert/strict";
 * const conn = new Connection({ mode: { type: "headless" }, model: new ViewportModel(), link: new HeadlessLink(), env: { type: "ENV" } });
 * const label = text("Counter: 0");
 * conn.setTree(label);
 * conn.set(label, { content: "Counter: 1" });
 * assert.equal(conn.projection(), "Counter: 1");
 * await conn.close();
 * ```
 */
export class Connection {
  /** How the UI is shown (transport-spec section 5). */
  readonly outputMode: OutputMode;
  /** The app's state as the viewer has (or will have) it. */
  readonly model: ViewportModel;
  /** True when the user can interact (a viewer or the embedded renderer). */
  readonly interactive: boolean;
  #env: EnvMessage;
  #link: Link;
  #hub = new EventHub();
  #title: string | undefined;
  #queue: Message[] = [];
  // Validated at the call, applied to the model once per tick (or before any
  // structural message): rows by schema slot, and `set` patches.
  #pendingRows = new Map<number, unknown[][]>();
  #pendingSets: Patch[] = [];
  #scheduled = false;
  #handlers = new Map<number, Handlers>();
  #inputs = new InputValues();
  #rendered: VNode | null = null;
  #projection: TextProjection | null = null;
  #width: number;
  #now: () => number;
  #closed = false;
  #audio: AudioApi | undefined;
  #closedPromise: Promise<void>;
  #resolveClosed!: () => void;

  constructor(init: ConnectionInit) {
    this.outputMode = init.mode;
    this.model = init.model;
    this.interactive = init.interactive ?? init.mode.type === "viewer";
    this.#link = init.link;
    this.#env = init.env;
    this.#width = init.width ?? init.env.display_width ?? 80;
    this.#now = init.now ?? Date.now;
    this.#closedPromise = new Promise((r) => this.#resolveClosed = r);
    this.model.onChange((change) => {
      for (const id of change.removed) {
        if (!this.model.tree.get(id)) {
          this.#handlers.delete(id);
          this.#inputs.forget(id);
        }
      }
    });
  }

  /** The viewer's environment (defaults describe the local display when self-rendering). */
  get env(): EnvMessage {
    return this.#env;
  }

  /** True after `close()` or once the viewer ended the connection. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves when the connection has closed. */
  get done(): Promise<void> {
    return this.#closedPromise;
  }

  // --- tree -------------------------------------------------------------

  /** Replaces the whole UI with `root`. */
  setTree(root: VNode): void {
    const sends: [number, string][] = [];
    this.#send({ type: "TREE", root: this.#inputs.stampTree(toNodeSpec(root), sends) });
    this.#sent(sends);
    this.#sendRows(root);
    this.#handlers.clear();
    this.#register(root);
    this.#rendered = root;
  }

  /**
   * Declarative rendering: diffs `root` against the previously rendered tree by
   * node id and sends the minimal PATCH batch (or a TREE when the root changed).
   * Call it with a fresh tree whenever state changes, as with React or Ink.
   * After imperative changes (`patch`, `set`...) it diffs against the tree as
   * they left it, so inputs keep their focus and text.
   */
  render(root: VNode): void {
    let prev: PrevNode | null = this.#rendered;
    if (prev === null) {
      this.#seal(); // pending sets are part of what the viewer will have
      prev = this.model.tree.root;
    }
    // An input's value goes out whenever it differs from what the viewer
    // shows, even when the app rendered the same value last time.
    const diff = diffTrees(prev, root, (id) => this.#inputs.viewerValue(id));
    if ("tree" in diff) return this.setTree(root);
    if (diff.patches.length > 0) {
      const sends: [number, string][] = [];
      const patches = diff.patches.map((p) => this.#inputs.stampPatch(p, this.#typeOf, sends));
      this.#send({ type: "PATCH", patches });
      this.#sent(sends);
      for (const p of diff.patches) {
        if (p.children_insert) this.#sendRows(p.children_insert.node as VNode);
      }
    }
    this.#handlers.clear();
    this.#register(root);
    this.#rendered = root;
  }

  /** Sends raw patches (applied atomically as one batch). */
  patch(patches: Patch | Patch[]): void {
    const list = Array.isArray(patches) ? patches : [patches];
    if (list.length === 0) return;
    this.#rendered = null;
    // Input values get their value_seq; other patches (most) go as they are.
    const sends: [number, string][] = [];
    let stamped = list;
    for (let i = 0; i < list.length; i++) {
      const p = this.#inputs.stampPatch(list[i], this.#typeOf, sends);
      if (p !== list[i]) (stamped === list ? stamped = list.slice() : stamped)[i] = p;
    }
    if (stamped.length === 1 && this.#deferSet(stamped[0])) return this.#sent(sends);
    this.#send({ type: "PATCH", patches: stamped });
    this.#sent(sends);
    for (const p of list) {
      if (p.children_insert) this.#register(p.children_insert.node as VNode);
      if (p.replace) this.#register(p.replace as VNode);
    }
    this.#rendered = null;
  }

  #typeOf = (id: number): string | undefined => this.model.tree.get(id)?.type;

  #sent(sends: [number, string][]): void {
    for (let i = 0; i < sends.length; i++) this.#inputs.sent(sends[i][0], sends[i][1]);
  }

  /**
   * Sets props of a node (`null` removes one; `on*` functions become its
   * handlers). The props are checked against the node's type; with a bare id,
   * against any node type's.
   */
  set<R extends NodeRef>(ref: R, props: PropsFor<R> & Handlers): void {
    const all = props as Props;
    let plain = true;
    for (const k in all) if (typeof all[k] === "function") plain = false;
    if (plain) return this.patch({ target: idOf(ref), set: all });
    const node = makeNode("box", { ...all, id: idOf(ref) });
    if (Object.keys(node.props).length > 0) this.patch({ target: node.id, set: node.props });
    if (node.handlers) {
      this.#handlers.set(node.id, { ...this.#handlers.get(node.id), ...node.handlers });
    }
  }

  /** Inserts `node` as child number `index` of `parent`. */
  insert(parent: NodeRef, index: number, node: VNode): void {
    this.patch({ target: idOf(parent), children_insert: { index, node: toNodeSpec(node) } });
    this.#register(node);
    this.#sendRows(node);
  }

  /** Appends `node` as the last child of `parent`. */
  append(parent: NodeRef, node: VNode): void {
    const p = this.model.tree.get(idOf(parent));
    this.insert(parent, p ? p.childCount : 0, node);
  }

  /** Removes a node and its subtree. */
  remove(ref: NodeRef): void {
    this.patch({ target: idOf(ref), remove: true });
  }

  /** Moves a child of `parent` from one index to another. */
  move(parent: NodeRef, from: number, to: number): void {
    this.patch({ target: idOf(parent), children_move: { from, to } });
  }

  /** Replaces a node (and its subtree) with `node`. */
  replace(ref: NodeRef, node: VNode): void {
    this.patch({ target: idOf(ref), replace: toNodeSpec(node) });
    this.#register(node);
    this.#sendRows(node);
  }

  // --- slots, schemas, data ------------------------------------------------

  /** Defines (or with `null` deletes) a slot. */
  define(slot: number, value: SlotValue | null): SlotRef {
    this.#send({ type: "DEFINE", slot, value });
    return new SlotRef(slot);
  }

  /** Declares a schema; returns a reference to bind scroll nodes and rows to. */
  schema(slot: number, columns: readonly ColumnInput[]): SlotRef {
    const cols: Column[] = columns.map((c, i) => {
      const col: Column = { id: c.id ?? i, name: c.name, type: c.type };
      if (c.unit !== undefined) col.unit = c.unit;
      if (c.format !== undefined) col.format = c.format;
      return col;
    });
    this.#send({ type: "SCHEMA", slot, columns: cols });
    return new SlotRef(slot);
  }

  /**
   * Streams data rows: one positional row (`[...]`), one dict row (`{...}`), or
   * many positional rows (`[[...], [...]]`). Rows of one tick go out batched.
   */
  data(
    rows: readonly unknown[] | readonly (readonly unknown[])[] | Record<string, unknown>,
    options: DataOptions = {},
  ): void {
    const s = options.schema;
    const many = Array.isArray(rows) && rows.length > 0 && Array.isArray(rows[0]) &&
      rows.every(Array.isArray);
    if (Array.isArray(rows) && rows.length === 0) return;
    if (s === undefined) {
      this.#send(
        many
          ? { type: "DATA", rows: rows as unknown[][] }
          : { type: "DATA", row: rows as unknown[] | Record<string, unknown> },
      );
      return;
    }
    if (this.#closed) throw closedError("DATA");
    const slot = typeof s === "number" ? s : s.slot;
    // Hot path: one positional row of the right width, no type checks (viewer mode).
    const pending0 = this.#pendingRows.get(slot);
    if (
      pending0 && !many && Array.isArray(rows) && !this.model.checkRowTypes &&
      rows.length === this.model.data.schema(slot)?.columns.length
    ) {
      pending0.push(rows as unknown[]);
      return;
    }
    const list = (many ? rows : [rows]) as (unknown[] | Record<string, unknown>)[];
    const checked = this.model.data.check(slot, list, this.model.checkRowTypes);
    const pending = this.#pendingRows.get(slot);
    if (pending) { for (let i = 0; i < checked.length; i++) pending.push(checked[i]); }
    else this.#pendingRows.set(slot, checked === list ? checked.slice() : checked);
    this.#schedule();
  }

  /**
   * Sends a canvas node's drawing: for `vector2d` it replaces the display
   * list; `webgpu` and `stream` commands add to the canvas's state (see
   * `GpuCanvas` and `VideoStream` for those).
   */
  draw(ref: NodeRef, commands: CanvasCommand[], mode = "vector2d"): void {
    this.#send({ type: "CANVAS", target: idOf(ref), mode, commands });
  }

  /** Sounds: `conn.audio.play("bell")`, `conn.audio.stream()` (see {@linkcode AudioApi}). */
  get audio(): AudioApi {
    return this.#audio ??= new AudioApi((m) => this.#send(m), () => this.#env);
  }

  /**
   * Sends any message as it is (applied to the shadow model first, so invalid
   * state changes throw here). For tools like `viewport emit`; apps use the
   * methods above.
   */
  send(message: Message): void {
    this.#send(message);
    if (message.type === "TREE" || message.type === "PATCH") this.#rendered = null;
  }

  /** Sets the region's title (shown by viewers in tabs and status lines). */
  title(title: string): void {
    this.#title = title;
    this.#send({ type: "REGION", action: "title", title });
  }

  // --- events ------------------------------------------------------------

  /** Subscribes to an event; returns an unsubscribe function. */
  on<K extends keyof ConnectionEventMap>(
    type: K,
    listener: (data: ConnectionEventMap[K]) => void,
  ): () => void {
    return this.#hub.on(type, listener);
  }

  /** All events from now on as an async iterator; it ends when the connection closes. */
  events(): AsyncIterableIterator<ConnectionEvent> {
    return this.#hub.iterate();
  }

  /**
   * Takes a message from the viewer (or the embedded renderer): ENV updates
   * `env`, INPUT goes to the target's handler, viewer DEFINEs update slots,
   * REGION `close` ends the connection. Links call this; tests may too.
   */
  receive(message: Message): void {
    if (this.#closed) return;
    switch (message.type) {
      case "ENV":
        this.#env = message;
        if (message.display_width) this.#width = message.display_width;
        this.#hub.emit("env", message);
        return;
      case "INPUT":
        return this.#dispatch(message);
      case "REGION":
        this.#hub.emit("region", message);
        if (message.action === "close") void this.#end("the viewer closed the region");
        return;
      case "DEFINE":
        try {
          this.model.apply(message, "viewer");
        } catch (err) {
          this.#hub.emit("error", err as ViewportError);
        }
        return;
      case "ERROR":
        this.#hub.emit("error", message);
        return;
      default:
        return;
    }
  }

  /** Reports a problem from a link (not the app's fault). */
  reportError(error: ViewportError): void {
    this.#hub.emit("error", error);
  }

  /**
   * True when some node has a handler for this INPUT kind (`"hover"` →
   * `onHover`), so a renderer can skip work nobody listens for.
   */
  handles(kind: string): boolean {
    const name = HANDLER_FOR_KIND[kind];
    if (!name) return false;
    for (const h of this.#handlers.values()) if (h[name]) return true;
    return false;
  }

  /** Reports that the viewer link came back. */
  reportReconnect(attempt: number): void {
    // The title is no model state, so the link's re-sent snapshot lacks it.
    if (this.#title !== undefined) {
      this.#send({ type: "REGION", action: "title", title: this.#title });
    }
    this.#hub.emit("reconnect", { attempt });
  }

  // --- lifecycle ------------------------------------------------------------

  /** The text projection of the current state (what a pipe or screen reader gets). */
  projection(): string {
    this.#seal();
    this.#projection ??= new TextProjection(this.model, { width: this.#width, now: this.#now });
    return this.#projection.text();
  }

  /** Sends everything queued and waits until it is written out. */
  async flush(): Promise<void> {
    this.#flushTick();
    await this.#link.flush();
  }

  /** Flushes and ends the connection. Idempotent. */
  close(): Promise<void> {
    return this.#end("closed by the app");
  }

  async #end(reason: string): Promise<void> {
    if (this.#closed) return this.#closedPromise;
    this.#flushTick();
    this.#closed = true;
    try {
      await this.#link.close();
    } finally {
      this.#hub.emit("close", { reason });
      this.#hub.end();
      this.#resolveClosed();
    }
  }

  #send(message: Message): void {
    if (this.#closed) throw closedError(message.type);
    this.#seal();
    this.model.apply(message, "app"); // throws before anything is queued
    this.#queue.push(message);
    this.#schedule();
  }

  /** A lone `set` on a live node is checked now and applied with the tick's others. */
  #deferSet(p: Patch): boolean {
    if (
      p.set === undefined || p.children_insert || p.children_move || p.replace || p.remove ||
      p.transition !== undefined || this.#closed
    ) return false;
    const node = this.model.tree.get(p.target);
    if (!node || (p.set.interactive != null && node.type !== "box")) return false; // model explains
    this.#pendingSets.push(p);
    this.#schedule();
    return true;
  }

  #seal(): void {
    if (this.#pendingSets.length > 0) {
      const patches = this.#pendingSets;
      this.#pendingSets = [];
      const msg: Message = { type: "PATCH", patches };
      this.model.apply(msg, "app");
      this.#queue.push(msg);
    }
    if (this.#pendingRows.size > 0) {
      for (const [slot, rows] of this.#pendingRows) {
        this.model.appendChecked(slot, rows);
        this.#queue.push({ type: "DATA", schema: new SlotRef(slot), rows });
      }
      this.#pendingRows.clear();
    }
  }

  #schedule(): void {
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#flushTick());
    }
  }

  #flushTick(): void {
    this.#scheduled = false;
    this.#seal();
    if (this.#queue.length === 0) return;
    const batch = coalesce(this.#queue);
    this.#queue = [];
    this.#link.send(batch);
  }

  /** Rows given to `scroll(props, rows)` go out as DATA when the node is first sent. */
  #sendRows(node: VNode): void {
    const stack: VNode[] = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const rows = (n as VNode & { rows?: unknown[][] }).rows;
      const schema = n.props.schema;
      if (rows && rows.length > 0 && schema instanceof SlotRef) this.data(rows, { schema });
      if (n.children) { for (const c of n.children) stack.push(c); }
    }
  }

  #register(node: VNode): void {
    const stack: VNode[] = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.handlers) this.#handlers.set(n.id, n.handlers);
      if (n.children) { for (const c of n.children) stack.push(c); }
    }
  }

  #dispatch(input: InputMessage): void {
    // Typed before the app's newer value reached the viewer: the viewer
    // merges the two and reports again, so this one is left out.
    if (!this.#inputs.accept(input)) return;
    const name = HANDLER_FOR_KIND[input.kind];
    // Bubble to the nearest ancestor with a handler, like DOM events; a key
    // handler that returns false did not use the key, which bubbles on.
    let node = input.target === undefined ? undefined : this.model.tree.get(input.target);
    while (node && name) {
      // Handlers are stored by kind: this one takes events of the input's kind.
      const handler = this.#handlers.get(node.id)?.[name] as
        | ((e: InputMessage) => unknown)
        | undefined;
      node = node.parent ?? undefined;
      if (!handler) continue;
      let used: unknown;
      try {
        used = handler(input);
      } catch (err) {
        this.#hub.onListenerError(err);
      }
      if (used !== false || input.kind !== "key") break;
    }
    this.#hub.emit("input", input);
  }
}
