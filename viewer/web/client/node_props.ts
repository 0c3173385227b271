/// <reference lib="dom" />
/**
 * What each node type's props mean for its element, beyond CSS: behaviours
 * and ARIA roles, text and styled spans, inputs, images and canvas sizes.
 *
 * @module
 */
import type { ModelNode } from "../../../src/model/model_node.ts";
import type { Props } from "../../../src/protocol/messages/types.ts";
import { SlotRef } from "../../../src/protocol/slot_ref.ts";
import { type Declarations, declarations } from "./css_values.ts";
import { lastSent } from "./events.ts";
import { SlotSheet } from "./slot_sheet.ts";

/** Roles an app may give a node with the `role` prop. */
const ROLES: ReadonlySet<string> = new Set([
  "button",
  "checkbox",
  "radio",
  "radiogroup",
  "switch",
  "combobox",
  "listbox",
  "option",
  "grid",
  "table",
  "row",
  "columnheader",
  "gridcell",
  "tree",
  "treeitem",
  "tablist",
  "tab",
  "tabpanel",
  "dialog",
  "progressbar",
  "separator",
  "heading",
  "status",
  "alert",
  "note",
  "log",
  "list",
  "listitem",
  "navigation",
  "main",
  "region",
  "group",
  "toolbar",
  "banner",
]);
const MIME: Record<string, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
};

/**
 * Behaviours and semantics: a clickable box is a button (focusable, pointer
 * cursor, keyboard activation in events.ts), a focusable one joins the tab
 * order; `role`, `tab_index`, `title`, and `text_alt` as the accessible name.
 *
 * @example
 * ```ts ignore
 * import { applyBehaviour } from "./node_props.ts";
 * applyBehaviour(el, node);
 * ```
 */
export function applyBehaviour(el: HTMLElement, n: ModelNode): void {
  const p = n.props;
  const clickable = n.type === "box" && p.interactive === "clickable";
  const focusable = clickable || (n.type === "box" && p.interactive === "focusable");
  el.classList.toggle("vp-clickable", clickable);
  el.classList.toggle("vp-focusable", focusable);
  // An app's role wins (a clickable check box is a checkbox, not a button).
  const role = typeof p.role === "string" && ROLES.has(p.role)
    ? p.role
    : clickable
    ? "button"
    : null;
  if (n.type !== "canvas") attr(el, "role", role);
  const leveled = role === "heading" || role === "treeitem";
  attr(el, "aria-level", leveled ? String(size(p.level, role === "heading" ? 2 : 1)) : null);
  attr(el, "title", str(p.title));
  if (n.type === "box" || n.type === "scroll") {
    // `focusable: false`: clickable by the mouse but not a tab stop (a list's
    // options; the list itself has focus).
    const tab = typeof p.tab_index === "number"
      ? p.tab_index
      : focusable && p.focusable !== false
      ? 0
      : null;
    attr(el, "tabindex", tab === null ? null : String(tab));
    attr(el, "aria-label", focusable || role ? str(p.label) ?? str(p.text_alt) : null);
  }
  states(el, p);
}

/** ARIA states of widgets: checked, selected, expanded, disabled, sort, value, modal. */
function states(el: HTMLElement, p: Props): void {
  const flag = (v: unknown) => typeof v === "boolean" ? String(v) : null;
  attr(el, "aria-checked", flag(p.checked));
  attr(el, "aria-selected", flag(p.selected));
  attr(el, "aria-expanded", flag(p.expanded));
  attr(el, "aria-disabled", p.disabled === true ? "true" : null);
  attr(el, "aria-invalid", p.invalid === true ? "true" : null);
  attr(el, "aria-multiselectable", p.multiselectable === true ? "true" : null);
  attr(el, "aria-sort", str(p.sort));
  attr(el, "aria-orientation", str(p.orientation));
  attr(el, "aria-valuenow", typeof p.value_now === "number" ? String(p.value_now) : null);
  attr(el, "aria-valuetext", str(p.value_text));
  attr(el, "aria-rowcount", typeof p.row_count === "number" ? String(p.row_count + 1) : null);
  attr(el, "aria-modal", p.modal === true ? "true" : null);
  attr(el, "data-vp-modal", p.modal === true ? "" : null);
  attr(el, "data-vp-autofocus", p.autofocus === true ? "" : null);
}

/** A text node's `content`, or its `spans` as styled spans. */
export function applyText(el: HTMLElement, p: Props): void {
  if (typeof p.content === "string") {
    if (el.childElementCount > 0 || el.textContent !== p.content) el.textContent = p.content;
  } else if (Array.isArray(p.spans)) {
    el.replaceChildren(...p.spans.map((s) => span(s)));
  } else el.textContent = "";
}

/** The `value` each input last got from the app. */
const appValue = new WeakMap<HTMLInputElement | HTMLTextAreaElement, string>();

/** A real input: the browser edits; the app's value wins unless it echoes the user. */
export function applyInput(
  input: HTMLInputElement | HTMLTextAreaElement,
  p: Props,
  valueSet = false,
): void {
  const v = typeof p.value === "string" ? p.value : "";
  // Only the app setting `value` (`valueSet`: a PATCH named it, even unchanged,
  // such as "" after a submit) or a new value is applied: another prop changing
  // (a field turning valid as the user types) must not undo the typing.
  const changed = valueSet || appValue.get(input) !== v;
  appValue.set(input, v);
  // Skip an echo of what the user typed: setting it would move the caret.
  if (changed && input.value !== v && lastSent.get(input) !== v) input.value = v;
  lastSent.delete(input);
  input.placeholder = typeof p.placeholder === "string" ? p.placeholder : "";
  if (input instanceof HTMLInputElement) input.type = p.password === true ? "password" : "text";
  else if (typeof p.rows === "number" && p.rows > 0) {
    input.rows = Math.min(1000, Math.floor(p.rows));
  }
  input.disabled = p.disabled === true;
  attr(input, "aria-label", str(p.label) ?? str(p.text_alt) ?? str(p.placeholder));
}

/**
 * An image from its bytes (`data` with `format` or `mime`) or a `data:image/`
 * URL; nothing is fetched from elsewhere. Returns the new blob URL to revoke
 * later (the old one is revoked here).
 */
export function applyImage(img: HTMLImageElement, p: Props, oldBlob?: string): string | undefined {
  img.alt = str(p.alt) ?? str(p.text_alt) ?? "";
  if (oldBlob) URL.revokeObjectURL(oldBlob);
  if (p.data instanceof Uint8Array) {
    const type = MIME[String(p.format ?? "").toLowerCase()] ?? str(p.mime) ?? "image/png";
    const blob = URL.createObjectURL(new Blob([p.data as Uint8Array<ArrayBuffer>], { type }));
    img.src = blob;
    return blob;
  }
  if (typeof p.src === "string" && /^data:image\//.test(p.src)) img.src = p.src;
  else img.removeAttribute("src");
  return undefined;
}

/**
 * A canvas's size in CSS pixels (`width`, `height`; drawings are in these
 * units) with a backing store at the device pixel ratio. Returns true when
 * the backing store was resized (which clears it: draw again).
 */
export function applyCanvasProps(c: HTMLCanvasElement, p: Props): boolean {
  const w = size(p.width, 300), h = size(p.height, 150);
  const dpr = globalThis.devicePixelRatio || 1;
  c.style.width = `${w}px`;
  c.style.height = `${h}px`;
  attr(c, "role", "img");
  attr(c, "aria-label", str(p.text_alt) ?? str(p.alt) ?? "canvas");
  const bw = Math.round(w * dpr), bh = Math.round(h * dpr);
  if (c.width === bw && c.height === bh) return false;
  c.width = bw;
  c.height = bh;
  return true;
}

function span(s: unknown): HTMLElement {
  const el = document.createElement("span");
  if (!s || typeof s !== "object") return el;
  const o = s as Props;
  el.textContent = typeof o.text === "string" ? o.text : "";
  const decl: Declarations = new Map();
  const st = o.style;
  if (st instanceof SlotRef) el.className = SlotSheet.styleClass(st.slot);
  else if (st && typeof st === "object") declarations(st as Props, "text", decl);
  declarations(o, "text", decl);
  for (const [k, v] of decl) el.style.setProperty(k, v);
  return el;
}

function attr(el: Element, name: string, value: string | null | undefined): void {
  if (value === null || value === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function size(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.min(v, 8192) : fallback;
}
