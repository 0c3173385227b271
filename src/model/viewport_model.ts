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
import { DataStore, type DataStoreOptions } from "./data_store.ts";
import { DefinitionTable, type SlotOrigin } from "./definition_table.ts";
import type { ModelNode, TreeChange } from "./model_node.ts";
import { RenderTree, type RenderTreeOptions } from "./render_tree.ts";

/** Limits for a {@linkcode ViewportModel}. */
export interface ViewportModelOptions extends RenderTreeOptions, DataStoreOptions {
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
 * const m = new ViewportModel();
 * m.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "Counter: 0" } } });
 * m.apply({ type: "PATCH", patches: [{ target: 1, set: { content: "Counter: 1" } }] });
 * console.assert(m.tree.get(1)?.props.content === "Counter: 1");
 * ```
 */
export class ViewportModel {
  readonly slots: DefinitionTable = new DefinitionTable();
  readonly tree: RenderTree;
  readonly data: DataStore;
  readonly canvases: Map<number, CanvasDrawing> = new Map();
  #listeners = new Set<(change: ModelChange) => void>();
  #checkRowTypes: boolean;

  constructor(options: ViewportModelOptions = {}) {
    this.tree = new RenderTree(options);
    this.data = new DataStore(options);
    this.#checkRowTypes = options.checkRowTypes ?? true;
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
        this.#emitTree(this.tree.setRoot(message.root));
        this.canvases.clear();
        return;
      case "PATCH":
        this.#emitTree(this.tree.apply(message.patches));
        for (const id of this.canvases.keys()) if (!this.tree.get(id)) this.canvases.delete(id);
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
        this.data.append(slot, message.rows ?? [message.row!], this.#checkRowTypes);
        if (slot !== undefined) this.#rowsAdded(slot);
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
        this.canvases.set(node.id, applyCanvas(this.canvases.get(node.id), message));
        this.#emitTree(this.tree.touch([node]));
        return;
      }
      default:
        return;
    }
  }

  /**
   * Appends rows that `data.check` already validated (the SDK checks at the
   * call and stores once per tick), notifying bound nodes like a DATA message.
   */
  appendChecked(slot: number, rows: readonly unknown[][]): void {
    this.data.store(slot, rows);
    this.#rowsAdded(slot);
  }

  #rowsAdded(slot: number): void {
    const nodes = this.#touchBound(slot);
    if (nodes.size > 0) this.#emit({ nodes, removed: NONE, root: false, slots: NONE });
  }

  /** Clears everything (a fresh TREE will follow). */
  reset(): void {
    this.slots.clear();
    this.data.clear();
    this.canvases.clear();
    if (this.tree.root) {
      this.#emitTree(this.tree.apply([{ target: this.tree.root.id, remove: true }]));
    }
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
