/**
 * Who may use the browser viewer: the token check (query `token` or an
 * `Authorization: Bearer` header, compared in constant time), the Host check
 * that stops DNS rebinding on loopback, and the Origin check on WebSocket
 * upgrades that stops other sites' pages from connecting.
 *
 * @module
 */
import { constantTimeEqual } from "../../src/transport/mod.ts";

/** Options for {@linkcode WebAuth}. */
export interface WebAuthOptions {
  /** The secret every request must carry. */
  token: string;
  /** `"https"` when serving TLS. */
  scheme: "http" | "https";
  /**
   * Only accept Host headers naming a loopback address (set when listening on
   * loopback: a DNS-rebinding page then cannot reach the server by name).
   */
  loopbackOnly: boolean;
  /** More origins allowed to open WebSockets, e.g. `https://ide.example:8443`. */
  allowedOrigins?: readonly string[];
}

/** Why a request was refused. */
export type Refusal = { status: 401 | 403; reason: string };

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * The checks, in the order the server applies them.
 *
 * @example
 * ```ts
 * import { WebAuth } from "./auth.ts";
 * import assert from "node:assert/strict";
 * const auth = new WebAuth({ token: "s3cret-token-0123456789", scheme: "http", loopbackOnly: true });
 * const ok = new Request("http://127.0.0.1:9/?token=s3cret-token-0123456789");
 * assert.equal(auth.check(ok, false), null, "should pass");
 * const bad = new Request("http://127.0.0.1:9/?token=nope");
 * assert.equal(auth.check(bad, false)?.status, 401, "should be 401");
 * ```
 */
export class WebAuth {
  #token: string;
  #scheme: string;
  #loopbackOnly: boolean;
  #origins: Set<string>;

  constructor(options: WebAuthOptions) {
    this.#token = options.token;
    this.#scheme = options.scheme;
    this.#loopbackOnly = options.loopbackOnly;
    this.#origins = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase()));
  }

  /**
   * Returns `null` when `req` may proceed, else the refusal. `upgrade` adds
   * the Origin check for WebSocket handshakes.
   */
  check(req: Request, upgrade: boolean): Refusal | null {
    // HTTP/2 carries the host in :authority, which Deno puts into the URL.
    const host = (req.headers.get("host") ?? new URL(req.url).host).toLowerCase();
    if (this.#loopbackOnly && !isLoopbackHost(host)) {
      return { status: 403, reason: "Host header does not name a loopback address" };
    }
    if (!this.#tokenOk(req)) {
      return { status: 401, reason: "a valid token is required (open the URL the viewer printed)" };
    }
    if (upgrade) {
      const origin = req.headers.get("origin");
      // Browsers always send Origin on WebSocket handshakes; tools may not, and
      // they had to present the token anyway.
      if (origin !== null && !this.#originOk(origin.toLowerCase(), host)) {
        return { status: 403, reason: "cross-origin WebSocket refused" };
      }
    }
    return null;
  }

  #tokenOk(req: Request): boolean {
    const query = new URL(req.url).searchParams.get("token");
    if (query !== null) return constantTimeEqual(query, this.#token);
    const auth = req.headers.get("authorization");
    const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
    return m !== null && constantTimeEqual(m[1], this.#token);
  }

  #originOk(origin: string, host: string): boolean {
    if (this.#origins.has(origin)) return true;
    return host !== "" && origin === `${this.#scheme}://${host}`;
  }
}

/** True when a Host header value (`name[:port]`) names a loopback address. */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  return LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name);
}
