/**
 * Browser keyboard events to Viewport key names (decisions.md): lower case,
 * modifiers joined by `+` in the order ctrl, alt, shift, meta.
 *
 * @module
 */

const NAMES: Record<string, string> = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
  " ": "space",
  Spacebar: "space",
  Esc: "escape",
  PageUp: "pageup",
  PageDown: "pagedown",
};
const MODIFIERS = new Set(["Control", "Alt", "Shift", "Meta", "AltGraph", "CapsLock", "OS"]);

/** The fields of a KeyboardEvent that name a key. */
export interface KeyFields {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * The Viewport name of a key press, or `null` for a lone modifier or a dead key.
 *
 * @example
 * ```ts
 * import { keyName } from "./key_name.ts";
 * import assert from "node:assert/strict";
 * const k = (key: string, mods: Partial<Record<"ctrlKey" | "altKey" | "shiftKey" | "metaKey", boolean>> = {}) =>
 *   keyName({ key, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods });
 * assert.equal(k("s", { ctrlKey: true }), "ctrl+s");
 * assert.equal(k("Tab", { shiftKey: true }), "shift+tab");
 * assert.equal(k("!", { shiftKey: true }), "!");
 * assert.equal(k("ArrowUp"), "up");
 * assert.equal(k("Shift"), null);
 * ```
 */
export function keyName(e: KeyFields): string | null {
  if (MODIFIERS.has(e.key) || e.key === "Dead" || e.key === "Unidentified" || e.key === "") {
    return null;
  }
  const base = NAMES[e.key] ?? e.key.toLowerCase();
  // A shifted symbol is already its own character ("!"), so shift is not named;
  // a shifted letter or a named key keeps it ("shift+a", "shift+tab").
  const printable = [...e.key].length === 1 && base !== "space";
  const shift = e.shiftKey && !(printable && base.toUpperCase() === base.toLowerCase());
  let out = "";
  if (e.ctrlKey) out += "ctrl+";
  if (e.altKey) out += "alt+";
  if (shift) out += "shift+";
  if (e.metaKey) out += "meta+";
  return out + base;
}

/** True for a key that types a character (no ctrl, alt or meta). */
export function typesCharacter(e: KeyFields): boolean {
  return [...e.key].length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey;
}
