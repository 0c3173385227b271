/**
 * Runs the viewer: listeners, the spawned app, the front end, the text
 * directory, and the exit status.
 *
 * @module
 */
import type { RunOptions } from "./args.ts";
import type { Process } from "./viewport.ts";

/**
 * Runs the viewer until the spawned app ends (or, with `--keep` or no app,
 * until the front end quits or the process is interrupted).
 *
 * @example
 * ```ts
 * import { runViewer } from "./run.ts";
 * if (typeof runViewer !== "function") throw new Error();
 * ```
 */
export function runViewer(_options: RunOptions, proc: Process): Promise<number> {
  proc.stderr("viewport: hosting apps needs the transport registry, which this build lacks");
  return Promise.resolve(1);
}
