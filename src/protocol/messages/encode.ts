/**
 * Typed message -> wire payload (the value that is CBOR-encoded).
 *
 * @module
 */
import { MessageType } from "../constants.ts";
import { encodeNode } from "./node.ts";
import type { Message, Patch } from "./types.ts";

/**
 * The type byte of a message.
 *
 * @example
 * ```ts
 * import { messageTypeOf } from "./encode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(messageTypeOf({ type: "TREE", root: { id: 1, type: "box", props: {} } }), 2);
 * ```
 */
export function messageTypeOf(message: Message): number {
  return MessageType[message.type];
}

/**
 * Builds the payload value for `message`: its fields without the `type`
 * discriminator, nodes flattened, a one-patch batch as a single map.
 *
 * @example
 * ```ts
 * import { messageToPayload } from "./encode.ts";
 * import assert from "node:assert/strict";
 * const p = messageToPayload({ type: "PATCH", patches: [{ target: 3, remove: true }] });
 * assert.deepEqual(p, { target: 3, remove: true });
 * ```
 */
export function messageToPayload(message: Message): unknown {
  switch (message.type) {
    case "TREE":
      return { root: encodeNode(message.root) };
    case "PATCH": {
      const ps = message.patches;
      if (ps.length === 1) return patchToWire(ps[0]);
      const out = new Array(ps.length);
      for (let i = 0; i < ps.length; i++) out[i] = patchToWire(ps[i]);
      return out;
    }
    case "DEFINE":
      return { slot: message.slot, value: message.value };
    case "SCHEMA":
      return { slot: message.slot, columns: message.columns };
    case "DATA": {
      const out: Record<string, unknown> = {};
      if (message.schema !== undefined) out.schema = message.schema;
      if (message.rows !== undefined) out.rows = message.rows;
      else out.row = message.row;
      return out;
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const key in message) {
        if (key === "type") continue;
        const v = (message as Record<string, unknown>)[key];
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
  }
}

function patchToWire(p: Patch): Record<string, unknown> {
  if (p.set !== undefined) {
    return p.transition === undefined
      ? { target: p.target, set: p.set }
      : { target: p.target, set: p.set, transition: p.transition };
  }
  if (p.children_insert !== undefined) {
    const { index, node } = p.children_insert;
    return { target: p.target, children_insert: { index, node: encodeNode(node) } };
  }
  if (p.children_move !== undefined) return { target: p.target, children_move: p.children_move };
  if (p.replace !== undefined) return { target: p.target, replace: encodeNode(p.replace) };
  return { target: p.target, remove: true };
}
