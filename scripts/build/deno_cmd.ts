/**
 * Running a `deno` subcommand for the build and boiling its failure down to
 * the lines that say why.
 *
 * @module
 */

/** How a subcommand ended. */
export interface DenoResult {
  ok: boolean;
  /** The `error:` line and its causes, or the last stderr line; empty on success. */
  why: string;
}

/**
 * The useful part of a failed deno command's stderr: the `error:` line and
 * the `Caused by` lines after it, joined with `: `, ANSI codes removed.
 *
 * @example
 * ```ts
 * import { failureReason } from "./deno_cmd.ts";
 * import assert from "node:assert/strict";
 * const why = failureReason("Compile x\nerror: Writing x\n\nCaused by:\n    0: dns error\n\nStack backtrace:\n   0: <unknown>");
 * assert.equal(why, "Writing x: dns error");
 * ```
 */
export function failureReason(stderr: string): string {
  // deno-lint-ignore no-control-regex
  const lines = stderr.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith("error:"));
  if (at < 0) return lines.filter(Boolean).at(-1) ?? "failed without a message";
  const parts = [lines[at].slice("error:".length).trim()];
  for (const line of lines.slice(at + 1)) {
    if (line.startsWith("Stack backtrace")) break;
    const cause = /^\d+: (.*)$/.exec(line);
    // Causes often repeat the previous message's tail; keep each once.
    if (cause && !parts.some((p) => p.includes(cause[1]))) parts.push(cause[1]);
  }
  return parts.join(": ");
}

/**
 * Runs `deno ARGS` (the running Deno) in `cwd` with `env` (replacing the
 * environment), stdout discarded.
 *
 * @example
 * ```ts
 * import { runDeno } from "./deno_cmd.ts";
 * import assert from "node:assert/strict";
 * const r = await runDeno(["eval", "Deno.exit(3)"], Deno.cwd(), {});
 * assert.ok(!r.ok);
 * ```
 */
export async function runDeno(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<DenoResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { ...env, NO_COLOR: "1" },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (out.success) return { ok: true, why: "" };
  return { ok: false, why: failureReason(new TextDecoder().decode(out.stderr)) };
}
