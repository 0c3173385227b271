/**
 * Keybindings from the definition table, and the quit rule every terminal
 * surface follows (docs/ansi.md, "Quitting"):
 *
 * - `q` quits (exit status 0) unless the app binds `q` itself or the focus is
 *   in a text input, where it is typed;
 * - `ctrl+q` quits (0) whatever has the focus, unless the app binds it;
 * - `ctrl+c`, and the standard `interrupt` slot's key, interrupt (130), unless
 *   the app binds them;
 * - a `keybind` slot whose action is `quit` (or `interrupt`) adds its key.
 *
 * The app's own `keybind` slots (index 128 and up) turn a key into a `key`
 * event carrying the binding's action.
 *
 * @module
 */
import { STANDARD_SLOT_LIMIT } from "../../protocol/constants.ts";
import type { Styles } from "./style.ts";

const ALIASES: Record<string, string> = {
  control: "ctrl",
  ctl: "ctrl",
  option: "alt",
  opt: "alt",
  cmd: "meta",
  command: "meta",
  super: "meta",
  win: "meta",
  return: "enter",
  esc: "escape",
  del: "delete",
  ins: "insert",
  pgup: "pageup",
  pgdn: "pagedown",
  page_up: "pageup",
  page_down: "pagedown",
  arrowup: "up",
  arrowdown: "down",
  arrowleft: "left",
  arrowright: "right",
  " ": "space",
};
const ORDER = ["ctrl", "alt", "shift", "meta"];

/**
 * Normalizes a key description to the protocol's form: lower case, known
 * aliases, modifiers in the order ctrl, alt, shift, meta.
 *
 * @example
 * ```ts
 * import { normalizeKey } from "./keybindings.ts";
 * import assert from "node:assert/strict";
 * assert.equal(normalizeKey("Shift+Ctrl+S"), "ctrl+shift+s");
 * assert.equal(normalizeKey("cmd+Return"), "meta+enter");
 * ```
 */
export function normalizeKey(key: string): string {
  const parts = key.trim().toLowerCase().split("+").map((p) => ALIASES[p.trim()] ?? p.trim());
  // "ctrl++" names the plus key.
  if (parts.length > 1 && parts[parts.length - 1] === "" && parts[parts.length - 2] === "") {
    parts.splice(parts.length - 2, 2, "+");
  }
  const base = parts.pop() ?? "";
  const mods = ORDER.filter((m) => parts.includes(m));
  return [...mods, base].join("+");
}

/** The key that quits when nothing else takes it. */
export const QUIT_KEY = "q";
/** The key that quits wherever the focus is. */
export const FORCE_QUIT_KEY = "ctrl+q";
/** The key that interrupts. */
export const INTERRUPT_KEY = "ctrl+c";

/** Keybindings in effect. */
export interface Keymap {
  /** Keys that interrupt (ctrl+c unless the app binds it, and the interrupt slot's key). */
  interrupt: Set<string>;
  /** Keys that quit wherever the focus is (ctrl+q unless the app binds it, `quit` slots). */
  quit: Set<string>;
  /** Keys that quit unless a text input has the focus (q unless the app binds it). */
  quitUnlessTyping: Set<string>;
  /** App bindings: key to action. */
  actions: Map<string, string>;
}

const cache = new WeakMap<Styles, { epoch: number; map: Keymap }>();

/**
 * The keymap for the current slots (cached until a slot changes).
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { keymap } from "./keybindings.ts";
 * import { Styles } from "./style.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "DEFINE", slot: 200, value: { kind: "keybind", action: "save", key: "Ctrl+S" } });
 * const k = keymap(new Styles(model, "none"));
 * assert.equal(k.actions.get("ctrl+s"), "save");
 * assert.ok(k.interrupt.has("ctrl+c"));
 * ```
 */
export function keymap(styles: Styles): Keymap {
  const hit = cache.get(styles);
  if (hit && hit.epoch === styles.epoch) return hit.map;
  const actions = new Map<string, string>();
  const interrupt = new Set<string>([INTERRUPT_KEY]);
  const quit = new Set<string>([FORCE_QUIT_KEY]);
  const quitUnlessTyping = new Set<string>([QUIT_KEY]);
  for (const [slot, v] of styles.model.slots.entries()) {
    if (v.kind !== "keybind" || typeof v.key !== "string" || typeof v.action !== "string") continue;
    const key = normalizeKey(v.key);
    if (v.action === "interrupt") interrupt.add(key);
    else if (v.action === "quit") quit.add(key);
    else if (slot >= STANDARD_SLOT_LIMIT) actions.set(key, v.action);
  }
  const standard = styles.slot(34);
  if (standard?.kind === "keybind" && typeof standard.key === "string") {
    interrupt.add(normalizeKey(standard.key));
  }
  // The app's own binding of a key wins over quitting or interrupting with it.
  for (const key of actions.keys()) {
    interrupt.delete(key);
    quit.delete(key);
    quitUnlessTyping.delete(key);
  }
  const map = { interrupt, quit, quitUnlessTyping, actions };
  cache.set(styles, { epoch: styles.epoch, map });
  return map;
}

/** One entry of a key-hint line. */
export interface KeyHint {
  key: string;
  label: string;
}

/**
 * What a key-hint line shows: the app's bindings (by action name), then how
 * to quit right now (`q`, or `ctrl+q` while typing or when the app took `q`).
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { keyHints, keymap } from "./keybindings.ts";
 * import { Styles } from "./style.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "DEFINE", slot: 200, value: { kind: "keybind", action: "save", key: "ctrl+s" } });
 * const k = keymap(new Styles(model, "none"));
 * const line = keyHints(k, false).map((h) => `${h.key} ${h.label}`).join("  ");
 * assert.equal(line, "ctrl+s save  q quit");
 * assert.equal(keyHints(k, true).at(-1)?.key, "ctrl+q", "typing: ctrl+q");
 * ```
 */
export function keyHints(keys: Keymap, typing: boolean): KeyHint[] {
  const out: KeyHint[] = [];
  for (const [key, action] of keys.actions) out.push({ key, label: action.replaceAll("_", " ") });
  out.push({ key: quitKey(keys, typing) ?? "", label: "quit" });
  return out.filter((h) => h.key !== "");
}

/**
 * The key that quits now, or undefined when the app took every quit key.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { keymap, quitKey } from "./keybindings.ts";
 * import { Styles } from "./style.ts";
 * import assert from "node:assert/strict";
 * const k = keymap(new Styles(new ViewportModel(), "none"));
 * assert.equal(quitKey(k, false), "q");
 * assert.equal(quitKey(k, true), "ctrl+q");
 * ```
 */
export function quitKey(keys: Keymap, typing: boolean): string | undefined {
  if (!typing && keys.quitUnlessTyping.has(QUIT_KEY)) return QUIT_KEY;
  if (keys.quit.has(FORCE_QUIT_KEY)) return FORCE_QUIT_KEY;
  return keys.quit.values().next().value;
}
