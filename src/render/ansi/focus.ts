/**
 * Focus order: document order of the focusable nodes, those with a positive
 * `tab_index` first (ascending), negative ones left out; confined to the last
 * displayed `modal` box when there is one.
 *
 * @module
 */
import type { RNode } from "./scene.ts";

/**
 * The tab order of a scene, and the modal that confines it (if any).
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { focusOrder } from "./focus.ts";
 * import { Scene } from "./scene.ts";
 * import { Styles } from "./style.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "TREE", root: { id: 1, type: "box", props: {}, children: [
 *   { id: 2, type: "input", props: {} },
 *   { id: 3, type: "box", props: { interactive: "clickable", tab_index: 1 } },
 * ] } });
 * const scene = new Scene(new Styles(model, "none"));
 * scene.sync();
 * const { order } = focusOrder(scene.root);
 * assert.equal(order.map((n) => n.id).join(), "3,2");
 * ```
 */
export function focusOrder(root: RNode | null): { order: RNode[]; modal: RNode | null } {
  const positive: RNode[] = [];
  const normal: RNode[] = [];
  let modal: RNode | null = null;
  const walk = (rn: RNode, inModal: RNode | null) => {
    if (!rn.flex.style.display) return;
    if (rn.modal) modal = rn;
    if (rn.focusable && rn.tabIndex >= 0) {
      (rn.tabIndex > 0 ? positive : normal).push(rn);
    }
    for (const c of rn.children) walk(c, inModal);
  };
  if (root) walk(root, null);
  positive.sort((a, b) => a.tabIndex - b.tabIndex);
  let order = [...positive, ...normal];
  if (modal) order = order.filter((n) => isInside(n, modal!));
  return { order, modal };
}

/** True when `node` is `ancestor` or below it. */
export function isInside(node: RNode, ancestor: RNode): boolean {
  for (let n: RNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The nearest scroll node at or above `node`. */
export function scrollOf(node: RNode | null): RNode | null {
  for (let n = node; n; n = n.parent) if (n.model.type === "scroll") return n;
  return null;
}

/**
 * Scrolls every scroll ancestor so that `node` is in view (uses the last
 * layout). Returns the scroll nodes whose position changed.
 */
export function reveal(node: RNode): RNode[] {
  const moved: RNode[] = [];
  const h = node.flex.height;
  let y = 0;
  for (let n: RNode = node; n.parent; n = n.parent) {
    y += n.flex.top; // the node's top in its parent's (unscrolled) content
    const p = n.parent;
    if (p.model.type !== "scroll") continue;
    const f = p.flex;
    const padTop = f.style.border[0] + f.style.padding[0];
    const viewport = f.height - padTop - f.style.border[2] - f.style.padding[2];
    const y0 = y - padTop, y1 = y0 + h;
    let st = p.scrollTop;
    if (y1 > st + viewport) st = Math.ceil(y1 - viewport);
    if (y0 < st) st = Math.floor(y0);
    if (st !== p.scrollTop) {
      p.scrollTop = Math.max(0, st);
      p.follow = false;
      moved.push(p);
    }
    y -= p.scrollTop; // where the scroll shows it
  }
  return moved;
}
