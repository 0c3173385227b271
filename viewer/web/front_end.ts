/**
 * The browser front end of `viewport`: `viewport --web[=HOST:PORT]` serves the
 * client and a WebSocket per tab (see `server.ts`) for the session host's
 * sessions, and prints the URL to open, token included, as Jupyter does.
 *
 * @module
 */
import type { DisplayInfo } from "../shared/display.ts";
import type { FrontEnd, FrontEndOptions } from "../shared/front_end.ts";
import type { SessionHost } from "../shared/session_host.ts";
import { HostSessionSource } from "./host_source.ts";
import { isLoopbackAddress, startWebServer, type WebServer } from "./server.ts";
import { loadTokenFile } from "./token_file.ts";

/** Default address of `--web`. */
export const DEFAULT_WEB_HOST = "127.0.0.1";
/** Default port of `--web`; when taken (and not asked for), any free port. */
export const DEFAULT_WEB_PORT = 9400;

/**
 * What apps are told about a browser display. Layout lengths are cells in
 * every viewer, so a browser reports cells too (a cell is 1ch x 1lh); the
 * size is a typical window's until a tab says otherwise, and the display's
 * facts (density, GPU, decoders, theme, latency) are the tabs' (`hub.ts`).
 */
export const WEB_DISPLAY: Readonly<DisplayInfo> = Object.freeze({
  width: 120,
  height: 40,
  unit: "cell",
  colorDepth: 8,
  features: Object.freeze(["canvas", "color", "pointer", "images", "transitions", "audio"]),
  // The session keeps every mode; a tab that cannot run one answers ERROR unsupported.
  canvasModes: Object.freeze(["vector2d", "webgpu", "stream"]),
  audio: Object.freeze({
    builtins: Object.freeze(["bell", "notification"]),
    formats: Object.freeze(["opus"]),
  }),
});

/** Options for {@linkcode WebFrontEnd}. */
export interface WebFrontEndOptions {
  /** Host to bind (default 127.0.0.1). */
  hostname?: string;
  /** Port (default 9400, or any free port when that is taken). */
  port?: number;
  /** PEM certificate chain and key: serve https and wss. */
  cert?: string;
  key?: string;
  /** Extra origins allowed to open WebSockets. */
  allowedOrigins?: readonly string[];
  /** Where the URL and warnings are written (stderr in the CLI). */
  log?: (line: string) => void;
  /** The access token (default: a new random one per start; see `--token-file`). */
  token?: string;
  /**
   * One app (`viewport --web -- CMD`): when the user closes its session in
   * the page (after it ended), the viewer is done.
   */
  single?: boolean;
  /**
   * `viewport --theme`: the page is dark or light whatever the OS prefers
   * (without it, the page follows the OS).
   */
  theme?: "dark" | "light";
}

/**
 * Shows the host's sessions in browsers.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: builds the browser client first (tens of seconds).
 * import { SessionHost } from "../shared/session_host.ts";
 * import { WebFrontEnd } from "./front_end.ts";
 * const web = new WebFrontEnd({ port: 0, log: console.error });
 * const host = new SessionHost({ display: web.display });
 * await web.attach(host);
 * await web.close();
 * ```
 */
export class WebFrontEnd implements FrontEnd {
  readonly display: DisplayInfo = WEB_DISPLAY;
  #options: WebFrontEndOptions;
  #server: WebServer | null = null;
  #done!: () => void;
  /** Resolves when the user closed the last session of a single-app viewer. */
  readonly done: Promise<void> = new Promise((r) => this.#done = r);

  constructor(options: WebFrontEndOptions = {}) {
    this.#options = options;
  }

  /** The running server, once attached. */
  get server(): WebServer | null {
    return this.#server;
  }

  async attach(host: SessionHost): Promise<void> {
    const o = this.#options;
    const hostname = o.hostname ?? DEFAULT_WEB_HOST;
    const closed = () => {
      if (o.single && host.sessions.length === 0) this.#done();
    };
    const common = {
      source: new HostSessionSource(host, closed),
      token: o.token,
      hostname,
      cert: o.cert,
      key: o.key,
      allowedOrigins: o.allowedOrigins,
      theme: o.theme,
    };
    try {
      this.#server = await startWebServer({ ...common, port: o.port ?? DEFAULT_WEB_PORT });
    } catch (err) {
      if (o.port !== undefined || !(err instanceof Deno.errors.AddrInUse)) throw err;
      this.#server = await startWebServer({ ...common, port: 0 });
    }
    const log = o.log ?? (() => {});
    if (!isLoopbackAddress(hostname) && o.cert === undefined) {
      log(`viewport: warning: serving ${hostname} without TLS; the token travels in clear text`);
    }
    // Shown once to the user on purpose, like Jupyter: the token is the key.
    log(`viewport: browser viewer at ${this.#server.url}`);
  }

  async close(): Promise<void> {
    const s = this.#server;
    this.#server = null;
    await s?.close();
  }
}

/**
 * Parses `HOST:PORT`, `HOST`, `:PORT` or `PORT` (IPv6 in brackets).
 *
 * @example
 * ```ts
 * import { parseWebAddress } from "./front_end.ts";
 * import assert from "node:assert/strict";
 * const a = parseWebAddress("[::1]:8080");
 * assert.equal(a.hostname, "::1");
 * assert.equal(a.port, 8080);
 * assert.equal(parseWebAddress("9401").port, 9401);
 * ```
 */
export function parseWebAddress(text: string): { hostname?: string; port?: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\[\]]*))(?::(\d+))?$/.exec(text);
  const bare = /^\d+$/.test(text) ? Number(text) : undefined;
  if (bare !== undefined) return checkPort({ port: bare }, text);
  if (!m || text === "") {
    throw new TypeError(`--web ${JSON.stringify(text)}: expected HOST:PORT, HOST or PORT`);
  }
  const hostname = m[1] ?? (m[2] || undefined);
  return checkPort({ hostname, port: m[3] === undefined ? undefined : Number(m[3]) }, text);
}

function checkPort<T extends { port?: number }>(a: T, text: string): T {
  if (a.port !== undefined && (a.port < 0 || a.port > 65535)) {
    throw new TypeError(`--web ${JSON.stringify(text)}: port must be 0-65535`);
  }
  return a;
}

/**
 * The CLI's factory: settings `address` (`--web=HOST:PORT`), `cert` and `key`
 * (PEM file paths), `allow_origin` (comma-separated origins), `token_file`
 * (`--token-file`: the token kept across restarts), `single` (`"1"`: one
 * spawned app; closing its ended session ends the viewer), `theme` (`dark` or
 * `light`: `--theme`, the page's scheme whatever the OS prefers).
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: builds the browser client first (tens of seconds).
 * import { createWebFrontEnd } from "./front_end.ts";
 * const fe = await createWebFrontEnd({ noColor: false, log: console.error, env: {}, settings: { address: "127.0.0.1:0" } });
 * ```
 */
export async function createWebFrontEnd(options: FrontEndOptions): Promise<WebFrontEnd> {
  const s = options.settings;
  const address = s.address ? parseWebAddress(s.address) : {};
  if ((s.cert === undefined) !== (s.key === undefined)) {
    throw new TypeError("--cert and --key go together (TLS needs both)");
  }
  const [cert, key] = s.cert !== undefined
    ? await Promise.all([Deno.readTextFile(s.cert), Deno.readTextFile(s.key!)])
    : [undefined, undefined];
  return new WebFrontEnd({
    ...address,
    cert,
    key,
    allowedOrigins: s.allow_origin ? s.allow_origin.split(",").map((o) => o.trim()) : undefined,
    log: options.log,
    token: s.token_file !== undefined ? await loadTokenFile(s.token_file) : undefined,
    single: s.single === "1",
    theme: s.theme === "dark" || s.theme === "light" ? s.theme : undefined,
  });
}
