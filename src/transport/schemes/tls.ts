/**
 * `tls://HOST:PORT`: TCP with TLS. Client side: the system trust store plus
 * `ca`, a client certificate (`cert` + `key`) for mutual TLS, and `insecure`
 * (no verification). Listening side (`tls_listen.ts`): `cert` + `key` are the
 * server's own certificate, and `ca` requires every client to present a
 * certificate signed by that CA (mutual TLS). Tokens use the same first line
 * as `tcp://`.
 *
 * @module
 */
import type { TLSSocket } from "node:tls";
import { authLine } from "./_auth_line.ts";
import {
  type ConnectOptions,
  DEFAULT_HANDSHAKE_TIMEOUT,
  denoConnChannel,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { connectError, hostPort, withTimeout } from "./_net.ts";
import { tlsSocketChannel } from "../io/tls_socket_channel.ts";
import { readTlsMaterial, type TlsMaterial } from "./_tls_material.ts";
import type { TlsUri } from "../uri/mod.ts";

export { readTlsMaterial, type TlsMaterial } from "./_tls_material.ts";
export { listenTls } from "./_tls_listen.ts";

/**
 * Connects to a viewer over TLS. The handshake completes before this resolves,
 * so certificate problems reject here. Deno's TLS over a TCP socket with
 * TCP_NODELAY (`Deno.startTls`; `Deno.connectTls` cannot set it, and Nagle's
 * algorithm then stalls small frames for 40 ms); `node:tls` when a client
 * certificate is given or `insecure` is set, which Deno's TLS cannot do.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connectTls } from "./tls.ts";
 * // A viewer would be at viewer.local:9400 with `ca` naming its CA. Here nobody
 * // listens on the port: a clean rejection.
 * const free = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const port = free.addr.port;
 * free.close();
 * await assert.rejects(connectTls({ scheme: "tls", host: "127.0.0.1", port, insecure: true }));
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
    return new StreamTransport(tlsSocketChannel(socket), info, transportOptions);
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
