/**
 * Which keys the page keeps for the app and which stay the browser's
 * (docs/web.md, "Keyboard"): a key the app binds in a `keybind` slot (index
 * 128 and up) is the app's, default prevented and sent with its `action`; the
 * browser's own shortcuts (reload, find, zoom, copy, history, developer tools,
 * any `meta+` key) still reach the app as `key` events but keep their
 * default; every other key sent to the app has its default prevented, so
 * `ctrl+s` never opens the save dialog and arrows never scroll the page.
 *
 * @module
 */
import { STANDARD_SLOT_LIMIT } from "../../../src/protocol/constants.ts";
import type { ViewportModel } from "../../../src/model/viewport_model.ts";
import { normalizeKey } from "../../../src/render/ansi/keybindings.ts";

/**
 * The app's keybindings (`keybind` slots 128 and up): key name to action.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../../src/model/viewport_model.ts";
 * import { appKeyActions } from "./app_keys.ts";
 * const model = new ViewportModel();
 * model.apply({ type: "DEFINE", slot: 200, value: { kind: "keybind", action: "save", key: "Ctrl+S" } });
 * if (appKeyActions(model).get("ctrl+s") !== "save") throw new Error();
 * ```
 */
export function appKeyActions(model: ViewportModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const [slot, v] of model.slots.entries()) {
    if (slot < STANDARD_SLOT_LIMIT || v.kind !== "keybind") continue;
    if (typeof v.key === "string" && typeof v.action === "string") {
      out.set(normalizeKey(v.key), v.action);
    }
  }
  return out;
}

/**
 * Browser shortcuts a page keeps working: reload, address bar, find, print,
 * zoom, full screen, developer tools, history, clipboard and undo. The
 * browser never lets a page see `ctrl+w`, `ctrl+t`, `ctrl+n`, `ctrl+tab` and
 * the like at all (docs/web.md lists them).
 */
const BROWSER_KEYS: ReadonlySet<string> = new Set([
  "f5",
  "ctrl+r",
  "ctrl+shift+r",
  "shift+f5",
  "ctrl+f5",
  "ctrl+l",
  "alt+d",
  "f6",
  "ctrl+f",
  "f3",
  "shift+f3",
  "ctrl+g",
  "ctrl+shift+g",
  "ctrl+p",
  "ctrl+=",
  "ctrl++",
  "ctrl+-",
  "ctrl+0",
  "ctrl+shift+=",
  "ctrl+shift++",
  "f11",
  "f12",
  "ctrl+shift+i",
  "ctrl+shift+j",
  "ctrl+shift+c",
  "alt+left",
  "alt+right",
  "alt+home",
  "ctrl+c",
  "ctrl+x",
  "ctrl+v",
  "ctrl+shift+v",
  "ctrl+a",
  "ctrl+z",
  "ctrl+shift+z",
  "ctrl+y",
]);

/**
 * True when a key the app did not bind keeps the browser's default action.
 *
 * @example
 * ```ts
 * import { browserKeepsKey } from "./app_keys.ts";
 * if (!browserKeepsKey("ctrl+r") || browserKeepsKey("ctrl+s") || !browserKeepsKey("meta+q")) {
 *   throw new Error();
 * }
 * ```
 */
export function browserKeepsKey(name: string): boolean {
  return BROWSER_KEYS.has(name) || name.includes("meta+");
}
