/**
 * CMD itself: started with `VIEWPORT` pointing at an endpoint made for it
 * (a socket, an inherited fd, or its own terminal output in a PTY), yielding
 * its connections as they come.
 *
 * @module
 */
import { buildAppEnv, type Transport } from "../../src/transport/mod.ts";
import type { ForwardedSignal, PtyHost } from "../../src/relay/pty_host.ts";
import { makeEndpoint, type PrivateEndpoint, spawnApp } from "../spawn_app.ts";
import { openChildChannel } from "../../src/transport/launch/mod.ts";
import type { RunVia } from "./args.ts";

/** How to start CMD. */
export interface CommandOptions {
  via: RunVia;
  command: readonly string[];
  /** The caller's environment (CMD gets it plus the Viewport variables). */
  env: Readonly<Record<string, string>>;
  session: string;
  features: readonly string[];
  textPath?: string;
  /** Keep CMD's output off this terminal (a front end draws there). */
  capture: boolean;
  /** `stdio`: CMD's terminal text. */
  onText: (bytes: Uint8Array) => void;
  /** `stdio`: the PTY size. */
  size: { columns: number; rows: number };
  maxPayload: number;
}

/** CMD, running. */
export interface RunningCommand {
  /** Its exit status: the code, 128 + N for signal N, 127 when it could not run. */
  readonly status: Promise<number>;
  readonly exited: boolean;
  /** CMD's connections, in order; ends when CMD's endpoint closes. */
  readonly connections: AsyncIterable<Transport>;
  /** `stdio`: the PTY (keystrokes, resizes). */
  readonly pty?: PtyHost;
  /** Forwards a signal to CMD. */
  signal(signal: ForwardedSignal): void;
  /** Frees the endpoint (after CMD ended). */
  cleanup(): Promise<void>;
  /** With `capture` (not `stdio`): the last 64 KiB of CMD's stderr. */
  capturedStderr(): string;
}

/**
 * Starts CMD. Unknown commands are found out here (status 127 and a message
 * naming it) rather than by the shell or the spawn call.
 *
 * @example
 * ```ts
 * import { startCommand } from "./command.ts";
 * import assert from "node:assert/strict";
 * const cmd = await startCommand({
 *   via: "unix", command: ["true"], env: { PATH: "/usr/bin:/bin" }, session: "s1",
 *   features: [], capture: true, onText: () => {}, size: { columns: 80, rows: 24 },
 *   maxPayload: 1 << 20,
 * });
 * assert.equal(await cmd.status, 0);
 * await cmd.cleanup();
 * ```
 */
export async function startCommand(o: CommandOptions): Promise<RunningCommand> {
  if (!findCommand(o.command[0], o.env.PATH ?? "")) {
    throw new CommandNotFound(o.command[0]);
  }
  const vars = (uri: string) =>
    buildAppEnv({ uri, session: o.session, features: o.features, textPath: o.textPath });
  if (o.via === "stdio") {
    // The native PTY module is loaded only when used (it slows every start).
    const { PtyHost } = await import("../../src/relay/pty_host.ts");
    const pty = PtyHost.spawn({
      command: o.command,
      env: { ...o.env, ...vars("stdio:") },
      cols: o.size.columns,
      rows: o.size.rows,
      onText: o.onText,
      maxPayload: o.maxPayload,
    });
    return {
      status: pty.status,
      get exited() {
        return pty.exited;
      },
      connections: once(pty.frames),
      pty,
      signal: (s) => pty.signal(s),
      cleanup: () => Promise.resolve(),
      capturedStderr: () => "",
    };
  }
  const endpoint: PrivateEndpoint = await makeEndpoint(o.via, o.session, o.env, o.maxPayload);
  const env = { ...o.env, ...vars(endpoint.uri) };
  const app = spawnApp(o.command, env, {
    channel: o.via === "fd" ? await openChildChannel() : undefined,
    capture: o.capture,
    maxPayload: o.maxPayload,
  });
  const status = app.status.catch(() => 127);
  let connections: AsyncIterable<Transport>;
  if (app.transport) connections = once(app.transport);
  else connections = endpoint.listener!;
  void status.then(() => {
    // Nothing connects once CMD is gone (an fd transport ends by itself).
    void endpoint.listener?.close().catch(() => {});
  });
  return {
    status,
    get exited() {
      return app.exited;
    },
    connections,
    signal(s) {
      if (app.exited || app.pid === undefined) return;
      try {
        Deno.kill(app.pid, s);
      } catch { /* already gone */ }
    },
    cleanup: () => endpoint.cleanup(),
    capturedStderr: () => app.capturedStderr(),
  };
}

/**
 * CMD cannot be run: not found, or not executable.
 *
 * @example
 * ```ts
 * import { CommandNotFound } from "./command.ts";
 * import assert from "node:assert/strict";
 * assert.ok(new CommandNotFound("nope").message.includes("nope"));
 * ```
 */
export class CommandNotFound extends Error {
  constructor(command: string) {
    super(`cannot run ${JSON.stringify(command)}: command not found`);
    this.name = "CommandNotFound";
  }
}

/**
 * The path CMD resolves to, as `execvp` would find it: a name with a slash as
 * it is, else the first executable match on `PATH`; undefined when none.
 *
 * @example
 * ```ts
 * import { findCommand } from "./command.ts";
 * import assert from "node:assert/strict";
 * assert.ok(findCommand("sh", "/usr/bin:/bin"));
 * assert.ok(!findCommand("no-such-command-here", "/usr/bin:/bin"));
 * ```
 */
export function findCommand(command: string, path: string): string | undefined {
  if (command === "") return undefined;
  if (command.includes("/")) return isExecutable(command) ? command : undefined;
  for (const dir of path.split(":")) {
    const candidate = `${dir === "" ? "." : dir}/${command}`;
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

async function* once(t: Transport): AsyncIterable<Transport> {
  yield t;
}
