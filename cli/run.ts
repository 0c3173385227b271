/**
 * Runs the viewer: the front end, listeners, the spawned app, the text
 * directory, shutdown and the exit status.
 *
 * @module
 */
import { STANDARD_SLOTS } from "../src/model/standard_slots.ts";
import { themes } from "../src/widgets/theme.ts";
import { listen } from "../src/transport/registry.ts";
import { sanitizeViewportUri } from "../src/transport/uri.ts";
import { buildAppEnv, newSessionId } from "../src/transport/spawn_env.ts";
import type { Transport } from "../src/transport/transport.ts";
import type { FrontEnd } from "../viewer/shared/front_end.ts";
import { resolveLimits } from "../viewer/shared/limits.ts";
import { SessionHost } from "../viewer/shared/session_host.ts";
import { TextDirWriter, textFileName } from "../viewer/shared/text_dir.ts";
import type { RunOptions } from "./args.ts";
import { FRONT_ENDS } from "./front_ends.ts";
import { makeEndpoint, type PrivateEndpoint, spawnApp, type SpawnedApp } from "./spawn_app.ts";
import { openChildChannel } from "../src/transport/spawn_channel.ts";
import type { Process } from "./viewport.ts";

/** How long a closing app may take to end before it is signalled. */
const APP_CLOSE_GRACE_MS = 3000;
/** How long to wait for an ended app's last frames to be read. */
const DRAIN_MS = 2000;
// A quick app can exit before its connection, already queued by the kernel,
// has been accepted: after it ends, wait this long for one before giving up.
const ACCEPT_GRACE_MS = 250;

/**
 * Runs the viewer until the spawned app ends (unless `--keep`), the front end
 * quits, or SIGINT/SIGTERM arrives. Returns the exit status: the app's, else
 * 0 (quit) or 128 + the signal number.
 *
 * @example
 * ```ts
 * import { runViewer } from "./run.ts";
 * if (typeof runViewer !== "function") throw new Error();
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
  const settings = { ...o.settings, ...(o.verbose ? { verbose: "1" } : {}) };
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
    const writer = new TextDirWriter(o.textDir, { log: proc.stderr });
    host.observe(writer);
    writers.push(writer);
  }
  let app: SpawnedApp | undefined;
  let endpoint: PrivateEndpoint | undefined;
  const appConnections: Promise<void>[] = [];
  let accepted!: () => void;
  const firstConnection = new Promise<void>((resolve) => accepted = resolve);
  const stop = stopSignal();
  try {
    await frontEnd.attach(host);
    for (const uri of o.listen) {
      // Every app connection decodes each frame at once (AppConnection), so read
      // buffers can be reused: see TransportOptions.transientFrames.
      const listener = await listen(uri, { maxPayload: limits.maxPayload, transientFrames: true });
      log(`listening on ${sanitizeViewportUri(listener.uri)}`);
      void host.serve(listener);
    }
    if (o.command.length > 0) {
      const session = o.session ?? newSessionId();
      endpoint = await makeEndpoint(o.via, session, env, limits.maxPayload, true);
      let textPath: string;
      if (o.textDir) {
        textPath = `${o.textDir}/${textFileName(session)}`;
      } else {
        // VIEWPORT_TEXT always names a live file for the spawned app.
        const writer = new TextDirWriter(endpoint.dir!, { only: (s) => s.id === session });
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
        transientFrames: true,
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
    const ended = app && !o.keep ? app.status.then(() => "app", () => "app") : never();
    const quit = frontEnd.done ? frontEnd.done.then(() => "quit" as const) : never();
    const why = await Promise.race([ended, quit, stop.signal]);
    if (app && !app.exited) await closeApp(host, app);
    if (app) {
      // The app's last frames may still be in flight: read them before the files are final.
      if (appConnections.length === 0) await within(firstConnection, ACCEPT_GRACE_MS);
      await within(Promise.all(appConnections), DRAIN_MS);
    }
    if (!app) return typeof why === "number" ? why : 0;
    return await app.status.catch((err) => {
      proc.stderr(`viewport: ${(err as Error).message}`);
      return 127;
    });
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
