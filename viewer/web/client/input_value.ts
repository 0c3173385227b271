/// <reference lib="dom" />
/**
 * The input value contract in the browser (docs/protocol.md, "Input values"):
 * each `<input>` (and multi-line `<textarea>`) keeps a {@linkcode ValueSync}; typing reports
 * `value_change {value, seq, base_seq}`, the app's `value` (with `value_seq`)
 * replaces or merges with what was typed, and nothing is applied in the middle
 * of an IME composition.
 *
 * @module
 */
import { type ValueReport, ValueSync } from "../../../src/protocol/input_value.ts";
import type { Props } from "../../../src/protocol/messages/types.ts";

/** A text field: an `<input>`, or a `<textarea>` for a multi-line input. */
type Field = HTMLInputElement | HTMLTextAreaElement;

const syncs = new WeakMap<Field, ValueSync>();
const composing = new WeakSet<Field>();
// An app value that arrived during a composition, applied when it ends.
const held = new WeakMap<Field, () => void>();

/**
 * The user changed the input's value: the `value_change` fields to send, or
 * null when the value is what was last reported.
 */
export function userEdited(input: Field): ValueReport | null {
  let sync = syncs.get(input);
  if (!sync) syncs.set(input, sync = new ValueSync(""));
  if (input.value === sync.value) return null;
  return sync.edit(input.value);
}

/** A composition (IME) started: app values wait until it ends. */
export function compositionStarted(input: Field): void {
  composing.add(input);
}

/** A composition ended: applies an app value that waited for it. */
export function compositionEnded(input: Field): void {
  composing.delete(input);
  const apply = held.get(input);
  held.delete(input);
  apply?.();
}

/**
 * Shows the app's `value` in `input`: the first time as it is, later through
 * the contract, keeping the caret and selection where the text they were in
 * went. `report` sends a `value_change` when the app must learn a merge.
 */
export function applyAppValue(
  input: Field,
  p: Props,
  report: (r: ValueReport) => void,
): void {
  const sync = syncs.get(input);
  if (!sync) {
    const v = typeof p.value === "string" ? p.value : "";
    syncs.set(input, new ValueSync(v, p.value_seq));
    input.value = v;
    return;
  }
  if (composing.has(input)) {
    held.set(input, () => applyAppValue(input, p, report));
    return;
  }
  const r = sync.app(p.value, p.value_seq);
  if (!r) return;
  const focused = input.ownerDocument.activeElement === input;
  const start = input.selectionStart, end = input.selectionEnd;
  if (input.value !== r.value) input.value = r.value;
  if (focused && start !== null && end !== null) {
    input.setSelectionRange(r.caret(start), r.caret(end));
  }
  if (r.report) report(r.report);
}
