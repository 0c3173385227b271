/**
 * What the `viewport` command takes from its process: arguments, environment,
 * streams and the terminal, read once at the edge and passed in (tests inject
 * their own).
 *
 * @module
 */
import type { TerminalInput } from "../src/render/ansi/terminal.ts";

/** What `main` needs from the process. */
export interface Process {
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  stdin: ReadableStream<Uint8Array>;
  stdout: { writeSync(bytes: Uint8Array): number };
  stderr: (line: string) => void;
  /** stdin and stdout are both a terminal (the viewer draws there). */
  isTerminal: boolean;
  /**
   * The process's own terminal, for the shell commands: they draw when stdout
   * is a terminal and read keys from `keys()` (stdin when it is a terminal,
   * else the controlling terminal, since stdin carries their data). Absent
   * when streams are injected (tests).
   */
  terminal?: ShellTerminal;
}

/** What the shell commands know about the process's terminal. */
export interface ShellTerminal {
  stdinIsTerminal: boolean;
  stdoutIsTerminal: boolean;
  /** Where keys come from (opened on first use). */
  keys(): TerminalInput;
}
