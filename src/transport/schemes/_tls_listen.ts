/**
 * The listening side of `tls://`. Two TLS servers, picked per listener:
 * - Deno's own (`Deno.listenTls`), reading straight into our read buffers:
 *   1.2-1.7x the 64 KiB throughput of `node:tls` and ~3 µs less per round
 *   trip (docs/performance.md). Used when clients need not present
 *   certificates and TCP_NODELAY can be given to accepted connections
 *   (`linux_sockets.ts`: Linux, `--allow-ffi`).
 * - `node:tls` otherwise: it can ask for client certificates (mutual TLS,
 *   `?ca=`) and set TCP_NODELAY everywhere.
 *
 * @module
 */
import type { Socket } from "node:net";
import { ViewportError } from "../../protocol/errors.ts";
import { checkAuthLine } from "./_auth_line.ts";
import {
  DEFAULT_HANDSHAKE_TIMEOUT,
  denoConnChannel,
  type Listener,
  type ListenOptions,
  StreamTransport,
} from "../core/mod.ts";
import { acceptInto, closeQuietly } from "../io/deno_accept.ts";
import { setListenerNoDelay, shutdownConnection } from "../native/mod.ts";
import { checkListenPolicy, hostPort } from "./_net.ts";
import { tlsSocketChannel } from "../io/tls_socket_channel.ts";
import { nodeServerInto, serverListening } from "../io/node_accept.ts";
import { readTlsMaterial, type TlsMaterial } from "./_tls_material.ts";
import { formatViewportUri, type TlsUri } from "../uri/mod.ts";

/**
 * Listens for apps over TLS with the URI's `cert` + `key`; with `ca`, clients
 * must present a certificate signed by it. Beyond loopback a token or client
 * certificates are required unless `allowInsecureRemote`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenTls } from "./_tls_listen.ts";
 * // With `cert` and `key` (PEM files) it listens; without them it says so.
 * await assert.rejects(
 *   listenTls({ scheme: "tls", host: "127.0.0.1", port: 0, insecure: false }),
 *   /needs its certificate/,
 * );
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
  if (options.tlsServer === "deno" && pem.ca !== undefined) {
    throw new ViewportError(
      "unsupported",
      "tlsServer 'deno' cannot ask for client certificates: drop ?ca= or the tlsServer option",
    );
  }
  if (pem.ca === undefined && options.tlsServer !== "node") {
    const listener = listenDenoTls(uri, pem, token, options);
    if (listener) return listener;
    if (options.tlsServer === "deno") {
      throw new ViewportError(
        "unsupported",
        "tlsServer 'deno' needs TCP_NODELAY on accepted connections, which takes Linux and " +
          "--allow-ffi with read access to /proc/self",
      );
    }
  }
  return await listenNodeTls(uri, pem, token, options);
}

// Deno's TLS server, or null (nothing left open) when accepted connections
// could not get TCP_NODELAY.
function listenDenoTls(
  uri: TlsUri,
  pem: TlsMaterial,
  token: string | undefined,
  options: ListenOptions,
): Listener | null {
  const raw = Deno.listenTls({
    hostname: uri.host,
    port: uri.port,
    cert: pem.cert!,
    key: pem.key!,
  });
  const port = raw.addr.port;
  if (!setListenerNoDelay(port)) {
    raw.close();
    return null;
  }
  const local = hostPort(uri.host, port);
  const timeout = options.authTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT;
  // Dropping a connection (a failed token, a handshake cut off, the listener
  // closing) shuts it down first: see `shutdownConnection`.
  const accepted = {
    accept: async (): Promise<Accepted> => {
      const conn = await raw.accept();
      return {
        conn,
        close: () => {
          shutdownConnection(port, conn.remoteAddr);
          closeQuietly(conn);
        },
      };
    },
    close: () => raw.close(),
  };
  return acceptInto(accepted, peerUri(uri, port, token), { scheme: "tls", local }, {
    wrap: async (accepted) => {
      const { conn } = accepted;
      const peer = hostPort(conn.remoteAddr.hostname, conn.remoteAddr.port);
      await handshake(accepted, peer, timeout);
      const channel = await checkAuthLine(denoConnChannel(conn), token, timeout);
      return new StreamTransport(channel, { scheme: "tls", peer, local }, options);
    },
    onRejected: options.onRejected,
  });
}

interface Accepted {
  conn: Deno.TlsConn;
  close(): void;
}

// The server handshake, cut off after `ms` (a client that connects and sends
// nothing must not hold a connection open).
async function handshake(accepted: Accepted, peer: string, ms: number): Promise<void> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    accepted.close();
  }, ms);
  try {
    await accepted.conn.handshake();
  } catch (err) {
    const why = timedOut
      ? `timed out after ${ms} ms`
      : err instanceof Error
      ? err.message
      : String(err);
    throw new ViewportError("closed", `TLS handshake with ${peer} failed: ${why}`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function listenNodeTls(
  uri: TlsUri,
  pem: TlsMaterial,
  token: string | undefined,
  options: ListenOptions,
): Promise<Listener> {
  const timeout = options.authTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT;
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
  await serverListening(server, { port: uri.port, host: uri.host });
  const port = (server.address() as { port: number }).port;
  const local = hostPort(uri.host, port);
  return nodeServerInto(server, peerUri(uri, port, token), { scheme: "tls", local }, {
    event: "secureConnection",
    wrap: async (socket: Socket) => {
      socket.setNoDelay(true);
      const channel = await checkAuthLine(
        tlsSocketChannel(socket),
        token,
        timeout,
      );
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
