/**
 * Buffered line output for the CLI that survives a closed pipe (`| head`).
 *
 * @module
 */

/** Where bytes go (a `Deno.stdout`-like sink). */
export interface SyncWriter {
  writeSync(bytes: Uint8Array): number;
}

/**
 * Collects lines and writes them in large chunks. After the reader went away
 * (broken pipe), further lines are dropped and `broken` is true.
 *
 * @example
 * ```ts
 * import { LineWriter } from "./output.ts";
 * import assert from "node:assert/strict";
 * const chunks: Uint8Array[] = [];
 * const out = new LineWriter({ writeSync: (b) => (chunks.push(b.slice()), b.length) });
 * out.line("hello");
 * out.flush();
 * assert.equal(new TextDecoder().decode(chunks[0]), "hello\n");
 * ```
 */
export class LineWriter {
  #sink: SyncWriter;
  #buffer = "";
  #encoder = new TextEncoder();
  broken = false;

  constructor(sink: SyncWriter) {
    this.#sink = sink;
  }

  /** Adds one line (a newline is appended). */
  line(text: string): void {
    if (this.broken) return;
    this.#buffer += text + "\n";
    if (this.#buffer.length >= 65536) this.flush();
  }

  /** Writes everything buffered. */
  flush(): void {
    if (this.broken || this.#buffer === "") return;
    let bytes = this.#encoder.encode(this.#buffer);
    this.#buffer = "";
    try {
      while (bytes.length > 0) bytes = bytes.subarray(this.#sink.writeSync(bytes));
    } catch (err) {
      if (err instanceof Deno.errors.BrokenPipe) this.broken = true;
      else throw err;
    }
  }
}
