/**
 * The launching side of `fd://`: start an app with one end of a socketpair as
 * its fd 3 and `VIEWPORT=fd://3?duplex=true`, keep the other end as a
 * transport.
 *
 * Deno has no socketpair(); `node:child_process` does the equivalent: a
 * `"pipe"` entry at stdio index 3 is a Unix socketpair (libuv), so the child's
 * fd 3 is bidirectional (checked: `/proc/PID/fd/3` is a `socket:`). Passing a
 * connected unix socket instead would need its raw fd, which Deno does not
 * expose.
 *
 * @module
 */
import type { ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import type { ByteChannel } from "./byte_channel.ts";
import { nodeSocketChannel } from "./node_channel.ts";
import type { TransportOptions } from "./stream_transport.ts";
import { StreamTransport } from "./stream_transport.ts";
import type { Transport } from "./transport.ts";

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
 * ```ts ignore
 * import { spawnWithChannel } from "./spawn_channel.ts";
 * const { child, transport } = await spawnWithChannel(Deno.execPath(), ["run", "-A", "app.ts"]);
 * for await (const frame of transport.frames()) console.log(frame.type);
 * child.kill();
 * ```
 */
export async function spawnWithChannel(
  command: string,
  args: readonly string[] = [],
  options: SpawnWithChannelOptions = {},
): Promise<SpawnedApp> {
  const { spawn } = await import("node:child_process");
  const env = { ...(options.env ?? Deno.env.toObject()), VIEWPORT: CHANNEL_URI };
  const [stdin, stdout, stderr] = options.stdio ?? ["inherit", "inherit", "inherit"];
  const child = spawn(command, [...args], {
    env,
    cwd: options.cwd,
    stdio: [stdin, stdout, stderr, "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  const info = { scheme: "fd", peer: `pid:${child.pid}` };
  return { child, transport: new StreamTransport(childChannelEnd(child), info, options) };
}

/**
 * The viewer's end of a child's fd 3 spawned with `"pipe"` at stdio index 3
 * (a Unix socketpair). Node owns the socket, so it cannot read into our slabs
 * (`onread`); its chunks are copied into them, which lets frames cut between
 * chunks grow in place and `transientFrames` reuse memory (64 KiB frames from
 * a child: 55% of a raw reader handing chunks on, 75-79% copied; opening our
 * own libc socketpair end with `onread` measured 64-65%: docs/performance.md).
 *
 * @example
 * ```ts
 * import { spawn } from "node:child_process";
 * import { childChannelEnd } from "./spawn_channel.ts";
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
