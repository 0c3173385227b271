/**
 * {@linkcode decodeMessage} as a step function, for payloads too large to
 * validate in one turn of the event loop: a PATCH of 99,000 patches, a TREE
 * of 100,000 nodes, DATA of 200,000 rows. It yields between patches, nodes
 * and rows; the result and the errors are decodeMessage's.
 *
 * @module
 */
import { MessageType } from "../constants.ts";
import { Meter, type Steps } from "../slices.ts";
import { decodeMessage, decodePatch, restated } from "./decode.ts";
import { decodeNode, decodeNodeSteps, NODE_WORK } from "./node.ts";
import type { Message, NodeSpec, Patch } from "./types.ts";
import { describe, fail, Invalid, isRecord } from "./validate.ts";

/** Work units of validating one row's shape. */
const ROW_WORK = 1;

/**
 * Validates the decoded payload `value` of a frame of type `type`, yielding
 * the work done so far (in the units of `slices.ts`) between items.
 *
 * @example
 * ```ts
 * import { decodeMessageSteps } from "./decode_steps.ts";
 * import { runSlices } from "../slices.ts";
 * import assert from "node:assert/strict";
 * const patches = Array.from({ length: 20_000 }, (_, i) => ({ target: i, set: { content: "x" } }));
 * let slices = 0;
 * const msg = await runSlices(decodeMessageSteps(0x03, patches), { sliceWork: 20_000, onWork: () => slices++ });
 * assert.equal(msg.type, "PATCH");
 * assert.equal(msg.patches.length, 20_000);
 * assert.ok(slices > 2, "expected several slices");
 * ```
 */
export function* decodeMessageSteps(type: number, value: unknown): Steps<Message> {
  const meter = new Meter();
  try {
    switch (type) {
      case MessageType.PATCH:
        if (Array.isArray(value)) return yield* patchSteps(value, meter);
        break;
      case MessageType.TREE: {
        const m = isRecord(value) ? value : undefined;
        if (m === undefined || m.root === undefined) break;
        let root: NodeSpec;
        try {
          root = yield* decodeNodeSteps(m.root, meter);
        } catch (err) {
          if (err instanceof Invalid) err.path.unshift("root");
          throw err;
        }
        return { type: "TREE", root };
      }
      case MessageType.DATA:
        yield* rowShapes(value, meter);
        break;
    }
  } catch (err) {
    throw restated(type, err);
  }
  // Everything else is small, or rejected by the plain decoder's first checks.
  return decodeMessage(type, value);
}

function* patchSteps(list: unknown[], meter: Meter): Steps<Message> {
  const patches: Patch[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const raw = list[i];
      let big: unknown = undefined;
      // A node with children is validated in steps: the rest of the patch first
      // (a placeholder for the node), so errors come in decodePatch's order.
      const patch = decodePatch(raw, (node) => {
        if (isRecord(node) && node.children !== undefined && node.children !== null) {
          big = node;
          return PLACEHOLDER;
        }
        return decodeNode(node);
      });
      if (big !== undefined) {
        const at = patch.replace !== undefined ? ["replace"] : ["children_insert", "node"];
        let node: NodeSpec;
        try {
          node = yield* decodeNodeSteps(big, meter);
        } catch (err) {
          if (err instanceof Invalid) err.path.unshift(...at);
          throw err;
        }
        if (patch.replace !== undefined) patch.replace = node;
        else patch.children_insert!.node = node;
      }
      patches[i] = patch;
      if (meter.due(NODE_WORK)) yield meter.work;
    } catch (err) {
      if (err instanceof Invalid) err.path.unshift(i);
      throw err;
    }
  }
  return { type: "PATCH", patches };
}

const PLACEHOLDER: NodeSpec = Object.freeze({ id: 0, type: "box", props: {} }) as NodeSpec;

/** The rows' shapes (the plain decoder then checks them again, at a fraction of the cost). */
function* rowShapes(value: unknown, meter: Meter): Steps<void> {
  if (!isRecord(value) || !Array.isArray(value.rows)) return;
  // The other fields first, as the plain decoder checks them before the rows.
  decodeMessage(MessageType.DATA, { ...value, rows: [] });
  const rows = value.rows;
  for (let i = 0; i < rows.length; i++) {
    if (!Array.isArray(rows[i])) {
      try {
        fail(i, `expected a positional row (array), got ${describe(rows[i])}`);
      } catch (err) {
        if (err instanceof Invalid) err.path.unshift("rows");
        throw err;
      }
    }
    if (meter.due(ROW_WORK)) yield meter.work;
  }
}
