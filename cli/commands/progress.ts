/**
 * `viewport progress --total N`: a progress bar fed by stdin.
 *
 * @module
 */
import { connect } from "../../src/sdk/connect.ts";
import { streamProgress } from "../../src/shell/progress.ts";
import { UsageError } from "../args.ts";
import { parseFlags } from "./flags.ts";
import {
  checkDataInput,
  commandConnect,
  OUTPUT_HELP,
  type ShellIo,
  textChunks,
  writeText,
} from "./io.ts";

/**
 * `viewport progress --help`.
 *
 * @example
 * ```ts
 * import { PROGRESS_HELP } from "./progress.ts";
 * import assert from "node:assert/strict";
 * assert.ok(PROGRESS_HELP.includes("--total"));
 * ```
 */
export const PROGRESS_HELP = `Usage: viewport progress --total N [options] < LINES

Shows a progress bar. Each line of stdin is one step (its text becomes the
status), or with --increments a number of steps. In a terminal the bar is one
line updated in place (ctrl+c stops it, exit 130); in a pipe only every 10% is
printed, one line each; in a viewer (VIEWPORT set) the bar moves with every
line.

Options:
  --total N      the count that makes 100% (required)
  --label TEXT   a label before the bar
  --increments   each line is a number to add
${OUTPUT_HELP}
  -h, --help     this help

Example:
  for f in *.log; do gzip "$f"; echo "$f"; done | viewport progress --total $(ls *.log | wc -l)
`;

/**
 * Runs `viewport progress`.
 *
 * @example
 * ```ts
 * import { runProgress } from "./progress.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const sink = { write: (b: Uint8Array) => { out += new TextDecoder().decode(b); return b.length; } };
 * await runProgress(["--total", "2", "--increments"], { connect: { env: { VIEWPORT: "text:" }, stdout: sink }, stdin: new Blob(["1\n1\n"]).stream(), stdout: sink, stderr: sink });
 * assert.ok(out.endsWith("100% (2/2)\n"));
 * ```
 */
export async function runProgress(argv: string[], io: ShellIo): Promise<number> {
  const p = parseFlags("progress", argv, {
    string: ["total", "label", "output"],
    boolean: ["increments"],
  });
  if (p.switches.has("help")) {
    await writeText(io.stdout, PROGRESS_HELP);
    return 0;
  }
  if (p.positionals.length > 0) {
    throw new UsageError(
      `viewport progress: unexpected argument '${p.positionals[0]}' (steps are read from stdin)`,
    );
  }
  const total = Number(p.values.total);
  if (p.values.total === undefined) {
    throw new UsageError("viewport progress: --total N is required");
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new UsageError(
      `viewport progress: --total must be a positive number, got '${p.values.total}'`,
    );
  }
  const options = commandConnect("progress", io, p.values.output, {
    altScreen: false,
    input: false,
  });
  checkDataInput("progress", io, options, "seq 20 | viewport progress --total 20");
  const conn = await connect(options);
  try {
    await streamProgress(conn, textChunks(io.stdin), {
      total,
      label: p.values.label,
      increments: p.switches.has("increments"),
    });
  } finally {
    await conn.close();
  }
  return 0;
}
