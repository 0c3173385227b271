/**
 * `tcp://HOST:PORT`: plain TCP (no encryption). A token, when set, is sent as
 * a first line `Authorization: Bearer TOKEN` (see `auth_line.ts`).
 *
 * @module
 */
import { authLine, checkAuthLine } from "./_auth_line.ts";
import {
  type ConnectOptions,
  DEFAULT_HANDSHAKE_TIMEOUT,
  denoConnChannel,
  type Listener,
  type ListenOptions,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { acceptInto } from "../io/deno_accept.ts";
import { checkListenPolicy, connectError, hostPort, withTimeout } from "./_net.ts";
import { formatViewportUri, type TcpUri } from "../uri/mod.ts";

/**
 * Connects to a viewer over TCP (TCP_NODELAY on).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * import { connectTcp, listenTcp } from "./tcp.ts";
 * const listener = await listenTcp({ scheme: "tcp", host: "127.0.0.1", port: 0 });
 * const app = await connectTcp({ scheme: "tcp", host: "127.0.0.1", port: Number(new URL(listener.uri).port) });
 * const viewer = (await listener[Symbol.asyncIterator]().next()).value!;
 * await app.send(encodeFrame(5, new Uint8Array([0xa0])));
 * assert.equal((await viewer.frames().next()).value?.type, 5);
 * await viewer.close();
 * await app.close();
 * await listener.close();
 * ```
 */
export async function connectTcp(uri: TcpUri, options: ConnectOptions = {}): Promise<Transport> {
  const target = `tcp://${hostPort(uri.host, uri.port)}`;
  const conn = await withTimeout(
    target,
    options.connectTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT,
    (signal) => Deno.connect({ hostname: uri.host, port: uri.port, signal }),
    (late) => late.close(),
  ).catch((err) => {
    throw connectError(target, err);
  });
  conn.setNoDelay(true);
  const token = options.token ?? uri.token;
  return new StreamTransport(denoConnChannel(conn), {
    scheme: "tcp",
    peer: hostPort(uri.host, uri.port),
  }, {
    ...options,
    preamble: token === undefined ? undefined : authLine(token),
  });
}

/**
 * Listens for apps over TCP. Port 0 picks a free port (see `listener.uri`).
 * Beyond loopback a token is required unless `allowInsecureRemote`.
 *
 * @example
 * ```ts
 * import { listenTcp } from "./tcp.ts";
 * const listener = await listenTcp({ scheme: "tcp", host: "127.0.0.1", port: 0 });
 * if (!listener.uri.startsWith("tcp://127.0.0.1:")) throw new Error(listener.uri);
 * await listener.close();
 * ```
 */
export function listenTcp(uri: TcpUri, options: ListenOptions = {}): Promise<Listener> {
  const token = options.token ?? uri.token;
  checkListenPolicy("tcp", uri.host, uri.port, token !== undefined, options.allowInsecureRemote);
  const raw = Deno.listen({ hostname: uri.host, port: uri.port });
  const port = raw.addr.port;
  const local = hostPort(uri.host, port);
  const timeout = options.authTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT;
  const listener = acceptInto(raw, formatViewportUri({ ...uri, port, token }), {
    scheme: "tcp",
    local,
  }, {
    wrap: async (conn) => {
      conn.setNoDelay(true);
      const channel = await checkAuthLine(denoConnChannel(conn), token, timeout);
      const peer = hostPort(conn.remoteAddr.hostname, conn.remoteAddr.port);
      return new StreamTransport(channel, { scheme: "tcp", peer, local }, options);
    },
    onRejected: options.onRejected,
  });
  return Promise.resolve(listener);
}
