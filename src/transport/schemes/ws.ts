/**
 * `ws://` and `wss://`: one protocol frame per binary WebSocket message.
 * Listening side: `Deno.serve` + `Deno.upgradeWebSocket` (wss with the URI's
 * `cert` + `key`). Connecting side: the `ws` package, so that `ca`, `cert`,
 * `key`, `insecure` and the token (`Authorization: Bearer`) all work.
 *
 * @module
 */
import { DEFAULT_MAX_PAYLOAD, HEADER_SIZE } from "../../protocol/constants.ts";
import { ViewportError } from "../../protocol/errors.ts";
import {
  type ConnectOptions,
  constantTimeEqual,
  DEFAULT_HANDSHAKE_TIMEOUT,
  type Listener,
  type ListenOptions,
  MessageTransport,
  type Transport,
  TransportListener,
} from "../core/mod.ts";
import { checkListenPolicy, connectError, hostPort } from "./_net.ts";
import { readTlsMaterial } from "./_tls_material.ts";
import { formatViewportUri, type WssUri, type WsUri } from "../uri/mod.ts";
import { standardWebSocket, wsPackageSocket } from "./_ws_sockets.ts";

/**
 * Connects to a viewer over a WebSocket. The token goes in the
 * `Authorization: Bearer` header (never in the request URL, which servers log).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * import { connectWs, listenWs } from "./ws.ts";
 * const listener = await listenWs({ scheme: "ws", host: "127.0.0.1", port: 0, path: "/viewport" });
 * const port = Number(new URL(listener.uri.replace("ws:", "http:")).port);
 * const app = await connectWs({ scheme: "ws", host: "127.0.0.1", port, path: "/viewport" });
 * const viewer = (await listener[Symbol.asyncIterator]().next()).value!;
 * await app.send(encodeFrame(5, new Uint8Array([0xa0])));
 * assert.equal((await viewer.frames().next()).value?.type, 5);
 * await viewer.close();
 * await app.close();
 * await listener.close();
 * ```
 */
export async function connectWs(
  uri: WsUri | WssUri,
  options: ConnectOptions = {},
): Promise<Transport> {
  const target = `${uri.scheme}://${hostPort(uri.host, uri.port)}${uri.path}`;
  const { default: WebSocket } = await import("./ws_package.ts");
  const pem = uri.scheme === "wss" ? await readTlsMaterial(uri) : {};
  const token = options.token ?? uri.token;
  const ws = new WebSocket(target, {
    headers: token === undefined ? undefined : { Authorization: `Bearer ${token}` },
    perMessageDeflate: false,
    maxPayload: (options.maxPayload ?? DEFAULT_MAX_PAYLOAD) + HEADER_SIZE,
    handshakeTimeout: options.connectTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT,
    ...(uri.scheme === "wss"
      ? { ca: pem.ca, cert: pem.cert, key: pem.key, rejectUnauthorized: !uri.insecure }
      : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => {
        ws.removeListener("error", reject);
        resolve();
      });
      ws.once("error", reject);
    });
  } catch (err) {
    ws.terminate();
    throw refusal(target, err);
  }
  const socket = wsPackageSocket(ws);
  return new MessageTransport(
    socket,
    { scheme: uri.scheme, peer: hostPort(uri.host, uri.port) },
    options,
  );
}

function refusal(target: string, err: unknown): ViewportError {
  const message = err instanceof Error ? err.message : String(err);
  const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
  if (status === "401") {
    return new ViewportError("unauthorized", `${target} refused the token (HTTP 401)`, {
      cause: err,
    });
  }
  return connectError(target, err);
}

/**
 * Listens for apps over WebSocket on the URI's path (other paths get 404). With
 * a token, an upgrade without `Authorization: Bearer TOKEN` (or `?token=`, for
 * browsers, which cannot set headers) gets 401. wss needs `cert` + `key`.
 *
 * @example
 * ```ts
 * import { listenWs } from "./ws.ts";
 * const listener = await listenWs({ scheme: "ws", host: "127.0.0.1", port: 0, path: "/v" });
 * if (!/^ws:\/\/127\.0\.0\.1:\d+\/v$/.test(listener.uri)) throw new Error(listener.uri);
 * await listener.close();
 * ```
 */
export async function listenWs(
  uri: WsUri | WssUri,
  options: ListenOptions = {},
): Promise<Listener> {
  const token = options.token ?? uri.token;
  let tls: { cert: string; key: string } | undefined;
  if (uri.scheme === "wss") {
    if (uri.ca !== undefined) {
      throw new ViewportError(
        "unsupported",
        "a wss:// listener cannot require client certificates (Deno.serve cannot ask for them); " +
          "use a token, or tls:// with ?ca= for mutual TLS",
      );
    }
    if (uri.cert === undefined || uri.key === undefined) {
      throw new ViewportError(
        "bad_uri",
        "a wss:// listener needs its certificate: add ?cert=/path/server.pem&key=/path/server.key",
      );
    }
    const pem = await readTlsMaterial(uri);
    tls = { cert: pem.cert!, key: pem.key! };
  }
  checkListenPolicy(
    uri.scheme,
    uri.host,
    uri.port,
    token !== undefined,
    options.allowInsecureRemote,
  );
  const abort = new AbortController();
  let listener: TransportListener | null = null;
  const pending = new Set<WebSocket>();
  const server = Deno.serve({
    hostname: uri.host,
    port: uri.port,
    signal: abort.signal,
    onListen() {},
    ...tls,
  }, (req, conn) => {
    const url = new URL(req.url);
    if (url.pathname !== uri.path) return new Response("not found\n", { status: 404 });
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade\n", {
        status: 426,
        headers: { Upgrade: "websocket" },
      });
    }
    if (token !== undefined && !tokenMatches(req, url, token)) {
      options.onRejected?.(
        new ViewportError("unauthorized", "WebSocket upgrade without the right token"),
      );
      return new Response("unauthorized\n", {
        status: 401,
        headers: { "WWW-Authenticate": "Bearer" },
      });
    }
    // Read before the upgrade: afterwards the request (and its info) is gone.
    const peer = hostPort(conn.remoteAddr.hostname, conn.remoteAddr.port);
    const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 0 });
    pending.add(socket);
    socket.addEventListener("open", () => {
      pending.delete(socket);
      const transport = new MessageTransport(standardWebSocket(socket), {
        scheme: uri.scheme,
        peer,
        local,
      }, options);
      listener!.push(transport);
    }, { once: true });
    return response;
  });
  const port = server.addr.port;
  const local = hostPort(uri.host, port);
  const peerUri = formatViewportUri(
    uri.scheme === "ws"
      ? { scheme: "ws", host: uri.host, port, path: uri.path, token }
      : { scheme: "wss", host: uri.host, port, path: uri.path, insecure: false, token },
  );
  listener = new TransportListener(peerUri, { scheme: uri.scheme, local }, async () => {
    for (const s of pending) s.close();
    abort.abort();
    await server.finished;
  });
  return listener;
}

function tokenMatches(req: Request, url: URL, token: string): boolean {
  const header = req.headers.get("authorization");
  const m = header === null ? null : /^Bearer ([\x21-\x7e]+)$/i.exec(header);
  const presented = m?.[1] ?? url.searchParams.get("token");
  return presented !== null && constantTimeEqual(presented, token);
}
