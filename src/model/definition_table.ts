/**
 * The definition table: slots holding reusable values, written by both sides.
 *
 * @module
 */
import { STANDARD_SLOT_LIMIT } from "../protocol/constants.ts";
import type { SlotValue } from "../protocol/messages/types.ts";
import { STANDARD_SLOTS } from "./standard_slots.ts";

/** Who wrote a slot. */
export type SlotOrigin = "app" | "viewer";

/** What a DEFINE did. */
export type DefineOutcome = "set" | "deleted" | "unchanged" | "overridden";

/**
 * Slots by index. For a standard slot (0-127) that the viewer has written, the
 * viewer's value wins: an app's later DEFINE of it is ignored ("overridden").
 *
 * @example
 * ```ts
 * import { DefinitionTable } from "./definition_table.ts";
 * import assert from "node:assert/strict";
 * const t = new DefinitionTable();
 * t.fillStandard();
 * assert.equal(t.define(0, { kind: "color", value: "#000" }, "app"), "overridden");
 * assert.equal(t.define(200, { kind: "data", value: 1 }, "app"), "set");
 * assert.equal(t.define(200, null, "app"), "deleted");
 * assert.equal(t.get(200), undefined);
 * ```
 */
export class DefinitionTable {
  #slots = new Map<number, SlotValue>();
  #viewerOwned = new Set<number>();

  /** Number of defined slots. */
  get size(): number {
    return this.#slots.size;
  }

  /** The value in `slot`, if any. */
  get(slot: number): SlotValue | undefined {
    return this.#slots.get(slot);
  }

  /**
   * Every defined slot, in index order; with `origin`, only the slots whose
   * current value that side wrote (what an app re-sends after a reconnect).
   */
  entries(origin?: SlotOrigin): [number, SlotValue][] {
    const all = [...this.#slots].sort((a, b) => a[0] - b[0]);
    if (origin === undefined) return all;
    return all.filter(([slot]) => this.#viewerOwned.has(slot) === (origin === "viewer"));
  }

  /** Writes the standard slots' defaults (as the viewer does on connect). */
  fillStandard(values: ReadonlyMap<number, Readonly<SlotValue>> = STANDARD_SLOTS): number[] {
    const changed: number[] = [];
    for (const [slot, value] of values) {
      if (this.define(slot, { ...value }, "viewer") !== "unchanged") changed.push(slot);
    }
    return changed;
  }

  /** Creates, updates or (with `null`) deletes a slot. */
  define(slot: number, value: SlotValue | null, origin: SlotOrigin): DefineOutcome {
    if (origin === "app" && slot < STANDARD_SLOT_LIMIT && this.#viewerOwned.has(slot)) {
      return "overridden";
    }
    if (value === null) {
      this.#viewerOwned.delete(slot);
      return this.#slots.delete(slot) ? "deleted" : "unchanged";
    }
    if (origin === "viewer" && slot < STANDARD_SLOT_LIMIT) this.#viewerOwned.add(slot);
    this.#slots.set(slot, value);
    return "set";
  }

  /** Removes every slot. */
  clear(): void {
    this.#slots.clear();
    this.#viewerOwned.clear();
  }
}
