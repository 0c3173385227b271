/**
 * `windows://NAME`: Windows named pipes (`\\.\pipe\NAME`) through `node:net`,
 * which speaks them natively on Windows. Elsewhere connect and listen reject
 * with `unsupported`.
 *
 * Security: Node creates the pipe with Windows' default security descriptor
 * (full control for LocalSystem, administrators and the creator; read access for
 * everyone) and cannot set another, so the listener accepts a `token` option (the
 * same first line as tcp://) for untrusted machines.
 *
 * @module
 */
import type { Socket } from "node:net";
import { authLine, checkAuthLine } from "./_auth_line.ts";
import { connectError } from "./_net.ts";
import { nodeSocketChannel } from "../io/node_socket_channel.ts";
import { nodeServerInto, serverListening } from "../io/node_accept.ts";
import {
  type ConnectOptions,
  DEFAULT_HANDSHAKE_TIMEOUT,
  type Listener,
  type ListenOptions,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { requirePlatform } from "./_unsupported.ts";
import { formatViewportUri, type WindowsUri } from "../uri/mod.ts";

const HINT = "named pipes exist on Windows only; use unix:// here";

/**
 * Connects to a viewer's named pipe.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connectWindows } from "./windows.ts";
 * const uri = { scheme: "windows", name: "viewport", path: "\\\\.\\pipe\\viewport" } as const;
 * if (Deno.build.os !== "windows") await assert.rejects(connectWindows(uri), /unsupported/);
 * ```
 */
export async function connectWindows(
  uri: WindowsUri,
  options: ConnectOptions = {},
): Promise<Transport> {
  requirePlatform("windows", "windows://", HINT);
  const net = await import("node:net");
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = net.connect(uri.path);
    s.once("connect", () => {
      s.removeListener("error", reject);
      resolve(s);
    });
    s.once("error", reject);
  }).catch((err) => {
    throw connectError(`windows://${uri.name}`, err);
  });
  const token = options.token;
  return new StreamTransport(nodeSocketChannel(socket), { scheme: "windows", peer: uri.path }, {
    ...options,
    preamble: token === undefined ? undefined : authLine(token),
  });
}

/**
 * Listens on a named pipe.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenWindows } from "./windows.ts";
 * const uri = { scheme: "windows", name: "viewport", path: "\\\\.\\pipe\\viewport" } as const;
 * if (Deno.build.os !== "windows") await assert.rejects(listenWindows(uri), /unsupported/);
 * ```
 */
export async function listenWindows(
  uri: WindowsUri,
  options: ListenOptions = {},
): Promise<Listener> {
  requirePlatform("windows", "windows://", HINT);
  const net = await import("node:net");
  const server = net.createServer();
  await serverListening(server, { path: uri.path });
  const token = options.token;
  const timeout = options.authTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT;
  return nodeServerInto(server, formatViewportUri(uri), { scheme: "windows", local: uri.path }, {
    wrap: async (socket: Socket) => {
      const channel = await checkAuthLine(nodeSocketChannel(socket), token, timeout);
      return new StreamTransport(channel, { scheme: "windows", local: uri.path }, options);
    },
    onRejected: options.onRejected,
  });
}
