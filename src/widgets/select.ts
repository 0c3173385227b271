/**
 * Selects: a field showing the chosen option that opens a list of the
 * options below it (a click, Enter, Space or Down), where the keyboard or the
 * mouse picks one. Escape or leaving the list closes it.
 *
 * @module
 */
import type { KeyEvent } from "../sdk/input_events.ts";
import { column, row, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { renderContext } from "./context.ts";
import { list, ListState } from "./list.ts";
import { colors } from "./theme.ts";

/** One option of a {@linkcode select}. */
export interface SelectOption<V> {
  value: V;
  label: string;
}

/**
 * A select's own state: whether its list is open. Keep one per select across
 * renders.
 *
 * @example
 * ```ts
 * import { SelectState } from "./select.ts";
 * import assert from "node:assert/strict";
 * const s = new SelectState();
 * assert.ok(!s.open);
 * ```
 */
export class SelectState {
  /** The option list is showing. */
  open = false;
  /** The list of options while open. */
  readonly list: ListState<string> = new ListState<string>([]);
  #refocus = false;

  /** Opens the list with the cursor on option `at`. */
  show(labels: readonly string[], at: number): void {
    this.list.setItems(labels);
    this.list.moveTo(Math.max(0, at));
    this.list.select(Math.max(0, at));
    this.open = true;
  }

  /** Closes the list; `refocus` gives the field its focus back. */
  hide(refocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    this.#refocus ||= refocus;
  }

  /** True once after {@linkcode SelectState.hide} asked to refocus. */
  takeRefocus(): boolean {
    const r = this.#refocus;
    this.#refocus = false;
    return r;
  }
}

/** Options of {@linkcode select}. */
export interface SelectOptions<V> {
  /** The node id of the field. */
  id?: number;
  /** Shown above the field; also its accessible name. */
  label?: string;
  options: readonly SelectOption<V>[];
  /** The chosen value (none when it matches no option). */
  value: V | undefined;
  /** Shown dimmed when nothing is chosen. */
  placeholder?: string;
  /** Called with the value the user picked. */
  onChange?: (value: V) => void;
  /** Width in cells (default: the longest option, at least 16). */
  width?: number;
  /** Rows of the open list (default: all options, at most 8). */
  height?: number;
  /** Position in the tab order (as the `tab_index` prop). */
  tabIndex?: number;
}

const OPEN_KEYS = new Set(["enter", "space", "down", "alt+down"]);

/**
 * A select. Closed, it is one line: the chosen option and `▾`. Its text
 * projection is `Label: Option`, followed by the options while open.
 *
 * @example
 * ```ts
 * import { select, SelectState } from "./select.ts";
 * import assert from "node:assert/strict";
 * const node = select(new SelectState(), { label: "Fruit", value: "b", options: [
 *   { value: "a", label: "Apple" }, { value: "b", label: "Banana" }] });
 * assert.equal(node.props.text_alt, "Fruit: Banana");
 * ```
 */
export function select<V>(state: SelectState, o: SelectOptions<V>): VNode {
  const at = o.options.findIndex((x) => x.value === o.value);
  const labels = o.options.map((x) => x.label);
  const shown = at >= 0 ? labels[at] : "";
  const width = o.width ?? Math.max(16, ...labels.map((l) => [...l].length + 3));
  const interactive = renderContext().interactive;
  const open = state.open && interactive;
  const toggle = () => {
    if (state.open) state.hide(true);
    else state.show(labels, at);
  };
  const choose = (i: number) => {
    state.hide(true);
    const opt = o.options[i];
    if (opt && i !== at) o.onChange?.(opt.value);
  };
  // A key the field does not use bubbles (returns false).
  const onKey = (e: KeyEvent): boolean => {
    if (!state.open && OPEN_KEYS.has(e.key ?? "")) state.show(labels, at);
    // Escape pressed before the list took focus (a quick user, a remote viewer).
    else if (state.open && e.key === "escape") state.hide(true);
    else return false;
    return true;
  };
  const refocus = state.takeRefocus();
  const field = row({
    id: o.id,
    interactive: "clickable",
    role: "combobox",
    expanded: open,
    label: o.label ?? shown,
    value_text: shown,
    autofocus: refocus || undefined,
    width,
    align_self: "start",
    tab_index: o.tabIndex,
    onClick: toggle,
    onKey,
  }, [
    text(shown || o.placeholder || "", {
      grow: 1,
      wrap: "truncate",
      underline: true,
      color: shown ? undefined : colors.dim,
    }),
    // A browser draws a chevron here instead, and a field around the row.
    text(open ? " ▴" : " ▾", { underline: true, color: colors.accent, wrap: false, decor: true }),
  ]);
  const alt = (o.label ? `${o.label}: ` : "") + (shown || o.placeholder || "") +
    (open ? "\n" + labels.map((l, i) => (i === at ? "› " : "  ") + l).join("\n") : "");
  return column({ text_alt: alt, align_self: "start" }, [
    o.label ? text(o.label, { bold: true }) : null,
    field,
    open
      ? list(state.list, {
        height: Math.max(1, Math.min(o.height ?? 8, labels.length)),
        width,
        autofocus: true,
        activateOnClick: true,
        onActivate: (i) => choose(i),
        onKey: (key) => {
          if (key !== "escape" && key !== "tab" && key !== "shift+tab") return false;
          state.hide(true);
          return true;
        },
        onBlur: () => state.hide(false),
      })
      : null,
  ]);
}
