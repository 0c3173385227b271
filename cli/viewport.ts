/**
 * The `viewport` command: hosts Viewport apps (terminal or headless) and
 * decodes frame dumps. The environment and arguments are read here, once, and
 * passed into library code.
 *
 * @module
 */
import { parseArgs, UsageError } from "./args.ts";
import { runDecode } from "./decode_command.ts";
import { DECODE_USAGE, USAGE, VERSION } from "./help.ts";
import { SHELL_COMMANDS, type ShellCommand } from "./commands/mod.ts";
import { isViewportError } from "../src/protocol/errors.ts";
import { controllingTerminalInput } from "../src/render/ansi/tty.ts";

import type { Process } from "./process.ts";

export type { Process, ShellTerminal } from "./process.ts";

/**
 * Runs `viewport` and returns its exit status.
 *
 * @example
 * ```ts
 * import { main } from "./viewport.ts";
 * import assert from "node:assert/strict";
 * const out: string[] = [];
 * const status = await main({
 *   args: ["--version"], env: {}, stdin: new ReadableStream(), isTerminal: false,
 *   stdout: { writeSync: (b) => (out.push(new TextDecoder().decode(b)), b.length) },
 *   stderr: () => {},
 * });
 * assert.equal(status, 0);
 * assert.ok(out[0].startsWith("viewport "));
 * ```
 */
export async function main(proc: Process): Promise<number> {
  const print = (text: string) => proc.stdout.writeSync(new TextEncoder().encode(text));
  const shell = SHELL_COMMANDS[proc.args[0] ?? ""];
  if (shell) return await runShell(proc.args[0], shell, proc);
  if (proc.args[0] === "mcp") return await (await import("./mcp/command.ts")).mcpCommand(proc);
  if (proc.args[0] === "doctor") {
    return await runShell("doctor", (await import("./doctor.ts")).runDoctor, proc);
  }
  let command;
  try {
    command = parseArgs(proc.args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    proc.stderr(`viewport: ${err.message}\nTry 'viewport --help'.`);
    return 2;
  }
  switch (command.kind) {
    case "help":
      print(command.topic === "decode" ? DECODE_USAGE : USAGE);
      return 0;
    case "version":
      print(`viewport ${VERSION}\n`);
      return 0;
    case "decode":
      return await runDecode(command.file, command.maxPayload, {
        stdin: proc.stdin,
        stdout: proc.stdout,
        error: proc.stderr,
      });
    case "run": {
      const { runViewer } = await import("./run.ts");
      return await runViewer(command.options, proc);
    }
  }
}

async function runShell(name: string, command: ShellCommand, proc: Process): Promise<number> {
  const out = {
    write: (b: Uint8Array) => proc.stdout.writeSync(b),
    writeSync: (b: Uint8Array) => proc.stdout.writeSync(b),
  };
  const err = {
    write: (b: Uint8Array) => {
      proc.stderr(new TextDecoder().decode(b).replace(/\n$/, ""));
      return b.length;
    },
  };
  const tty = proc.terminal;
  try {
    return await command(proc.args.slice(1), {
      connect: {
        env: proc.env,
        stdout: out,
        stderr: err,
        isTerminal: tty ? tty.stdoutIsTerminal : proc.isTerminal,
        // A real terminal is restored on every exit path; injected streams need no handlers.
        ...(tty ? { stdin: tty.keys(), signals: true } : {}),
      },
      stdin: proc.stdin,
      stdout: out,
      stderr: err,
      stdinIsTerminal: tty?.stdinIsTerminal,
    });
  } catch (e) {
    if (e instanceof UsageError) {
      proc.stderr(`${e.message}\nTry 'viewport ${name} --help'.`);
      return 2;
    }
    const what = isViewportError(e)
      ? `${e.message} [${e.code}]`
      : (e as Error).message ?? String(e);
    proc.stderr(`viewport ${name}: ${what}`);
    return 1;
  }
}

if (import.meta.main) {
  const encoder = new TextEncoder();
  let status = 1;
  const stdinIsTerminal = Deno.stdin.isTerminal();
  const stdoutIsTerminal = Deno.stdout.isTerminal();
  try {
    status = await main({
      args: Deno.args,
      env: Deno.env.toObject(),
      stdin: Deno.stdin.readable,
      stdout: Deno.stdout,
      stderr: (line) => Deno.stderr.writeSync(encoder.encode(line + "\n")),
      isTerminal: stdinIsTerminal && stdoutIsTerminal,
      terminal: {
        stdinIsTerminal,
        stdoutIsTerminal,
        keys: () => stdinIsTerminal ? Deno.stdin : controllingTerminalInput(),
      },
    });
  } catch (err) {
    // Never a stack trace for the user: one line naming the problem.
    Deno.stderr.writeSync(encoder.encode(`viewport: ${(err as Error)?.message ?? err}\n`));
  }
  Deno.exit(status);
}
