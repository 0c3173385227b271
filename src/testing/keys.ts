/**
 * Key names (the protocol's: `enter`, `ctrl+s`, `shift+tab`, `alt+left`, `f5`)
 * as the bytes a terminal sends, so that the driver's keys take the same path
 * through the renderer as a person's.
 *
 * @module
 */

const LETTER: Record<string, string> = {
  up: "A",
  down: "B",
  right: "C",
  left: "D",
  home: "H",
  end: "F",
};
const TILDE: Record<string, number> = {
  insert: 2,
  delete: 3,
  pageup: 5,
  pagedown: 6,
  f5: 15,
  f6: 17,
  f7: 18,
  f8: 19,
  f9: 20,
  f10: 21,
  f11: 23,
  f12: 24,
};
const SS3: Record<string, string> = { f1: "P", f2: "Q", f3: "R", f4: "S" };
// Kitty keyboard protocol code points for keys with modifiers.
const CODE: Record<string, number> = {
  tab: 9,
  enter: 13,
  escape: 27,
  space: 32,
  backspace: 127,
};
const PLAIN: Record<string, string> = {
  tab: "\t",
  enter: "\r",
  escape: "\x1b",
  space: " ",
  backspace: "\x7f",
};
const ALIASES: Record<string, string> = {
  return: "enter",
  esc: "escape",
  del: "delete",
  pgup: "pageup",
  pgdn: "pagedown",
  " ": "space",
};
const MODIFIERS = ["ctrl", "alt", "shift", "meta"] as const;

/**
 * The terminal bytes for one key or chord. Modifiers (`ctrl`, `alt`, `shift`,
 * `meta`) may come in any order; throws a RangeError naming the problem for a
 * key it does not know.
 *
 * @example
 * ```ts
 * import { keyBytes } from "./keys.ts";
 * import assert from "node:assert/strict";
 * assert.equal(keyBytes("enter"), "\r");
 * assert.equal(keyBytes("shift+tab"), "\x1b[Z");
 * assert.equal(keyBytes("ctrl+a"), "\x01");
 * assert.equal(keyBytes("ctrl+left"), "\x1b[1;5D");
 * ```
 */
export function keyBytes(name: string): string {
  if (name.length === 1) return name; // a character as typed ("a", "A", "+")
  const parts = name.split("+");
  // "ctrl++" names the plus key.
  if (parts.at(-1) === "" && parts.length > 1) parts.splice(-2, 2, "+");
  let base = parts.pop()!;
  const mods = new Set<string>();
  for (const p of parts) {
    const m = p.toLowerCase();
    if (!(MODIFIERS as readonly string[]).includes(m)) {
      throw new RangeError(
        `unknown modifier ${JSON.stringify(p)} in key ${
          JSON.stringify(name)
        } (expected ctrl, alt, shift or meta)`,
      );
    }
    mods.add(m);
  }
  if (base.length > 1) base = ALIASES[base.toLowerCase()] ?? base.toLowerCase();
  else base = ALIASES[base] ?? base;
  const ctrl = mods.has("ctrl"), alt = mods.has("alt"), shift = mods.has("shift");
  const meta = mods.has("meta");
  const param = 1 + (shift ? 1 : 0) + (alt ? 2 : 0) + (ctrl ? 4 : 0) + (meta ? 8 : 0);
  if (param === 1) {
    if (base.length === 1) return base;
    if (PLAIN[base]) return PLAIN[base];
  }
  if (base === "tab" && param === 2) return "\x1b[Z";
  if (LETTER[base]) return param === 1 ? `\x1b[${LETTER[base]}` : `\x1b[1;${param}${LETTER[base]}`;
  if (TILDE[base]) return param === 1 ? `\x1b[${TILDE[base]}~` : `\x1b[${TILDE[base]};${param}~`;
  if (SS3[base]) return param === 1 ? `\x1bO${SS3[base]}` : `\x1b[1;${param}${SS3[base]}`;
  if (base.length === 1 && ctrl && !alt && !shift && !meta && /^[a-z]$/.test(base)) {
    return String.fromCharCode(base.charCodeAt(0) - 96);
  }
  if (base.length === 1 && alt && !ctrl && !shift && !meta) return "\x1b" + base;
  const code = CODE[base] ?? (base.length === 1 ? base.codePointAt(0)! : undefined);
  if (code === undefined) {
    throw new RangeError(
      `unknown key ${JSON.stringify(name)} (expected a character or a name such as enter, tab, ` +
        `escape, backspace, delete, up, pageup, home, f1..f12, with ctrl+, alt+, shift+, meta+)`,
    );
  }
  return `\x1b[${code};${param}u`;
}

/**
 * Splits `"ctrl+a tab enter"` (or an array) into key names.
 *
 * @example
 * ```ts
 * import { splitKeys } from "./keys.ts";
 * import assert from "node:assert/strict";
 * assert.equal(splitKeys("tab  shift+tab").join(), "tab,shift+tab");
 * ```
 */
export function splitKeys(keys: string | readonly string[]): string[] {
  if (typeof keys !== "string") return [...keys];
  if (keys === " ") return ["space"];
  return keys.split(/\s+/).filter((k) => k !== "");
}
