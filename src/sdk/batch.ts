/**
 * Per-tick batching: the messages an app produced in one tick, coalesced so
 * that patches go out as one PATCH and rows as `rows` batches.
 *
 * @module
 */
import type { DataMessage, Message, Patch } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";

/**
 * Most rows per DATA frame: big enough to amortize framing, small enough to interleave.
 *
 * @example
 * ```ts
 * import { ROWS_PER_FRAME } from "./batch.ts";
 * import assert from "node:assert/strict";
 * assert.equal(ROWS_PER_FRAME, 4096);
 * ```
 */
export const ROWS_PER_FRAME = 4096;

/**
 * Coalesces one tick's messages. Between two "barrier" messages (TREE, DEFINE,
 * SCHEMA, CANVAS, REGION...), all patches become one PATCH (in order) followed
 * by one positional `rows` DATA per schema, split every `rowsPerFrame` rows.
 * Barriers keep their place, so a SCHEMA always precedes its rows and a TREE
 * precedes patches made after it.
 *
 * Positional rows only are merged; dict rows are kept as they are (the viewer
 * maps them by column name).
 *
 * @example
 * ```ts
 * import { coalesce } from "./batch.ts";
 * import { SlotRef } from "../protocol/slot_ref.ts";
 * import assert from "node:assert/strict";
 * const out = coalesce([
 *   { type: "PATCH", patches: [{ target: 1, set: { a: 1 } }] },
 *   { type: "DATA", schema: new SlotRef(5), row: ["x"] },
 *   { type: "PATCH", patches: [{ target: 2, set: { a: 2 } }] },
 *   { type: "DATA", schema: new SlotRef(5), row: ["y"] },
 * ]);
 * assert.equal(out.length, 2);
 * assert.equal(out[1].type, "DATA");
 * assert.equal(out[1].rows?.length, 2);
 * ```
 */
export function coalesce(messages: readonly Message[], rowsPerFrame = ROWS_PER_FRAME): Message[] {
  if (messages.length === 1 && messages[0].type !== "DATA") return messages as Message[];
  const out: Message[] = [];
  let patches: Patch[] | null = null;
  // Keyed by schema slot (-1: no schema); insertion order = first appearance.
  let rows: Map<number, unknown[][]> | null = null;
  const owned = new Set<unknown[][]>();

  const endSegment = () => {
    if (patches) out.push({ type: "PATCH", patches });
    if (rows) {
      for (const [slot, list] of rows) {
        for (let i = 0; i < list.length; i += rowsPerFrame) {
          const chunk = i === 0 && list.length <= rowsPerFrame
            ? list
            : list.slice(i, i + rowsPerFrame);
          const msg: DataMessage = { type: "DATA", rows: chunk };
          if (slot >= 0) msg.schema = new SlotRef(slot);
          out.push(msg);
        }
      }
    }
    patches = null;
    rows = null;
  };

  for (const m of messages) {
    if (m.type === "PATCH") {
      if (patches) { for (const p of m.patches) patches.push(p); }
      else patches = m.patches.slice();
    } else if (m.type === "DATA" && (m.rows || Array.isArray(m.row))) {
      const key = m.schema?.slot ?? -1;
      rows ??= new Map();
      const list = rows.get(key);
      const add = m.rows ?? [m.row as unknown[]];
      // The first batch is used as it is; a copy is made only to append to it.
      if (!list) rows.set(key, add);
      else if (owned.has(list)) { for (const r of add) list.push(r); }
      else {
        const copy = list.concat(add);
        owned.add(copy);
        rows.set(key, copy);
      }
    } else {
      endSegment();
      out.push(m);
    }
  }
  endSegment();
  return out;
}
