/**
 * Runs the viewer: the front end, listeners, the spawned app, the text
 * directory, shutdown and the exit status.
 *
 * @module
 */
import { isViewportError } from "../src/protocol/errors.ts";
import { STANDARD_SLOTS } from "../src/model/standard_slots.ts";
import { themes } from "../src/widgets/theme.ts";
import { buildAppEnv, listen, sanitizeViewportUri, type Transport } from "../src/transport/mod.ts";
import { newSessionId } from "../src/sdk/output_mode.ts";
import type { FrontEnd } from "../viewer/shared/front_end.ts";
import { resolveLimits } from "../viewer/shared/limits.ts";
import { SessionHost } from "../viewer/shared/session_host.ts";
import { TextDirWriter, textFileName } from "../viewer/shared/text_dir.ts";
import { preparePrivateDir } from "../viewer/shared/text_file.ts";
import type { RunOptions } from "./args.ts";
import { FRONT_ENDS } from "./front_ends.ts";
import { makeEndpoint, type PrivateEndpoint, spawnApp, type SpawnedApp } from "./spawn_app.ts";
import { openChildChannel } from "../src/transport/launch/mod.ts";
import type { Process } from "./process.ts";

/** How long a closing app may take to end before it is signalled. */
const APP_CLOSE_GRACE_MS = 3000;
/** How long to wait for an ended app's last frames to be read. */
const DRAIN_MS = 2000;
// A quick app can exit before its connection, already queued by the kernel,
// has been accepted: after it ends, wait this long for one before giving up.
const ACCEPT_GRACE_MS = 250;

/**
 * Runs the viewer until the user leaves (a front end with a user keeps an
 * ended app's session on show, marked ended), the spawned app ends (headless,
 * or `--exit-with-app`), or SIGINT/SIGTERM arrives. Returns the exit status:
 * the app's (an app asked to close usually exits 0), 130 after ctrl+c, else 0
 * (quit) or 128 + the signal number. Headless without `--text-dir`, the spawned
 * app's final text is printed to stdout.
 *
 * @example
 * ```ts
 * import { runViewer } from "./run.ts";
 * import assert from "node:assert/strict";
 * assert.equal(typeof runViewer, "function");
 * ```
 */
export async function runViewer(o: RunOptions, proc: Process): Promise<number> {
  const env = proc.env;
  const noColor = (env.NO_COLOR ?? "") !== "" || env.TERM === "dumb";
  const log = o.verbose ? (line: string) => proc.stderr(`viewport: ${line}`) : () => {};
  const name = o.frontEnd ?? (proc.isTerminal ? "terminal" : "headless");
  const factory = FRONT_ENDS[name];
  if (!factory) {
    proc.stderr(`viewport: the ${name} front end is not part of this build`);
    return 2;
  }
  const limits = resolveLimits(o.limits);
  if (o.textDir) {
    const problem = await unwritable(o.textDir);
    if (problem) {
      proc.stderr(`viewport: cannot write to --text-dir ${o.textDir}: ${problem}`);
      return 1;
    }
  }
  // With a user in front of it, an app that ends stays on show until the user leaves.
  const keep = o.keep || (!o.exitWithApp && name !== "headless");
  const settings = {
    ...o.settings,
    ...(o.verbose ? { verbose: "1" } : {}),
    // One spawned app and no listener: closing its ended session ends the viewer.
    ...(o.command.length > 0 && o.listen.length === 0 ? { single: "1" } : {}),
    // A browser page takes the chosen theme whatever the OS prefers.
    ...(o.theme ? { theme: o.theme } : {}),
  };
  const frontEnd: FrontEnd = await factory({ noColor, log: proc.stderr, env, settings });
  const standardSlots = o.theme ? new Map([...STANDARD_SLOTS, ...themes[o.theme]]) : undefined;
  const host = new SessionHost({
    display: frontEnd.display,
    limits: o.limits,
    log,
    standardSlots,
    // Tools that drive sessions are always logged, each action with its session.
    controlLog: o.allowControl ? (line) => proc.stderr(`viewport: ${line}`) : undefined,
  });
  const writers: TextDirWriter[] = [];
  if (o.textDir) {
    const writer = new TextDirWriter(o.textDir, {
      log: (l) => proc.stderr(`viewport: ${l}`),
      maxTextBytes: limits.maxTextBytes,
    });
    host.observe(writer);
    writers.push(writer);
  }
  let app: SpawnedApp | undefined;
  let session: string | undefined;
  let endpoint: PrivateEndpoint | undefined;
  const appConnections: Promise<void>[] = [];
  let accepted!: () => void;
  const firstConnection = new Promise<void>((resolve) => accepted = resolve);
  const stop = stopSignal();
  try {
    await frontEnd.attach(host);
    for (const uri of o.listen) {
      const listener = await listen(uri, { maxPayload: limits.maxPayload })
        .catch((err) => {
          throw listenError(err, uri);
        });
      log(`listening on ${sanitizeViewportUri(listener.uri)}`);
      void host.serve(listener);
    }
    if (o.command.length > 0) {
      session = o.session ?? newSessionId();
      endpoint = await makeEndpoint(o.via, session, env, limits.maxPayload);
      let textPath: string;
      if (o.textDir) {
        textPath = `${o.textDir}/${textFileName(session)}`;
      } else {
        // VIEWPORT_TEXT always names a live file for the spawned app.
        const writer = new TextDirWriter(endpoint.dir!, {
          only: (s) => s.id === session,
          maxTextBytes: limits.maxTextBytes,
        });
        host.observe(writer);
        writers.push(writer);
        textPath = `${endpoint.dir}/${textFileName(session)}`;
      }
      const appEnv = buildAppEnv({
        uri: endpoint.uri,
        session,
        features: frontEnd.display.features,
        textPath: absolute(textPath),
      });
      app = spawnApp(o.command, { ...env, ...appEnv }, {
        channel: o.via === "fd" ? await openChildChannel() : undefined,
        capture: frontEnd.ownsTerminal ?? false,
        maxPayload: limits.maxPayload,
      });
      if (app.transport) appConnections.push(host.accept(app.transport, { session }));
      if (endpoint.listener) {
        void acceptAll(endpoint.listener, (t) => {
          appConnections.push(host.accept(t, { session }));
          accepted();
        });
      }
      log(`started ${o.command[0]} as session ${session}`);
    }
    const spawned = app;
    const ended = spawned
      ? spawned.status.then(() => "app" as const, () => "app" as const)
      : never();
    // A spawned app whose process is gone cannot come back: its session ended,
    // even when it was killed before it could say so.
    void ended.then(() => host.session(session!)?.markEnded());
    if (spawned && keep && name !== "terminal") {
      // The terminal front end marks the tab; elsewhere say where the user stands.
      void ended.then(async () => {
        const code = await spawned.status.catch(() => 127);
        const title = host.sessions.find((s) => s.id === session)?.title ??
          o.command[0].split("/").at(-1);
        proc.stderr(`viewport: ${title} ended (exit ${code}); Ctrl-C leaves`);
      });
    }
    const quit = frontEnd.done ? frontEnd.done.then(() => "quit" as const) : never();
    const why = await Promise.race([keep ? never<"app">() : ended, quit, stop.signal]);
    if (app && !app.exited) await closeApp(host, app);
    if (app) {
      // The app's last frames may still be in flight: read them before the files are final.
      if (appConnections.length === 0) await within(firstConnection, ACCEPT_GRACE_MS);
      await within(Promise.all(appConnections), DRAIN_MS);
      if (name === "headless" && !o.textDir) printFinalText(host, session!, proc);
    }
    // ctrl+c in a front end is an interrupt, whatever the app then says.
    const chosen = why === "quit" ? frontEnd.exitStatus ?? 0 : undefined;
    if (!app) return typeof why === "number" ? why : chosen ?? 0;
    const status = await app.status.catch((err) => {
      proc.stderr(`viewport: ${(err as Error).message}`);
      return 127;
    });
    return chosen !== undefined && chosen !== 0 ? chosen : status;
  } catch (err) {
    proc.stderr(`viewport: ${(err as Error)?.message ?? err}`);
    return 1;
  } finally {
    app?.kill("SIGKILL");
    await host.close();
    await Promise.all(writers.map((w) => w.flush()));
    await endpoint?.cleanup();
    await frontEnd.close();
    const tail = app?.capturedStderr() ?? "";
    if (tail) proc.stderr(tail.replace(/\n$/, ""));
    // Last: a SIGINT or SIGTERM that comes while the viewer is already ending
    // must not replace the app's exit status with the signal's.
    stop.dispose();
  }
}

/**
 * A refusal to listen beyond loopback, told in command-line terms (the
 * library's message names its own options).
 */
function listenError(err: unknown, uri: string): unknown {
  if (!isViewportError(err) || err.code !== "unauthorized") return err;
  const where = sanitizeViewportUri(uri);
  const certs = /^(tls|wss):/.test(uri) ? ", or ?ca=FILE to require client certificates" : "";
  return new Error(
    `refusing to listen on ${where} beyond loopback without authentication: add ` +
      `?token=SECRET to the --listen URI (apps then connect with the same token in VIEWPORT)` +
      `${certs}, or listen on a loopback address such as 127.0.0.1`,
  );
}

/** The spawned app's session as text, for a headless run without a text directory. */
function printFinalText(host: SessionHost, id: string, proc: Process): void {
  const session = host.sessions.find((s) => s.id === id);
  const text = session?.text().replace(/[ \t]+$/gm, "").replace(/\s+$/, "") ?? "";
  if (text === "") return;
  const bytes = new TextEncoder().encode(text + "\n");
  try {
    for (let off = 0; off < bytes.length;) off += proc.stdout.writeSync(bytes.subarray(off));
  } catch { /* stdout is gone (a closed pipe): nobody to print for */ }
}

/** Why `dir` cannot hold text files (made if missing), or undefined when it can. */
async function unwritable(dir: string): Promise<string | undefined> {
  try {
    // Made as the writer makes it (0700); its warning about a shared dir comes from the writer.
    preparePrivateDir(dir);
    const probe = await Deno.makeTempFile({ dir, prefix: ".viewport-probe-" });
    await Deno.remove(probe);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

async function acceptAll(
  listener: AsyncIterable<Transport>,
  onTransport: (t: Transport) => void,
): Promise<void> {
  try {
    for await (const t of listener) onTransport(t);
  } catch { /* the endpoint closed */ }
}

/** Asks the app to end (REGION close), then signals it if it does not. */
async function closeApp(host: SessionHost, app: SpawnedApp): Promise<void> {
  for (const s of host.sessions) {
    if (s.state === "live") void s.send({ type: "REGION", action: "close" });
  }
  const exited = app.status.then(() => true, () => true);
  if (await within(exited, APP_CLOSE_GRACE_MS)) return;
  app.kill("SIGTERM");
  if (await within(exited, APP_CLOSE_GRACE_MS)) return;
  app.kill("SIGKILL");
  await exited;
}

function stopSignal(): { signal: Promise<number>; dispose(): void } {
  let fire!: (status: number) => void;
  const signal = new Promise<number>((r) => fire = r);
  const handlers: [Deno.Signal, () => void][] = [
    ["SIGINT", () => fire(130)],
    ["SIGTERM", () => fire(143)],
  ];
  for (const [sig, h] of handlers) Deno.addSignalListener(sig, h);
  return {
    signal,
    dispose() {
      for (const [sig, h] of handlers) Deno.removeSignalListener(sig, h);
    },
  };
}

function never<T>(): Promise<T> {
  return new Promise(() => {});
}

/** Waits for `promise` at most `ms`; true when it settled in time. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((r) => timer = setTimeout(() => r(false), ms));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}
