/**
 * `launchd://LABEL`: macOS socket activation.
 *
 * Listening side (a viewer started by launchd): the sockets of the job's plist
 * entry `Sockets` → `LABEL` come from `launch_activate_socket(3)` (libSystem,
 * through FFI: needs `--allow-ffi`) and are served with `node:net`
 * `server.listen({ fd })`. Connecting side: the conventional socket path
 * `/tmp/LABEL.sock` (the plist's `SockPathName`; give it `SockPathMode` 384,
 * i.e. 0600). Elsewhere both reject with `unsupported`.
 *
 * @module
 */
import type { Socket } from "node:net";
import { ViewportError } from "../../protocol/errors.ts";
import { nodeSocketChannel } from "../io/node_socket_channel.ts";
import { nodeServerInto } from "../io/node_accept.ts";
import {
  type ConnectOptions,
  type Listener,
  type ListenOptions,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { requirePlatform } from "./_unsupported.ts";
import { connectUnixPath } from "./unix.ts";
import { formatViewportUri, type LaunchdUri } from "../uri/mod.ts";

const HINT = "launchd exists on macOS only; use unix:// or systemd:// here";
const ERRORS: Record<number, string> = {
  2: "the job's plist has no Sockets entry of that name (ENOENT)",
  3: "this process was not started by launchd (ESRCH)",
  37: "the sockets were already taken by this process (EALREADY)",
};

/**
 * The socket path an app connects to for `label`.
 *
 * @example
 * ```ts
 * import { launchdSocketPath } from "./launchd.ts";
 * if (launchdSocketPath("com.example.viewport") !== "/tmp/com.example.viewport.sock") {
 *   throw new Error("unexpected path");
 * }
 * ```
 */
export function launchdSocketPath(label: string): string {
  return `/tmp/${label}.sock`;
}

/**
 * Calls `launch_activate_socket(name, &fds, &count)` and returns the fds.
 *
 * @example
 * ```ts ignore
 * import { activateLaunchdSockets } from "./launchd.ts";
 * const fds = activateLaunchdSockets("com.example.viewport");
 * ```
 */
export function activateLaunchdSockets(name: string): number[] {
  requirePlatform("darwin", "launchd://", HINT);
  const lib = Deno.dlopen("/usr/lib/libSystem.B.dylib", {
    launch_activate_socket: { parameters: ["buffer", "buffer", "buffer"], result: "i32" },
    free: { parameters: ["pointer"], result: "void" },
  });
  try {
    const cName = new TextEncoder().encode(`${name}\0`);
    const fdsOut = new BigUint64Array(1);
    const countOut = new BigUint64Array(1);
    const rc = lib.symbols.launch_activate_socket(cName, fdsOut, countOut);
    if (rc !== 0) {
      throw new ViewportError(
        "unsupported",
        `launchd://${name}: launch_activate_socket failed: ${ERRORS[rc] ?? `error ${rc}`}`,
      );
    }
    const pointer = Deno.UnsafePointer.create(fdsOut[0]);
    const count = Number(countOut[0]);
    const view = new Deno.UnsafePointerView(pointer!);
    const fds = Array.from({ length: count }, (_, i) => view.getInt32(i * 4));
    lib.symbols.free(pointer);
    return fds;
  } finally {
    lib.close();
  }
}

/**
 * App side: connects to the job's socket path.
 *
 * @example
 * ```ts ignore
 * import { connectLaunchd } from "./launchd.ts";
 * const t = await connectLaunchd({ scheme: "launchd", label: "com.example.viewport" });
 * ```
 */
export function connectLaunchd(uri: LaunchdUri, options: ConnectOptions = {}): Promise<Transport> {
  requirePlatform("darwin", "launchd://", HINT);
  const path = launchdSocketPath(uri.label);
  return connectUnixPath(path, { scheme: "launchd", peer: path }, options);
}

/**
 * Viewer side: serves the first socket launchd activated for the label.
 *
 * @example
 * ```ts ignore
 * import { listenLaunchd } from "./launchd.ts";
 * const l = await listenLaunchd({ scheme: "launchd", label: "com.example.viewport" });
 * ```
 */
export async function listenLaunchd(
  uri: LaunchdUri,
  options: ListenOptions = {},
): Promise<Listener> {
  const [fd] = activateLaunchdSockets(uri.label);
  if (fd === undefined) {
    throw new ViewportError("unsupported", `launchd://${uri.label}: launchd passed no socket`);
  }
  const net = await import("node:net");
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ fd }, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  const local = `${uri.label} (fd ${fd})`;
  return nodeServerInto(server, formatViewportUri(uri), { scheme: "launchd", local }, {
    wrap: (socket: Socket) =>
      new StreamTransport(nodeSocketChannel(socket), { scheme: "launchd", local }, options),
    onRejected: options.onRejected,
  });
}
