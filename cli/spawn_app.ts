/**
 * The app the viewer runs (`viewport -- CMD ARGS`): a private endpoint made for
 * it, and the child process with `VIEWPORT` and friends pointing there.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { listen, type Listener, newToken, type Transport } from "../src/transport/mod.ts";
import { CHANNEL_URI, type ChildChannel } from "../src/transport/launch/mod.ts";
import { StreamTransport } from "../src/transport/core/mod.ts";
import type { Via } from "./args.ts";

/** Where a spawned app connects. */
export interface PrivateEndpoint {
  /** The `VIEWPORT` value (may hold a token: never log it). */
  uri: string;
  /** The listener to serve (none for `fd`, where the transport comes with the child). */
  listener?: Listener;
  /** A directory only this viewer uses (socket, text file), removed by `cleanup`. */
  dir?: string;
  /** Frees the endpoint. */
  cleanup(): Promise<void>;
}

/**
 * Makes the private endpoint for a spawned app. `unix` (the default) is a 0600
 * socket in a 0700 directory under `$XDG_RUNTIME_DIR/viewport/` (or a fresh
 * temporary directory); `tcp` is loopback with a one-time token;
 * `unix-abstract` a random abstract name; `fd` an inherited socket pair,
 * made at spawn time.
 *
 * @example
 * ```ts
 * import { makeEndpoint } from "./spawn_app.ts";
 * import assert from "node:assert/strict";
 * const ep = await makeEndpoint("tcp", "sess-1", {}, 1 << 20);
 * assert.ok(ep.uri.startsWith("tcp://127.0.0.1:"));
 * await ep.cleanup();
 * ```
 */
export async function makeEndpoint(
  via: Via,
  session: string,
  env: Readonly<Record<string, string>>,
  maxPayload: number,
): Promise<PrivateEndpoint> {
  const dir = await privateDir(env);
  const removeDir = async () => {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  let listener: Listener | undefined;
  let uri: string;
  try {
    switch (via) {
      case "unix": {
        listener = await listen(`unix://${dir}/app.sock`, { maxPayload });
        uri = listener.uri;
        break;
      }
      case "unix-abstract": {
        const name = `viewport-${Deno.pid}-${session}-${newToken(16)}`;
        listener = await listen(`unix-abstract://${name}`, { maxPayload });
        uri = listener.uri;
        break;
      }
      case "tcp":
        listener = await listen("tcp://127.0.0.1:0", {
          maxPayload,
          token: newToken(),
        });
        uri = listener.uri;
        break;
      case "fd":
        uri = CHANNEL_URI;
        break;
    }
  } catch (err) {
    await removeDir();
    throw err;
  }
  return {
    uri,
    listener,
    dir,
    async cleanup() {
      await listener?.close().catch(() => {});
      await removeDir();
    },
  };
}

async function privateDir(env: Readonly<Record<string, string>>): Promise<string> {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && runtime.startsWith("/")) {
    try {
      const base = `${runtime}/viewport`;
      await Deno.mkdir(base, { recursive: true, mode: 0o700 });
      const dir = await Deno.makeTempDir({ dir: base, prefix: "v" });
      // A unix socket path must fit in sun_path (108 bytes with the NUL).
      if (dir.length + "/app.sock".length < 100) return dir;
      await Deno.remove(dir);
    } catch { /* fall back to the temp dir */ }
  }
  return await Deno.makeTempDir({ prefix: "viewport-" });
}

/** A running child process. */
export interface SpawnedApp {
  readonly pid: number | undefined;
  /** The exit status: the code, or 128 + the signal number. Rejects if it could not start. */
  readonly status: Promise<number>;
  /** True once it exited. */
  readonly exited: boolean;
  /** Sends a signal (ignored after exit). */
  kill(signal: "SIGTERM" | "SIGKILL" | "SIGINT"): void;
  /** Its inherited socket (`--via fd`), as a transport. */
  readonly transport?: Transport;
  /** What it wrote to stderr, when captured (the terminal front end owns the screen). */
  capturedStderr(): string;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const CAPTURE_LIMIT = 64 * 1024;

/**
 * Spawns `command` with `env` (the parent's environment plus the app's
 * variables). With `channel` (from `openChildChannel`), its socket is passed as
 * fd 3 and its other end is the app's `transport`. With `capture`, the
 * child's stdout and stderr are kept from the terminal (stderr's last 64 KiB
 * are kept for `capturedStderr`) and its stdin is closed.
 *
 * @example
 * ```ts
 * import { spawnApp } from "./spawn_app.ts";
 * import assert from "node:assert/strict";
 * const app = spawnApp(["true"], {}, { capture: true, maxPayload: 1 << 20 });
 * assert.equal(await app.status, 0, "true failed");
 * ```
 */
export function spawnApp(
  command: readonly string[],
  env: Record<string, string>,
  options: {
    /** The channel whose socket becomes the child's fd 3 (`--via fd`). */
    channel?: ChildChannel;
    capture: boolean;
    maxPayload: number;
  },
): SpawnedApp {
  const io = options.capture ? ["ignore", "pipe", "pipe"] : ["inherit", "inherit", "inherit"];
  const { channel } = options;
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(
      command[0],
      command.slice(1),
      {
        env,
        stdio: channel ? [...io, channel.stdio] : io,
      } as Parameters<typeof spawn>[2],
    );
  } catch (err) {
    channel?.abandon();
    throw err;
  }
  let stderr = "";
  if (options.capture) {
    child.stdout?.resume();
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (s: string) => {
      stderr = (stderr + s).slice(-CAPTURE_LIMIT);
    });
  }
  let exited = false;
  const status = new Promise<number>((resolve, reject) => {
    child.once("error", (err: Error & { code?: string }) => {
      exited = true;
      const why = err.code === "ENOENT" ? "command not found" : err.message;
      reject(new Error(`cannot run ${JSON.stringify(command[0])}: ${why}`));
    });
    child.once("exit", (code: number | null, signal: string | null) => {
      exited = true;
      resolve(code ?? 128 + (SIGNALS[signal ?? ""] ?? 1));
    });
  });
  let transport: Transport | undefined;
  if (channel) {
    transport = new StreamTransport(
      channel.attach(child),
      { scheme: "fd", peer: `pid ${child.pid}` },
      { maxPayload: options.maxPayload },
    );
  }
  return {
    pid: child.pid,
    status,
    get exited() {
      return exited;
    },
    kill(signal) {
      if (!exited) child.kill(signal);
    },
    transport,
    capturedStderr: () => stderr,
  };
}
