/**
 * Schemas and the data rows streamed against them, with retention bounded in
 * rows per schema and in bytes for all rows.
 *
 * @module
 */
import { ErrorCode } from "../protocol/constants.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { Column, ColumnType } from "../protocol/messages/types.ts";
import { estimateBytes } from "./bytes.ts";
import { GRAIN, type Steps } from "../protocol/slices.ts";
import { PACK_MIN, PackedRow } from "./_packed_row.ts";

/** Options for {@linkcode DataStore}. */
export interface DataStoreOptions {
  /** Rows kept per schema (oldest dropped first). Default 10,000. */
  maxRows?: number;
}

/**
 * The rows of one schema: a ring buffer of positional rows with their
 * estimated sizes, plus the count of rows dropped to stay within the bounds.
 */
export class RowBuffer {
  readonly capacity: number;
  /** The schema slot these rows belong to (-1: rows without a schema). */
  readonly slot: number;
  /** Rows dropped since the schema was (re)defined. */
  dropped = 0;
  /** Bumped on every change; lets the projection skip unchanged tables. */
  version = 0;
  // Rows of PACK_MIN estimated bytes or more are kept packed (their text as
  // bytes outside the JS heap; see _packed_row.ts); `at` unpacks them.
  #rows: (unknown[] | PackedRow)[] = [];
  #sizes: number[] = [];
  #start = 0;
  #count = 0;
  #bytes = 0;

  constructor(capacity: number, slot = -1) {
    this.capacity = capacity;
    this.slot = slot;
  }

  /** Number of retained rows. */
  get length(): number {
    return this.#count;
  }

  /** Estimated bytes of the retained rows. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Retained row `i` (0 = oldest retained). A row of 1 KiB or more (estimated,
   * when sized) is kept packed and comes back as an equal new array each time.
   */
  at(i: number): unknown[] {
    const row = this.#rows[(this.#start + i) % this.#rows.length];
    return row instanceof PackedRow ? row.unpack() : row;
  }

  /**
   * An object that stays the same while row `i` is retained, whatever `at`
   * returns: the key for caches of what was made from a row (a packed row's
   * `at` is a new array each time).
   */
  keyAt(i: number): object {
    return this.#rows[(this.#start + i) % this.#rows.length];
  }

  /** Retained rows, oldest first. */
  toArray(): unknown[][] {
    const out = new Array(this.#count);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i);
    return out;
  }

  /**
   * Appends a row of `size` estimated bytes (dropping the oldest past the
   * capacity); returns the change in bytes.
   */
  push(row: unknown[], size: number = estimateBytes(row)): number {
    const count = this.#count;
    if (count === this.capacity) {
      if (count === 0) {
        this.dropped++;
        return 0;
      }
      // Full: the newest takes the oldest's place.
      const at = this.#start;
      const delta = size - this.#sizes[at];
      this.#rows[at] = kept(row, size);
      this.#sizes[at] = size;
      this.#start = at + 1 === count ? 0 : at + 1;
      this.#bytes += delta;
      this.dropped++;
      return delta;
    }
    this.#put(kept(row, size), size);
    return size;
  }

  /** Drops the oldest row (counted); returns its bytes (0 when empty). */
  shift(): number {
    if (this.#count === 0) return 0;
    const at = this.#start;
    const size = this.#sizes[at];
    this.#rows[at] = EMPTY_ROW;
    this.#start = (at + 1) % this.#rows.length;
    this.#count--;
    this.#bytes -= size;
    this.dropped++;
    return size;
  }

  #put(row: unknown[] | PackedRow, size: number): void {
    const rows = this.#rows;
    if (this.#start === 0 && this.#count === rows.length) {
      rows.push(row);
      this.#sizes.push(size);
    } else if (this.#count === rows.length) {
      // Full ring (below capacity): grow it, oldest first.
      if (this.#start !== 0) {
        this.#rows = [...rows.slice(this.#start), ...rows.slice(0, this.#start)];
        this.#sizes = [...this.#sizes.slice(this.#start), ...this.#sizes.slice(0, this.#start)];
        this.#start = 0;
      }
      this.#rows.push(row);
      this.#sizes.push(size);
    } else {
      const at = (this.#start + this.#count) % rows.length;
      rows[at] = row;
      this.#sizes[at] = size;
    }
    this.#count++;
    this.#bytes += size;
  }

  clear(): void {
    this.#rows = [];
    this.#sizes = [];
    this.#start = 0;
    this.#count = 0;
    this.#bytes = 0;
    this.dropped = 0;
    this.version++;
  }
}

const EMPTY_ROW: unknown[] = [];

function kept(row: unknown[], size: number): unknown[] | PackedRow {
  return size < PACK_MIN ? row : PackedRow.from(row) ?? row;
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
 * import assert from "node:assert/strict";
 * const store = new DataStore({ maxRows: 2 });
 * store.defineSchema(100, [{ id: 0, name: "name", type: "string" }, { id: 1, name: "size", type: "uint64" }]);
 * store.append(100, [["a", 1], ["b", 2]]);
 * store.append(100, [{ name: "c", size: 3 }]);
 * const rows = store.schema(100)!.rows;
 * assert.equal(rows.length, 2);
 * assert.equal(rows.dropped, 1);
 * assert.equal(rows.at(1)[0], "c");
 * ```
 */
export class DataStore {
  readonly maxRows: number;
  /**
   * Most estimated bytes all retained rows may hold; past it the oldest rows
   * are dropped (and counted), first those of the schema being appended to.
   * A host may change it at any time; it applies from the next append or
   * {@linkcode DataStore.fit}.
   */
  maxBytes = Infinity;
  // Rows are sized only while a byte limit applies (an app's own store has none).
  get #sized(): boolean {
    return this.maxBytes !== Infinity;
  }
  /** Rows that arrived without a schema, as sent. */
  readonly unbound: RowBuffer;
  #schemas = new Map<number, SchemaEntry>();
  #bytes = 0;

  constructor(options: DataStoreOptions = {}) {
    this.maxRows = options.maxRows ?? 10_000;
    if (!Number.isInteger(this.maxRows) || this.maxRows < 0) {
      throw new RangeError(`maxRows must be a non-negative integer, got ${this.maxRows}`);
    }
    this.unbound = new RowBuffer(this.maxRows);
  }

  /** Estimated bytes of every retained row. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Drops oldest rows until the rows hold at most `limit` bytes: first from
   * `first`, then from the largest buffers. Bumps the versions of the buffers
   * it changed and returns their schema slots (-1 for rows without a schema).
   */
  fit(limit: number = this.maxBytes, first?: RowBuffer): number[] {
    const changed: number[] = [];
    if (this.#bytes <= limit) return changed;
    if (first) this.#drain(first, limit, changed);
    if (this.#bytes <= limit) return changed;
    const buffers = [this.unbound];
    for (const e of this.#schemas.values()) if (e.rows.length > 0) buffers.push(e.rows);
    buffers.sort((a, b) => b.bytes - a.bytes);
    for (const buf of buffers) {
      if (this.#bytes <= limit) break;
      this.#drain(buf, limit, changed);
    }
    return changed;
  }

  /** Slots whose rows the last append or store dropped to fit `maxBytes` (besides its own). */
  trimmed: number[] = [];

  #drain(buf: RowBuffer, limit: number, changed: number[]): void {
    const before = buf.length;
    while (this.#bytes > limit && buf.length > 0) this.#bytes -= buf.shift();
    if (buf.length !== before) {
      buf.version++;
      changed.push(buf.slot);
    }
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
    const entry: SchemaEntry = { slot, columns, byName, rows: new RowBuffer(this.maxRows, slot) };
    if (old) {
      entry.rows.version = old.rows.version + 1;
      this.#bytes -= old.rows.bytes;
    }
    this.#schemas.set(slot, entry);
    return entry;
  }

  /** Forgets a schema and its rows. Returns whether it existed. */
  deleteSchema(slot: number): boolean {
    const old = this.#schemas.get(slot);
    if (old) this.#bytes -= old.rows.bytes;
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
      const buf = this.unbound;
      const sized = this.#sized;
      for (let i = this.#firstKept(buf, rows.length); i < rows.length; i++) {
        const r = Array.isArray(rows[i]) ? rows[i] as unknown[] : [rows[i]];
        this.#bytes += buf.push(r, sized ? estimateBytes(r) : 0);
      }
      buf.version++;
      this.trimmed = this.fit(this.maxBytes, buf).filter((s) => s !== -1);
      return;
    }
    this.store(slot, this.check(slot, rows, checkTypes));
  }

  /** Rows before this index would be dropped at once: they are counted, never stored. */
  #firstKept(buf: RowBuffer, count: number): number {
    const skip = Math.max(0, count - buf.capacity);
    buf.dropped += skip;
    return skip;
  }

  /** Stores rows that {@linkcode DataStore.check} returned. */
  store(slot: number, checked: readonly unknown[][]): void {
    const entry = this.#schemas.get(slot);
    if (!entry) {
      throw new ViewportError(ErrorCode.UNKNOWN_TARGET, `DATA schema @${slot} is not declared`);
    }
    const buf = entry.rows;
    const sized = this.#sized;
    for (let r = this.#firstKept(buf, checked.length); r < checked.length; r++) {
      const row = checked[r];
      this.#bytes += buf.push(row, sized ? estimateBytes(row) : 0);
    }
    buf.version++;
    this.trimmed = this.fit(this.maxBytes, buf).filter((s) => s !== slot && s !== -1);
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
    const checked: unknown[][] = new Array(rows.length);
    checkRange(entry, rows, 0, rows.length, checked, checkTypes);
    return checked;
  }

  /**
   * {@linkcode DataStore.check} in steps, for a large DATA message: yields the
   * work done so far (one unit per value) between runs of rows. The schema
   * must not change until it returns.
   */
  *checkSteps(
    slot: number,
    rows: readonly (unknown[] | Record<string, unknown>)[],
    checkTypes = true,
  ): Steps<unknown[][]> {
    const entry = this.#schemas.get(slot);
    if (!entry) {
      throw new ViewportError(
        ErrorCode.UNKNOWN_TARGET,
        `DATA schema @${slot} is not declared (send SCHEMA first)`,
      );
    }
    const checked: unknown[][] = new Array(rows.length);
    const per = 1 + entry.columns.length;
    const run = Math.max(1, Math.floor(GRAIN / per));
    for (let r = 0; r < rows.length; r += run) {
      const end = Math.min(rows.length, r + run);
      checkRange(entry, rows, r, end, checked, checkTypes);
      yield end * per;
    }
    return checked;
  }

  /** Forgets everything. */
  clear(): void {
    this.#schemas.clear();
    this.unbound.clear();
    this.#bytes = 0;
  }
}

function checkRange(
  entry: SchemaEntry,
  rows: readonly (unknown[] | Record<string, unknown>)[],
  from: number,
  to: number,
  checked: unknown[][],
  checkTypes: boolean,
): void {
  const slot = entry.slot;
  const cols = entry.columns;
  for (let r = from; r < to; r++) {
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
