/**
 * An app run in the test's own process: its connection goes through an
 * in-memory transport to the driver, which plays the viewer.
 *
 * @module
 */
import { type App, type AppDefinition, defineApp } from "../sdk/app.ts";
import type { Connection } from "../sdk/connection.ts";
import type { Message } from "../protocol/messages/types.ts";
import { memoryPair } from "../transport/mod.ts";
import { newSessionId } from "../sdk/output_mode.ts";
import { type AppExit, driverEnv, type DriverLink, type Size, TextTail } from "./link.ts";
import { TestViewer } from "./viewer_end.ts";

/** What can run in-process: a defined app, its definition, or a setup function. */
export type AppSource = App | AppDefinition | ((conn: Connection) => void | Promise<void>);

/** How long an app asked to close may take before the driver cuts its connection. */
const CLOSE_GRACE_MS = 5000;

function toApp(source: AppSource): App {
  if (typeof source === "function") {
    return defineApp({ name: source.name || "app", setup: source, autoRun: false });
  }
  if ("run" in source && typeof source.run === "function") return source;
  if ("setup" in source && typeof source.setup === "function") {
    return defineApp({ ...source, autoRun: false });
  }
  throw new TypeError(
    "expected an app from defineApp(), an app definition {name, setup}, or a setup function",
  );
}

/**
 * Starts `source` in this process, connected to a viewer end of `size`.
 *
 * @example
 * ```ts
 * import { inProcessLink } from "./in_process.ts";
 * import { text } from "../sdk/components.ts";
 * import assert from "node:assert/strict";
 * const link = inProcessLink((conn) => conn.setTree(text("hi", { id: 1 })), { size: { columns: 20, rows: 2 } });
 * await new Promise<void>((resolve) => {
 *   const off = link.subscribe(() => link.model.tree.root && (off(), resolve()));
 * });
 * assert.equal(link.model.tree.root?.props.content, "hi");
 * await link.close();
 * ```
 */
export function inProcessLink(
  source: AppSource,
  options: { size: Size; session?: string },
): DriverLink {
  const app = toApp(source);
  const session = options.session ?? newSessionId();
  const [appEnd, viewerEnd] = memoryPair();
  const viewer = new TestViewer(viewerEnd, {
    env: driverEnv(options.size, session),
    standardSlots: true,
    record: false,
  });
  const stderr = new TextTail();
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  let exit: AppExit | null = null;
  const sink = (tail: TextTail | null) => ({
    write: (b: Uint8Array) => (tail?.push(b), b.length),
  });
  const ran = app.run({
    env: { VIEWPORT: "unix:///viewport-driver/in-process.sock", VIEWPORT_SESSION: session },
    dial: () => Promise.resolve(appEnd),
    reconnect: false,
    envTimeoutMs: 30_000,
    stdout: sink(null),
    stderr: sink(stderr),
  }).then(
    (code) => code,
    (err) => {
      stderr.push(String((err as Error)?.stack ?? err));
      return 1;
    },
  ).then((code) => {
    exit ??= { code, reason: code === 0 ? "returned" : "failed" };
    notify();
    return exit;
  });
  viewer.onMessage(notify);
  let closing: Promise<AppExit> | null = null;

  const within = async <T>(p: Promise<T>, ms: number): Promise<boolean> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((r) => timer = setTimeout(() => r(false), ms));
    try {
      return await Promise.race([p.then(() => true), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    label: `in-process app ${JSON.stringify(app.name)}`,
    model: viewer.model,
    get session() {
      return viewer.session ?? session;
    },
    get title() {
      return viewer.title;
    },
    get exit() {
      return exit;
    },
    get rejections() {
      return viewer.rejected.map((r) =>
        `${r.message.type}: ${(r.error as Error)?.message ?? r.error}`
      );
    },
    async send(message: Message): Promise<boolean> {
      if (exit || viewer.ended) return false;
      try {
        await viewer.send(message);
        return true;
      } catch {
        return false;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stderr: () => stderr.text,
    close() {
      closing ??= (async () => {
        if (!exit) {
          await viewer.send({ type: "REGION", action: "close" }).catch(() => {});
          if (!(await within(ran, CLOSE_GRACE_MS))) {
            await viewer.close();
            if (!(await within(ran, CLOSE_GRACE_MS))) {
              exit = { code: null, reason: "did not end when its connection was closed" };
            }
          }
        }
        await viewer.close();
        await viewer.done;
        listeners.clear();
        return exit!;
      })();
      return closing;
    },
  };
}
