/**
 * `viewport emit`: send arbitrary protocol messages written as JSON.
 *
 * @module
 */
import { connect } from "../../src/sdk/connect.ts";
import { messageFromJson, messageFromJsonLine } from "../../src/shell/emit.ts";
import { isViewportError } from "../../src/protocol/errors.ts";
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
 * `viewport emit --help`.
 *
 * @example
 * ```ts
 * import { EMIT_HELP } from "./emit.ts";
 * import assert from "node:assert/strict";
 * assert.ok(EMIT_HELP.includes("--jsonl"));
 * ```
 */
export const EMIT_HELP = `Usage: viewport emit TYPE [JSON]
       viewport emit --jsonl < MESSAGES

Sends protocol messages written as JSON (follows VIEWPORT; attaches to
VIEWPORT_SESSION). TYPE is a message name (TREE, PATCH, DATA, DEFINE, SCHEMA,
CANVAS, REGION, ...) or number; JSON is its payload (default {}). With --jsonl
each stdin line is one message: {"type": "PATCH", "patches": [...]}.
Slot references are written {"$slot": 12}, bytes {"$bytes": "<base64>"}.
Every message is validated and applied in order; the first invalid one stops
the command with its line number.

In a terminal the UI is drawn in place below the prompt (then the prompt
comes back on the next line); in a pipe it prints as text.

Options:
  --jsonl        read messages from stdin, one JSON object per line
${OUTPUT_HELP}
  -h, --help     this help

Example:
  viewport emit TREE '{"root": {"id": 1, "type": "text", "content": "hi"}}'
  viewport emit PATCH '{"patches": [{"target": 1, "set": {"content": "bye"}}]}'
`;

/**
 * Runs `viewport emit`.
 *
 * @example
 * ```ts
 * import { runEmit } from "./emit.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const sink = { write: (b: Uint8Array) => { out += new TextDecoder().decode(b); return b.length; } };
 * await runEmit(["TREE", '{"root": {"id": 1, "type": "text", "content": "hi"}}'], { connect: { env: { VIEWPORT: "text:" }, stdout: sink }, stdin: new Blob([]).stream(), stdout: sink, stderr: sink });
 * assert.equal(out, "hi\n");
 * ```
 */
export async function runEmit(argv: string[], io: ShellIo): Promise<number> {
  const p = parseFlags("emit", argv, { string: ["output"], boolean: ["jsonl"] });
  if (p.switches.has("help")) {
    await writeText(io.stdout, EMIT_HELP);
    return 0;
  }
  const jsonl = p.switches.has("jsonl");
  if (jsonl && p.positionals.length > 0) {
    throw new UsageError(
      "viewport emit: --jsonl reads messages from stdin and takes no TYPE or JSON",
    );
  }
  if (!jsonl && (p.positionals.length === 0 || p.positionals.length > 2)) {
    throw new UsageError(
      "viewport emit: expected TYPE [JSON] (e.g. viewport emit PATCH '{\"patches\": []}') or --jsonl",
    );
  }
  let single;
  if (!jsonl) {
    try {
      single = messageFromJson(p.positionals[0], p.positionals[1] ?? "{}");
    } catch (err) {
      throw new UsageError(`viewport emit: ${describe(err)}`);
    }
  }
  const options = commandConnect("emit", io, p.values.output, { altScreen: false, input: false });
  if (jsonl) checkDataInput("emit", io, options, "cat messages.jsonl | viewport emit --jsonl");
  const conn = await connect(options);
  try {
    if (single) conn.send(single);
    else {
      let carry = "", line = 0;
      const one = (text: string) => {
        line++;
        if (text.trim() === "") return;
        try {
          conn.send(messageFromJsonLine(text));
        } catch (err) {
          throw new UsageError(`viewport emit: line ${line}: ${describe(err)}`);
        }
      };
      for await (const chunk of textChunks(io.stdin)) {
        const lines = (carry + chunk).split("\n");
        carry = lines.pop()!;
        for (const l of lines) one(l);
        await conn.flush();
      }
      if (carry) one(carry);
    }
  } finally {
    await conn.close();
  }
  return 0;
}

function describe(err: unknown): string {
  if (isViewportError(err)) return `${err.message} [${err.code}]`;
  return err instanceof Error ? err.message : String(err);
}
