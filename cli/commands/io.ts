/**
 * What the shell commands read and write, injected so tests can drive them.
 *
 * @module
 */
import type { AnsiPreferences, ConnectOptions } from "../../src/sdk/connect.ts";
import type { Output } from "../../src/sdk/output.ts";
import { resolveOutputMode } from "../../src/sdk/output_mode.ts";
import { TEXT_FORMATS } from "../../src/transport/mod.ts";
import { UsageError } from "../args.ts";

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
  /** Standard input is a terminal (data would be typed, not piped). */
  stdinIsTerminal?: boolean;
}

/** The `--output` flag's line in each command's help. */
export const OUTPUT_HELP =
  `  --output F     write text in format F instead of drawing: text (the human
                 form, the default in a pipe), tsv or jsonl (data rows only,
                 raw values: integers, ISO 8601 times; jsonl: one JSON object
                 per row keyed by column name)`;

/**
 * Connection options for one command: its ANSI preferences (a table takes the
 * screen, a line of text draws inline) and `--output F`, which forces text
 * mode in that format (the same as `VIEWPORT=text:?format=F`).
 *
 * @example
 * ```ts
 * import { commandConnect } from "./io.ts";
 * import assert from "node:assert/strict";
 * const io = { connect: { env: {} }, stdin: new ReadableStream(), stdout: { write: (b: Uint8Array) => b.length }, stderr: { write: (b: Uint8Array) => b.length } };
 * const c = commandConnect("table", io, "jsonl", { altScreen: true });
 * const env = c.env as (name: string) => string | undefined;
 * assert.equal(env("VIEWPORT"), "text:?format=jsonl");
 * ```
 */
export function commandConnect(
  command: string,
  io: ShellIo,
  output: string | undefined,
  ansi: AnsiPreferences,
): ConnectOptions {
  const c: ConnectOptions = { ...io.connect, ansi: { ...ansi, ...io.connect.ansi } };
  if (output === undefined) return c;
  if (!(TEXT_FORMATS as readonly string[]).includes(output)) {
    throw new UsageError(
      `viewport ${command}: unknown --output '${output}' (expected one of: ${
        TEXT_FORMATS.join(", ")
      })`,
    );
  }
  const env = c.env ?? {};
  const get = typeof env === "function" ? env : (n: string) => env[n];
  c.env = (name: string) =>
    name === "VIEWPORT" ? (output === "text" ? "text:" : `text:?format=${output}`) : get(name);
  return c;
}

/**
 * Refuses to read data from a terminal when the command would draw on it too:
 * keys and data cannot share one terminal (like `less` without a file).
 *
 * @example
 * ```ts
 * import { checkDataInput } from "./io.ts";
 * import { UsageError } from "../args.ts";
 * import assert from "node:assert/strict";
 * const io = { connect: { env: {}, isTerminal: true }, stdinIsTerminal: true, stdin: new ReadableStream(), stdout: { write: (b: Uint8Array) => b.length }, stderr: { write: (b: Uint8Array) => b.length } };
 * assert.throws(() => checkDataInput("table", io, io.connect, "ls -l | viewport table"), UsageError);
 * ```
 */
export function checkDataInput(
  command: string,
  io: ShellIo,
  options: ConnectOptions,
  example: string,
): void {
  if (!io.stdinIsTerminal) return;
  const mode = resolveOutputMode(options.env ?? {}, options.isTerminal ?? false);
  if (mode.type !== "ansi") return;
  throw new UsageError(
    `viewport ${command}: reads its data from stdin, which is this terminal; ` +
      `pipe the data in (e.g. ${example})`,
  );
}

/** A shell command: argv (after the command name) to an exit code. */
export type ShellCommand = (argv: string[], io: ShellIo) => Promise<number>;

/**
 * Standard input decoded as UTF-8 text chunks.
 *
 * @example
 * ```ts
 * import { textChunks } from "./io.ts";
 * import assert from "node:assert/strict";
 * const stream = new Blob(["a\nb"]).stream();
 * let all = "";
 * for await (const t of textChunks(stream)) all += t;
 * assert.equal(all, "a\nb");
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
 * import assert from "node:assert/strict";
 * let got = "";
 * await writeText({ write: (b) => { got += new TextDecoder().decode(b); return b.length; } }, "hi\n");
 * assert.equal(got, "hi\n");
 * ```
 */
export async function writeText(out: Output, text: string): Promise<void> {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) {
    const n = await out.write(bytes);
    bytes = bytes.subarray(n);
  }
}
