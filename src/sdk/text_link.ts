/**
 * Text mode: for pipes, files and CI. Never an escape sequence.
 *
 * - `text` (default): the spec's human projection. Data rows stream live as
 *   TSV lines with formatted values (a header once per schema); the tree's
 *   projection is printed at `flush()` and at close, and only when it changed.
 * - `tsv`: only the data rows, a header line per schema, raw values.
 * - `jsonl`: only the data rows, one JSON object per row keyed by column name,
 *   typed values (see `typed_text.ts`).
 *
 * @module
 */
import type { Message } from "../protocol/messages/types.ts";
import type { ViewportModel } from "../model/viewport_model.ts";
import { formatValue } from "../projection/format.ts";
import { TextProjection } from "../projection/text_projection.ts";
import type { Link } from "./link.ts";
import type { OrderedWriter } from "./output.ts";
import { jsonRow, tsvField } from "./typed_text.ts";

/** Options for {@linkcode TextLink}. */
export interface TextLinkOptions {
  /** Display width for separators. Default 80. */
  width?: number;
  /** Clock for relative times. Default `Date.now`. */
  now?: () => number;
  /** `text` (human, default), `tsv` or `jsonl` (data rows only, raw values). */
  format?: "text" | "tsv" | "jsonl";
}

// deno-lint-ignore no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
// deno-lint-ignore no-control-regex
const CONTROLS_ALL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Removes terminal control characters (C0 except tab and newline, DEL, C1) so
 * that text mode output can never move a cursor or change colors.
 *
 * @example
 * ```ts
 * import { stripControls } from "./text_link.ts";
 * import assert from "node:assert/strict";
 * assert.equal(stripControls("a\x1b[31mb\tc\n"), "a[31mb\tc\n");
 * ```
 */
export function stripControls(text: string): string {
  return CONTROLS.test(text) ? text.replace(CONTROLS_ALL, "") : text;
}

/**
 * The text-mode link.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../model/viewport_model.ts";
 * import { OrderedWriter } from "./output.ts";
 * import { TextLink } from "./text_link.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const writer = new OrderedWriter({ write: (b) => { out += new TextDecoder().decode(b); return b.length; } });
 * const model = new ViewportModel();
 * const link = new TextLink(model, writer);
 * const msg = { type: "TREE" as const, root: { id: 1, type: "text" as const, props: { content: "hi" } } };
 * model.apply(msg);
 * link.send([msg]);
 * await link.flush();
 * assert.equal(out, "hi\n");
 * ```
 */
export class TextLink implements Link {
  #model: ViewportModel;
  #writer: OrderedWriter;
  #projection: TextProjection;
  #now: () => number;
  #headers = new Set<number>();
  #printed: string | null = null;
  #closed = false;
  #format: "text" | "tsv" | "jsonl";

  constructor(model: ViewportModel, writer: OrderedWriter, options: TextLinkOptions = {}) {
    this.#model = model;
    this.#format = options.format ?? "text";
    this.#writer = writer;
    this.#now = options.now ?? Date.now;
    this.#projection = new TextProjection(model, {
      width: options.width ?? 80,
      now: this.#now,
      tables: false,
      inputs: false,
    });
  }

  send(messages: Message[]): void {
    if (this.#closed) return;
    let out = "";
    for (const m of messages) {
      if (m.type === "DATA") out += this.#rows(m);
      else if (m.type === "SCHEMA") this.#headers.delete(m.slot); // a new table gets a new header
    }
    if (!out) return;
    // The first rows follow the UI they belong to, like a title above a table.
    if (this.#printed === null) this.#printProjection();
    this.#writer.writeText(out);
  }

  async flush(): Promise<void> {
    if (!this.#closed) this.#printProjection();
    await this.#writer.drain();
  }

  async close(): Promise<void> {
    if (this.#closed) return this.#writer.drain();
    this.#printProjection();
    this.#closed = true;
    await this.#writer.drain();
  }

  #printProjection(): void {
    // Typed formats are data only: a title line would break `jq` and `sort`.
    if (this.#format !== "text") return;
    // Trailing blanks (an omitted input at the end of a row) are noise in a pipe.
    const text = this.#projection.text().replace(/[ \t]+$/gm, "").replace(/\s+$/, "");
    if (text === this.#printed || (text === "" && this.#printed === null)) return;
    this.#printed = text;
    this.#writer.writeText(stripControls(text) + "\n");
  }

  #rows(m: Message & { type: "DATA" }): string {
    const slot = m.schema?.slot;
    const entry = slot === undefined ? undefined : this.#model.data.schema(slot);
    const rows = m.rows ?? [m.row!];
    const now = this.#now();
    const format = this.#format;
    let out = "";
    if (entry && format !== "jsonl" && !this.#headers.has(entry.slot)) {
      this.#headers.add(entry.slot);
      out += stripControls(entry.columns.map((c) => c.name).join("\t")) + "\n";
    }
    const cols = entry?.columns;
    for (const raw of rows) {
      const values = Array.isArray(raw)
        ? raw
        : cols
        ? cols.map((c) => (raw as Record<string, unknown>)[c.name])
        : Object.values(raw);
      if (format === "jsonl") {
        out += jsonRow(values, cols) + "\n";
        continue;
      }
      let line = "";
      for (let i = 0; i < values.length; i++) {
        line += (i ? "\t" : "") +
          (format === "tsv"
            ? tsvField(values[i], cols?.[i])
            : formatValue(values[i], cols?.[i], now));
      }
      out += stripControls(line) + "\n";
    }
    return out;
  }
}
