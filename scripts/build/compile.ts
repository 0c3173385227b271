/**
 * `deno compile` of one CLI for one target from the staging tree, with the
 * runtime the build found, and a first run of host binaries.
 *
 * @module
 */
import type { Cli } from "./clis.ts";
import { runDeno } from "./deno_cmd.ts";
import type { RuntimeLookup } from "./runtime.ts";
import type { Target } from "./targets.ts";

/** One compile. */
export interface CompileJob {
  stageDir: string;
  cli: Cli;
  target: Target;
  /** What {@linkcode findRuntime} found; without one, deno may download it. */
  runtime: RuntimeLookup;
  outFile: string;
  noCheck: boolean;
  /** The environment for deno (DENORT_BIN is set or removed here). */
  env: Record<string, string>;
}

/**
 * The `deno compile` arguments of a job.
 *
 * @example
 * ```ts
 * import { compileArgs } from "./compile.ts";
 * import { TARGETS } from "./targets.ts";
 * import assert from "node:assert/strict";
 * const args = compileArgs({
 *   stageDir: "/s", cli: { name: "viewport", entry: "cli/viewport.ts", include: ["viewer/web/dist"] },
 *   target: TARGETS[3], runtime: { found: false, reason: "" }, outFile: "/d/viewport",
 *   noCheck: true, env: {},
 * }, ["viewer/web/dist"]);
 * assert.ok(args.includes("aarch64-apple-darwin"));
 * assert.equal(args.at(-1), "cli/viewport.ts");
 * ```
 */
export function compileArgs(job: CompileJob, includes: readonly string[]): string[] {
  const args = ["compile", "-A", "--quiet", "--target", job.target.triple, "--output", job.outFile];
  args.push("--node-modules-dir=manual", "--no-lock");
  if (job.noCheck) args.push("--no-check");
  for (const path of includes) args.push("--include", path);
  args.push(job.cli.entry);
  return args;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles; resolves to undefined on success or the reason it failed.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: part of a whole build; compiles a binary.
 * import { compileCli } from "./compile.ts";
 * const why = await compileCli(job);
 * ```
 */
export async function compileCli(job: CompileJob): Promise<string | undefined> {
  const env = { ...job.env };
  delete env.DENORT_BIN;
  if (job.runtime.found && job.runtime.source === "DENORT_BIN") env.DENORT_BIN = job.runtime.path;
  const includes: string[] = [];
  for (const path of job.cli.include) {
    if (await exists(`${job.stageDir}/${path}`)) includes.push(path);
  }
  const r = await runDeno(compileArgs(job, includes), job.stageDir, env);
  if (r.ok) return undefined;
  await Deno.remove(job.outFile).catch(() => {});
  return job.runtime.found
    ? `deno compile failed: ${r.why}`
    : `${job.runtime.reason}; deno compile could not download it (${r.why.split(": ").at(-1)})`;
}

/**
 * Runs a freshly built host binary with `--version` (10 s limit); resolves to
 * undefined when it prints `NAME …`, or what went wrong.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a compiled binary.
 * import { smokeTest } from "./compile.ts";
 * const why = await smokeTest("dist/viewport-x86_64-unknown-linux-gnu", "viewport");
 * ```
 */
export async function smokeTest(binary: string, name: string): Promise<string | undefined> {
  const child = new Deno.Command(binary, {
    args: ["--version"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const out = await child.output().finally(() => clearTimeout(timer));
  const text = new TextDecoder().decode(out.stdout).trim();
  if (out.success && text.startsWith(`${name} `)) return undefined;
  const said = (text || new TextDecoder().decode(out.stderr).trim()).split("\n")[0].slice(0, 120);
  return `the built binary did not run the program ('${name} --version' printed '${said}', ` +
    `exit ${out.code}); is the runtime a denort of this Deno version?`;
}
