/**
 * Finding nodes the way a person reads a UI: by text, by role and name, by
 * label, or by id. Pure functions of a model; locators call them again on
 * every use, so they see the tree as it is after the latest patches.
 *
 * @module
 */
import type { ModelNode } from "../model/model_node.ts";
import type { ViewportModel } from "../model/viewport_model.ts";
import { formatValue } from "../projection/format.ts";
import { SlotRef } from "../protocol/slot_ref.ts";

/** Text to look for: a string (whole text first, else a part of it) or a pattern. */
export type TextMatch = string | RegExp;

/** How a string is compared: `true` whole text only, `false` any part, unset: whole text first. */
export interface MatchOptions {
  exact?: boolean;
}

/** What a locator looks for. */
export type Query =
  | { by: "text"; text: TextMatch; exact?: boolean }
  | { by: "id"; id: number }
  | { by: "role"; role: string; name?: TextMatch; exact?: boolean }
  | { by: "label"; label: TextMatch; exact?: boolean };

/** A match: a node, or one data row of a table (a schema-bound scroll). */
export interface Target {
  node: ModelNode;
  /** Index of the row in the table's retained rows. */
  row?: number;
}

const ROLE_ALIASES: Record<string, string> = {
  textbox: "input",
  img: "image",
  listbox: "table",
  grid: "table",
};

/**
 * The role of a node: its `role` prop when it has one, else what its type and
 * behaviour make it: `button` (a clickable box), `group` (a focusable box),
 * `box`, `input`, `table` (a scroll bound to a schema), `scroll`, `text`,
 * `image`, `canvas`, `separator`.
 *
 * @example
 * ```ts
 * import { roleOf } from "./query.ts";
 * import assert from "node:assert/strict";
 * const node = { id: 3, type: "box", props: { interactive: "clickable" } } as never;
 * assert.equal(roleOf(node), "button");
 * ```
 */
export function roleOf(node: ModelNode): string {
  const p = node.props;
  if (typeof p.role === "string" && p.role !== "") return p.role;
  switch (node.type) {
    case "box":
      return p.interactive === "clickable"
        ? "button"
        : p.interactive === "focusable"
        ? "group"
        : "box";
    case "scroll":
      return p.schema instanceof SlotRef ? "table" : "scroll";
    default:
      return node.type;
  }
}

/** Text matching, shared by every query. */
export function matchText(text: string, want: TextMatch, exact: boolean): boolean {
  if (want instanceof RegExp) {
    want.lastIndex = 0;
    return want.test(text);
  }
  const t = squash(text), w = squash(want);
  return exact ? t === w : t.includes(w);
}

function squash(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/**
 * Reads of a model for queries, cached for one resolution (the model does not
 * change while a query runs).
 */
export class ModelReader {
  readonly model: ViewportModel;
  #now: number;
  #text = new Map<ModelNode, string>();

  constructor(model: ViewportModel, now: number = Date.now()) {
    this.model = model;
    this.#now = now;
  }

  /**
   * What a node says on screen: its content, alt text or value (not an input's
   * placeholder), its children's joined like the text projection (tabs in a
   * row, newlines in a column). A table's rows are targets of their own.
   */
  text(node: ModelNode): string {
    const hit = this.#text.get(node);
    if (hit !== undefined) return hit;
    const p = node.props;
    let out: string;
    if (typeof p.text_alt === "string") out = p.text_alt;
    else {
      switch (node.type) {
        case "text":
          out = typeof p.content === "string" ? p.content : spansText(p.spans);
          break;
        case "input":
          out = typeof p.value === "string" ? p.value : "";
          break;
        case "image":
        case "canvas":
          out = typeof p.alt === "string" ? p.alt : "";
          break;
        case "separator":
          out = "";
          break;
        default: {
          const sep = node.type === "box" && p.dir === "row" ? "\t" : "\n";
          out = node.children.map((c) => this.text(c)).filter((t) => t !== "").join(sep);
        }
      }
    }
    this.#text.set(node, out);
    return out;
  }

  /** The rows of a table node as the projection prints them (cells joined by tabs). */
  rowTexts(node: ModelNode): string[] {
    const ref = node.props.schema;
    if (node.type !== "scroll" || !(ref instanceof SlotRef)) return [];
    const entry = this.model.data.schema(ref.slot);
    if (!entry) return [];
    const out: string[] = [];
    for (let r = 0; r < entry.rows.length; r++) {
      const row = entry.rows.at(r);
      out.push(entry.columns.map((c, i) => formatValue(row[i], c, this.#now)).join("\t"));
    }
    return out;
  }

  /**
   * The label a person would read next to a control: its `label` or
   * `text_alt` prop; for an input, else the text node just before it in its
   * row or column (without a trailing colon), else its placeholder; for other
   * controls, their own text.
   */
  label(node: ModelNode): string {
    const p = node.props;
    if (typeof p.label === "string") return p.label;
    if (typeof p.text_alt === "string") return p.text_alt;
    if (node.type !== "input") return this.text(node);
    const parent = node.parent;
    if (parent) {
      const i = parent.children.indexOf(node);
      for (let j = i - 1; j >= 0; j--) {
        const sib = parent.children[j];
        const t = this.text(sib).trim();
        if (t === "") continue;
        if (sib.type === "text") return t.replace(/\s*:$/, "");
        break;
      }
    }
    return typeof p.placeholder === "string" ? p.placeholder : "";
  }

  /** A node's accessible name: `text_alt`, `label`, an input's label, else its text. */
  name(node: ModelNode): string {
    if (node.type === "input") return this.label(node);
    const p = node.props;
    if (typeof p.text_alt === "string") return p.text_alt;
    if (typeof p.label === "string") return p.label;
    return this.text(node);
  }

  /** Every node of `roots`' subtrees, depth first, roots included. */
  *nodes(roots: readonly ModelNode[]): Generator<ModelNode> {
    const stack = [...roots].reverse();
    while (stack.length > 0) {
      const n = stack.pop()!;
      yield n;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }

  /** Runs a query below `roots` (the tree's root when unset). */
  find(query: Query, roots?: readonly ModelNode[]): Target[] {
    const from = roots ?? (this.model.tree.root ? [this.model.tree.root] : []);
    switch (query.by) {
      case "id": {
        const node = this.model.tree.get(query.id);
        if (!node) return [];
        return from.some((r) => isInside(node, r)) ? [{ node }] : [];
      }
      case "text":
        return this.#twoPass(
          query.exact,
          (exact) => smallest(this.#byText(from, query.text, exact)),
        );
      case "role": {
        const role = ROLE_ALIASES[query.role] ?? query.role;
        const name = query.name;
        return this.#twoPass(query.exact, (exact) => {
          const out: Target[] = [];
          for (const node of this.nodes(from)) {
            if (role === "row") {
              this.rowTexts(node).forEach((t, row) => {
                if (name === undefined || matchText(t, name, exact)) out.push({ node, row });
              });
              continue;
            }
            if (roleOf(node) !== role) continue;
            if (name === undefined || matchText(this.name(node), name, exact)) out.push({ node });
          }
          return out;
        }, name !== undefined);
      }
      case "label":
        return this.#twoPass(query.exact, (exact) => {
          const out: Target[] = [];
          for (const node of this.nodes(from)) {
            if (!isControl(node)) continue;
            if (matchText(this.label(node), query.label, exact)) out.push({ node });
          }
          return out;
        });
    }
  }

  /** Whole-text matches first; parts of texts only when nothing matched whole. */
  #twoPass(exact: boolean | undefined, run: (exact: boolean) => Target[], text = true): Target[] {
    if (exact !== undefined || !text) return run(exact ?? false);
    const whole = run(true);
    return whole.length > 0 ? whole : run(false);
  }

  #byText(from: readonly ModelNode[], want: TextMatch, exact: boolean): Target[] {
    const out: Target[] = [];
    for (const node of this.nodes(from)) {
      if (matchText(this.text(node), want, exact)) out.push({ node });
      this.rowTexts(node).forEach((t, row) => {
        if (matchText(t, want, exact)) out.push({ node, row });
      });
    }
    return out;
  }

  /** A target for messages: `button "+1" (#3)`, `row 2 of table #3 "bob\t12"`. */
  describe(t: Target): string {
    if (t.row !== undefined) {
      const text = this.rowTexts(t.node)[t.row] ?? "";
      return `row ${t.row} of table #${t.node.id} ${JSON.stringify(clip(text))}`;
    }
    const name = this.name(t.node);
    return `${roleOf(t.node)} ${name ? JSON.stringify(clip(name)) + " " : ""}(#${t.node.id})`;
  }
}

function isControl(node: ModelNode): boolean {
  return node.type === "input" || node.type === "scroll" ||
    (node.type === "box" && typeof node.props.interactive === "string");
}

/** Keeps the innermost matches: a node whose subtree holds another match is dropped. */
function smallest(found: Target[]): Target[] {
  if (found.length < 2) return found;
  const hasInner = new Set<ModelNode>();
  for (const t of found) {
    if (t.row !== undefined) hasInner.add(t.node);
    for (let p = t.node.parent; p; p = p.parent) hasInner.add(p);
  }
  return found.filter((t) => t.row !== undefined || !hasInner.has(t.node));
}

function isInside(node: ModelNode, root: ModelNode): boolean {
  for (let n: ModelNode | null = node; n; n = n.parent) if (n === root) return true;
  return false;
}

function spansText(spans: unknown): string {
  if (!Array.isArray(spans)) return "";
  let out = "";
  for (const s of spans) {
    if (s && typeof s === "object" && typeof (s as { text?: unknown }).text === "string") {
      out += (s as { text: string }).text;
    }
  }
  return out;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 40 ? one.slice(0, 39) + "…" : one;
}

/**
 * A query as people write it in messages: `text "+1"`, `role button "Submit"`.
 *
 * @example
 * ```ts
 * import { describeQuery } from "./query.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeQuery({ by: "role", role: "button", name: "OK" }), 'role button named "OK"');
 * ```
 */
export function describeQuery(q: Query): string {
  const show = (m: TextMatch) => m instanceof RegExp ? String(m) : JSON.stringify(m);
  switch (q.by) {
    case "id":
      return `id ${q.id}`;
    case "text":
      return `text ${show(q.text)}`;
    case "label":
      return `label ${show(q.label)}`;
    case "role":
      return `role ${q.role}${q.name === undefined ? "" : ` named ${show(q.name)}`}`;
  }
}
