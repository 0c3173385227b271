/**
 * Runs `viewport decode [FILE|-]` against real files and stdio.
 *
 * @module
 */
import { isViewportError } from "../src/protocol/errors.ts";
import { decodeStream } from "./decode.ts";
import { LineWriter, type SyncWriter } from "./output.ts";

/** Where the decode command reads and writes. */
export interface DecodeIo {
  stdin: ReadableStream<Uint8Array>;
  stdout: SyncWriter;
  /** One error line (no trailing newline needed). */
  error: (line: string) => void;
}

/**
 * Decodes `file` (`-` for stdin) and returns the exit status: 0, or 1 with an
 * error line naming the byte offset for truncated or corrupt input.
 *
 * @example
 * ```ts
 * import { runDecode } from "./decode_command.ts";
 * import { encodeMessage } from "../src/protocol/wire.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, encodeMessage({ type: "REGION", action: "focus" }));
 * const out: string[] = [];
 * const status = await runDecode(path, undefined, {
 *   stdin: new ReadableStream(), error: (l) => out.push(l),
 *   stdout: { writeSync: (b) => (out.push(new TextDecoder().decode(b)), b.length) },
 * });
 * assert.equal(status, 0);
 * assert.equal(out[0], 'REGION {action: "focus"}\n');
 * await Deno.remove(path);
 * ```
 */
export async function runDecode(
  file: string,
  maxPayload: number | undefined,
  io: DecodeIo,
): Promise<number> {
  const name = file === "-" ? "stdin" : file;
  let input: ReadableStream<Uint8Array>;
  let handle: Deno.FsFile | undefined;
  if (file === "-") {
    input = io.stdin;
  } else {
    try {
      handle = await Deno.open(file);
    } catch (err) {
      io.error(`viewport decode: cannot read ${name}: ${(err as Error).message}`);
      return 1;
    }
    input = handle.readable;
  }
  const out = new LineWriter(io.stdout);
  try {
    await decodeStream(input, (line) => out.line(line), { maxPayload });
    out.flush();
    return 0;
  } catch (err) {
    out.flush();
    if (isViewportError(err)) {
      const where = err.offset === undefined ? "" : ` at byte ${err.offset}`;
      io.error(`viewport decode: ${name}: ${err.code}${where}: ${err.message}`);
    } else {
      io.error(`viewport decode: cannot read ${name}: ${(err as Error)?.message ?? err}`);
    }
    return 1;
  } finally {
    try {
      handle?.close();
    } catch { /* the readable stream closed it already */ }
  }
}
