/**
 * Starting an app in a new PTY with `VIEWPORT=stdio:` (the viewer side of
 * stdio), through `@lydell/node-pty`, loaded on first use.
 *
 * @module
 */
import { launchEnv } from "./app_env.ts";
import { type PtyLike, ptyTransport, type PtyTransportOptions } from "./_pty_transport.ts";
import type { Transport } from "../core/mod.ts";

/** Options of {@linkcode spawnInPty}. */
export interface SpawnInPtyOptions extends PtyTransportOptions {
  /** The app's environment (default: this process's); `VIEWPORT` is set on top. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** Terminal size (default 80 x 24). */
  cols?: number;
  rows?: number;
}

/** An app running in a PTY, and the viewer's transport to it. */
export interface PtyApp {
  /** The node-pty terminal (resize, kill, pid). */
  pty: PtyLike & { kill(signal?: string): void; resize(cols: number, rows: number): void };
  /** Frames from and to the app; the text goes to `onText`. */
  transport: Transport;
}

/**
 * Spawns `command` in a PTY with `VIEWPORT=stdio:` (or `stdio:?magic=false`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spawnInPty } from "./spawn_pty.ts";
 * // An app in a PTY (VIEWPORT=stdio:) sends one frame on its stdout.
 * const at = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
 * const app = `const { connectStdio } = await import(${at("../schemes/stdio.ts")});
 * const { encodeFrame } = await import(${at("../../protocol/frame.ts")});
 * const t = await connectStdio({ scheme: "stdio", magic: true });
 * await t.send(encodeFrame(5, new Uint8Array([0xa0])));
 * await t.close();`;
 * const { pty, transport } = await spawnInPty(Deno.execPath(), ["eval", app]);
 * const exited = new Promise((resolve) => pty.onExit(resolve));
 * const first = await transport.frames().next();
 * assert.equal(first.value?.type, 5);
 * await exited;
 * await transport.close();
 * ```
 */
export async function spawnInPty(
  command: string,
  args: readonly string[] = [],
  options: SpawnInPtyOptions = {},
): Promise<PtyApp> {
  const { default: nodePty } = await import("@lydell/node-pty");
  const magic = options.magic ?? true;
  const env = launchEnv(magic ? "stdio:" : "stdio:?magic=false", options.env);
  const pty = nodePty.spawn(command, [...args], {
    name: "xterm-256color",
    cols: options.cols ?? 80,
    rows: options.rows ?? 24,
    cwd: options.cwd ?? Deno.cwd(),
    env,
    encoding: null,
  }) as unknown as PtyApp["pty"];
  return { pty, transport: ptyTransport(pty, options) };
}
