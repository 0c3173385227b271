/**
 * Builds Viewport's CLIs: single-file bundles and `deno compile` binaries for
 * Linux, macOS and Windows into dist/, with a version stamp and SHA-256
 * checksums. `deno run -A scripts/build.ts --help` explains the options.
 *
 * @module
 */
import { BUILD_HELP, parseBuildArgs } from "./build/args.ts";
import { importMapText } from "./build/import_map.ts";
import { Reporter, useColor } from "./build/report.ts";
import { runBuild } from "./build/run.ts";

/** What `main` needs from the process. */
export interface BuildProcess {
  args: readonly string[];
  env: Record<string, string>;
  /** Writes a line of output. */
  print: (line: string) => void;
  isTerminal: boolean;
  /** The working directory (a relative --out is resolved against it). */
  cwd: string;
}

const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Runs the build and returns the exit status.
 *
 * @example
 * ```ts
 * import { main } from "./build.ts";
 * import assert from "node:assert/strict";
 * const lines: string[] = [];
 * const status = await main({ args: ["--help"], env: {}, print: (l) => lines.push(l),
 *   isTerminal: false, cwd: Deno.cwd() });
 * assert.equal(status, 0);
 * assert.ok(lines[0].startsWith("Usage:"));
 * ```
 */
export async function main(proc: BuildProcess): Promise<number> {
  let options;
  try {
    options = parseBuildArgs(proc.args);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    proc.print(`build: ${err.message}`);
    return 2;
  }
  if (options.help) {
    proc.print(BUILD_HELP.trimEnd());
    return 0;
  }
  if (options.writeImportMap) {
    await Deno.writeTextFile(`${ROOT}/import_map.json`, await importMapText(ROOT));
    proc.print(`wrote ${ROOT}/import_map.json`);
    return 0;
  }
  const out = options.out === undefined
    ? `${ROOT}/dist`
    : options.out.startsWith("/")
    ? options.out
    : `${proc.cwd}/${options.out}`;
  const reporter = new Reporter(proc.print, useColor(proc.env, proc.isTerminal));
  const result = await runBuild(options, { root: ROOT, out, env: proc.env, reporter });
  return options.strict && result.artifacts.length === 0 ? 1 : 0;
}

if (import.meta.main) {
  let status = 1;
  try {
    status = await main({
      args: Deno.args,
      env: Deno.env.toObject(),
      print: (line) => console.log(line),
      isTerminal: Deno.stdout.isTerminal(),
      cwd: Deno.cwd(),
    });
  } catch (err) {
    console.error(`build: ${(err as Error)?.message ?? err}`);
  }
  Deno.exit(status);
}
