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
import { imageOfProps } from "../../../src/media/image.ts";
import { encodePng } from "../../../src/media/png.ts";
import { type Declarations, declarations } from "./css_values.ts";
import type { ValueReport } from "../../../src/protocol/input_value.ts";
import { applyAppValue } from "./input_value.ts";
import { SlotSheet } from "./slot_sheet.ts";

/** Roles an app may give a node with the `role` prop (the SDK's `Role` type). */
const ROLES: ReadonlySet<string> = new Set([
  "alert",
  "alertdialog",
  "banner",
  "button",
  "cell",
  "checkbox",
  "columnheader",
  "combobox",
  "dialog",
  "grid",
  "gridcell",
  "group",
  "heading",
  "list",
  "listbox",
  "listitem",
  "log",
  "main",
  "menu",
  "menuitem",
  "navigation",
  "note",
  "option",
  "progressbar",
  "radio",
  "radiogroup",
  "region",
  "row",
  "rowgroup",
  "rowheader",
  "separator",
  "status",
  "switch",
  "tab",
  "table",
  "tablist",
  "tabpanel",
  "toolbar",
  "tree",
  "treegrid",
  "treeitem",
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
 * // Not run as a doc test: needs a browser page (the DOM).
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
  const given = typeof p.role === "string" && ROLES.has(p.role) ? p.role : null;
  // In a row the app calls a table row, a child without a role is a cell.
  const own = given ?? (n.parent?.props.role === "row" && n.type !== "separator" ? "cell" : null);
  // A clickable is a button unless it says it is a checkbox, a tab...
  const role = clickable && (own === null || own === "heading") ? "button" : own;
  looks(el, n, role);
  if (n.type !== "canvas") attr(el, "role", role);
  const leveled = role === "heading" || role === "treeitem";
  attr(el, "aria-level", leveled ? String(size(p.level, role === "heading" ? 2 : 1)) : null);
  attr(el, "title", str(p.title));
  attr(el, "aria-live", p.live === "polite" || p.live === "assertive" ? p.live : null);
  attr(el, "aria-modal", p.modal === true ? "true" : null);
  for (const [prop, aria] of ARIA_STATES) {
    const v = p[prop];
    attr(el, aria, v === true || v === false || v === "mixed" ? String(v) : null);
  }
  if (n.type === "box" || n.type === "scroll") {
    // `focusable: false`: clickable by the mouse but not a tab stop (a list's
    // options; the list itself has focus).
    tabIndexAttr(el, p.tab_index, focusable && p.focusable !== false ? 0 : null);
    attr(el, "aria-label", focusable || role ? str(p.label) ?? str(p.text_alt) : null);
  } else if (n.type === "text") {
    // A text with a role (a data table row's cell) is named by its
    // `text_alt` (the row's values, where the text pads them into columns).
    attr(el, "aria-label", role ? str(p.text_alt) : null);
  }
  states(el, p);
}

/**
 * Classes the stylesheet draws by: rows (`vp-dir-row`), buttons (a framed
 * box that is a button: `vp-button`, filled for an accent or error frame).
 */
function looks(el: HTMLElement, n: ModelNode, role: string | null): void {
  const p = n.props;
  const box = n.type === "box" || n.type === "scroll";
  el.classList.toggle("vp-dir-row", box && p.dir === "row");
  const framed = p.border !== undefined && p.border !== null && p.border !== false &&
    p.border !== "none";
  const button = n.type === "box" && role === "button" && framed;
  el.classList.toggle("vp-button", button);
  // A framed box: toasts (a framed status or alert) are drawn as cards.
  el.classList.toggle("vp-framed", box && framed);
  const tone = button && p.border_color instanceof SlotRef ? p.border_color.slot : -1;
  el.classList.toggle("vp-tone-accent", tone === 2 && p.disabled !== true);
  el.classList.toggle("vp-tone-error", tone === 3 && p.disabled !== true);
}

const RANGE_ROLES: ReadonlySet<string> = new Set([
  "progressbar",
  "meter",
  "scrollbar",
  "slider",
  "spinbutton",
  "separator",
]);

/**
 * `tabindex` for an app's `tab_index`: positive values become 0 (a positive
 * tabindex puts a node before the whole page, the session tabs included, and
 * axe rightly flags it); the app's number stays in `data-vp-tab` for
 * the keyboard code that orders Tab by it. -1 and 0 are kept.
 */
export function tabIndexAttr(el: Element, tabIndex: unknown, fallback: number | null): void {
  const n = typeof tabIndex === "number" && Number.isFinite(tabIndex) ? Math.trunc(tabIndex) : null;
  attr(el, "data-vp-tab", n !== null && n > 0 ? String(n) : null);
  const v = n === null ? fallback : n > 0 ? 0 : n;
  attr(el, "tabindex", v === null ? null : String(v));
}

/** ARIA states of widgets beyond {@linkcode ARIA_STATES}: validity, sort, value, rows. */
function states(el: HTMLElement, p: Props): void {
  attr(el, "aria-invalid", p.invalid === true ? "true" : null);
  attr(el, "aria-multiselectable", p.multiselectable === true ? "true" : null);
  attr(el, "aria-sort", str(p.sort));
  attr(el, "aria-orientation", str(p.orientation));
  // Only ranges have a value in ARIA; a combobox says its value as its text.
  const range = RANGE_ROLES.has(el.getAttribute("role") ?? "");
  attr(el, "aria-valuenow", range && typeof p.value_now === "number" ? String(p.value_now) : null);
  attr(el, "aria-valuetext", range ? str(p.value_text) : null);
  // A progress bar's fill is drawn from this (client.css), 0-100.
  const pct = range && typeof p.value_now === "number" && Number.isFinite(p.value_now)
    ? Math.max(0, Math.min(100, p.value_now))
    : null;
  if (pct === null) el.style.removeProperty("--vp-value");
  else el.style.setProperty("--vp-value", `${pct}%`);
  attr(el, "aria-rowcount", typeof p.row_count === "number" ? String(p.row_count + 1) : null);
  // A modal box gives the focus to this one first (modal.ts).
  attr(el, "data-vp-autofocus", p.autofocus === true ? "" : null);
}

/**
 * A text node's `content`, or its `spans` as styled spans. Text (or a span)
 * marked `decor` draws a widget's state in characters: it gets the class
 * `vp-decor`, which the stylesheet draws as the control instead (a check
 * box, a radio button, a switch, a bar, a spinner, a chevron) inside the
 * widget roles it knows.
 */
export function applyText(el: HTMLElement, p: Props): void {
  el.classList.toggle("vp-decor", p.decor === true);
  if (typeof p.content === "string") {
    if (el.childElementCount > 0 || el.textContent !== p.content) el.textContent = p.content;
  } else if (Array.isArray(p.spans)) {
    el.replaceChildren(...p.spans.map((s) => span(s)));
  } else el.textContent = "";
}

/**
 * A real input (a `<textarea>` when multi-line): the browser edits, and the
 * app's value applies by the input value contract (`report` sends a merge the
 * app must learn).
 */
export function applyInput(
  input: HTMLInputElement | HTMLTextAreaElement,
  p: Props,
  report: (r: ValueReport) => void,
): void {
  applyAppValue(input, p, report);
  input.placeholder = typeof p.placeholder === "string" ? p.placeholder : "";
  // A `<textarea>` (a multi-line input) has no type; `rows` is its height.
  if (input instanceof HTMLInputElement) input.type = isPassword(p) ? "password" : "text";
  else if (typeof p.rows === "number" && p.rows > 0) {
    input.rows = Math.min(1000, Math.floor(p.rows));
  }
  input.disabled = p.disabled === true;
  input.readOnly = p.readonly === true;
  tabIndexAttr(input, p.tab_index, null);
  attr(input, "data-vp-clear-on-enter", p.clear_on_enter === true ? "" : null);
  // The name: the app's `label` or `text_alt`, else the placeholder; a label
  // node beside the field replaces it (labels.ts binds it after the flush).
  const named = str(p.label) ?? str(p.text_alt);
  attr(input, "data-vp-name", named ?? null);
  if (!input.hasAttribute("aria-labelledby")) {
    attr(input, "aria-label", named ?? str(p.placeholder));
  }
}

/** `password: true`; `secret: true` and `kind: "password"` are read as it too. */
export function isPassword(p: Props): boolean {
  return p.password === true || p.secret === true || p.kind === "password";
}

/** State props and their ARIA attributes (the text projection says the state in words). */
const ARIA_STATES: [string, string][] = [
  ["checked", "aria-checked"],
  ["selected", "aria-selected"],
  ["expanded", "aria-expanded"],
  ["disabled", "aria-disabled"],
];

/**
 * An image from its bytes (`data` with `format`: an encoded format, or
 * `"rgba"` raw pixels `width` x `height`; `mime` and the older `rgba` prop are
 * read too) or a `data:image/` URL in `src`; nothing is fetched from
 * elsewhere. Returns the new blob URL to revoke later (the old one is revoked
 * here).
 */
export function applyImage(img: HTMLImageElement, p: Props, oldBlob?: string): string | undefined {
  img.alt = str(p.alt) ?? str(p.text_alt) ?? "";
  if (oldBlob) URL.revokeObjectURL(oldBlob);
  const src = imageOfProps(p);
  if (src?.format === "rgba") {
    // Raw pixels (as terminals take them) become a PNG the <img> can show.
    const png = encodePng(src.data, src.width!, src.height!);
    const blob = URL.createObjectURL(new Blob([png as BlobPart], { type: "image/png" }));
    img.src = blob;
    return blob;
  }
  if (p.format === "rgba" || (p.data === undefined && p.rgba instanceof Uint8Array)) {
    // Raw pixels that do not fit their size (or are too many): the alt text shows.
    img.removeAttribute("src");
    return undefined;
  }
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
  // Sized in cells by `cols` / `rows` (the renderer's declarations), else in pixels.
  if (p.cols === undefined) c.style.width = `${w}px`;
  if (p.rows === undefined) c.style.height = `${h}px`;
  // A Tab stop only when the app asks (`tab_index`): a chart is no stop on the
  // way through a page. A click still focuses it, so its keys reach the app.
  tabIndexAttr(c, p.tab_index, -1);
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
  if (o.decor === true) el.classList.add("vp-decor");
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
