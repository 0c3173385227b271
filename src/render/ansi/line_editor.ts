/**
 * Single-line text editing for `input` nodes: caret moves by grapheme and by
 * word, deletion, insertion of typed and pasted text.
 *
 * @module
 */

const segmenter = new Intl.Segmenter();

/** Splits text into grapheme clusters. */
export function graphemes(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) out.push(segment);
  return out;
}

/**
 * A caret in grapheme clusters as a UTF-16 index into `text`.
 *
 * @example
 * ```ts
 * import { utf16Index } from "./line_editor.ts";
 * import assert from "node:assert/strict";
 * assert.equal(utf16Index("a😀b", 2), 3);
 * ```
 */
export function utf16Index(text: string, caret: number): number {
  let at = 0, n = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (n++ >= caret) break;
    at += segment.length;
  }
  return at;
}

/**
 * A UTF-16 index into `text` as a caret in grapheme clusters (a position
 * inside a cluster rounds up to its end).
 *
 * @example
 * ```ts
 * import { graphemeIndex } from "./line_editor.ts";
 * import assert from "node:assert/strict";
 * assert.equal(graphemeIndex("a😀b", 3), 2);
 * assert.equal(graphemeIndex("a😀b", 2), 2);
 * ```
 */
export function graphemeIndex(text: string, index: number): number {
  let at = 0, n = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (at >= index) break;
    at += segment.length;
    n++;
  }
  return n;
}

/** A value and a caret position (in grapheme clusters). */
export interface LineState {
  value: string;
  caret: number;
}

/** What an edit did. */
export interface EditResult {
  /** The key was an editing key (whether or not anything changed). */
  consumed: boolean;
  /** The value changed. */
  changed: boolean;
}

const isSpace = (g: string) => /^\s+$/.test(g);

function wordLeft(g: string[], caret: number): number {
  let i = caret;
  while (i > 0 && isSpace(g[i - 1])) i--;
  while (i > 0 && !isSpace(g[i - 1])) i--;
  return i;
}

function wordRight(g: string[], caret: number): number {
  let i = caret;
  while (i < g.length && isSpace(g[i])) i++;
  while (i < g.length && !isSpace(g[i])) i++;
  return i;
}

/**
 * Inserts text at the caret (newlines and tabs become spaces, other control
 * characters are dropped: the field is one line).
 *
 * @example
 * ```ts
 * import { insertText } from "./line_editor.ts";
 * import assert from "node:assert/strict";
 * const s = { value: "ac", caret: 1 };
 * insertText(s, "b");
 * assert.equal(s.value, "abc");
 * assert.equal(s.caret, 2);
 * ```
 */
export function insertText(state: LineState, text: string): boolean {
  // deno-lint-ignore no-control-regex
  const clean = text.replace(/\r\n|[\r\n\t]/g, " ").replace(/[\x00-\x1f\x7f-\x9f]/g, "");
  if (clean === "") return false;
  const g = graphemes(state.value);
  const ins = graphemes(clean);
  g.splice(state.caret, 0, ...ins);
  state.value = g.join("");
  state.caret += ins.length;
  return true;
}

/**
 * Applies an editing key (`left`, `ctrl+left`, `home`, `backspace`,
 * `ctrl+w`, `ctrl+k`...) or typed text.
 *
 * @example
 * ```ts
 * import { editLine } from "./line_editor.ts";
 * import assert from "node:assert/strict";
 * const s = { value: "hello world", caret: 11 };
 * editLine(s, "ctrl+w");
 * assert.equal(s.value, "hello ");
 * assert.equal(s.caret, 6);
 * ```
 */
export function editLine(state: LineState, key: string, text?: string): EditResult {
  const g = graphemes(state.value);
  state.caret = Math.max(0, Math.min(state.caret, g.length));
  const caret = state.caret;
  const set = (value: string[], c: number): EditResult => {
    const v = value.join("");
    const changed = v !== state.value;
    state.value = v;
    state.caret = c;
    return { consumed: true, changed };
  };
  const move = (c: number): EditResult => {
    state.caret = c;
    return { consumed: true, changed: false };
  };
  switch (key) {
    case "left":
    case "ctrl+b":
      return move(Math.max(0, caret - 1));
    case "right":
    case "ctrl+f":
      return move(Math.min(g.length, caret + 1));
    case "home":
    case "ctrl+a":
      return move(0);
    case "end":
    case "ctrl+e":
      return move(g.length);
    case "ctrl+left":
    case "alt+left":
    case "alt+b":
      return move(wordLeft(g, caret));
    case "ctrl+right":
    case "alt+right":
    case "alt+f":
      return move(wordRight(g, caret));
    case "backspace":
    case "shift+backspace":
      if (caret === 0) return { consumed: true, changed: false };
      return set([...g.slice(0, caret - 1), ...g.slice(caret)], caret - 1);
    case "delete":
    case "ctrl+d":
      if (caret >= g.length) return { consumed: true, changed: false };
      return set([...g.slice(0, caret), ...g.slice(caret + 1)], caret);
    case "ctrl+w":
    case "alt+backspace":
    case "ctrl+backspace": {
      const to = wordLeft(g, caret);
      return set([...g.slice(0, to), ...g.slice(caret)], to);
    }
    case "alt+d":
    case "ctrl+delete": {
      const to = wordRight(g, caret);
      return set([...g.slice(0, caret), ...g.slice(to)], caret);
    }
    case "ctrl+u":
      return set(g.slice(caret), 0);
    case "ctrl+k":
      return set(g.slice(0, caret), caret);
  }
  if (text !== undefined && text !== "") {
    const changed = insertText(state, text);
    return { consumed: true, changed };
  }
  return { consumed: false, changed: false };
}
