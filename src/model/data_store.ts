/**
 * Schemas and the data rows streamed against them, with bounded retention.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { Column, ColumnType } from "../protocol/messages/types.ts";

/** Options for {@linkcode DataStore}. */
export interface DataStoreOptions {
  /** Rows kept per schema (oldest dropped first). Default 10,000. */
  maxRows?: number;
}

/**
 * The rows of one schema: a ring buffer of positional rows plus the count of
 * rows dropped to stay within the bound.
 */
export class RowBuffer {
  readonly capacity: number;
  /** Rows dropped since the schema was (re)defined. */
  dropped = 0;
  /** Bumped on every change; lets the projection skip unchanged tables. */
  version = 0;
  #rows: unknown[][] = [];
  #start = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Number of retained rows. */
  get length(): number {
    return this.#rows.length;
  }

  /** Retained row `i` (0 = oldest retained). */
  at(i: number): unknown[] {
    const n = this.#rows.length;
    return this.#rows[(this.#start + i) % n];
  }

  /** Retained rows, oldest first. */
  toArray(): unknown[][] {
    const out = new Array(this.#rows.length);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i);
    return out;
  }

  push(row: unknown[]): void {
    if (this.capacity === 0) {
      this.dropped++;
    } else if (this.#rows.length < this.capacity) {
      this.#rows.push(row);
    } else {
      this.#rows[this.#start] = row;
      this.#start = (this.#start + 1) % this.capacity;
      this.dropped++;
    }
  }

  clear(): void {
    this.#rows = [];
    this.#start = 0;
    this.dropped = 0;
    this.version++;
  }
}

/** A declared schema with its rows. */
export interface SchemaEntry {
  slot: number;
  columns: Column[];
  /** Column index by name, for dict rows. */
  byName: Map<string, number>;
  rows: RowBuffer;
}

/**
 * Schemas by slot and their rows. Rows without a schema are kept (bounded) as
 * opaque values in {@linkcode DataStore.unbound}.
 *
 * @example
 * ```ts
 * import { DataStore } from "./data_store.ts";
 * const store = new DataStore({ maxRows: 2 });
 * store.defineSchema(100, [{ id: 0, name: "name", type: "string" }, { id: 1, name: "size", type: "uint64" }]);
 * store.append(100, [["a", 1], ["b", 2]]);
 * store.append(100, [{ name: "c", size: 3 }]);
 * const rows = store.schema(100)!.rows;
 * console.assert(rows.length === 2 && rows.dropped === 1 && rows.at(1)[0] === "c");
 * ```
 */
export class DataStore {
  readonly maxRows: number;
  /** Rows that arrived without a schema, as sent. */
  readonly unbound: RowBuffer;
  #schemas = new Map<number, SchemaEntry>();

  constructor(options: DataStoreOptions = {}) {
    this.maxRows = options.maxRows ?? 10_000;
    if (!Number.isInteger(this.maxRows) || this.maxRows < 0) {
      throw new RangeError(`maxRows must be a non-negative integer, got ${this.maxRows}`);
    }
    this.unbound = new RowBuffer(this.maxRows);
  }

  /** The schema in `slot`, if declared. */
  schema(slot: number): SchemaEntry | undefined {
    return this.#schemas.get(slot);
  }

  /** Every declared schema slot. */
  slots(): number[] {
    return [...this.#schemas.keys()];
  }

  /**
   * Declares or redeclares a schema. Re-sending identical columns (a reconnect)
   * keeps the rows; different columns start the table afresh.
   */
  defineSchema(slot: number, columns: Column[]): SchemaEntry {
    const old = this.#schemas.get(slot);
    if (old && sameColumns(old.columns, columns)) return old;
    const byName = new Map<string, number>();
    columns.forEach((c, i) => byName.set(c.name, i));
    const entry: SchemaEntry = { slot, columns, byName, rows: new RowBuffer(this.maxRows) };
    if (old) entry.rows.version = old.rows.version + 1;
    this.#schemas.set(slot, entry);
    return entry;
  }

  /** Forgets a schema and its rows. Returns whether it existed. */
  deleteSchema(slot: number): boolean {
    return this.#schemas.delete(slot);
  }

  /**
   * Validates and appends rows (positional arrays or dicts). All rows are checked
   * before any is stored, so a bad row rejects the whole message. With
   * `checkTypes: false` only the row shape is checked (an app's shadow copy when a
   * viewer, which checks fully, is authoritative).
   */
  append(
    slot: number | undefined,
    rows: readonly (unknown[] | Record<string, unknown>)[],
    checkTypes = true,
  ): void {
    if (slot === undefined) {
      for (const r of rows) this.unbound.push(Array.isArray(r) ? r : [r]);
      this.unbound.version++;
      return;
    }
    this.store(slot, this.check(slot, rows, checkTypes));
  }

  /** Stores rows that {@linkcode DataStore.check} returned. */
  store(slot: number, checked: readonly unknown[][]): void {
    const entry = this.#schemas.get(slot);
    if (!entry) {
      throw new ViewportError(ErrorCode.UNKNOWN_TARGET, `DATA schema @${slot} is not declared`);
    }
    const buf = entry.rows;
    for (let r = 0; r < checked.length; r++) buf.push(checked[r]);
    buf.version++;
  }

  /**
   * Validates rows for schema `slot` without storing them and returns them as
   * positional arrays (dict rows mapped by column name). Throws `ViewportError`
   * like {@linkcode DataStore.append}.
   */
  check(
    slot: number,
    rows: readonly (unknown[] | Record<string, unknown>)[],
    checkTypes = true,
  ): unknown[][] {
    const entry = this.#schemas.get(slot);
    if (!entry) {
      throw new ViewportError(
        ErrorCode.UNKNOWN_TARGET,
        `DATA schema @${slot} is not declared (send SCHEMA first)`,
      );
    }
    const cols = entry.columns;
    const checked: unknown[][] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const raw = rows[r];
      const row = Array.isArray(raw) ? raw : fromDict(entry, raw);
      if (row.length !== cols.length) {
        throw new ViewportError(
          ErrorCode.BAD_MESSAGE,
          `DATA row ${r} has ${row.length} values; schema @${slot} has ${cols.length} columns`,
        );
      }
      if (checkTypes) {
        for (let c = 0; c < cols.length; c++) {
          const v = row[c];
          if (v !== null && v !== undefined && !typeOk(cols[c].type, v)) {
            throw new ViewportError(
              ErrorCode.BAD_MESSAGE,
              `DATA row ${r} column '${cols[c].name}': expected ${cols[c].type}, got ${show(v)}`,
            );
          }
        }
      }
      checked[r] = row;
    }
    return checked;
  }

  /** Forgets everything. */
  clear(): void {
    this.#schemas.clear();
    this.unbound.clear();
  }
}

function fromDict(entry: SchemaEntry, dict: Record<string, unknown>): unknown[] {
  const row = new Array(entry.columns.length).fill(null);
  for (const key in dict) {
    const i = entry.byName.get(key);
    if (i !== undefined) row[i] = dict[key];
  }
  return row;
}

function typeOk(type: ColumnType, v: unknown): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "bool":
      return typeof v === "boolean";
    case "int64":
      return (typeof v === "number" && Number.isInteger(v)) ||
        (typeof v === "bigint" && v >= -(2n ** 63n) && v < 2n ** 63n);
    case "uint64":
      return (typeof v === "number" && Number.isInteger(v) && v >= 0) ||
        (typeof v === "bigint" && v >= 0n && v < 2n ** 64n);
    case "float64":
    case "timestamp":
    case "duration":
      return typeof v === "number" || typeof v === "bigint";
    case "bytes":
      return v instanceof Uint8Array;
  }
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 30 ? v.slice(0, 30) + "…" : v);
  if (Array.isArray(v)) return "an array";
  if (v instanceof Uint8Array) return "a byte string";
  return typeof v === "object" ? "a map" : String(v);
}

function sameColumns(a: Column[], b: Column[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (
      x.id !== y.id || x.name !== y.name || x.type !== y.type || x.unit !== y.unit ||
      x.format !== y.format
    ) {
      return false;
    }
  }
  return true;
}
