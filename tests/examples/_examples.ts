/** Shared bits of the example tests: where the examples are, and how to run one as a process. */

/** The repository root (ends with a slash). */
export const ROOT: string = new URL("../../", import.meta.url).pathname;

/** The command that runs `examples/NAME.ts` in its own process. */
export function exampleCommand(name: string, ...args: string[]): string[] {
  return [Deno.execPath(), "run", "-A", `${ROOT}examples/${name}.ts`, ...args];
}

/** The command that runs the `viewport` CLI. */
export const VIEWPORT_CLI: string[] = [Deno.execPath(), "run", "-A", `${ROOT}cli/viewport.ts`];
