/**
 * `viewport text MESSAGE`: show a line of text.
 *
 * @module
 */
import { connect } from "../../src/sdk/connect.ts";
import { column, heading, text } from "../../src/sdk/components.ts";
import { UsageError } from "../args.ts";
import { parseFlags } from "./flags.ts";
import { commandConnect, OUTPUT_HELP, type ShellIo, writeText } from "./io.ts";

/**
 * `viewport text --help`.
 *
 * @example
 * ```ts
 * import { TEXT_HELP } from "./text.ts";
 * import assert from "node:assert/strict";
 * assert.ok(TEXT_HELP.includes("MESSAGE"));
 * ```
 */
export const TEXT_HELP = `Usage: viewport text [--heading] [--title TEXT] MESSAGE...

Shows MESSAGE (the arguments joined by spaces): drawn in place in a terminal
(styled, then the prompt comes back on the next line), a line in a pipe, or
in a viewer when VIEWPORT is set (attaches to VIEWPORT_SESSION, so the next
command in a script replaces it).

Options:
  --heading      show MESSAGE as a heading
  --title TEXT   the region title
${OUTPUT_HELP}
  -h, --help     this help
`;

/**
 * Runs `viewport text`.
 *
 * @example
 * ```ts
 * import { runText } from "./text.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const sink = { write: (b: Uint8Array) => { out += new TextDecoder().decode(b); return b.length; } };
 * await runText(["Build", "done"], { connect: { env: { VIEWPORT: "text:" }, stdout: sink }, stdin: new Blob([]).stream(), stdout: sink, stderr: sink });
 * assert.equal(out, "Build done\n");
 * ```
 */
export async function runText(argv: string[], io: ShellIo): Promise<number> {
  const p = parseFlags("text", argv, { string: ["title", "output"], boolean: ["heading"] });
  if (p.switches.has("help")) {
    await writeText(io.stdout, TEXT_HELP);
    return 0;
  }
  if (p.positionals.length === 0) {
    throw new UsageError("viewport text: MESSAGE is missing (try: viewport text 'Build done')");
  }
  const message = p.positionals.join(" ");
  const conn = await connect(
    commandConnect("text", io, p.values.output, { altScreen: false, input: false }),
  );
  try {
    if (p.values.title) conn.title(p.values.title);
    const node = p.switches.has("heading") ? heading(message, { id: 2 }) : text(message, { id: 2 });
    conn.setTree(column({ id: 1 }, [node]));
  } finally {
    await conn.close();
  }
  return 0;
}
