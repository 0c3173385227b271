/**
 * Keybindings from the definition table: the standard `interrupt` slot and
 * the app's own `keybind` slots (index 128 and up), which the renderer turns
 * into `key` events carrying the binding's action.
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
 * if (normalizeKey("Shift+Ctrl+S") !== "ctrl+shift+s") throw new Error();
 * if (normalizeKey("cmd+Return") !== "meta+enter") throw new Error();
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

/** Keybindings in effect. */
export interface Keymap {
  /** Keys that interrupt (ctrl+c unless the app binds it, and the interrupt slot's key). */
  interrupt: Set<string>;
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
 * const model = new ViewportModel();
 * model.apply({ type: "DEFINE", slot: 200, value: { kind: "keybind", action: "save", key: "Ctrl+S" } });
 * const k = keymap(new Styles(model, "none"));
 * if (k.actions.get("ctrl+s") !== "save" || !k.interrupt.has("ctrl+c")) throw new Error();
 * ```
 */
export function keymap(styles: Styles): Keymap {
  const hit = cache.get(styles);
  if (hit && hit.epoch === styles.epoch) return hit.map;
  const actions = new Map<string, string>();
  const interrupt = new Set<string>(["ctrl+c"]);
  for (const [slot, v] of styles.model.slots.entries()) {
    if (v.kind !== "keybind" || typeof v.key !== "string" || typeof v.action !== "string") continue;
    const key = normalizeKey(v.key);
    if (v.action === "interrupt") interrupt.add(key);
    else if (slot >= STANDARD_SLOT_LIMIT) actions.set(key, v.action);
  }
  const standard = styles.slot(34);
  if (standard?.kind === "keybind" && typeof standard.key === "string") {
    interrupt.add(normalizeKey(standard.key));
  }
  // The app's own binding of a key wins over interrupting with it.
  for (const key of actions.keys()) interrupt.delete(key);
  const map = { interrupt, actions };
  cache.set(styles, { epoch: styles.epoch, map });
  return map;
}
