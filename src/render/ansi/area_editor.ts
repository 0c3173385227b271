/**
 * Multi-line editing for `input` nodes with `multiline: true` (text areas):
 * Enter starts a new line, up and down move between lines keeping the
 * column, Home and End work on the caret's line; everything else is the
 * one-line editor's.
 *
 * @module
 */
import { editLine, type EditResult, graphemes, type LineState } from "./line_editor.ts";

/** Where a caret (an index into the value's graphemes) is: line and column, in graphemes. */
export function caretPosition(g: readonly string[], caret: number): { line: number; col: number } {
  let line = 0, col = 0;
  for (let i = 0; i < caret && i < g.length; i++) {
    if (g[i] === "\n") {
      line++;
      col = 0;
    } else col++;
  }
  return { line, col };
}

/** The grapheme index of each line's start. */
function lineStarts(g: readonly string[]): number[] {
  const starts = [0];
  for (let i = 0; i < g.length; i++) if (g[i] === "\n") starts.push(i + 1);
  return starts;
}

/**
 * Inserts text at the caret, keeping line breaks (CR LF and CR become LF,
 * tabs become spaces, other control characters are dropped).
 *
 * @example
 * ```ts
 * import { insertArea } from "./area_editor.ts";
 * const s = { value: "ab", caret: 1 };
 * insertArea(s, "x\r\ny");
 * if (s.value !== "ax\nyb" || s.caret !== 4) throw new Error(JSON.stringify(s));
 * ```
 */
export function insertArea(state: LineState, text: string): boolean {
  const clean = text.replace(/\r\n?/g, "\n").replace(/\t/g, " ")
    // deno-lint-ignore no-control-regex
    .replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, "");
  if (clean === "") return false;
  const g = graphemes(state.value);
  const ins = graphemes(clean);
  g.splice(state.caret, 0, ...ins);
  state.value = g.join("");
  state.caret += ins.length;
  return true;
}

/**
 * Applies an editing key to a multi-line value.
 *
 * @example
 * ```ts
 * import { editArea } from "./area_editor.ts";
 * const s = { value: "one\ntwo", caret: 7 };
 * editArea(s, "up");
 * if (s.caret !== 3) throw new Error(String(s.caret));
 * editArea(s, "enter");
 * if (s.value !== "one\n\ntwo") throw new Error(JSON.stringify(s.value));
 * ```
 */
export function editArea(state: LineState, key: string, text?: string): EditResult {
  const g = graphemes(state.value);
  state.caret = Math.max(0, Math.min(state.caret, g.length));
  const starts = lineStarts(g);
  const { line, col } = caretPosition(g, state.caret);
  const lineEnd = (l: number) => (l + 1 < starts.length ? starts[l + 1] - 1 : g.length);
  const move = (c: number): EditResult => {
    state.caret = c;
    return { consumed: true, changed: false };
  };
  switch (key) {
    case "enter":
    case "shift+enter":
      return { consumed: true, changed: insertArea(state, "\n") };
    case "up":
      return line === 0 ? move(0) : move(Math.min(starts[line - 1] + col, lineEnd(line - 1)));
    case "down":
      return line + 1 >= starts.length
        ? move(g.length)
        : move(Math.min(starts[line + 1] + col, lineEnd(line + 1)));
    case "home":
    case "ctrl+a":
      return move(starts[line]);
    case "end":
    case "ctrl+e":
      return move(lineEnd(line));
    case "ctrl+home":
      return move(0);
    case "ctrl+end":
      return move(g.length);
    case "ctrl+u": {
      const from = starts[line];
      const v = [...g.slice(0, from), ...g.slice(state.caret)].join("");
      const changed = v !== state.value;
      state.value = v;
      state.caret = from;
      return { consumed: true, changed };
    }
    case "ctrl+k": {
      const to = lineEnd(line);
      const v = [...g.slice(0, state.caret), ...g.slice(to)].join("");
      const changed = v !== state.value;
      state.value = v;
      return { consumed: true, changed };
    }
  }
  return editLine(state, key, text);
}
