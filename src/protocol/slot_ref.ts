/**
 * Slot references: `@12` in the drafts, CBOR tag 39 around the slot index on the wire.
 *
 * @module
 */

/**
 * A reference to a slot of the definition table.
 *
 * @example
 * ```ts
 * import { SlotRef, slot } from "./slot_ref.ts";
 * import assert from "node:assert/strict";
 * const ref = slot(12);
 * assert.ok(ref instanceof SlotRef);
 * assert.equal(ref.slot, 12);
 * assert.equal(String(ref), "@12");
 * ```
 */
export class SlotRef {
  /** The slot index. */
  readonly slot: number;
  constructor(slot: number) {
    if (!Number.isInteger(slot) || slot < 0 || slot > 0xffff_ffff) {
      throw new RangeError(`slot index must be an integer 0..4294967295, got ${String(slot)}`);
    }
    this.slot = slot;
  }
  /** `@N`, the form tools print. */
  toString(): string {
    return `@${this.slot}`;
  }
  /** JSON form `{"$slot": N}`, which `viewport emit` also reads. */
  toJSON(): { $slot: number } {
    return { $slot: this.slot };
  }
}

/**
 * Shorthand for `new SlotRef(index)`.
 *
 * @example
 * ```ts
 * import { slot } from "./slot_ref.ts";
 * import assert from "node:assert/strict";
 * assert.equal(slot(0).slot, 0);
 * ```
 */
export function slot(index: number): SlotRef {
  return new SlotRef(index);
}

/**
 * True when `value` is a {@linkcode SlotRef}.
 *
 * @example
 * ```ts
 * import { isSlotRef, slot } from "./slot_ref.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isSlotRef(slot(3)));
 * assert.ok(!isSlotRef(3));
 * ```
 */
export function isSlotRef(value: unknown): value is SlotRef {
  return value instanceof SlotRef;
}
