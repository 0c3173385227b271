/**
 * One session's state: definition table, render tree, schemas and data, canvas
 * display lists. Applies messages atomically and tells listeners what changed.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import { decodeColumns } from "../protocol/messages/decode.ts";
import type { Column, Message } from "../protocol/messages/types.ts";
import { applyCanvas, type CanvasDrawing } from "../media/canvas_state.ts";
import { canvasBytes } from "./canvas_bytes.ts";
import { DataStore, type DataStoreOptions } from "./data_store.ts";
import { DefinitionTable, type SlotOrigin } from "./definition_table.ts";
import type { ModelNode, TreeChange } from "./model_node.ts";
import { RenderTree, type RenderTreeOptions } from "./render_tree.ts";
import type { Steps } from "../protocol/slices.ts";

/** Limits for a {@linkcode ViewportModel}. */
export interface ViewportModelOptions extends RenderTreeOptions, DataStoreOptions {
  /**
   * Most estimated bytes of retained state: tree, rows and canvas drawings.
   * Rows give way first (oldest dropped and counted); a TREE, PATCH or CANVAS
   * that does not fit even without rows is rejected (`too_large`). Default
   * unlimited; see {@linkcode ViewportModel.maxBytes}.
   */
  maxBytes?: number;
  /**
   * Check every DATA value against its column type (default true). An app's
   * shadow copy may turn this off when a viewer, which checks, is authoritative.
   */
  checkRowTypes?: boolean;
}

/** What an applied message changed. */
export interface ModelChange {
  /** Ids of nodes whose props, children, data or drawing changed (or were added). */
  nodes: ReadonlySet<number>;
  /** Ids no longer in the tree. */
  removed: ReadonlySet<number>;
  /** True when a TREE replaced everything. */
  root: boolean;
  /** Slots that were defined, redefined or deleted. */
  slots: ReadonlySet<number>;
}

export type { CanvasDrawing } from "../media/canvas_state.ts";

const NONE: ReadonlySet<number> = new Set();

/**
 * The model of one session.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "./viewport_model.ts";
 * import assert from "node:assert/strict";
 * const m = new ViewportModel();
 * m.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "Counter: 0" } } });
 * m.apply({ type: "PATCH", patches: [{ target: 1, set: { content: "Counter: 1" } }] });
 * assert.equal(m.tree.get(1)?.props.content, "Counter: 1");
 * ```
 */
export class ViewportModel {
  readonly slots: DefinitionTable = new DefinitionTable();
  readonly tree: RenderTree;
  readonly data: DataStore;
  readonly canvases: Map<number, CanvasDrawing> = new Map();
  #listeners = new Set<(change: ModelChange) => void>();
  #checkRowTypes: boolean;
  #maxBytes: number;
  #canvasBytes = new Map<number, number>();
  #canvasTotal = 0;

  constructor(options: ViewportModelOptions = {}) {
    this.tree = new RenderTree(options);
    this.data = new DataStore(options);
    this.#checkRowTypes = options.checkRowTypes ?? true;
    this.#maxBytes = options.maxBytes ?? Infinity;
    this.#limits();
  }

  /**
   * Most estimated bytes of retained state (tree, rows, drawings). A host may
   * lower it at any time (a viewer-wide budget shared by sessions): rows are
   * dropped at once to fit; the tree and drawings are checked on their next
   * change.
   */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  set maxBytes(bytes: number) {
    this.#maxBytes = bytes;
    this.#afterTree();
  }

  /** Estimated bytes of retained state: tree, rows and canvas drawings. */
  get bytes(): number {
    return this.tree.bytes + this.data.bytes + this.#canvasTotal;
  }

  /** Rows may use what the tree and drawings leave; the tree what drawings leave. */
  #limits(): void {
    this.tree.maxBytes = this.#maxBytes - this.#canvasTotal;
    this.data.maxBytes = Math.max(0, this.#maxBytes - this.tree.bytes - this.#canvasTotal);
  }

  /** Whether DATA values are checked against column types (shape is always checked). */
  get checkRowTypes(): boolean {
    return this.#checkRowTypes;
  }

  /** Subscribes to changes; returns an unsubscribe function. */
  onChange(listener: (change: ModelChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Applies one message. Throws `ViewportError` when it is rejected, leaving the
   * model exactly as it was. Messages that carry no state (INPUT, ENV, REGION,
   * AUDIO, ERROR) are accepted and change nothing.
   */
  apply(message: Message, origin: SlotOrigin = "app"): void {
    switch (message.type) {
      case "TREE":
        this.tree.maxBytes = this.#maxBytes;
        this.#treeChanged(this.tree.setRoot(message.root));
        this.canvases.clear();
        this.#canvasBytes.clear();
        this.#canvasTotal = 0;
        this.#afterTree();
        return;
      case "PATCH":
        this.#limits();
        this.#treeChanged(this.tree.apply(message.patches));
        for (const id of this.canvases.keys()) {
          if (!this.tree.get(id)) this.#dropCanvas(id);
        }
        this.#afterTree();
        return;
      case "DEFINE": {
        const v = message.value;
        const columns = v?.kind === "schema" ? decodeColumnsOrThrow(v.columns) : undefined;
        const outcome = this.slots.define(message.slot, v, origin);
        if (outcome === "overridden" || outcome === "unchanged") return;
        let nodes: ReadonlySet<number> = NONE;
        if (columns) nodes = this.#schemaChanged(message.slot, columns);
        else if (this.data.deleteSchema(message.slot)) nodes = this.#touchBound(message.slot);
        this.#emit({ nodes, removed: NONE, root: false, slots: new Set([message.slot]) });
        return;
      }
      case "SCHEMA": {
        const outcome = this.slots.define(message.slot, {
          kind: "schema",
          columns: message.columns,
        }, origin);
        if (outcome === "overridden") return;
        const nodes = this.#schemaChanged(message.slot, message.columns);
        this.#emit({ nodes, removed: NONE, root: false, slots: new Set([message.slot]) });
        return;
      }
      case "DATA": {
        const slot = message.schema?.slot;
        const rows = message.rows ?? [message.row!];
        this.#checkDataWork(slot, rows.length);
        this.#limits();
        this.data.append(slot, rows, this.#checkRowTypes);
        this.#rowsAdded(slot ?? -1);
        return;
      }
      case "CANVAS": {
        const node = this.tree.get(message.target);
        if (!node || node.type !== "canvas") {
          throw new ViewportError(
            ErrorCode.UNKNOWN_TARGET,
            `CANVAS target ${message.target} is ${
              node ? `a ${node.type} node` : "not a live node"
            } (expected a canvas node)`,
          );
        }
        // What counts is what the canvas keeps (WebGPU resources and stream chunks
        // accumulate), not the message alone; checked before any of it is applied.
        let size = 0;
        let total = 0;
        const drawing = applyCanvas(this.canvases.get(node.id), message, (next) => {
          size = canvasBytes(next);
          total = this.#canvasTotal - (this.#canvasBytes.get(node.id) ?? 0) + size;
          if (this.tree.bytes + total > this.#maxBytes) {
            throw new ViewportError(
              ErrorCode.TOO_LARGE,
              `CANVAS ${node.id}: the drawing (about ${size} bytes) does not fit the session's ` +
                `limit of ${this.#maxBytes} bytes`,
            );
          }
        });
        this.canvases.set(node.id, drawing);
        this.#canvasBytes.set(node.id, size);
        this.#canvasTotal = total;
        this.#afterTree();
        this.#emitTree(this.tree.touch([node]));
        return;
      }
      default:
        return;
    }
  }

  /**
   * {@linkcode ViewportModel.apply} in steps, for a message too large for one
   * turn of the event loop (a TREE of 100,000 nodes, a PATCH of 99,000
   * patches, 16 MiB of rows): yields the work done so far. The work happens
   * beside the live state, which stays exactly as it was (what every reader
   * sees) until the last step commits it at once and tells listeners, as
   * `apply` does. An error at any step leaves the model as it was, with the
   * error `apply` would throw. Messages other than TREE, PATCH and DATA with
   * a schema are applied at once.
   *
   * @example
   * ```ts
   * import { ViewportModel } from "./viewport_model.ts";
   * import { runSlices } from "../protocol/slices.ts";
   * import assert from "node:assert/strict";
   * const m = new ViewportModel();
   * const children = Array.from({ length: 20_000 }, (_, i) => ({ id: i + 2, type: "text" as const, props: {} }));
   * let slices = 0;
   * const applying = runSlices(m.applySteps({ type: "TREE", root: { id: 1, type: "box", props: {}, children } }), {
   *   sliceWork: 10_000,
   *   onWork: () => slices++,
   * });
   * assert.equal(m.tree.size, 0, "nothing shows before the commit");
   * await applying;
   * assert.equal(m.tree.size, 20_001);
   * assert.ok(slices > 1);
   * ```
   */
  *applySteps(message: Message, origin: SlotOrigin = "app"): Steps<void> {
    switch (message.type) {
      case "TREE": {
        this.tree.maxBytes = this.#maxBytes;
        const staged = yield* this.tree.stageRoot(message.root);
        this.tree.maxBytes = this.#maxBytes;
        this.#treeChanged(this.tree.commitRoot(staged));
        this.canvases.clear();
        this.#canvasBytes.clear();
        this.#canvasTotal = 0;
        this.#afterTree();
        return;
      }
      case "PATCH": {
        this.#limits();
        const staged = yield* this.tree.stagePatches(message.patches);
        this.#limits();
        this.#treeChanged(this.tree.commitPatches(staged));
        for (const id of this.canvases.keys()) {
          if (!this.tree.get(id)) this.#dropCanvas(id);
        }
        this.#afterTree();
        return;
      }
      case "DATA": {
        const slot = message.schema?.slot;
        const rows = message.rows ?? [message.row!];
        if (slot === undefined) break;
        this.#checkDataWork(slot, rows.length);
        const entry = this.data.schema(slot);
        const checked = yield* this.data.checkSteps(slot, rows, this.#checkRowTypes);
        if (this.data.schema(slot) !== entry) {
          throw new ViewportError(
            ErrorCode.BAD_MESSAGE,
            `DATA schema @${slot} changed while the rows were being checked: send them again`,
          );
        }
        this.#limits();
        this.data.store(slot, checked);
        this.#rowsAdded(slot);
        return;
      }
    }
    this.apply(message, origin);
  }

  #checkDataWork(slot: number | undefined, count: number): void {
    // Checking a row costs one unit per value: the batch work budget applies.
    const cells = count *
      (1 + (slot === undefined ? 1 : this.data.schema(slot)?.columns.length ?? 0));
    if (cells > this.tree.maxWork) {
      throw new ViewportError(
        ErrorCode.TOO_LARGE,
        `DATA of ${count} rows (${cells} values) is more work than the limit of ` +
          `${this.tree.maxWork} units for one message: split it into smaller frames`,
      );
    }
  }

  /**
   * Appends rows that `data.check` already validated (the SDK checks at the
   * call and stores once per tick), notifying bound nodes like a DATA message.
   */
  appendChecked(slot: number, rows: readonly unknown[][]): void {
    this.#limits();
    this.data.store(slot, rows);
    this.#rowsAdded(slot);
  }

  #rowsAdded(slot: number): void {
    // The append may have dropped rows of other schemas to stay within bytes.
    const trimmed = this.data.trimmed;
    this.data.trimmed = [];
    let nodes = this.#touchBound(slot);
    if (trimmed.length > 0) {
      const all = new Set(nodes);
      for (const other of trimmed) for (const id of this.#touchBound(other)) all.add(id);
      nodes = all;
    }
    if (nodes.size > 0) this.#emit({ nodes, removed: NONE, root: false, slots: NONE });
  }

  #treeChanged(change: TreeChange): void {
    this.#emitTree(change);
  }

  /** After the tree or drawings grew (or the limit fell): rows give way. */
  #afterTree(): void {
    this.#limits();
    if (this.data.bytes <= this.data.maxBytes) return;
    const trimmed = this.data.fit();
    const nodes = new Set<number>();
    for (const slot of trimmed) for (const id of this.#touchBound(slot)) nodes.add(id);
    if (nodes.size > 0) this.#emit({ nodes, removed: NONE, root: false, slots: NONE });
  }

  #dropCanvas(id: number): void {
    this.canvases.delete(id);
    this.#canvasTotal -= this.#canvasBytes.get(id) ?? 0;
    this.#canvasBytes.delete(id);
  }

  /** Clears everything (a fresh TREE will follow). */
  reset(): void {
    this.slots.clear();
    this.data.clear();
    this.canvases.clear();
    this.#canvasBytes.clear();
    this.#canvasTotal = 0;
    if (this.tree.root) {
      this.#emitTree(this.tree.apply([{ target: this.tree.root.id, remove: true }]));
    }
    this.#limits();
  }

  #schemaChanged(slot: number, columns: Column[]): ReadonlySet<number> {
    this.data.defineSchema(slot, columns);
    return this.#touchBound(slot);
  }

  #touchBound(slot: number): ReadonlySet<number> {
    const bound: ReadonlySet<ModelNode> = this.tree.boundTo(slot);
    if (bound.size === 0) return NONE;
    return this.tree.touch(bound).changed;
  }

  #emitTree(change: TreeChange): void {
    this.#emit({ nodes: change.changed, removed: change.removed, root: change.root, slots: NONE });
  }

  #emit(change: ModelChange): void {
    for (const l of this.#listeners) l(change);
  }
}

function decodeColumnsOrThrow(value: unknown): Column[] {
  try {
    return decodeColumns(value);
  } catch {
    throw new ViewportError(ErrorCode.BAD_MESSAGE, "DEFINE value.columns: not a valid schema");
  }
}
