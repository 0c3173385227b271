/**
 * The `vp-run` command: runs a program against a Viewport viewer, relaying its
 * frames over whichever transport it was given (see `docs/vp_run.md`). The
 * environment and arguments are read here, once.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import { VERSION } from "./help.ts";
import { parseVpRunArgs } from "./vp_run/args.ts";
import { VP_RUN_USAGE } from "./vp_run/help.ts";
import type { VpRunProcess } from "./vp_run/launcher.ts";

/**
 * Runs `vp-run` with `args` and returns its exit status.
 *
 * @example
 * ```ts
 * import { main } from "./vp_run.ts";
 * import assert from "node:assert/strict";
 * const err: string[] = [];
 * const status = await main(["--via", "nope", "--", "true"], {
 *   env: {}, isTerminal: false, stdout: { writeSync: (b) => b.length }, stderr: (l) => err.push(l),
 * });
 * assert.equal(status, 2);
 * assert.ok(err[0].includes("--via"));
 * ```
 */
export async function main(args: readonly string[], proc: VpRunProcess): Promise<number> {
  let command;
  try {
    command = parseVpRunArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    proc.stderr(`vp-run: ${err.message}\nTry 'vp-run --help'.`);
    return 2;
  }
  const print = (text: string) => proc.stdout.writeSync(new TextEncoder().encode(text));
  switch (command.kind) {
    case "help":
      print(VP_RUN_USAGE);
      return 0;
    case "version":
      print(`vp-run ${VERSION}\n`);
      return 0;
    case "run": {
      const { runVpRun } = await import("./vp_run/launcher.ts");
      return await runVpRun(command.options, proc);
    }
  }
}

if (import.meta.main) {
  const encoder = new TextEncoder();
  let status = 1;
  try {
    status = await main(Deno.args, {
      env: Deno.env.toObject(),
      stdout: Deno.stdout,
      stderr: (line) => Deno.stderr.writeSync(encoder.encode(line + "\n")),
      isTerminal: Deno.stdin.isTerminal() && Deno.stdout.isTerminal(),
      stdoutIsTerminal: Deno.stdout.isTerminal(),
    });
  } catch (err) {
    // Never a stack trace for the user: one line naming the problem.
    Deno.stderr.writeSync(encoder.encode(`vp-run: ${(err as Error)?.message ?? err}\n`));
  }
  // A pending read of stdin (keystrokes for CMD) must not keep vp-run alive.
  Deno.exit(status);
}
