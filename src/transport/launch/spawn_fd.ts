/**
 * The launching side of `fd://`: start an app with one end of a connected
 * Unix socket pair as its fd 3 and `VIEWPORT=fd://3?duplex=true`, keep the
 * other end as a transport.
 *
 * Deno has no socketpair(). {@linkcode openChildChannel} makes the pair by
 * connecting to a one-shot listener in a private (0700) temporary directory:
 * our end is a `node:net` socket opened with `onread`, so reads land in our
 * read slabs, and the accepted end is handed to the child (Deno passes a
 * socket's fd on and the child gets its own copy). Where that cannot be done
 * (Windows, no read/write permission) a `"pipe"` entry at stdio index 3 is
 * used: also a Unix socketpair (libuv), but Node owns that socket and its
 * chunks are copied into the slabs. 64 KiB frames from a child:
 * docs/performance.md ("Transports").
 *
 * @module
 */
import { launchEnv } from "./app_env.ts";
import type { ChildProcess } from "node:child_process";
import type { IpcNetConnectOpts, Socket } from "node:net";
import {
  type ByteChannel,
  StreamTransport,
  type Transport,
  type TransportOptions,
} from "../core/mod.ts";
import { nodeSocketChannel } from "../io/node_socket_channel.ts";
import { serverListening } from "../io/node_accept.ts";
import { slabSocketChannel } from "../io/fd_socket_channel.ts";

/** The URI the spawned app finds in `VIEWPORT`. */
export const CHANNEL_URI = "fd://3?duplex=true";

/** How one of the child's standard streams is set up. */
export type StdioEntry = "inherit" | "pipe" | "ignore";

/** Options of {@linkcode spawnWithChannel}. */
export interface SpawnWithChannelOptions extends TransportOptions {
  /** The child's environment (default: this process's); `VIEWPORT` is set on top. */
  env?: Record<string, string>;
  /** Working directory of the child. */
  cwd?: string;
  /** stdin, stdout, stderr of the child (default: all inherited). */
  stdio?: [StdioEntry, StdioEntry, StdioEntry];
  /** Use Node's `"pipe"` for fd 3 rather than our socket pair ({@linkcode openChildChannel}). */
  pipe?: boolean;
}

/** A spawned app and the viewer's end of its channel. */
export interface SpawnedApp {
  /** The child process (`node:child_process`). */
  child: ChildProcess;
  /** The viewer's end of the socketpair. */
  transport: Transport;
}

/**
 * Spawns `command` with a socketpair end as fd 3. Rejects (and leaves nothing
 * running) if the command cannot be started.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spawnWithChannel } from "./spawn_fd.ts";
 * // The child connects to VIEWPORT (fd://3?duplex=true) and sends one frame.
 * const at = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
 * const app = `const { connect } = await import(${at("../mod.ts")});
 * const { encodeFrame } = await import(${at("../../protocol/frame.ts")});
 * const t = await connect(Deno.env.get("VIEWPORT"));
 * await t.send(encodeFrame(5, new Uint8Array([0xa0])));
 * await t.close();`;
 * const { child, transport } = await spawnWithChannel(Deno.execPath(), ["eval", app]);
 * const first = await transport.frames().next();
 * assert.equal(first.value?.type, 5);
 * await new Promise((resolve) => child.once("exit", resolve));
 * await transport.close();
 * ```
 */
export async function spawnWithChannel(
  command: string,
  args: readonly string[] = [],
  options: SpawnWithChannelOptions = {},
): Promise<SpawnedApp> {
  const { spawn } = await import("node:child_process");
  const env = launchEnv(CHANNEL_URI, options.env);
  const [stdin, stdout, stderr] = options.stdio ?? ["inherit", "inherit", "inherit"];
  const channel = await openChildChannel({ pipe: options.pipe });
  let child: ChildProcess;
  try {
    child = spawn(command, [...args], {
      env,
      cwd: options.cwd,
      stdio: [stdin, stdout, stderr, channel.stdio],
    });
  } catch (err) {
    channel.abandon();
    throw err;
  }
  const end = channel.attach(child);
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  }).catch((err) => {
    end.close();
    throw err;
  });
  const info = { scheme: "fd", peer: `pid:${child.pid}` };
  return { child, transport: new StreamTransport(end, info, options) };
}

/** A channel for a child's fd 3, made before the child is spawned. */
export interface ChildChannel {
  /** What goes at index 3 of the spawn's `stdio`. */
  readonly stdio: Socket | "pipe";
  /**
   * The viewer's end; call once the child is spawned (right after `spawn()`
   * returns, even if it is going to report an error): the child's end is
   * closed here, so the child holds the only copy.
   */
  attach(child: ChildProcess): ByteChannel;
  /** Closes both ends when no child was spawned. */
  abandon(): void;
}

const PAIR_TIMEOUT = 5000;

/**
 * Makes the channel for one child's fd 3: a connected Unix socket pair whose
 * viewer end reads straight into read slabs, or, where that cannot be made,
 * Node's `"pipe"` (see the module's notes). Never prompts for permissions.
 *
 * @example
 * ```ts
 * import { spawn } from "node:child_process";
 * import { openChildChannel } from "./spawn_fd.ts";
 * const channel = await openChildChannel();
 * const child = spawn("sh", ["-c", "printf hi >&3"], { stdio: ["ignore", "ignore", "inherit", channel.stdio] });
 * const end = channel.attach(child);
 * const got = await end.read();
 * if (new TextDecoder().decode(got!) !== "hi") throw new Error("expected the child's bytes");
 * end.close();
 * ```
 */
export async function openChildChannel(
  options: { pipe?: boolean } = {},
): Promise<ChildChannel> {
  const pair = options.pipe ? null : await socketPair().catch(() => null);
  if (!pair) {
    return { stdio: "pipe", attach: childChannelEnd, abandon() {} };
  }
  return {
    stdio: pair.theirs,
    attach() {
      pair.theirs.destroy();
      return pair.ours;
    },
    abandon() {
      pair.theirs.destroy();
      pair.ours.close();
    },
  };
}

// Asks without prompting: a launcher must not stop to ask for permissions.
function mayMakePair(): boolean {
  if (Deno.build.os === "windows") return false;
  const p = Deno.permissions;
  return p.querySync({ name: "read" }).state === "granted" &&
    p.querySync({ name: "write" }).state === "granted";
}

async function socketPair(): Promise<{ ours: ByteChannel; theirs: Socket }> {
  if (!mayMakePair()) throw new Error("no permission to make a socket pair");
  const net = await import("node:net");
  // 0700: no other user can connect in the moment the listener exists.
  const dir = await Deno.makeTempDir({ prefix: "vp-pair-" });
  const server = net.createServer({ pauseOnConnect: true });
  let socket: Socket | null = null;
  let ours: ByteChannel | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const path = `${dir}/pair`;
    await serverListening(server, { path });
    const theirs = await new Promise<Socket>((resolve, reject) => {
      server.once("connection", resolve);
      ours = slabSocketChannel((onread) => {
        socket = net.connect({ path, onread } as IpcNetConnectOpts);
        socket.once("error", reject);
        return socket;
      });
      timer = setTimeout(() => reject(new Error("socket pair: no connection")), PAIR_TIMEOUT);
    });
    const connecting = socket as Socket | null;
    if (connecting?.connecting) {
      await new Promise((resolve, reject) => {
        connecting.once("connect", resolve);
        connecting.once("error", reject);
      });
    }
    return { ours: ours!, theirs };
  } catch (err) {
    (ours as ByteChannel | null)?.close();
    throw err;
  } finally {
    clearTimeout(timer);
    server.close();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * The viewer's end of a child's fd 3 spawned with `"pipe"` at stdio index 3
 * (a Unix socketpair): the fallback of {@linkcode openChildChannel}. Node owns
 * the socket, so it cannot read into our slabs (`onread`); its chunks are
 * copied into them, which lets frames cut between chunks grow in place and
 * transient frames (`frames({ transient: true })`) reuse memory.
 *
 * @example
 * ```ts
 * import { spawn } from "node:child_process";
 * import { childChannelEnd } from "./spawn_fd.ts";
 * const child = spawn("sh", ["-c", "printf hi >&3"], { stdio: ["ignore", "ignore", "inherit", "pipe"] });
 * const channel = childChannelEnd(child);
 * const got = await channel.read();
 * if (new TextDecoder().decode(got!) !== "hi") throw new Error("expected the child's bytes");
 * channel.close();
 * ```
 */
export function childChannelEnd(child: ChildProcess): ByteChannel {
  return nodeSocketChannel(child.stdio[3] as Socket, { slabs: true });
}
