/**
 * Asking the terminal about itself: the queries go out in raw mode and the
 * replies are read until the device attributes answer (which every terminal
 * sends) or a short time limit.
 *
 * @module
 */
import { parseReplies, TERMINAL_QUERY } from "./terminal.ts";

/** The terminal, as the query needs it. */
export interface QueryIo {
  write(text: string): void | Promise<void>;
  /** Next bytes typed or answered; null at end of input. */
  read(): Promise<Uint8Array | null>;
  setRaw(raw: boolean): void;
}

/**
 * Sends {@linkcode TERMINAL_QUERY} and returns what came back within `timeoutMs`.
 *
 * @example
 * ```ts
 * import { queryTerminal } from "./query.ts";
 * import assert from "node:assert/strict";
 * const replies = [new TextEncoder().encode("\x1b[?62c")];
 * const got = await queryTerminal({
 *   write: () => {}, setRaw: () => {}, read: async () => replies.shift() ?? null,
 * });
 * assert.equal(got, "\x1b[?62c");
 * ```
 */
export async function queryTerminal(io: QueryIo, timeoutMs = 300): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  io.setRaw(true);
  try {
    await io.write(TERMINAL_QUERY);
    while (!parseReplies(text).answered) {
      const chunk = await Promise.race([io.read(), expired]);
      if (!chunk) break;
      text += decoder.decode(chunk, { stream: true });
    }
    return text;
  } finally {
    clearTimeout(timer);
    io.setRaw(false);
  }
}

/**
 * The process terminal as a {@linkcode QueryIo}: writes to stdout, reads
 * `stdin`, raw mode through Deno.stdin. `close()` releases stdin.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a terminal to answer the queries.
 * import { processQueryIo, queryTerminal } from "./query.ts";
 * const io = processQueryIo(Deno.stdin.readable);
 * try { console.log(await queryTerminal(io)); } finally { io.close(); }
 * ```
 */
export function processQueryIo(stdin: ReadableStream<Uint8Array>): QueryIo & { close(): void } {
  const reader = stdin.getReader();
  return {
    write: (text) => {
      Deno.stdout.writeSync(new TextEncoder().encode(text));
    },
    read: async () => {
      const r = await reader.read();
      return r.done ? null : r.value;
    },
    setRaw: (raw) => Deno.stdin.setRaw(raw),
    close: () => {
      // A read may still be pending after the time limit; cancelling ends it.
      reader.cancel().catch(() => {});
    },
  };
}
