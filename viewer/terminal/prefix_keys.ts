/**
 * Splits terminal input into what goes to the focused session and what the
 * front end acts on: the prefix key (Ctrl-]) and the command after it, and
 * mouse presses on the chrome rows (tab bar, status line).
 *
 * @module
 */

/** A piece of input. */
export type InputPiece =
  /** Bytes (as text) for the focused session's renderer. */
  | { kind: "text"; text: string }
  /** The key pressed after the prefix: `n`, `p`, `1`..`9`, `x`, `q`, `left`, `right`, `tab`, `prefix`... */
  | { kind: "command"; key: string }
  /** A mouse press on a chrome row (0-based cell). */
  | { kind: "chrome-click"; x: number; y: number };

/** Ctrl-] as a legacy control byte, and as the kitty keyboard protocol reports it. */
const PREFIXES = ["\x1d", "\x1b[93;5u"];
const ARROWS: Record<string, string> = {
  "\x1b[C": "right",
  "\x1b[D": "left",
  "\x1bOC": "right",
  "\x1bOD": "left",
};
// deno-lint-ignore no-control-regex
const SGR_MOUSE = /\x1b\[<(\d+);(\d+);(\d+)([Mm])/g;

/**
 * Stateful splitter (the prefix may end one read and its command start the next).
 *
 * @example
 * ```ts
 * import { PrefixSplitter } from "./prefix_keys.ts";
 * import assert from "node:assert/strict";
 * const s = new PrefixSplitter(() => false);
 * const pieces = s.push("ab\x1dnc");
 * assert.deepEqual(pieces, [{ kind: "text", text: "ab" }, { kind: "command", key: "n" }, { kind: "text", text: "c" }]);
 * ```
 */
export class PrefixSplitter {
  #armed = false;
  #isChromeRow: (row: number) => boolean;

  /** `isChromeRow(row)` (0-based) tells which rows belong to the front end. */
  constructor(isChromeRow: (row: number) => boolean) {
    this.#isChromeRow = isChromeRow;
  }

  /** True while the prefix waits for its command key. */
  get armed(): boolean {
    return this.#armed;
  }

  /** Splits one chunk of input. */
  push(input: string): InputPiece[] {
    const out: InputPiece[] = [];
    let text = "";
    const flush = () => {
      if (text) out.push({ kind: "text", text });
      text = "";
    };
    let i = 0;
    while (i < input.length) {
      if (this.#armed) {
        this.#armed = false;
        const [key, used] = commandKey(input, i);
        flush();
        out.push({ kind: "command", key });
        i += used;
        continue;
      }
      const prefix = PREFIXES.find((p) => input.startsWith(p, i));
      if (prefix) {
        this.#armed = true;
        i += prefix.length;
        continue;
      }
      if (input.startsWith("\x1b[<", i)) {
        SGR_MOUSE.lastIndex = i;
        const m = SGR_MOUSE.exec(input);
        if (m && m.index === i) {
          const button = Number(m[1]), x = Number(m[2]) - 1, y = Number(m[3]) - 1;
          if (this.#isChromeRow(y)) {
            // Presses of the left button act; everything else on chrome rows is dropped.
            if (m[4] === "M" && (button & ~(4 | 8 | 16)) === 0) {
              flush();
              out.push({ kind: "chrome-click", x, y });
            }
            i += m[0].length;
            continue;
          }
          text += m[0];
          i += m[0].length;
          continue;
        }
      }
      text += input[i++];
    }
    flush();
    return out;
  }
}

function commandKey(input: string, i: number): [string, number] {
  for (const p of PREFIXES) if (input.startsWith(p, i)) return ["prefix", p.length];
  for (const [seq, name] of Object.entries(ARROWS)) {
    if (input.startsWith(seq, i)) return [name, seq.length];
  }
  const ch = input[i];
  if (ch === "\t") return ["tab", 1];
  if (ch === "\x1b") return ["escape", 1];
  const cp = input.codePointAt(i)!;
  const s = String.fromCodePoint(cp);
  return [s.toLowerCase(), s.length];
}
