/**
 * `tls://HOST:PORT`: TCP with TLS. Client side: the system trust store plus
 * `ca`, a client certificate (`cert` + `key`) for mutual TLS, and `insecure`
 * (no verification). Listening side: `cert` + `key` are the server's own
 * certificate, and `ca` requires every client to present a certificate signed
 * by that CA (mutual TLS). Tokens use the same first line as `tcp://`.
 *
 * @module
 */
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { ViewportError } from "../protocol/errors.ts";
import { authLine, checkAuthLine } from "./auth_line.ts";
import { denoConnChannel } from "./byte_channel.ts";
import { checkListenPolicy, connectError, hostPort, withTimeout } from "./net_common.ts";
import { nodeSocketChannel } from "./node_channel.ts";
import { nodeServerInto } from "./node_listener.ts";
import { type ConnectOptions, DEFAULT_HANDSHAKE_TIMEOUT, type ListenOptions } from "./options.ts";
import { StreamTransport } from "./stream_transport.ts";
import type { Listener, Transport } from "./transport.ts";
import { formatViewportUri } from "./uri_format.ts";
import type { TlsParams, TlsUri } from "./uri_types.ts";

/** PEM contents of the files a `tls://` or `wss://` URI names. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Reads the `ca`, `cert` and `key` files of a URI; a missing file is a
 * `bad_uri` error naming the parameter and path.
 *
 * @example
 * ```ts
 * import { readTlsMaterial } from "./tls.ts";
 * const none = await readTlsMaterial({ insecure: false });
 * if (none.ca !== undefined) throw new Error("nothing to read");
 * ```
 */
export async function readTlsMaterial(params: TlsParams): Promise<TlsMaterial> {
  const out: TlsMaterial = {};
  for (const name of ["ca", "cert", "key"] as const) {
    const path = params[name];
    if (path === undefined) continue;
    try {
      out[name] = await Deno.readTextFile(path);
    } catch (err) {
      throw new ViewportError(
        "bad_uri",
        `cannot read the '${name}' file ${path}: ${err instanceof Error ? err.message : err}`,
        { cause: err },
      );
    }
  }
  return out;
}

/**
 * Connects to a viewer over TLS. The handshake completes before this resolves,
 * so certificate problems reject here. Deno's TLS over a TCP socket with
 * TCP_NODELAY (`Deno.startTls`; `Deno.connectTls` cannot set it, and Nagle's
 * algorithm then stalls small frames for 40 ms); `node:tls` when a client
 * certificate is given or `insecure` is set, which Deno's TLS cannot do.
 *
 * @example
 * ```ts ignore
 * import { connectTls } from "./tls.ts";
 * const app = await connectTls({
 *   scheme: "tls", host: "viewer.local", port: 9400, ca: "/etc/viewport/ca.pem", insecure: false,
 * });
 * await app.close();
 * ```
 */
export async function connectTls(uri: TlsUri, options: ConnectOptions = {}): Promise<Transport> {
  const target = `tls://${hostPort(uri.host, uri.port)}`;
  const pem = await readTlsMaterial(uri);
  const token = options.token ?? uri.token;
  const info = { scheme: "tls", peer: hostPort(uri.host, uri.port) };
  const transportOptions = {
    ...options,
    preamble: token === undefined ? undefined : authLine(token),
  };
  const timeout = options.connectTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT;
  if (uri.insecure || pem.cert !== undefined) {
    const socket = await withTimeout(
      target,
      timeout,
      (signal) => nodeTlsConnect(uri, pem, signal),
      (s) => s.destroy(),
    )
      .catch((err) => {
        throw connectError(target, err);
      });
    return new StreamTransport(nodeSocketChannel(socket), info, transportOptions);
  }
  const conn = await withTimeout(target, timeout, async (signal) => {
    const tcp = await Deno.connect({ hostname: uri.host, port: uri.port, signal });
    tcp.setNoDelay(true);
    const c = await Deno.startTls(tcp, {
      hostname: uri.host,
      caCerts: pem.ca === undefined ? undefined : [pem.ca],
    });
    // A server that accepts but never answers: the timeout ends the handshake.
    let open = true;
    const drop = () => {
      if (open) c.close();
      open = false;
    };
    signal.addEventListener("abort", drop, { once: true });
    try {
      await c.handshake();
    } catch (err) {
      drop();
      throw err;
    } finally {
      signal.removeEventListener("abort", drop);
    }
    return c;
  }, (c) => c.close()).catch((err) => {
    throw connectError(target, err);
  });
  return new StreamTransport(denoConnChannel(conn), info, transportOptions);
}

async function nodeTlsConnect(
  uri: TlsUri,
  pem: TlsMaterial,
  signal: AbortSignal,
): Promise<TLSSocket> {
  const tls = await import("node:tls");
  return await new Promise<TLSSocket>((resolve, reject) => {
    const socket = tls.connect({
      host: uri.host,
      port: uri.port,
      servername: /^[0-9.]+$|:/.test(uri.host) ? undefined : uri.host,
      rejectUnauthorized: !uri.insecure,
      ca: pem.ca,
      cert: pem.cert,
      key: pem.key,
    });
    socket.setNoDelay(true);
    const abort = () => socket.destroy(new Error("handshake timed out"));
    signal.addEventListener("abort", abort, { once: true });
    socket.once("secureConnect", () => {
      signal.removeEventListener("abort", abort);
      socket.removeListener("error", reject);
      resolve(socket);
    });
    socket.once("error", (err) => {
      signal.removeEventListener("abort", abort);
      reject(err);
    });
  });
}

/**
 * Listens for apps over TLS (`node:tls`) with the URI's `cert` + `key`; with
 * `ca`, clients must present a certificate signed by it. Beyond loopback a token or client
 * certificates are required unless `allowInsecureRemote`.
 *
 * @example
 * ```ts ignore
 * import { listenTls } from "./tls.ts";
 * const listener = await listenTls({
 *   scheme: "tls", host: "127.0.0.1", port: 0, cert: "server.pem", key: "server.key", insecure: false,
 * });
 * await listener.close();
 * ```
 */
export async function listenTls(uri: TlsUri, options: ListenOptions = {}): Promise<Listener> {
  if (uri.cert === undefined || uri.key === undefined) {
    throw new ViewportError(
      "bad_uri",
      "a tls:// listener needs its certificate: add ?cert=/path/server.pem&key=/path/server.key",
    );
  }
  const token = options.token ?? uri.token;
  checkListenPolicy(
    "tls",
    uri.host,
    uri.port,
    token !== undefined || uri.ca !== undefined,
    options.allowInsecureRemote,
  );
  const pem = await readTlsMaterial(uri);
  const timeout = options.authTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT;
  // node:tls, not Deno.listenTls: Deno's accepted TLS sockets cannot get
  // TCP_NODELAY (small frames would stall 40 ms) or ask for client certificates.
  const tls = await import("node:tls");
  const mutual = pem.ca !== undefined;
  const server = tls.createServer({
    cert: pem.cert,
    key: pem.key,
    ca: pem.ca,
    requestCert: mutual,
    rejectUnauthorized: mutual,
    handshakeTimeout: timeout,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(uri.port, uri.host, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const local = hostPort(uri.host, port);
  return nodeServerInto(server, peerUri(uri, port, token), { scheme: "tls", local }, {
    event: "secureConnection",
    wrap: async (socket: Socket) => {
      socket.setNoDelay(true);
      const channel = await checkAuthLine(nodeSocketChannel(socket), token, timeout);
      const peer = hostPort(socket.remoteAddress ?? "?", socket.remotePort);
      return new StreamTransport(channel, { scheme: "tls", peer, local }, options);
    },
    onRejected: options.onRejected,
  });
}

// What apps are told: the address and token only. The listener's cert, key and
// client CA are its own; an app brings its own `ca` (or trusts the system store).
function peerUri(uri: TlsUri, port: number, token: string | undefined): string {
  return formatViewportUri({ scheme: "tls", host: uri.host, port, insecure: false, token });
}
