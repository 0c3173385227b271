/**
 * `defineApp`: the shortest way to write a Viewport app.
 *
 * @module
 */
import { isViewportError } from "../protocol/errors.ts";
import { connect, type ConnectOptions } from "./connect.ts";
import type { Connection } from "./connection.ts";

/** What an app is made of. */
export interface AppDefinition {
  /** The app's name; also the region title viewers show. */
  name: string;
  /** Builds the UI and wires handlers. May be async. */
  setup(conn: Connection): void | Promise<void>;
  /**
   * Keep running after `setup` until the viewer or the user ends the app.
   * Default: true when interactive (a viewer or the embedded renderer), false
   * in text and headless modes, where the app ends when `setup` is done.
   */
  keepAlive?: boolean;
  /**
   * The embedded renderer keeps the bottom row for a key-hint line (the app's
   * keybindings and how to quit). Default true; false when the app shows its
   * own hints (a footer).
   */
  keyHints?: boolean;
  /**
   * Run automatically on the next macrotask unless `run()` was called first.
   * Default true, so a module that calls `defineApp` is a runnable program.
   */
  autoRun?: boolean;
}

/** A defined app. */
export interface App {
  readonly name: string;
  /** Connects, runs `setup`, and resolves with an exit code when the app ends. */
  run(options?: ConnectOptions): Promise<number>;
}

/**
 * Defines an app; by default it starts by itself (see `autoRun`).
 *
 * @example
 * ```ts
 * import { defineApp } from "./app.ts";
 * import { text } from "./components.ts";
 * import assert from "node:assert/strict";
 * const app = defineApp({
 *   name: "hello",
 *   autoRun: false,
 *   setup(conn) {
 *     conn.setTree(text("Hello, Viewport!"));
 *   },
 * });
 * const code = await app.run({ env: { VIEWPORT: "headless:" } });
 * assert.equal(code, 0, "exit code");
 * ```
 */
export function defineApp(definition: AppDefinition): App {
  let started = false;
  const app: App = {
    name: definition.name,
    run(options?: ConnectOptions): Promise<number> {
      started = true;
      return runApp(definition, options);
    },
  };
  if (definition.autoRun ?? true) {
    setTimeout(() => {
      if (started) return;
      app.run().then((code) => {
        if (code !== 0) Deno.exitCode = code;
      });
    }, 0);
  }
  return app;
}

async function runApp(def: AppDefinition, options?: ConnectOptions): Promise<number> {
  let conn: Connection | undefined;
  try {
    const keyHints = def.keyHints ?? options?.ansi?.keyHints;
    conn = await connect(
      keyHints === undefined ? options : { ...options, ansi: { ...options?.ansi, keyHints } },
    );
    conn.title(def.name);
    await def.setup(conn);
    if (def.keepAlive ?? conn.interactive) await conn.done;
    else await conn.close();
    return 0;
  } catch (err) {
    await conn?.close().catch(() => {});
    const text = isViewportError(err)
      ? `${def.name}: ${err.message} [${err.code}]`
      : `${def.name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
    const bytes = new TextEncoder().encode(text + "\n");
    try {
      (options?.stderr ?? Deno.stderr).write(bytes);
    } catch { /* stderr is gone: nothing left to tell */ }
    return 1;
  }
}
