/**
 * The accept side for endpoints served by a `node:net`/`node:tls` server
 * (mutual TLS, socket activation, named pipes): starting one, feeding its
 * connections to a listener, and serving a listening socket inherited as an fd.
 *
 * @module
 */
import type { ListenOptions as NetListenOptions, Server, Socket } from "node:net";
import {
  type ListenOptions,
  type PeerInfo,
  StreamTransport,
  type Transport,
  TransportListener,
} from "../core/mod.ts";
import { nodeSocketChannel } from "./node_socket_channel.ts";

/** Hooks of {@linkcode nodeServerInto}. */
export interface NodeAcceptHooks {
  /** The server event that hands over a ready socket (`secureConnection` for TLS). */
  event?: "connection" | "secureConnection";
  /** Turns a socket into a transport (may authenticate first). */
  wrap(socket: Socket): Transport | Promise<Transport>;
  /** Told about each connection refused before it became a transport. */
  onRejected?: (error: Error) => void;
  /** Runs after the server closed. */
  cleanup?: () => void | Promise<void>;
}

/**
 * Feeds a {@linkcode TransportListener} from a listening Node server. Closing
 * the listener stops the server and drops handshakes in flight; transports
 * already handed out stay open (they belong to the consumer).
 *
 * A burst of connections: unlike `acceptInto` (deno_accept.ts), nothing here
 * gives the event loop a turn between accepts, and nothing can: Deno's
 * `node:net` takes the backlog in its own loop, which calls the `connection`
 * handler without waiting for it. It does starve reads the same way (most of
 * a burst is accepted before the first accepted socket is read), but its
 * accepts are cheap, so the wait stays short: with 1,000 connections each
 * sending a byte at once (`deno run -A bench/accept_burst.ts --rounds 3`, load
 * average 4.7 on 2 cores), 770-1,000 were accepted before the first read, the
 * whole burst in 124-165 ms, and the longest wait from a connection's accept
 * to its first read was 126-137 ms, against 153-202 ms for `acceptInto` in the
 * same run (`acceptInto` reads sooner but accepts more slowly):
 * well inside the second a viewer gives a new connection before it counts
 * as silent. `tests/viewer/burst_test.ts` ("burst through node:net") serves 1,000 apps connecting
 * at once through this path, with only silent connections giving way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import net from "node:net";
 * import { nodeServerInto } from "./node_accept.ts";
 * import { StreamTransport } from "../core/mod.ts";
 * import { nodeSocketChannel } from "./node_socket_channel.ts";
 * const server = net.createServer();
 * await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
 * const listener = nodeServerInto(server, "tcp://127.0.0.1:1", { scheme: "tcp" }, {
 *   wrap: (s) => new StreamTransport(nodeSocketChannel(s), { scheme: "tcp" }),
 * });
 * const socket = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
 * const accepted = (await listener[Symbol.asyncIterator]().next()).value!;
 * assert.equal(accepted.info.scheme, "tcp");
 * await accepted.close();
 * socket.destroy();
 * await listener.close();
 * ```
 */
export function nodeServerInto(
  server: Server,
  uri: string,
  info: PeerInfo,
  hooks: NodeAcceptHooks,
): TransportListener {
  const handshaking = new Set<Socket>();
  let stopping = false;
  const target = new TransportListener(uri, info, async () => {
    stopping = true;
    for (const s of handshaking) s.destroy();
    await new Promise<void>((resolve) => {
      // The callback would wait for every accepted connection to end; the
      // listening handle itself is closed at once.
      server.close();
      setTimeout(resolve, 0);
    });
    await hooks.cleanup?.();
  });
  const reject = (err: unknown) => {
    if (!stopping) hooks.onRejected?.(err instanceof Error ? err : new Error(String(err)));
  };
  server.on(hooks.event ?? "connection", async (socket: Socket) => {
    if (stopping) {
      socket.destroy();
      return;
    }
    handshaking.add(socket);
    try {
      const transport = await hooks.wrap(socket);
      handshaking.delete(socket);
      target.push(transport);
    } catch (err) {
      handshaking.delete(socket);
      socket.destroy();
      reject(err);
    }
  });
  server.on("tlsClientError", (err: Error) => reject(err));
  server.on("error", (err: Error) => {
    if (!stopping) target.end(err);
  });
  return target;
}

/**
 * Starts `server` listening (`server.listen(where)`): resolves once it
 * listens, rejects with the server's error (address in use, a bad fd).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import net from "node:net";
 * import { serverListening } from "./node_accept.ts";
 * const server = net.createServer();
 * await serverListening(server, { host: "127.0.0.1", port: 0 });
 * const taken = (server.address() as net.AddressInfo).port;
 * await assert.rejects(serverListening(net.createServer(), { host: "127.0.0.1", port: taken }));
 * server.close();
 * ```
 */
export function serverListening(
  server: Server,
  where: NetListenOptions | { fd: number },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(where as NetListenOptions, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
}

/** Names of a listener on an inherited socket (see {@linkcode listenInheritedFd}). */
export interface InheritedFdListen {
  /** The scheme the transports report (`systemd`, `launchd`). */
  scheme: string;
  /** The listener's URI text (sanitized). */
  uri: string;
  /** What the endpoint is called in `info.local`, e.g. `viewport.socket (fd 3)`. */
  local: string;
}

/**
 * Serves a listening socket this process inherited (socket activation:
 * systemd, launchd) with `node:net`, each accepted connection a
 * {@linkcode StreamTransport}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenInheritedFd } from "./node_accept.ts";
 * // fd 9999 is not open: the listen fails with the server's error.
 * await assert.rejects(
 *   listenInheritedFd(9999, { scheme: "systemd", uri: "systemd://x", local: "x (fd 9999)" }),
 * );
 * ```
 */
export async function listenInheritedFd(
  fd: number,
  names: InheritedFdListen,
  options: ListenOptions = {},
): Promise<TransportListener> {
  const net = await import("node:net");
  const server = net.createServer();
  await serverListening(server, { fd });
  const info = { scheme: names.scheme, local: names.local };
  return nodeServerInto(server, names.uri, info, {
    wrap: (socket: Socket) => new StreamTransport(nodeSocketChannel(socket), info, options),
    onRejected: options.onRejected,
  });
}
