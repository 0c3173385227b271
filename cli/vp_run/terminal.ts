/**
 * The user's terminal under `vp-run --via stdio`: keystrokes into CMD's PTY
 * (raw, so ^C reaches CMD as a byte and its terminal makes the signal),
 * resizes after it, and the terminal's mode put back at the end. Plus signal
 * forwarding for every `--via`.
 *
 * @module
 */
import type { ForwardedSignal, PtyHost } from "../../src/relay/pty_host.ts";
import { TerminalDriver } from "../../src/render/ansi/terminal.ts";

/** A link from this terminal to CMD's PTY; `restore()` undoes it. */
export interface TerminalLink {
  /** Stops forwarding and restores the terminal mode. Idempotent. */
  restore(): void;
}

/** What {@linkcode linkTerminal} may use. */
export interface TerminalOptions {
  /** Forward stdin to the PTY (off when a front end reads the keyboard). */
  forwardKeys: boolean;
}

/**
 * Forwards stdin to `pty` (in raw mode when stdin is a terminal) and follows
 * the terminal's size (SIGWINCH) when stdout is a terminal. The terminal is
 * taken through the terminal-session helper ({@linkcode TerminalDriver}), in
 * a mode that changes nothing but raw input: CMD draws its own screen, and
 * the helper puts cooked mode back on every exit path.
 *
 * @example
 * ```ts
 * import { linkTerminal } from "./terminal.ts";
 * import { PtyHost } from "../../src/relay/pty_host.ts";
 * import assert from "node:assert/strict";
 * const pty = PtyHost.spawn({ command: ["true"], env: { PATH: "/usr/bin:/bin" }, onText: () => {} });
 * const link = linkTerminal(pty, { forwardKeys: false });
 * assert.equal(await pty.status, 0);
 * link.restore();
 * ```
 */
export function linkTerminal(pty: PtyHost, options: TerminalOptions): TerminalLink {
  let done = false;
  let driver: TerminalDriver | undefined;
  if (options.forwardKeys) {
    driver = new TerminalDriver({
      stdin: Deno.stdin,
      stdout: Deno.stdout,
      altScreen: false,
      mouse: false,
      paste: false,
      query: false,
      hideCursor: false,
      // Signals are CMD's to act on (forwardSignals passes them on); the
      // terminal goes back to cooked mode when vp-run ends.
      restoreOnSignal: false,
      onSignal: () => {},
    });
    // Like a terminal, the PTY gets no end-of-file when stdin ends: CMD
    // may be in raw mode, where ^D would be a keystroke.
    driver.onInput((bytes) => {
      if (!done && !pty.exited) pty.write(bytes.slice());
    });
    driver.start();
  }
  const resize = () => {
    try {
      const { columns, rows } = Deno.consoleSize();
      pty.resize(columns, rows);
    } catch { /* stdout is no longer a terminal */ }
  };
  const followsSize = Deno.stdout.isTerminal();
  if (followsSize) Deno.addSignalListener("SIGWINCH", resize);
  return {
    restore() {
      if (done) return;
      done = true;
      if (followsSize) Deno.removeSignalListener("SIGWINCH", resize);
      void driver?.restore();
    },
  };
}

/** Signals `vp-run` passes on to CMD. */
export const FORWARDED_SIGNALS: readonly ForwardedSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Passes SIGINT, SIGTERM and SIGHUP on to CMD instead of dying of them; CMD's
 * exit then ends `vp-run`. `skip` names signals not to pass on (SIGINT when
 * CMD shares this terminal's process group: the terminal already sent it).
 * Returns a function that stops forwarding.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: it signals its own process, which the other tests share.
 * import { forwardSignals } from "./terminal.ts";
 * import assert from "node:assert/strict";
 * const seen: string[] = [];
 * const stop = forwardSignals((signal) => seen.push(signal));
 * Deno.kill(Deno.pid, "SIGHUP");
 * while (seen.length === 0) await new Promise((r) => setTimeout(r, 1));
 * stop();
 * assert.deepEqual(seen, ["SIGHUP"]);
 * ```
 */
export function forwardSignals(
  forward: (signal: ForwardedSignal) => void,
  skip: readonly ForwardedSignal[] = [],
): () => void {
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => {
      if (!skip.includes(signal)) forward(signal);
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  };
}
