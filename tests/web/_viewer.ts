/**
 * A real `viewport --web --listen unix://…` with example apps connected as
 * named sessions: for the look, accessibility and screenshot runs.
 *
 * @module
 */
import { spawnDeno, stopProcess, waitForLine } from "./_processes.ts";

/** A running viewer and the apps connected to it. */
export interface RunningViewer {
  /** The page's URL (token included). */
  url: string;
  /** The URL of session `name`. */
  sessionUrl(name: string): string;
  /** Starts `examples/FILE` (with `args`) as session `name`. */
  app(name: string, file?: string, args?: string[]): Deno.ChildProcess;
  /** Stops the apps and the viewer, removes the socket's folder. */
  close(): Promise<void>;
}

/** Starts a viewer (`extra` flags added) listening on a fresh unix socket. */
export async function startViewer(extra: string[] = []): Promise<RunningViewer> {
  const dir = await Deno.makeTempDir({ prefix: "weblook-" });
  const socket = `unix://${dir}/vp.sock`;
  const viewer = spawnDeno([
    "run",
    "-A",
    "cli/viewport.ts",
    "--web=127.0.0.1:0",
    ...extra,
    "--listen",
    socket,
  ]);
  const apps: Deno.ChildProcess[] = [];
  const close = async () => {
    for (const a of apps.reverse()) await stopProcess(a);
    await stopProcess(viewer);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  let url: string;
  try {
    [, url] = await waitForLine(viewer, /browser viewer at (https?:\/\/\S+)/);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    url,
    sessionUrl: (name) => `${url}&session=${encodeURIComponent(name)}`,
    app(name, file = `${name}.ts`, args = []) {
      const app = spawnDeno(["run", "-A", `examples/${file}`, ...args], {
        VIEWPORT: socket,
        VIEWPORT_SESSION: name,
      });
      app.stderr.cancel();
      apps.push(app);
      return app;
    },
    close,
  };
}
