/**
 * Terminal input bytes to events: keys (legacy, CSI and SS3 sequences with
 * modifiers, xterm modifyOtherKeys, the kitty keyboard protocol), SGR mouse,
 * bracketed paste, focus reports and replies to queries.
 *
 * Key names follow the protocol: lower case, modifiers joined by `+` in the
 * order ctrl, alt, shift, meta (`ctrl+s`, `shift+tab`, `enter`, `up`, `a`).
 *
 * @module
 */

/** A parsed terminal event. */
export type TermEvent =
  | { type: "key"; key: string; text?: string }
  | {
    type: "mouse";
    action: "press" | "release" | "move" | "wheel";
    /** 0 left, 1 middle, 2 right (press/release); wheel: 0 up, 1 down, 2 left, 3 right. */
    button: number;
    /** 0-based screen cell. */
    x: number;
    y: number;
    mods: string;
  }
  | { type: "paste"; text: string }
  | { type: "focus"; focused: boolean }
  | { type: "reply"; sequence: string };

const CSI_TILDE: Record<number, string> = {
  1: "home",
  2: "insert",
  3: "delete",
  4: "end",
  5: "pageup",
  6: "pagedown",
  7: "home",
  8: "end",
  11: "f1",
  12: "f2",
  13: "f3",
  14: "f4",
  15: "f5",
  17: "f6",
  18: "f7",
  19: "f8",
  20: "f9",
  21: "f10",
  23: "f11",
  24: "f12",
};
const CSI_LETTER: Record<string, string> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  E: "clear",
  F: "end",
  H: "home",
  P: "f1",
  Q: "f2",
  R: "f3",
  S: "f4",
};
// Kitty keyboard protocol code points of keys that have no character.
const KITTY_KEYS: Record<number, string> = {
  9: "tab",
  13: "enter",
  27: "escape",
  32: "space",
  127: "backspace",
  57358: "capslock",
  57399: "0",
  57400: "1",
  57401: "2",
  57402: "3",
  57403: "4",
  57404: "5",
  57405: "6",
  57406: "7",
  57407: "8",
  57408: "9",
  57409: ".",
  57410: "/",
  57411: "*",
  57412: "-",
  57413: "+",
  57414: "enter",
  57415: "=",
  57417: "left",
  57418: "right",
  57419: "up",
  57420: "down",
  57421: "pageup",
  57422: "pagedown",
  57423: "home",
  57424: "end",
  57425: "insert",
  57426: "delete",
};

/**
 * Joins modifiers and a key name in the protocol's order.
 *
 * @example
 * ```ts
 * import { keyName } from "./input_parser.ts";
 * import assert from "node:assert/strict";
 * assert.equal(keyName("s", { ctrl: true, shift: true }), "ctrl+shift+s");
 * ```
 */
export function keyName(
  base: string,
  m: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean },
): string {
  let s = "";
  if (m.ctrl) s += "ctrl+";
  if (m.alt) s += "alt+";
  if (m.shift) s += "shift+";
  if (m.meta) s += "meta+";
  return s + base;
}

function mods(param: number): { ctrl: boolean; alt: boolean; shift: boolean; meta: boolean } {
  const m = Math.max(0, param - 1);
  return { shift: (m & 1) !== 0, alt: (m & 2) !== 0, ctrl: (m & 4) !== 0, meta: (m & 40) !== 0 };
}

/** Name of a printable character as a key: letters lower-cased, space named. */
function charKey(ch: string, m: ReturnType<typeof mods>): { key: string; text?: string } {
  if (ch === " ") {
    return { key: keyName("space", m), text: m.ctrl || m.alt || m.meta ? undefined : " " };
  }
  const lower = ch.toLowerCase();
  const shifted = lower !== ch;
  const key = keyName(lower, { ...m, shift: m.shift || shifted });
  return { key, text: m.ctrl || m.alt || m.meta ? undefined : ch };
}

const PASTE_END = "\x1b[201~";

/**
 * An incremental parser: bytes in, events out. Incomplete sequences wait
 * for more bytes; {@linkcode InputParser.flush} resolves a lone ESC.
 *
 * @example
 * ```ts
 * import { InputParser } from "./input_parser.ts";
 * import assert from "node:assert/strict";
 * const p = new InputParser();
 * const ev = p.push("\x1b[1;5A" + "x" + "\x1b[<0;3;4M");
 * assert.equal(ev.length, 3);
 * assert.equal(ev[0].type, "key");
 * assert.equal(ev[0].key, "ctrl+up");
 * assert.equal(ev[2].type, "mouse");
 * assert.equal(ev[2].x, 2);
 * assert.equal(ev[2].y, 3);
 * ```
 */
export class InputParser {
  #decoder = new TextDecoder();
  #buf = "";
  #paste: string | null = null;

  /** True when bytes wait for the rest of a sequence. */
  get pending(): boolean {
    return this.#buf.length > 0 || this.#paste !== null;
  }

  /** Parses more input. */
  push(input: Uint8Array | string): TermEvent[] {
    this.#buf += typeof input === "string" ? input : this.#decoder.decode(input, { stream: true });
    // Never hold an unbounded amount of garbage.
    if (this.#buf.length > 1 << 20) this.#buf = this.#buf.slice(-4096);
    return this.#parse(false);
  }

  /** Gives up waiting: a lone ESC is the escape key; a broken sequence is dropped. */
  flush(): TermEvent[] {
    return this.#parse(true);
  }

  #parse(final: boolean): TermEvent[] {
    const out: TermEvent[] = [];
    let s = this.#buf;
    let i = 0;
    while (i < s.length) {
      if (this.#paste !== null) {
        const end = s.indexOf(PASTE_END, i);
        if (end < 0) {
          // Keep a possible partial end marker for the next chunk.
          const keep = partialSuffix(s, PASTE_END);
          this.#paste += s.slice(i, s.length - keep);
          i = s.length - keep;
          if (this.#paste.length > 1 << 22) this.#paste = this.#paste.slice(0, 1 << 22);
          break;
        }
        out.push({ type: "paste", text: this.#paste + s.slice(i, end) });
        this.#paste = null;
        i = end + PASTE_END.length;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 0x1b) {
        const r = this.#escape(s, i, final, out);
        if (r < 0) break; // incomplete: wait for more
        i = r;
        continue;
      }
      i = this.#plain(s, i, out);
    }
    this.#buf = s = s.slice(i);
    if (final && this.#buf.length > 0) {
      // Nothing more is coming: an unfinished sequence is noise.
      this.#buf = "";
    }
    return out;
  }

  #plain(s: string, i: number, out: TermEvent[]): number {
    const c = s.charCodeAt(i);
    const none = mods(1);
    if (c === 0x0d || c === 0x0a) out.push({ type: "key", key: "enter" });
    else if (c === 0x09) out.push({ type: "key", key: "tab" });
    else if (c === 0x7f || c === 0x08) out.push({ type: "key", key: "backspace" });
    else if (c === 0x00) out.push({ type: "key", key: "ctrl+space" });
    else if (c < 0x1b) out.push({ type: "key", key: "ctrl+" + String.fromCharCode(c + 0x60) });
    else if (c < 0x20) out.push({ type: "key", key: "ctrl+" + "\\]^_"[c - 0x1c] });
    else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (cp >= 0x80 && cp < 0xa0) return i + 1; // C1 controls: ignore
      out.push({ type: "key", ...charKey(ch, none) });
      return i + ch.length;
    }
    return i + 1;
  }

  /** Parses an escape sequence at `i`; returns the index after it, or -1 if incomplete. */
  #escape(s: string, i: number, final: boolean, out: TermEvent[]): number {
    if (i + 1 >= s.length) {
      if (!final) return -1;
      out.push({ type: "key", key: "escape" });
      return i + 1;
    }
    const next = s[i + 1];
    if (next === "[") return this.#csi(s, i, final, out);
    if (next === "O") {
      if (i + 2 >= s.length) {
        if (!final) return -1;
        out.push({ type: "key", key: "alt+shift+o" });
        return i + 2;
      }
      const name = CSI_LETTER[s[i + 2]];
      out.push({ type: "key", key: name ?? "escape" });
      return i + 3;
    }
    if (next === "\x1b") {
      // ESC ESC [...: alt + the sequence; a double ESC alone is escape twice.
      if (i + 2 < s.length && (s[i + 2] === "[" || s[i + 2] === "O")) {
        const inner: TermEvent[] = [];
        const r = this.#escape(s, i + 1, final, inner);
        if (r < 0) return -1;
        for (const e of inner) {
          if (e.type === "key") out.push({ type: "key", key: addAlt(e.key) });
          else out.push(e);
        }
        return r;
      }
      out.push({ type: "key", key: "escape" });
      return i + 1;
    }
    // ESC + key: alt.
    const inner: TermEvent[] = [];
    const r = this.#plain(s, i + 1, inner);
    for (const e of inner) if (e.type === "key") out.push({ type: "key", key: addAlt(e.key) });
    return r;
  }

  #csi(s: string, i: number, final: boolean, out: TermEvent[]): number {
    // CSI params (0x30-0x3F), intermediates (0x20-0x2F), final (0x40-0x7E).
    let j = i + 2;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) break;
      if (c < 0x20 || c > 0x3f) {
        // Not a CSI after all (garbage): drop the ESC [.
        out.push({ type: "key", key: "alt+[" });
        return i + 2;
      }
      j++;
      if (j - i > 64) return j; // absurdly long: drop it
    }
    if (j >= s.length) {
      if (!final) return -1;
      return s.length;
    }
    const params = s.slice(i + 2, j);
    const fin = s[j];
    const end = j + 1;
    if (params === "200" && fin === "~") {
      this.#paste = "";
      return end;
    }
    if (params.startsWith("<") && (fin === "M" || fin === "m")) {
      const [b, x, y] = params.slice(1).split(";").map(Number);
      if (!Number.isInteger(b) || !Number.isInteger(x) || !Number.isInteger(y)) return end;
      out.push(mouseEvent(b, x - 1, y - 1, fin === "m"));
      return end;
    }
    const cursorReport = fin === "R" && params.includes(";") && !/^1;\d+$/.test(params);
    if (params.startsWith("?") || params.startsWith(">") || fin === "c" || cursorReport) {
      out.push({ type: "reply", sequence: s.slice(i, end) });
      return end;
    }
    if (params === "" && (fin === "I" || fin === "O")) {
      out.push({ type: "focus", focused: fin === "I" });
      return end;
    }
    const fields = params.split(";");
    const first = fields[0].split(":");
    const modField = (fields[1] ?? "1").split(":");
    const m = mods(Number(modField[0]) || 1);
    if (fin === "u") {
      // Kitty: code[:shifted[:base]] ; mods[:event] ; text
      if (modField[1] === "3") return end; // key release
      const code = Number(first[0]);
      const shiftedCode = Number(first[1]);
      const named = KITTY_KEYS[code];
      if (named) {
        out.push({
          type: "key",
          key: keyName(named, m),
          text: named === "space" && !m.ctrl && !m.alt ? " " : undefined,
        });
      } else if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) {
        const base = String.fromCodePoint(code);
        let text: string | undefined;
        if (!m.ctrl && !m.alt && !m.meta) {
          if (fields[2]) {
            text = fields[2].split(":").map((n) => String.fromCodePoint(Number(n) || 0x20)).join(
              "",
            );
          } else if (m.shift) {
            text = Number.isInteger(shiftedCode) && shiftedCode > 0
              ? String.fromCodePoint(shiftedCode)
              : base.toUpperCase();
          } else text = base;
        }
        out.push({ type: "key", key: keyName(base.toLowerCase(), m), text });
      }
      return end;
    }
    if (fin === "~") {
      const n = Number(first[0]);
      if (n === 27 && fields.length >= 3) {
        // xterm modifyOtherKeys: CSI 27 ; mods ; code ~
        const code = Number(fields[2]);
        const mm = mods(Number(fields[1]) || 1);
        const named = KITTY_KEYS[code];
        if (named) out.push({ type: "key", key: keyName(named, mm) });
        else if (code > 0 && code <= 0x10ffff) {
          out.push({ type: "key", key: keyName(String.fromCodePoint(code).toLowerCase(), mm) });
        }
        return end;
      }
      const name = CSI_TILDE[n];
      if (name) out.push({ type: "key", key: keyName(name, m) });
      return end;
    }
    if (fin === "Z") {
      out.push({ type: "key", key: keyName("tab", { ...m, shift: true }) });
      return end;
    }
    const name = CSI_LETTER[fin];
    if (name) out.push({ type: "key", key: keyName(name, m) });
    return end;
  }
}

function addAlt(key: string): string {
  if (key.includes("alt+")) return key;
  return key.startsWith("ctrl+") ? "ctrl+alt+" + key.slice(5) : "alt+" + key;
}

function mouseEvent(b: number, x: number, y: number, release: boolean): TermEvent {
  let m = "";
  if (b & 16) m += "ctrl+";
  if (b & 8) m += "alt+";
  if (b & 4) m += "shift+";
  const button = b & 3;
  if (b & 64) return { type: "mouse", action: "wheel", button, x, y, mods: m };
  if (b & 32) return { type: "mouse", action: "move", button, x, y, mods: m };
  return { type: "mouse", action: release ? "release" : "press", button, x, y, mods: m };
}

function partialSuffix(s: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, s.length); n > 0; n--) {
    if (s.endsWith(marker.slice(0, n))) return n;
  }
  return 0;
}
