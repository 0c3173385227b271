/**
 * CMD's terminal output made fit for a pipe. Under `--via stdio` CMD runs in
 * a pseudo-terminal and believes it is on one: it (or its runtime) writes
 * cursor moves, line erases and mode switches. When `vp-run`'s own stdout is
 * not a terminal those would only corrupt the text, so they are taken out.
 * Colors (SGR) are kept, as CMD wrote them (`less -R` shows them), and so is
 * every other byte.
 *
 * @module
 */

const ESC = 0x1b;

/**
 * A streaming filter: escape sequences (CSI, OSC, DCS and the like, and
 * two-byte ESC sequences) are removed, except colors; a sequence split across
 * chunks is held until it is complete.
 *
 * @example
 * ```ts
 * import { PlainText } from "./plain_text.ts";
 * import assert from "node:assert/strict";
 * const p = new PlainText();
 * const out = p.push("\x1b[0G\x1b[2K\x1b[JHello\n\x1b[?25l\x1b[3") + p.push("1mred\x1b[0m\n") + p.end();
 * assert.equal(out, "Hello\n\x1b[31mred\x1b[0m\n");
 * ```
 */
export class PlainText {
  #held = "";
  #decoder = new TextDecoder();

  /** Filters the next chunk (bytes or text). */
  push(chunk: Uint8Array | string): string {
    const text = this.#held +
      (typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true }));
    this.#held = "";
    let out = "";
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === ESC) {
        const end = sequenceEnd(text, i);
        if (end < 0) {
          this.#held = text.slice(i);
          break;
        }
        // Colors stay: CSI parameters then "m".
        if (
          text[i + 1] === "[" && text[end - 1] === "m" &&
          /^[\d;:]*$/.test(text.slice(i + 2, end - 1))
        ) {
          out += text.slice(i, end);
        }
        i = end;
        continue;
      }
      out += text[i++];
    }
    return out;
  }

  /** Whatever is held at the end (an unfinished sequence is dropped). */
  end(): string {
    this.#held = "";
    return this.#decoder.decode();
  }
}

/** Index just past the escape sequence at `i`, or -1 when it is not complete yet. */
function sequenceEnd(text: string, i: number): number {
  if (i + 1 >= text.length) return -1;
  const kind = text[i + 1];
  if (kind === "[") {
    // CSI: parameters and intermediates, then a final byte 0x40-0x7e.
    for (let j = i + 2; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return j + 1;
      if (c < 0x20) return j; // malformed: drop what came so far
    }
    return -1;
  }
  if (kind === "]" || kind === "P" || kind === "_" || kind === "^" || kind === "X") {
    // String sequences end with BEL or ESC \.
    for (let j = i + 2; j < text.length; j++) {
      if (text.charCodeAt(j) === 0x07) return j + 1;
      if (text.charCodeAt(j) === ESC) {
        if (j + 1 >= text.length) return -1;
        if (text[j + 1] === "\\") return j + 2;
      }
    }
    return -1;
  }
  // ESC ( B and friends take one more byte; others are ESC plus one byte.
  if ("()*+".includes(kind)) return i + 3 <= text.length ? i + 3 : -1;
  return i + 2;
}
