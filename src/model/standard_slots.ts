/**
 * The standard slots 0-127 and the values a viewer fills them with on connect
 * (protocol-spec section 3.1).
 *
 * @module
 */
import type { SlotValue } from "../protocol/messages/types.ts";

/**
 * Default values of the standard slots, by index.
 *
 * @example
 * ```ts
 * import { STANDARD_SLOTS } from "./standard_slots.ts";
 * import assert from "node:assert/strict";
 * assert.equal(STANDARD_SLOTS.get(2)?.role, "accent");
 * ```
 */
export const STANDARD_SLOTS: ReadonlyMap<number, Readonly<SlotValue>> = new Map<number, SlotValue>([
  [0, { kind: "color", role: "background", value: "#1e1e2e" }],
  [1, { kind: "color", role: "foreground", value: "#cdd6f4" }],
  [2, { kind: "color", role: "accent", value: "#89b4fa" }],
  [3, { kind: "color", role: "error", value: "#f38ba8" }],
  [4, { kind: "color", role: "border", value: "#45475a" }],
  [5, { kind: "color", role: "dim", value: "#6c7086" }],
  [32, { kind: "keybind", action: "copy", key: "ctrl+c" }],
  [33, { kind: "keybind", action: "paste", key: "ctrl+v" }],
  [34, { kind: "keybind", action: "interrupt", key: "ctrl+shift+c" }],
  [64, { kind: "transition", role: "default", duration_ms: 150, easing: "ease-out" }],
  [65, { kind: "transition", role: "motion", duration_ms: 300, easing: "ease-in-out" }],
  [80, { kind: "text_size", role: "body", value: 14 }],
  [81, { kind: "text_size", role: "small", value: 12 }],
  [82, { kind: "text_size", role: "heading", value: 20 }],
]);

/** Slot value kinds named by the spec (others are stored as sent). */
export const SLOT_KINDS = [
  "style",
  "color",
  "keybind",
  "transition",
  "text_size",
  "schema",
  "data",
] as const;
