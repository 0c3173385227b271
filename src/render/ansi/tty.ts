/**
 * The controlling terminal (`/dev/tty`) as a {@linkcode TerminalInput}: where a
 * program whose stdin carries data reads keys, the way `less`, `fzf` and `gum`
 * do. Opened only when first used, so a command that never reads keys never
 * touches it.
 *
 * @module
 */
import type { TerminalInput } from "./terminal.ts";

/** The path of the controlling terminal. */
export const TTY_PATH = "/dev/tty";

/**
 * Keys from the controlling terminal, opened on first use. Reading ends when
 * the stream is cancelled (which closes the file).
 *
 * @example
 * ```ts
 * import { controllingTerminalInput } from "./tty.ts";
 * import assert from "node:assert/strict";
 * const input = controllingTerminalInput("/dev/null");
 * assert.ok(!input.isTerminal(), "/dev/null is no terminal");
 * ```
 */
export function controllingTerminalInput(path: string = TTY_PATH): TerminalInput & {
  isTerminal(): boolean;
} {
  let file: Deno.FsFile | null = null;
  const open = (): Deno.FsFile => {
    if (file) return file;
    try {
      file = Deno.openSync(path, { read: true });
    } catch (err) {
      throw new Error(
        `cannot open ${path} to read keys (no controlling terminal?): ${(err as Error).message}`,
        { cause: err },
      );
    }
    return file;
  };
  return {
    get readable() {
      return open().readable;
    },
    setRaw(mode: boolean, options?: { cbreak: boolean }) {
      open().setRaw(mode, options);
    },
    isTerminal() {
      try {
        return open().isTerminal();
      } catch {
        return false;
      }
    },
  };
}
