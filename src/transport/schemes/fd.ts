/**
 * `fd://N` and `pipe://N`: an inherited file descriptor, opened with
 * `node:net` (`new Socket({ fd })`; Deno has no API for a raw fd). The fd must be
 * a socket (a socketpair end, as {@linkcode spawnWithChannel} passes) or a
 * pipe; one fd carries both directions. `duplex=true` says it is a socketpair:
 * closing then half-closes it first, so the peer reads everything before the
 * end. Regular files and terminals are refused.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import {
  type ConnectOptions,
  type Listener,
  type ListenOptions,
  StreamTransport,
  type Transport,
  TransportListener,
} from "../core/mod.ts";
import { inheritedFdChannel } from "../io/fd_socket_channel.ts";
import { type FdUri, formatViewportUri } from "../uri/mod.ts";

/**
 * Uses an inherited fd as the connection to the viewer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connectFd } from "./fd.ts";
 * // In an app started by spawnWithChannel, fd 3 is its link; an fd that is not
 * // open is a clear error.
 * await assert.rejects(connectFd({ scheme: "fd", fd: 9999, duplex: true }), /not open/);
 * ```
 */
export async function connectFd(uri: FdUri, options: ConnectOptions = {}): Promise<Transport> {
  let channel;
  try {
    channel = await inheritedFdChannel(uri.fd);
  } catch (err) {
    const kind = /fd type: (\w+)/.exec(String((err as Error).message))?.[1];
    const why = kind === "UNKNOWN"
      ? "it is not open in this process"
      : kind
      ? `it is a ${kind.toLowerCase()}, not a socket or pipe`
      : String((err as Error).message);
    throw new ViewportError("closed", `cannot use ${uri.scheme}://${uri.fd}: ${why}`, {
      cause: err,
    });
  }
  const info = { scheme: uri.scheme, peer: `fd:${uri.fd}` };
  return new StreamTransport(channel, info, options);
}

/**
 * The viewer side of an inherited fd: a listener that yields the one
 * connection the fd is, then ends (for a viewer that an app spawned).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenFd } from "./fd.ts";
 * await assert.rejects(listenFd({ scheme: "fd", fd: 9999, duplex: true }), /not open/);
 * ```
 */
export async function listenFd(uri: FdUri, options: ListenOptions = {}): Promise<Listener> {
  const transport = await connectFd(uri, options);
  const listener = new TransportListener(formatViewportUri(uri), transport.info, () => {});
  listener.push(transport);
  listener.end();
  return listener;
}
