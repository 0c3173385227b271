/**
 * Putting the app's terminal into a mode that passes frame bytes unchanged, and
 * getting it back. With output post-processing on, a terminal turns every 0x0A
 * in a frame into CR LF; with input processing on, it eats or rewrites bytes of
 * incoming frames (^C, ^S, CR) and echoes them back.
 *
 * @module
 */

/** A terminal mode that was changed and can be put back. */
export interface TerminalGuard {
  /** True if the terminal was changed (stdout is a terminal and stty worked). */
  readonly active: boolean;
  /** Puts the terminal back as it was; idempotent, synchronous. */
  restore(): void;
}

const SIGNALS = [["SIGHUP", 1], ["SIGINT", 2], ["SIGQUIT", 3], ["SIGTERM", 15]] as const;
const INACTIVE: TerminalGuard = { active: false, restore() {} };

function stty(args: string[]): string | null {
  // stty acts on the device it is given, so no stdio of ours is handed over
  // (stdout must stay piped to read `-g`).
  const device = Deno.build.os === "linux" ? ["-F", `/proc/${Deno.pid}/fd/1`] : ["-f", "/dev/tty"];
  try {
    const out = new Deno.Command("stty", {
      args: [...device, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch {
    return null; // no stty, or no permission to run it
  }
}

/**
 * If stdout is a terminal: saves its settings (`stty -g`), then switches off
 * output post-processing (`-opost`), and when stdin is a terminal too, makes
 * input raw as well (`raw -echo`). The old settings come back on `restore()`,
 * on process exit (the `unload` event) and on SIGHUP/SIGINT/SIGQUIT/SIGTERM
 * (after which the process exits with 128 + the signal number, as the default
 * action would). Not a terminal, or on Windows: nothing changes.
 *
 * Assumes stdin and stdout are the same terminal when both are terminals (the
 * usual case, and the PTY case this exists for).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { enterFrameMode } from "./terminal_mode.ts";
 * const guard = enterFrameMode();
 * assert.equal(typeof guard.restore, "function");
 * try {
 *   // ... write frames to stdout ...
 * } finally {
 *   guard.restore();
 * }
 * ```
 */
export function enterFrameMode(): TerminalGuard {
  if (Deno.build.os === "windows" || !Deno.stdout.isTerminal()) return INACTIVE;
  const saved = stty(["-g"]);
  if (!saved || !/^[0-9a-fA-F:]+$/.test(saved)) return INACTIVE;
  const mode = Deno.stdin.isTerminal() ? ["raw", "-echo"] : ["-opost"];
  if (stty(mode) === null) return INACTIVE;
  let restored = false;
  const handlers = SIGNALS.map(([name, number]) => {
    const handler = () => {
      restore();
      Deno.exit(128 + number);
    };
    try {
      Deno.addSignalListener(name, handler);
    } catch {
      // This platform cannot listen for that signal.
    }
    return [name, handler] as const;
  });
  const onUnload = () => restore();
  globalThis.addEventListener("unload", onUnload);
  function restore(): void {
    if (restored) return;
    restored = true;
    stty([saved!]);
    globalThis.removeEventListener("unload", onUnload);
    for (const [name, handler] of handlers) {
      try {
        Deno.removeSignalListener(name, handler);
      } catch {
        // Never added.
      }
    }
  }
  return {
    get active() {
      return !restored;
    },
    restore,
  };
}
