/**
 * Opening an app under the driver: in this process, or as any command.
 *
 * @module
 */
import { AppDriver, type DriverOptions } from "./driver.ts";
import { type AppSource, inProcessLink } from "./in_process.ts";
import { checkSize } from "./link.ts";
import { processLink } from "./process.ts";

/** Options of {@linkcode openApp}. */
export interface OpenOptions extends DriverOptions {
  /** The session id the app gets (`VIEWPORT_SESSION`). Default: a fresh one. */
  session?: string;
}

/** Options of {@linkcode openProcess}. */
export interface OpenProcessOptions extends OpenOptions {
  /** Working directory of the command. */
  cwd?: string;
  /** More environment variables (`VIEWPORT*` are set by the driver). */
  env?: Record<string, string>;
}

/**
 * Runs an app in this process with the driver as its viewer, and waits for
 * its first tree. `source` is an app from `defineApp` (export it, with
 * `autoRun: import.meta.main`), a definition `{name, setup}`, or a setup
 * function.
 *
 * @example
 * ```ts
 * import { openApp } from "./open.ts";
 * import { text } from "../sdk/components.ts";
 * import assert from "node:assert/strict";
 * await using app = await openApp((conn) => conn.setTree(text("Hello", { id: 1 })));
 * assert.equal(app.projection(), "Hello");
 * ```
 */
export async function openApp(source: AppSource, options: OpenOptions = {}): Promise<AppDriver> {
  const size = checkSize(options.size ?? { columns: 80, rows: 24 });
  const link = inProcessLink(source, { size, session: options.session });
  return await started(new AppDriver(link, { ...options, size }));
}

/**
 * Spawns `command` (any language: it only has to speak the protocol to
 * `VIEWPORT`) with the driver as its viewer, and waits for its first tree.
 * A command that cannot start, or ends before it connects, fails with its
 * stderr.
 *
 * @example
 * ```ts
 * import { openProcess } from "./open.ts";
 * import assert from "node:assert/strict";
 * const root = new URL("../../", import.meta.url).pathname;
 * await using app = await openProcess([Deno.execPath(), "run", "-A", `${root}examples/counter.ts`]);
 * await app.waitFor("Counter: 0");
 * assert.match(app.screen().text, /\+1/);
 * ```
 */
export async function openProcess(
  command: readonly string[],
  options: OpenProcessOptions = {},
): Promise<AppDriver> {
  const size = checkSize(options.size ?? { columns: 80, rows: 24 });
  const link = await processLink(command, {
    size,
    session: options.session,
    cwd: options.cwd,
    env: options.env,
    connectTimeoutMs: Math.max(30_000, options.timeout ?? 0),
  });
  return await started(new AppDriver(link, { ...options, size }));
}

async function started(app: AppDriver): Promise<AppDriver> {
  try {
    await app.waitUntil(() => app.model.tree.root !== null || app.exit !== null, {
      what: "the app's first tree",
    });
  } catch (err) {
    await app.close().catch(() => {});
    throw err;
  }
  return app;
}
