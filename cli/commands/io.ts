/**
 * What the shell commands read and write, injected so tests can drive them.
 *
 * @module
 */
import type { ConnectOptions } from "../../src/sdk/connect.ts";
import type { Output } from "../../src/sdk/output.ts";

/** A command's world: connection options (env, stdout...) plus stdin and stderr. */
export interface ShellIo {
  /** Passed to `connect()` (env, stdout, isTerminal, size, dial...). */
  connect: ConnectOptions;
  /** Standard input as bytes. */
  stdin: ReadableStream<Uint8Array>;
  /** Where errors and help go. */
  stderr: Output;
  /** Where `--help` goes. */
  stdout: Output;
}

/** A shell command: argv (after the command name) to an exit code. */
export type ShellCommand = (argv: string[], io: ShellIo) => Promise<number>;

/**
 * Standard input decoded as UTF-8 text chunks.
 *
 * @example
 * ```ts
 * import { textChunks } from "./io.ts";
 * const stream = new Blob(["a\nb"]).stream();
 * let all = "";
 * for await (const t of textChunks(stream)) all += t;
 * if (all !== "a\nb") throw new Error();
 * ```
 */
export async function* textChunks(stdin: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const chunk of stdin) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Writes text to an output completely.
 *
 * @example
 * ```ts
 * import { writeText } from "./io.ts";
 * let got = "";
 * await writeText({ write: (b) => { got += new TextDecoder().decode(b); return b.length; } }, "hi\n");
 * if (got !== "hi\n") throw new Error();
 * ```
 */
export async function writeText(out: Output, text: string): Promise<void> {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) {
    const n = await out.write(bytes);
    bytes = bytes.subarray(n);
  }
}
