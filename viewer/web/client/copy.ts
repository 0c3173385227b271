/// <reference lib="dom" />
/**
 * Copy follows the text projection (protocol-spec section 7): a selection that
 * spans several nodes is copied as those nodes' projection (rows tab-joined,
 * columns newline-joined, tables as TSV), not as whatever the DOM layout
 * happens to serialize to. A selection inside one text is left to the browser.
 *
 * @module
 */
import type { TextProjection } from "../../../src/projection/text_projection.ts";

/**
 * The text to copy for `range` within the session element `root`, or `null`
 * to let the browser copy as usual.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM).
 * import { projectedSelection } from "./copy.ts";
 * const text = projectedSelection(getSelection()!.getRangeAt(0), root, projection);
 * ```
 */
export function projectedSelection(
  range: Range,
  root: HTMLElement,
  projection: TextProjection,
): string | null {
  if (range.collapsed) return null;
  const common = range.commonAncestorContainer;
  const holder = (common instanceof Element ? common : common.parentElement)?.closest(
    "[data-vp-id]",
  );
  if (!holder || !root.contains(holder)) {
    // The selection covers the whole session (select all): the whole projection.
    return root.contains(common) || common.contains(root) ? projection.text() : null;
  }
  const id = Number(holder.getAttribute("data-vp-id"));
  const node = projection.model.tree.get(id);
  if (!node || (node.type !== "box" && node.type !== "scroll")) return null;
  const parts: string[] = [];
  for (const child of node.children) {
    const el = holder.querySelector(`:scope > [data-vp-id="${child.id}"]`);
    if (el && range.intersectsNode(el)) parts.push(projection.nodeText(child.id) ?? "");
  }
  if (parts.length <= 1 && node.type === "box") return parts[0] ?? null;
  return parts.join(node.props.dir === "row" ? "\t" : "\n");
}
