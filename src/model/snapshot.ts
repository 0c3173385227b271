/**
 * A model's state as the messages that rebuild it: what an app re-sends after a
 * reconnect, and what a viewer sends a front end that joins a session.
 *
 * @module
 */
import type { DefineMessage, Message, NodeSpec } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import { canvasSnapshot } from "../media/canvas_state.ts";
import type { SlotOrigin } from "./definition_table.ts";
import type { ModelNode } from "./model_node.ts";
import type { ViewportModel } from "./viewport_model.ts";

/** Options for {@linkcode snapshotMessages}. */
export interface SnapshotOptions {
  /** Only slots written by this side (default: all slots). */
  slots?: SlotOrigin;
  /** Most rows per DATA message (default 4096). */
  rowsPerMessage?: number;
}

/**
 * The messages that rebuild `model` in a fresh peer, in a valid order: DEFINEs,
 * SCHEMAs, TREE, CANVAS drawings, then retained DATA rows in `rows` batches.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "./viewport_model.ts";
 * import { snapshotMessages } from "./snapshot.ts";
 * const m = new ViewportModel();
 * m.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * const copy = new ViewportModel();
 * for (const msg of snapshotMessages(m)) copy.apply(msg);
 * console.assert(copy.tree.get(1)?.props.content === "hi");
 * ```
 */
export function snapshotMessages(model: ViewportModel, options: SnapshotOptions = {}): Message[] {
  const out: Message[] = [];
  const perMessage = options.rowsPerMessage ?? 4096;
  const schemas: number[] = [];
  for (const [slot, value] of model.slots.entries(options.slots)) {
    if (value.kind === "schema" && model.data.schema(slot)) schemas.push(slot);
    else out.push({ type: "DEFINE", slot, value } as DefineMessage);
  }
  for (const slot of schemas) {
    out.push({ type: "SCHEMA", slot, columns: model.data.schema(slot)!.columns });
  }
  const root = model.tree.root;
  if (root) out.push({ type: "TREE", root: toSpec(root) });
  for (const [target, drawing] of model.canvases) out.push(...canvasSnapshot(target, drawing));
  for (const slot of schemas) {
    const rows = model.data.schema(slot)!.rows.toArray();
    for (let i = 0; i < rows.length; i += perMessage) {
      out.push({ type: "DATA", schema: new SlotRef(slot), rows: rows.slice(i, i + perMessage) });
    }
  }
  return out;
}

/**
 * A live node (and its subtree) as a {@linkcode NodeSpec}. Iterative, so deep
 * trees cannot overflow the stack.
 *
 * @example
 * ```ts
 * import { RenderTree } from "./render_tree.ts";
 * import { toSpec } from "./snapshot.ts";
 * const t = new RenderTree();
 * t.setRoot({ id: 1, type: "box", props: {}, children: [] });
 * console.assert(toSpec(t.root!).id === 1);
 * ```
 */
export function toSpec(root: ModelNode): NodeSpec {
  const make = (n: ModelNode): NodeSpec => {
    const s: NodeSpec = { id: n.id, type: n.type, props: n.props };
    if (n.type === "box" || n.type === "scroll") s.children = [];
    return s;
  };
  const top = make(root);
  const stack: [ModelNode, NodeSpec][] = [[root, top]];
  while (stack.length > 0) {
    const [n, s] = stack.pop()!;
    for (const c of n.children) {
      const cs = make(c);
      s.children!.push(cs);
      stack.push([c, cs]);
    }
  }
  return top;
}
