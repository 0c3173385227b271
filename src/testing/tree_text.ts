/**
 * A render tree as indented lines people (and agents) read at a glance.
 *
 * @module
 */
import type { ModelNode } from "../model/model_node.ts";
import type { ViewportModel } from "../model/viewport_model.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import { roleOf } from "./query.ts";

// Props that say what a node is or holds; the rest is styling.
const SHOWN = [
  "content",
  "value",
  "placeholder",
  "label",
  "text_alt",
  "alt",
  "dir",
  "interactive",
  "tab_index",
  "disabled",
  "schema",
] as const;

/**
 * The tree as `type #id [role] key=value…` lines, two spaces per level. With
 * `props`, every prop is shown (as JSON).
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../model/viewport_model.ts";
 * import { treeText } from "./tree_text.ts";
 * import assert from "node:assert/strict";
 * const m = new ViewportModel();
 * m.apply({ type: "TREE", root: { id: 1, type: "box", props: { dir: "column" }, children: [
 *   { id: 2, type: "text", props: { content: "hi" } },
 * ] } });
 * assert.equal(treeText(m), "box #1 dir=column\n  text #2 content=hi");
 * ```
 */
export function treeText(model: ViewportModel, options: { props?: boolean } = {}): string {
  const root = model.tree.root;
  if (!root) return "(no tree yet)";
  const out: string[] = [];
  const walk = (n: ModelNode, depth: number) => {
    out.push("  ".repeat(depth) + line(n, model, options.props ?? false));
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return out.join("\n");
}

function line(n: ModelNode, model: ViewportModel, all: boolean): string {
  const role = roleOf(n);
  let s = `${n.type} #${n.id}${role !== n.type && role !== "box" ? ` [${role}]` : ""}`;
  const keys = all ? Object.keys(n.props) : SHOWN.filter((k) => n.props[k] !== undefined);
  for (const k of keys) s += ` ${k}=${show(n.props[k])}`;
  if (!all && n.type === "text" && n.props.content === undefined && Array.isArray(n.props.spans)) {
    const text = (n.props.spans as { text?: unknown }[]).map((x) => String(x?.text ?? "")).join("");
    s += ` spans=${JSON.stringify(text)}`;
  }
  const ref = n.props.schema;
  if (ref instanceof SlotRef) {
    const entry = model.data.schema(ref.slot);
    if (entry) {
      s += ` rows=${entry.rows.length} columns=${entry.columns.map((c) => c.name).join(",")}`;
    }
  }
  return s;
}

function show(v: unknown): string {
  if (v instanceof SlotRef) return `@${v.slot}`;
  if (typeof v === "string") {
    return /^[\w.-]+$/.test(v) && v !== "" && !/^\d/.test(v) ? v : JSON.stringify(v);
  }
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  return JSON.stringify(v) ?? String(v);
}
