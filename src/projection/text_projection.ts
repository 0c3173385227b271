/**
 * The text projection: what a UI says as plain text, for pipes, files, copy and
 * screen readers (protocol-spec section 7, decisions.md). Incremental: each node
 * caches its text under its `subtree` stamp, so after a patch only the changed
 * nodes and their ancestors are recomputed.
 *
 * @module
 */
import { SlotRef } from "../protocol/slot_ref.ts";
import type { ModelNode } from "../model/model_node.ts";
import type { SchemaEntry } from "../model/data_store.ts";
import type { ViewportModel } from "../model/viewport_model.ts";
import { formatValue, TIME_DEPENDENT_FORMATS } from "./format.ts";

/** Options for {@linkcode TextProjection}. */
export interface TextProjectionOptions {
  /** Display width in cells, for separators. Default 80 (unknown display). */
  width?: number;
  /** Clock for `relative_time`, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * Include the data tables of schema-bound scroll nodes (default true). Text
   * mode streams rows as they arrive and leaves them out of the projection.
   */
  tables?: boolean;
  /**
   * Include input nodes (default true). Text mode leaves them out: nothing can
   * be typed into a pipe (transport-spec 5.1).
   */
  inputs?: boolean;
  /**
   * Show an empty input's placeholder (default true, as the spec's table
   * says). The final text an app leaves on the terminal turns it off: a
   * placeholder is a hint, not output.
   */
  placeholders?: boolean;
  /**
   * Show at most this many of a table's latest rows, after a line saying how
   * many earlier ones are not shown (default: all). For a summary of a long log
   * rather than the whole of it.
   */
  tableRows?: number;
}

interface Cached {
  stamp: number;
  text: string;
}

/**
 * A live text projection of a model.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../model/viewport_model.ts";
 * import { TextProjection } from "./text_projection.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * const proj = new TextProjection(model);
 * model.apply({ type: "TREE", root: { id: 1, type: "box", props: { dir: "row" }, children: [
 *   { id: 2, type: "text", props: { content: "a" } },
 *   { id: 3, type: "text", props: { content: "b" } },
 * ] } });
 * assert.equal(proj.text(), "a\tb");
 * ```
 */
export class TextProjection {
  readonly model: ViewportModel;
  #width: number;
  #now: () => number;
  #cache = new WeakMap<ModelNode, Cached>();
  #lines = new WeakMap<object, string>();
  #usesTime = false;
  #timeBucket = -1;
  #tables: boolean;
  #inputs: boolean;
  #placeholders: boolean;
  #tableRows: number;

  constructor(model: ViewportModel, options: TextProjectionOptions = {}) {
    this.model = model;
    this.#width = checkWidth(options.width ?? 80);
    this.#now = options.now ?? Date.now;
    this.#tables = options.tables ?? true;
    this.#inputs = options.inputs ?? true;
    this.#placeholders = options.placeholders ?? true;
    const limit = options.tableRows ?? Infinity;
    if (!(limit >= 0)) throw new RangeError(`tableRows must be a number >= 0, got ${limit}`);
    this.#tableRows = Math.floor(limit);
  }

  /** Display width used for separators. Changing it invalidates the cache. */
  get width(): number {
    return this.#width;
  }
  set width(value: number) {
    if (checkWidth(value) !== this.#width) {
      this.#width = value;
      this.#cache = new WeakMap();
    }
  }

  /** The projection of the whole tree ("" before the first TREE). */
  text(): string {
    const root = this.model.tree.root;
    if (!root) return "";
    this.#checkClock();
    return this.#node(root);
  }

  /** The projection of one node's subtree, or `undefined` for an unknown id. */
  nodeText(id: number): string | undefined {
    const node = this.model.tree.get(id);
    if (!node) return undefined;
    this.#checkClock();
    return this.#node(node);
  }

  // Relative times age: once per second of clock, drop everything cached if a
  // time-dependent column was projected.
  #checkClock(): void {
    if (!this.#usesTime) return;
    const bucket = Math.floor(this.#now() / 1000);
    if (bucket !== this.#timeBucket) {
      this.#timeBucket = bucket;
      this.#cache = new WeakMap();
      this.#lines = new WeakMap();
    }
  }

  #node(node: ModelNode): string {
    const hit = this.#cache.get(node);
    if (hit !== undefined && hit.stamp === node.subtree) return hit.text;
    const text = this.#compute(node);
    this.#cache.set(node, { stamp: node.subtree, text });
    return text;
  }

  #compute(node: ModelNode): string {
    const props = node.props;
    if (typeof props.text_alt === "string") return props.text_alt;
    switch (node.type) {
      case "text":
        return textContent(props);
      case "box":
        return this.#join(node.children, props.dir === "row" ? "\t" : "\n");
      case "scroll": {
        const kids = this.#join(node.children, "\n");
        const ref = props.schema;
        if (!this.#tables || !(ref instanceof SlotRef)) return kids;
        const table = this.#table(this.model.data.schema(ref.slot));
        if (table === "") return kids;
        return kids === "" ? table : kids + "\n" + table;
      }
      case "input": {
        if (!this.#inputs) return "";
        const v = props.value;
        if (typeof v === "string" && v !== "") return v;
        if (!this.#placeholders) return "";
        return typeof props.placeholder === "string" ? props.placeholder : "";
      }
      case "image":
      case "canvas":
        return typeof props.alt === "string" ? props.alt : "[image]";
      case "separator":
        return "-".repeat(this.#width);
    }
  }

  #join(children: readonly ModelNode[], sep: string): string {
    // `+` builds a rope in V8, so joining costs O(children), not O(text length).
    let out = "";
    let first = true;
    for (const child of children) {
      const text = this.#node(child);
      // An input that says nothing (left out, or empty) leaves no blank line.
      if (text === "" && child.type === "input") continue;
      out = first ? text : out + sep + text;
      first = false;
    }
    return out;
  }

  #table(entry: SchemaEntry | undefined): string {
    if (!entry) return "";
    const cols = entry.columns;
    let header = "";
    for (let i = 0; i < cols.length; i++) header += (i ? "\t" : "") + cols[i].name;
    if (cols.some((c) => c.format !== undefined && TIME_DEPENDENT_FORMATS.has(c.format))) {
      if (!this.#usesTime) {
        this.#usesTime = true;
        this.#timeBucket = Math.floor(this.#now() / 1000);
      }
    }
    const rows = entry.rows;
    let out = header;
    const first = Math.max(0, rows.length - this.#tableRows);
    if (first > 0) out += `\n(${rows.dropped + first} earlier rows not shown)`;
    else if (rows.dropped > 0) out += `\n(${rows.dropped} earlier rows dropped)`;
    const now = this.#now();
    for (let r = first; r < rows.length; r++) {
      const key = rows.keyAt(r);
      let line = this.#lines.get(key);
      if (line === undefined) {
        const row = rows.at(r);
        line = "";
        for (let c = 0; c < cols.length; c++) {
          line += (c ? "\t" : "") + formatValue(row[c], cols[c], now);
        }
        this.#lines.set(key, line);
      }
      out = out + "\n" + line;
    }
    return out;
  }
}

function textContent(props: Record<string, unknown>): string {
  if (typeof props.content === "string") return props.content;
  const spans = props.spans;
  if (!Array.isArray(spans)) return "";
  let out = "";
  for (const s of spans) {
    if (s && typeof s === "object" && typeof (s as { text?: unknown }).text === "string") {
      out += (s as { text: string }).text;
    }
  }
  return out;
}

function checkWidth(width: number): number {
  if (!Number.isInteger(width) || width < 0 || width > 100_000) {
    throw new RangeError(`projection width must be an integer 0..100000, got ${width}`);
  }
  return width;
}
