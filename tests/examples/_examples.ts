/** Shared bits of the example tests: where the examples are, and how to run one as a process. */

/** The repository root (ends with a slash). */
export const ROOT: string = new URL("../../", import.meta.url).pathname;

/** The command that runs `examples/NAME.ts` in its own process. */
export function exampleCommand(name: string, ...args: string[]): string[] {
  return [Deno.execPath(), "run", "-A", `${ROOT}examples/${name}.ts`, ...args];
}

/** The command that runs the `viewport` CLI. */
export const VIEWPORT_CLI: string[] = [Deno.execPath(), "run", "-A", `${ROOT}cli/viewport.ts`];

/**
 * What `examples/NAME.ts` prints in a pipe (no `VIEWPORT`, stdout not a
 * terminal): its text projection. Fails with its stderr when it exits non-zero.
 */
export async function pipeText(name: string, ...args: string[]): Promise<string> {
  const [cmd, ...rest] = exampleCommand(name, ...args);
  const env = Deno.env.toObject();
  delete env.VIEWPORT;
  delete env.VIEWPORT_SESSION;
  const out = await new Deno.Command(cmd, {
    args: rest,
    cwd: ROOT,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`${name} exited ${out.code}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}
