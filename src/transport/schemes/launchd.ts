/**
 * `launchd://LABEL`: macOS socket activation.
 *
 * Listening side (a viewer started by launchd): the sockets of the job's plist
 * entry `Sockets` → `LABEL` come from `launch_activate_socket(3)` (libSystem,
 * through FFI in `native/`: needs `--allow-ffi`) and are served with `node:net`
 * `server.listen({ fd })`. Connecting side: the conventional socket path
 * `/tmp/LABEL.sock` (the plist's `SockPathName`; give it `SockPathMode` 384,
 * i.e. 0600). Elsewhere both reject with `unsupported`.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { activateLaunchdSockets } from "../native/launchd_sockets.ts";
import { listenInheritedFd } from "../io/node_accept.ts";
import type { ConnectOptions, Listener, ListenOptions, Transport } from "../core/mod.ts";
import { requirePlatform } from "./_unsupported.ts";
import { connectUnixPath } from "./unix.ts";
import { formatViewportUri, type LaunchdUri } from "../uri/mod.ts";

const HINT = "launchd exists on macOS only; use unix:// or systemd:// here";
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
 * App side: connects to the job's socket path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connectLaunchd } from "./launchd.ts";
 * const uri = { scheme: "launchd", label: "com.example.viewport" } as const;
 * if (Deno.build.os !== "darwin") await assert.rejects(async () => await connectLaunchd(uri), /unsupported/);
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
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenLaunchd } from "./launchd.ts";
 * const uri = { scheme: "launchd", label: "com.example.viewport" } as const;
 * if (Deno.build.os !== "darwin") await assert.rejects(listenLaunchd(uri), /unsupported/);
 * ```
 */
export async function listenLaunchd(
  uri: LaunchdUri,
  options: ListenOptions = {},
): Promise<Listener> {
  requirePlatform("darwin", "launchd://", HINT);
  const [fd] = activateLaunchdSockets(uri.label);
  if (fd === undefined) {
    throw new ViewportError("unsupported", `launchd://${uri.label}: launchd passed no socket`);
  }
  const local = `${uri.label} (fd ${fd})`;
  return await listenInheritedFd(
    fd,
    { scheme: "launchd", uri: formatViewportUri(uri), local },
    options,
  );
}
