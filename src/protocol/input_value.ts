/**
 * The input value contract, viewer side (docs/protocol.md, "Input values").
 * A viewer edits an `input` node's value locally and reports every change as
 * `INPUT value_change {value, seq, base_seq}`: `seq` counts the viewer's edits
 * of that input, `base_seq` names the app value the edit started from. The app
 * sets `value` together with `value_seq`, the newest `seq` it had received. A
 * set that saw every local edit replaces the value; an older one is merged
 * with the edits it did not see, and the merged value is reported back.
 *
 * Pure code (no Deno APIs): both the ANSI renderer and the browser client use
 * it, so the two viewers behave alike.
 *
 * @module
 */

/** The fields a viewer sends with `value_change` (besides `kind` and `target`). */
export interface ValueReport {
  value: string;
  /** The viewer's edit counter for this input, one more per local change. */
  seq: number;
  /** The `value_seq` of the app value this edit was made on (0: none yet). */
  base_seq: number;
}

/** What an app value did to the local one. */
export interface AppValueResult {
  /** The value to show now. */
  value: string;
  /** Maps a position (UTF-16 index) in the previous local value to one in `value`. */
  caret(position: number): number;
  /** A `value_change` to send: the app must learn the merged value. */
  report?: ValueReport;
}

/** How many local values are kept for merging an app value that arrives late. */
export const VALUE_HISTORY = 256;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Never split a surrogate pair: both sides then differ from its start.
  if (i > 0 && i < n && isHigh(a.charCodeAt(i - 1))) i--;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (
    i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)
  ) i++;
  if (i > 0 && i < limit && isHigh(a.charCodeAt(a.length - 1 - i))) i--;
  return i;
}

/** `from[start:end]` replaced by `text` gives `to`. */
interface Splice {
  start: number;
  end: number;
  text: string;
}

function spliceOf(from: string, to: string): Splice {
  const p = commonPrefix(from, to);
  const s = commonSuffix(from, to, Math.min(from.length, to.length) - p);
  return { start: p, end: from.length - s, text: to.slice(p, to.length - s) };
}

/** A merged value and where positions of `mine` went. */
export interface Merge {
  value: string;
  map(position: number): number;
}

/**
 * Three-way merge of one-line values: `mine` and `theirs` were both made from
 * `base`. Each side's change is taken as one splice; when the two do not
 * overlap both apply (at one insertion point, theirs goes first). Overlapping
 * changes give `null`.
 *
 * @example
 * ```ts
 * import { mergeValues } from "./input_value.ts";
 * // The app cleared "buy milk" after Enter while the user typed "w":
 * if (mergeValues("buy milk", "buy milkw", "")?.value !== "w") throw new Error();
 * if (mergeValues("ab", "abc", "AB")?.value !== "ABc") throw new Error();
 * if (mergeValues("buy milk", "buy smilk", "") !== null) throw new Error("overlap");
 * ```
 */
export function mergeValues(base: string, mine: string, theirs: string): Merge | null {
  if (mine === base) return { value: theirs, map: () => theirs.length };
  if (theirs === base || theirs === mine) return { value: mine, map: (p) => p };
  const l = spliceOf(base, mine), t = spliceOf(base, theirs);
  const dt = t.text.length - (t.end - t.start);
  if (t.end <= l.start) {
    // Theirs lies before mine: positions of mine before it stay.
    const value = base.slice(0, t.start) + t.text + base.slice(t.end, l.start) + l.text +
      base.slice(l.end);
    return {
      value,
      map: (p) => p <= t.start ? p : p < t.end ? t.start + t.text.length : p + dt,
    };
  }
  if (l.end <= t.start) {
    const value = base.slice(0, l.start) + l.text + base.slice(l.end, t.start) + t.text +
      base.slice(t.end);
    const dl = l.text.length - (l.end - l.start);
    const ts = t.start + dl, te = t.end + dl;
    return { value, map: (p) => p <= ts ? p : p < te ? ts + t.text.length : p + dt };
  }
  return null;
}

/**
 * One input's value as a viewer keeps it: the local value, the edit counter
 * and the recent local values an app value may have been made from.
 *
 * @example
 * ```ts
 * import { ValueSync } from "./input_value.ts";
 * const s = new ValueSync("", 0);
 * for (const v of ["b", "bu", "buy"]) s.edit(v); // value_change seq 1..3
 * s.app("", 3); // the app clears after Enter: s.value is ""
 * s.edit("x"); // seq 4, base_seq 3
 * const late = s.app("", 3); // the same set again (another prop patched): "x" stays
 * const shown: string = s.value;
 * if (shown !== "x" || late !== null) throw new Error(shown);
 * ```
 */
export class ValueSync {
  #value: string;
  #seq: number;
  #base: number;
  // The `value_seq` of the app's latest value (kept in the history).
  #latest: number;
  #history = new Map<number, string>();
  // For apps that send no value_seq: the values reported since their last value.
  #reported: string[] = [];

  /** Starts from the node's `value` and `value_seq` props. */
  constructor(value: string, valueSeq?: unknown) {
    this.#value = value;
    this.#seq = this.#base = this.#latest = isSeq(valueSeq) ? valueSeq : 0;
    this.#history.set(this.#seq, value);
  }

  /** The value shown. */
  get value(): string {
    return this.#value;
  }

  /** The number of the latest local change. */
  get seq(): number {
    return this.#seq;
  }

  /** The user changed the value: returns what `value_change` carries. */
  edit(value: string): ValueReport {
    this.#value = value;
    this.#seq++;
    this.#remember(this.#seq, value);
    this.#reported.push(value);
    if (this.#reported.length > VALUE_HISTORY) this.#reported.shift();
    return { value, seq: this.#seq, base_seq: this.#base };
  }

  /**
   * The app's `value` and `value_seq` props (after a patch of the node).
   * Returns what changed, or `null` when the local value stays as it is.
   */
  app(value: unknown, valueSeq: unknown): AppValueResult | null {
    if (typeof value !== "string") return null; // no value: the viewer's own
    if (!isSeq(valueSeq)) return this.#legacy(value);
    const m = valueSeq;
    const old = this.#value;
    if (m >= this.#seq) {
      // The app saw every local change: its value stands. One equal to the
      // local value is an echo (a controlled input rendering what it was
      // told): it changes nothing, and edits stay based on the app's last
      // change, as the app counts them (src/sdk/input_values.ts).
      this.#seq = this.#latest = m;
      if (value !== old) this.#base = m;
      this.#history.clear();
      this.#history.set(m, value);
      this.#reported = [];
      if (value === old) return null;
      this.#value = value;
      return { value, caret: () => value.length };
    }
    const seen = this.#history.get(m);
    if (seen === value) return null; // a patch of another prop, or an echo
    // The app decided without the latest local changes: keep them.
    const merged = seen === undefined ? null : mergeValues(seen, old, value);
    const next = merged?.value ?? old;
    this.#base = this.#latest = m;
    this.#seq++;
    this.#history.clear();
    this.#history.set(m, value);
    this.#history.set(this.#seq, next);
    this.#reported = [next];
    this.#value = next;
    return {
      value: next,
      caret: merged ? merged.map : (p) => p,
      report: { value: next, seq: this.#seq, base_seq: m },
    };
  }

  #legacy(value: string): AppValueResult | null {
    // Without value_seq an app's value that equals an earlier report is taken
    // for an echo of the typing (replaying it would drop newer characters);
    // any other value wins, even one equal to the app's previous value.
    if (value === this.#value || this.#reported.includes(value)) return null;
    this.#value = value;
    this.#reported = [];
    return { value, caret: () => value.length };
  }

  #remember(seq: number, value: string): void {
    this.#history.set(seq, value);
    if (this.#history.size <= VALUE_HISTORY) return;
    // The oldest goes, but never the app's latest value (its patches repeat it).
    for (const k of this.#history.keys()) {
      if (k !== this.#latest) {
        this.#history.delete(k);
        return;
      }
    }
  }
}

function isSeq(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}
