/** Helpers for the ship tests: run scripts/build.ts and commands, read dist/. */

export const ROOT: string = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
export const PROBE = "probe=tests/ship/fixtures/pty_probe.ts";

/** A finished command. */
export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs a command to completion with `env` added to a clean copy of this environment. */
export async function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; stdin?: string; drop?: string[] } = {},
): Promise<Ran> {
  const env: Record<string, string> = { ...Deno.env.toObject(), NO_COLOR: "1", ...opts.env };
  for (const name of opts.drop ?? []) delete env[name];
  const child = new Deno.Command(cmd, {
    args,
    cwd: opts.cwd ?? ROOT,
    env,
    clearEnv: true,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, out: dec.decode(out.stdout), err: dec.decode(out.stderr) };
}

/** Runs `deno run -A scripts/build.ts ARGS`. */
export function build(
  args: string[],
  env: Record<string, string> = {},
  drop: string[] = [],
): Promise<Ran> {
  return run(Deno.execPath(), ["run", "-A", `${ROOT}/scripts/build.ts`, ...args], { env, drop });
}

/** Whether the checkout has vp-run yet (it is built when it does). */
export function hasVpRun(): boolean {
  try {
    return Deno.statSync(`${ROOT}/cli/vp_run.ts`).isFile;
  } catch {
    return false;
  }
}
