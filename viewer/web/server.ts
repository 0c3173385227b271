/**
 * The browser viewer's server: serves the bundled client and a WebSocket per
 * tab that speaks Viewport frames (see `hub.ts`), behind a token, a Host check
 * and an Origin check; loopback by default, TLS with a certificate and key.
 *
 * @module
 */
import { loadClient } from "./build.ts";
import { WebAuth } from "./auth.ts";
import { Hub, type HubOptions } from "./hub.ts";
import { indexHtml, securityHeaders } from "./page.ts";
import type { WebSessionSource } from "./source.ts";
import { newToken } from "../../src/transport/mod.ts";

/** Options for {@linkcode startWebServer}. */
export interface WebServerOptions {
  /** Where sessions come from and where input goes. */
  source: WebSessionSource;
  /** Address to bind (default `127.0.0.1`, loopback). */
  hostname?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** The access token (default: a new random one). base64url text, >= 16 chars. */
  token?: string;
  /** PEM certificate chain; with `key`, serve https/wss. */
  cert?: string;
  /** PEM private key. */
  key?: string;
  /** Extra origins whose pages may open WebSockets. */
  allowedOrigins?: readonly string[];
  /** Hub limits. */
  hub?: HubOptions;
  /** `dark` or `light`: the page's scheme whatever the OS prefers (default: the OS's). */
  theme?: "dark" | "light";
  /** Directory for the client built from sources on disk (default `viewer/web/dist`). */
  bundleDir?: string;
}

/** A running browser viewer server. */
export interface WebServer {
  /** The URL to open, token included: show it to the user, never log it. */
  readonly url: string;
  /** `http(s)://host:port`, without the token. */
  readonly origin: string;
  /** The access token. */
  readonly token: string;
  /** The bound port. */
  readonly port: number;
  /** The hub (tab count, for status lines and tests). */
  readonly hub: Hub;
  /** Closes every tab and stops listening. */
  close(): Promise<void>;
}

/**
 * Builds the client if needed and starts serving.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: builds the browser client first (tens of seconds).
 * import { startWebServer } from "./server.ts";
 * import { ModelSessionSource } from "./model_source.ts";
 * const server = await startWebServer({ source: new ModelSessionSource() });
 * console.log(`open ${server.url}`);
 * await server.close();
 * ```
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) {
    throw new RangeError("token must be at least 16 characters of A-Z a-z 0-9 - _");
  }
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new TypeError("TLS needs both a certificate and a key");
  }
  const tls = options.cert !== undefined;
  const hostname = options.hostname ?? "127.0.0.1";
  const { js, css } = await loadClient({ outDir: options.bundleDir });
  const auth = new WebAuth({
    token,
    scheme: tls ? "https" : "http",
    loopbackOnly: isLoopbackAddress(hostname),
    allowedOrigins: options.allowedOrigins,
  });
  const hub = new Hub(options.source, options.hub);
  const sockets = new Set<WebSocket>();

  const handler = (req: Request, info?: Deno.ServeHandlerInfo): Response => {
    const url = new URL(req.url);
    const upgrade = req.headers.get("upgrade")?.toLowerCase() === "websocket";
    const refusal = auth.check(req, upgrade);
    if (refusal) return text(refusal.status, refusal.reason);
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed");
    switch (url.pathname) {
      case "/":
        return new Response(indexHtml(token, options.theme), {
          headers: securityHeaders("text/html"),
        });
      case "/client.js":
        return new Response(js, { headers: securityHeaders("text/javascript") });
      case "/client.css":
        return new Response(css, { headers: securityHeaders("text/css") });
      case "/alive":
        // A page asks before it reconnects: up, and its token still good (else 401 above).
        return new Response(null, { status: 204, headers: securityHeaders("text/plain") });
      case "/ws": {
        if (!upgrade) return text(400, "expected a WebSocket upgrade");
        // A tab on another machine makes the display remote (ENV `remote`); read
        // before the upgrade, which closes the request object.
        const peer = info?.remoteAddr;
        const remote = peer?.transport === "tcp" && !isLoopbackAddress(peer.hostname);
        const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 60 });
        socket.binaryType = "arraybuffer";
        sockets.add(socket);
        let tab: object | null = null;
        socket.onopen = () => tab = hub.open(socket, url.searchParams.get("session"), { remote });
        socket.onmessage = (e) => tab && hub.receive(tab, e.data);
        socket.onclose = () => {
          sockets.delete(socket);
          if (tab) hub.close(tab);
        };
        socket.onerror = () => {};
        return response;
      }
      default:
        return text(404, "not found");
    }
  };

  const server = Deno.serve({
    hostname,
    port: options.port ?? 0,
    onListen() {},
    ...(tls ? { cert: options.cert!, key: options.key! } : {}),
  }, handler);
  const port = server.addr.port;
  const origin = `${tls ? "https" : "http"}://${urlHost(hostname)}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    hub,
    close() {
      closing ??= (async () => {
        hub.dispose();
        const open = [...sockets].map((s) =>
          new Promise<void>((resolve) => {
            if (s.readyState === WebSocket.CLOSED) return resolve();
            s.addEventListener("close", () => resolve());
            s.close(1001, "viewer closing");
          })
        );
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<void>((r) => timer = setTimeout(r, 2000));
        await Promise.race([Promise.all(open), timeout]);
        clearTimeout(timer);
        await server.shutdown();
      })();
      return closing;
    },
  };
}

function text(status: number, body: string): Response {
  return new Response(`${status} ${body}\n`, {
    status,
    headers: securityHeaders("text/plain; charset=utf-8"),
  });
}

/** True for addresses only this machine can reach. */
export function isLoopbackAddress(hostname: string): boolean {
  return hostname === "localhost" || hostname === "::1" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function urlHost(hostname: string): string {
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}
