/**
 * One NATS client connection per server and credentials, shared by every
 * channel of the process (100 apps in one process make one connection, not
 * 100), reconnecting forever. Credentials go to the client and nowhere else:
 * errors and `info` name only the server's host and port.
 *
 * @module
 */
import {
  connect as natsConnect,
  credsAuthenticator,
  type NatsConnection,
  nkeyAuthenticator,
  type NodeConnectionOptions,
} from "@nats-io/transport-node";
import { ViewportError } from "../../protocol/errors.ts";
import type { NatsUri } from "../uri/mod.ts";
import { hostPort } from "./_net.ts";

/** Options of the NATS schemes beyond the shared ones. */
export interface NatsLinkOptions {
  /** Overrides the URI's token. */
  token?: string;
  /** How long the first connection may take, in ms. */
  connectTimeout?: number;
  /**
   * How often an idle app says it is alive, in ms (default 5000); a viewer
   * drops a channel it has heard nothing from for four of these.
   */
  heartbeatMs?: number;
}

/** Something a link tells its channels about. */
export interface LinkWatcher {
  /** The client reconnected (to this or another server): messages may be lost. */
  reconnected(): void;
  /** Called every heartbeat period. */
  tick(now: number): void;
}

/** A shared, reference-counted NATS connection. */
export class NatsLink {
  /** The client. */
  readonly nc: NatsConnection;
  /** `host:port`, safe to log. */
  readonly server: string;
  /** The heartbeat period, in ms. */
  readonly heartbeatMs: number;
  readonly #key: string;
  readonly #watchers = new Set<LinkWatcher>();
  #refs = 0;
  #connected = true;
  #wake: (() => void)[] = [];
  #timer: ReturnType<typeof setInterval>;
  #linger: ReturnType<typeof setTimeout> | undefined;

  constructor(nc: NatsConnection, server: string, key: string, heartbeatMs: number) {
    this.nc = nc;
    this.server = server;
    this.#key = key;
    this.heartbeatMs = heartbeatMs;
    this.#timer = setInterval(() => {
      const now = performance.now();
      for (const w of [...this.#watchers]) w.tick(now);
    }, heartbeatMs);
    Deno.unrefTimer(this.#timer);
    void this.#watchStatus();
  }

  /** Largest message the server takes (its `max_payload`). */
  get maxMessage(): number {
    return this.nc.info?.max_payload ?? 1024 * 1024;
  }

  /** Whether the client is connected right now. */
  get connected(): boolean {
    return this.#connected && !this.nc.isClosed();
  }

  /** Resolves once connected (at once if it is), or rejects after `timeoutMs`. */
  async whenConnected(timeoutMs: number): Promise<void> {
    if (this.connected) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const woke = new Promise<void>((r) => this.#wake.push(r));
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() =>
        reject(
          new ViewportError(
            "closed",
            `the NATS server ${this.server} did not come back within ${timeoutMs} ms`,
          ),
        ), timeoutMs);
    });
    try {
      await Promise.race([woke, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Registers a channel (or listener) for events; returns its removal. */
  watch(w: LinkWatcher): () => void {
    this.#watchers.add(w);
    return () => this.#watchers.delete(w);
  }

  /** Takes a reference. */
  retain(): void {
    this.#refs++;
    clearTimeout(this.#linger);
    this.#linger = undefined;
  }

  /**
   * Drops a reference; the last one closes the connection, after `lingerMs`
   * when a new channel is expected soon (an app re-attaching).
   */
  release(lingerMs = 0): Promise<void> {
    if (--this.#refs > 0) return Promise.resolve();
    clearTimeout(this.#linger);
    const close = async () => {
      if (this.#refs > 0) return;
      if (POOL.get(this.#key) === this) POOL.delete(this.#key);
      clearInterval(this.#timer);
      await this.nc.close().catch(() => {});
    };
    if (lingerMs <= 0) return close();
    this.#linger = setTimeout(close, lingerMs);
    return Promise.resolve();
  }

  async #watchStatus(): Promise<void> {
    try {
      for await (const s of this.nc.status()) {
        if (s.type === "disconnect") this.#connected = false;
        if (s.type === "reconnect") {
          this.#connected = true;
          for (const w of this.#wake.splice(0)) w();
          for (const w of [...this.#watchers]) w.reconnected();
        }
      }
    } catch { /* the status stream ends with the connection */ }
    if (POOL.get(this.#key) === this) POOL.delete(this.#key);
    clearInterval(this.#timer);
  }
}

const POOL = new Map<string, NatsLink>();
const PENDING = new Map<string, Promise<NatsLink>>();

/** `host:port` of a NATS URI, safe to log. */
export function natsServer(uri: NatsUri): string {
  return hostPort(uri.host, uri.port);
}

async function clientOptions(uri: NatsUri, o: NatsLinkOptions): Promise<NodeConnectionOptions> {
  const opts: NodeConnectionOptions = {
    servers: `${uri.host.includes(":") ? `[${uri.host}]` : uri.host}:${uri.port}`,
    name: "viewport",
    timeout: o.connectTimeout ?? 10_000,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    pingInterval: 20_000,
    maxPingOut: 3,
  };
  const token = o.token ?? uri.token;
  if (token !== undefined) opts.token = token;
  if (uri.user !== undefined) {
    opts.user = uri.user;
    opts.pass = uri.password;
  }
  const read = async (path: string, what: string) => {
    try {
      return await Deno.readFile(path);
    } catch (err) {
      throw new ViewportError(
        "bad_uri",
        `cannot read the NATS ${what} file ${JSON.stringify(path)}: ${(err as Error).name}`,
      );
    }
  };
  if (uri.creds !== undefined) {
    opts.authenticator = credsAuthenticator(await read(uri.creds, "creds"));
  }
  if (uri.nkey !== undefined) {
    const seed = new TextDecoder().decode(await read(uri.nkey, "NKey seed")).trim();
    if (!/^SU[A-Z2-7]+$/.test(seed)) {
      throw new ViewportError(
        "bad_uri",
        `the NATS NKey seed file ${JSON.stringify(uri.nkey)} does not hold a user seed ` +
          "(expected one line starting with SU)",
      );
    }
    opts.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  if (uri.scheme === "nats+tls") {
    opts.tls = {
      caFile: uri.ca,
      certFile: uri.cert,
      keyFile: uri.key,
      rejectUnauthorized: !uri.insecure,
      // TLS 1.3 lets a server refuse the client's certificate after the
      // client's handshake has finished, and the client library has no
      // handler left on the socket then: the refusal would be an uncaught
      // error that ends the process. Under TLS 1.2 it fails the handshake.
      maxVersion: "TLSv1.2",
    } as NodeConnectionOptions["tls"];
  }
  return opts;
}

/** Describes a client error without anything it may quote from the options. */
function describeError(err: unknown): string {
  const e = err as { message?: string; code?: string; name?: string };
  const text = String(e?.message ?? err);
  if (/authoriz|authenticat|permission/i.test(text)) return "the server refused the credentials";
  if (/ECONNREFUSED|connection refused/i.test(text)) return "connection refused";
  if (/timeout/i.test(text)) return "timed out";
  if (/certificate|tls|ssl/i.test(text)) return `TLS failed (${e?.code ?? "handshake"})`;
  return e?.code ?? e?.name ?? "failed";
}

let resetGuardUntil = 0;

/**
 * After a refused connect the client library leaves its socket without an
 * error handler, and the server's reset that follows would be an uncaught
 * `read ECONNRESET` that ends the process. For a short while after such a
 * failure, that one error is absorbed (the failure was already reported).
 */
function absorbLateReset(): void {
  const first = resetGuardUntil === 0;
  resetGuardUntil = performance.now() + 2000;
  if (!first) return;
  globalThis.addEventListener("error", (event) => {
    const e = event.error as { code?: string; syscall?: string } | undefined;
    if (
      performance.now() < resetGuardUntil && e?.code === "ECONNRESET" && e.syscall === "read"
    ) event.preventDefault();
  });
}

/**
 * The shared link for `uri`'s server and credentials, connecting when there is
 * none; takes a reference (give it back with `release`).
 */
export async function acquireLink(uri: NatsUri, o: NatsLinkOptions = {}): Promise<NatsLink> {
  const key = JSON.stringify([
    uri.scheme,
    uri.host,
    uri.port,
    o.token ?? uri.token,
    uri.user,
    uri.password,
    uri.creds,
    uri.nkey,
    uri.ca,
    uri.cert,
    uri.key,
    uri.insecure,
    o.heartbeatMs,
  ]);
  for (;;) {
    const pooled = POOL.get(key);
    if (pooled && !pooled.nc.isClosed()) {
      pooled.retain();
      return pooled;
    }
    const pending = PENDING.get(key);
    if (!pending) break;
    await pending.catch(() => {});
  }
  const server = natsServer(uri);
  const making = (async () => {
    const options = await clientOptions(uri, o);
    let nc: NatsConnection;
    try {
      nc = await natsConnect(options);
    } catch (err) {
      absorbLateReset();
      const refused = /authoriz|authenticat/i.test(String((err as Error)?.message));
      throw new ViewportError(
        refused ? "unauthorized" : "closed",
        `cannot reach the NATS server ${server}: ${describeError(err)}`,
      );
    }
    const link = new NatsLink(nc, server, key, o.heartbeatMs ?? 5000);
    POOL.set(key, link);
    return link;
  })();
  PENDING.set(key, making);
  try {
    const link = await making;
    link.retain();
    return link;
  } finally {
    PENDING.delete(key);
  }
}
