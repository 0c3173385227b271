/**
 * `vp-run` from parsed options to CMD's exit status: the viewer connection,
 * CMD and its endpoint, one relay per connection of CMD, the terminal and
 * signals, and the cleanup.
 *
 * @module
 */
import { DEFAULT_MAX_PAYLOAD } from "../../src/protocol/constants.ts";
import { isViewportError } from "../../src/protocol/errors.ts";
import { relay } from "../../src/relay/relay.ts";
import { newSessionId } from "../../src/sdk/output_mode.ts";
import {
  isFeatureName,
  isSessionId,
  sanitizeViewportUri,
  type Transport,
} from "../../src/transport/mod.ts";
import type { VpRunOptions } from "./args.ts";
import { CommandNotFound, type RunningCommand, startCommand } from "./command.ts";
import { embeddedUpstream } from "./embedded.ts";
import { PlainText } from "./plain_text.ts";
import { forwardSignals, linkTerminal, type TerminalLink } from "./terminal.ts";
import type { ForwardedSignal } from "../../src/relay/pty_host.ts";
import { remoteUpstream, type Upstream } from "./upstream.ts";

/** What `vp-run` needs from the process. */
export interface VpRunProcess {
  env: Readonly<Record<string, string>>;
  stdout: { writeSync(bytes: Uint8Array): number };
  stderr: (line: string) => void;
  /** stdin and stdout are both a terminal. */
  isTerminal: boolean;
  /** stdout is a terminal (default: `isTerminal`); else CMD's terminal text is made plain. */
  stdoutIsTerminal?: boolean;
}

/** How long CMD's last frames may take to reach the viewer after CMD ended. */
const DRAIN_MS = 2000;
const SELF_RENDERING = new Set(["text", "ansi", "headless"]);
const CAPTURE_LIMIT = 64 * 1024;

/**
 * Runs CMD against the viewer and returns the exit status: CMD's, or 1 when
 * the viewer cannot be reached, 127 when CMD cannot be run.
 *
 * @example
 * ```ts
 * import { runVpRun } from "./launcher.ts";
 * import assert from "node:assert/strict";
 * let err = "";
 * const status = await runVpRun(
 *   { via: "unix", to: "unix:///nonexistent/v.sock", verbose: false, command: ["true"] },
 *   { env: {}, stdout: { writeSync: (b) => b.length }, stderr: (l) => err += l, isTerminal: false },
 * );
 * assert.equal(status, 1);
 * assert.ok(err.includes("cannot reach the viewer"));
 * ```
 */
export async function runVpRun(o: VpRunOptions, proc: VpRunProcess): Promise<number> {
  const env = proc.env;
  const log = o.verbose ? (line: string) => proc.stderr(`vp-run: ${line}`) : () => {};
  const inherited = env.VIEWPORT_SESSION ?? "";
  const session = o.session ?? (isSessionId(inherited) ? inherited : newSessionId());
  const target = o.to ?? env.VIEWPORT ?? "";

  let upstream: Upstream;
  try {
    upstream = embedded(target)
      ? await embeddedUpstream({
        session,
        env,
        isTerminal: proc.isTerminal,
        print: (text) => writeAll(proc.stdout, new TextEncoder().encode(text)),
        log: proc.stderr,
      })
      : await remoteUpstream(target, { log });
  } catch (err) {
    const where = sanitizeViewportUri(target);
    const why = describe(err).replace(/^cannot connect to \S+: /, "");
    proc.stderr(`vp-run: cannot reach the viewer at ${where}: ${why}`);
    return 1;
  }

  let captured = "";
  // CMD in a PTY writes for a terminal; a pipe gets the text without escape sequences.
  const plain = (proc.stdoutIsTerminal ?? proc.isTerminal) ? undefined : new PlainText();
  const encoder = new TextEncoder();
  const onText = upstream.ownsTerminal
    ? (bytes: Uint8Array) => {
      captured = (captured + new TextDecoder().decode(bytes)).slice(-CAPTURE_LIMIT);
    }
    : plain
    ? (bytes: Uint8Array) => writeAll(proc.stdout, encoder.encode(plain.push(bytes)))
    : (bytes: Uint8Array) => writeAll(proc.stdout, bytes);
  // Signals are taken over before CMD starts: one that comes while it starts
  // is passed on once it runs, instead of killing vp-run and orphaning CMD.
  // CMD in this terminal's foreground process group gets ^C from the terminal itself.
  const sharesTerminal = o.via !== "stdio" && !upstream.ownsTerminal && Deno.stdin.isTerminal();
  const forwardTo: { cmd?: RunningCommand; early: ForwardedSignal[] } = { early: [] };
  const stopForwarding = forwardSignals((s) => {
    log(`forwarding ${s}`);
    if (forwardTo.cmd) forwardTo.cmd.signal(s);
    else forwardTo.early.push(s);
  }, sharesTerminal ? ["SIGINT"] : []);
  let cmd: RunningCommand;
  try {
    cmd = await startCommand({
      via: o.via,
      command: o.command,
      env,
      session,
      features: upstream.features.filter(isFeatureName),
      textPath: upstream.textPath,
      capture: upstream.ownsTerminal,
      onText,
      size: terminalSize(env),
      maxPayload: DEFAULT_MAX_PAYLOAD,
    });
  } catch (err) {
    stopForwarding();
    await upstream.close();
    proc.stderr(`vp-run: ${describe(err)}`);
    return err instanceof CommandNotFound ? 127 : 1;
  }
  forwardTo.cmd = cmd;
  for (const s of forwardTo.early) cmd.signal(s);
  log(`started ${o.command[0]} as session ${session} (via ${o.via})`);

  const relays: Promise<void>[] = [];
  const relayOne = async (app: Transport) => {
    let conn;
    try {
      conn = await upstream.dial();
    } catch (err) {
      log(`cannot reach the viewer: ${describe(err)}`);
      await app.close();
      return;
    }
    const result = await relay(app, conn.transport, {
      session,
      viewerFrames: conn.frames,
      holdUntilAppSpeaks: o.via === "stdio",
      onAttach: (what) => log(`session attach ${what}`),
    });
    log(
      `connection ended by the ${result.ended} (${result.appFrames} frames up, ` +
        `${result.viewerFrames} down)${result.error ? `: ${describe(result.error)}` : ""}`,
    );
  };
  const accepting = (async () => {
    try {
      for await (const app of cmd.connections) relays.push(relayOne(app));
    } catch { /* the endpoint closed */ }
  })();

  let terminal: TerminalLink | undefined;
  if (cmd.pty) terminal = linkTerminal(cmd.pty, { forwardKeys: !upstream.readsKeyboard });
  try {
    // A user in front of the in-process viewer may quit first, and sees an
    // ended CMD's last screen until they quit (unless --exit-with-app).
    const quit = upstream.userQuit;
    const first = await Promise.race([
      cmd.status.then(() => undefined),
      quit ?? new Promise<undefined>(() => {}),
    ]);
    if (first !== undefined && !cmd.exited) await closeCommand(cmd, upstream, log);
    const status = await cmd.status;
    await within(accepting.then(() => Promise.all(relays)), DRAIN_MS);
    let chosen = first ?? 0;
    if (first === undefined && quit && !o.exitWithApp) {
      log(`${o.command[0]} ended (exit ${status}); waiting for the user to quit`);
      chosen = await quit;
    }
    // ctrl+c in the viewer is an interrupt, whatever CMD then says.
    return chosen !== 0 ? chosen : status;
  } finally {
    stopForwarding();
    terminal?.restore();
    if (plain) writeAll(proc.stdout, encoder.encode(plain.end()));
    await upstream.close();
    await cmd.cleanup();
    // CMD's output kept off the screen (or off the frame stream) is shown now.
    const tail = captured || cmd.capturedStderr();
    if (tail) proc.stderr(tail.replace(/\n$/, ""));
  }
}

/** How long CMD may take to end when asked before it is signalled. */
const CLOSE_GRACE_MS = 3000;

/** Asks CMD to end (REGION close), then SIGTERM, then SIGKILL. */
async function closeCommand(
  cmd: RunningCommand,
  upstream: Upstream,
  log: (line: string) => void,
): Promise<void> {
  upstream.askToClose?.();
  for (const next of ["SIGTERM", "SIGKILL"] as const) {
    await within(cmd.status, CLOSE_GRACE_MS);
    if (cmd.exited) return;
    log(`CMD did not end when asked; sending ${next}`);
    cmd.signal(next);
  }
}

function embedded(target: string): boolean {
  if (target === "") return true;
  const colon = target.indexOf(":");
  return colon > 0 && SELF_RENDERING.has(target.slice(0, colon));
}

function terminalSize(env: Readonly<Record<string, string>>): { columns: number; rows: number } {
  try {
    if (Deno.stdout.isTerminal()) return Deno.consoleSize();
  } catch { /* not a terminal after all */ }
  const columns = Number(env.COLUMNS), rows = Number(env.LINES);
  return {
    columns: Number.isInteger(columns) && columns > 0 ? columns : 80,
    rows: Number.isInteger(rows) && rows > 0 ? rows : 24,
  };
}

function writeAll(out: { writeSync(bytes: Uint8Array): number }, bytes: Uint8Array): void {
  try {
    let off = 0;
    while (off < bytes.length) off += out.writeSync(bytes.subarray(off));
  } catch { /* stdout is gone (a closed pipe): the text has nowhere to go */ }
}

function describe(err: unknown): string {
  if (isViewportError(err)) return `${err.message} [${err.code}]`;
  return err instanceof Error ? err.message : String(err);
}

/** Waits for `promise` at most `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      promise.catch(() => {}),
      new Promise((r) => timer = setTimeout(r, ms)),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
