/**
 * Ordered, complete writes to an injected output (stdout in production).
 *
 * @module
 */

/** Where output goes: anything with a `write` like `Deno.stdout`'s. */
export interface Output {
  write(bytes: Uint8Array): Promise<number> | number;
}

/**
 * Writes chunks in order, each completely (handles partial writes), without
 * making callers await. `drain()` resolves when everything queued is written.
 *
 * @example
 * ```ts
 * import { OrderedWriter } from "./output.ts";
 * import assert from "node:assert/strict";
 * const chunks: string[] = [];
 * const w = new OrderedWriter({ write: (b) => { chunks.push(new TextDecoder().decode(b)); return b.length; } });
 * w.write(new TextEncoder().encode("a"));
 * w.writeText("b");
 * await w.drain();
 * assert.equal(chunks.join(""), "ab");
 * ```
 */
export class OrderedWriter {
  #out: Output;
  #tail: Promise<void> = Promise.resolve();
  #error: unknown = null;
  #enc = new TextEncoder();

  constructor(out: Output) {
    this.#out = out;
  }

  /** True once the reader went away (`| head`): later output is dropped quietly. */
  broken = false;

  /** Queues bytes. The caller must not reuse their memory. */
  write(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.broken) return;
    this.#tail = this.#tail.then(() => this.broken ? undefined : this.#writeAll(bytes)).catch(
      (err) => {
        // A closed pipe is the reader's choice, not an error (like `yes | head`).
        if (isBrokenPipe(err)) this.broken = true;
        else this.#error ??= err;
      },
    );
  }

  /** Queues UTF-8 text. */
  writeText(text: string): void {
    if (text) this.write(this.#enc.encode(text));
  }

  /** Resolves when all queued bytes are written; rejects with a write error. */
  async drain(): Promise<void> {
    await this.#tail;
    if (this.#error) {
      const err = this.#error;
      this.#error = null;
      throw err;
    }
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let off = 0;
    while (off < bytes.length) {
      const n = await this.#out.write(off === 0 ? bytes : bytes.subarray(off));
      if (n <= 0) throw new Error(`output accepted ${n} bytes`);
      off += n;
    }
  }
}

function isBrokenPipe(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | null;
  return e?.name === "BrokenPipe" || e?.code === "EPIPE";
}
