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
import { lastSent } from "./events.ts";
import { SlotSheet } from "./slot_sheet.ts";

/** Roles an app may give a node with the `role` prop. */
const ROLES: ReadonlySet<string> = new Set([
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
  const role = clickable
    ? "button"
    : typeof p.role === "string" && ROLES.has(p.role)
    ? p.role
    : null;
  if (n.type !== "canvas") attr(el, "role", role);
  attr(el, "aria-level", role === "heading" ? String(size(p.level, 2)) : null);
  attr(el, "title", str(p.title));
  if (n.type === "box" || n.type === "scroll") {
    const tab = typeof p.tab_index === "number" ? p.tab_index : focusable ? 0 : null;
    attr(el, "tabindex", tab === null ? null : String(tab));
    attr(el, "aria-label", focusable || role ? str(p.text_alt) ?? str(p.label) : null);
  }
}

/** A text node's `content`, or its `spans` as styled spans. */
export function applyText(el: HTMLElement, p: Props): void {
  if (typeof p.content === "string") {
    if (el.childElementCount > 0 || el.textContent !== p.content) el.textContent = p.content;
  } else if (Array.isArray(p.spans)) {
    el.replaceChildren(...p.spans.map((s) => span(s)));
  } else el.textContent = "";
}

/** A real input: the browser edits; the app's value wins unless it echoes the user. */
export function applyInput(input: HTMLInputElement, p: Props): void {
  const v = typeof p.value === "string" ? p.value : "";
  // Skip an echo of what the user typed: setting it would move the caret.
  if (input.value !== v && lastSent.get(input) !== v) input.value = v;
  lastSent.delete(input);
  input.placeholder = typeof p.placeholder === "string" ? p.placeholder : "";
  input.type = p.password === true ? "password" : "text";
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
  const src = imageOfProps(p);
  if (src?.format === "rgba") {
    // Raw pixels (as terminals take them) become a PNG the <img> can show.
    const png = encodePng(src.data, src.width!, src.height!);
    const blob = URL.createObjectURL(new Blob([png as BlobPart], { type: "image/png" }));
    img.src = blob;
    return blob;
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
