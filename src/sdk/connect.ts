/**
 * The SDK's entry: read `VIEWPORT` and friends once, pick the output mode, and
 * return a {@linkcode Connection}. Environment, streams and size are injectable.
 *
 * @module
 */
import { ViewportError } from "../protocol/errors.ts";
import type { EnvMessage } from "../protocol/messages/types.ts";
import { PROTOCOL_VERSION } from "../protocol/constants.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import { type EnvSource, type OutputMode, resolveConnection } from "../transport/output_mode.ts";
import { newSessionId } from "../transport/spawn_env.ts";
import type { Transport } from "../transport/transport.ts";
import type { ViewportUri } from "../transport/uri.ts";
import { Connection } from "./connection.ts";
import type { Link } from "./link.ts";
import { HeadlessLink } from "./link.ts";
import { OrderedWriter, type Output } from "./output.ts";
import { TextLink } from "./text_link.ts";
import { type ReconnectOptions, ViewerLink } from "./viewer_link.ts";

/** Terminal size in cells. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Everything `connect()` would otherwise read from the process. */
export interface ConnectOptions {
  /** Environment variables (default: the process environment). */
  env?: EnvSource;
  /** Where text and ANSI output go (default: stdout). */
  stdout?: Output;
  /** Where one-line warnings go (default: stderr). */
  stderr?: Output;
  /** Whether stdout is a terminal (default: asked of stdout). */
  isTerminal?: boolean;
  /** The terminal size (default: asked of the console, else 80x24). */
  size?: TerminalSize;
  /** Opens a transport for a URI (default: the transport registry). */
  dial?: (uri: ViewportUri) => Promise<Transport>;
  /** Clock for relative times in the text projection. */
  now?: () => number;
  /** How long to wait for the viewer's first ENV, in ms. Default 1000. */
  envTimeoutMs?: number;
  /** Reconnection timing, or `false` to end the app's link on the first drop. */
  reconnect?: boolean | ReconnectOptions;
  /**
   * Rows kept per schema for re-sending after a reconnect (older rows are
   * dropped and counted). Default 10,000.
   */
  retainRows?: number;
}

/**
 * Connects the app to wherever `VIEWPORT` says: text on a pipe, the embedded
 * renderer on a terminal, nothing for `headless:`, or a viewer over a transport.
 *
 * @example
 * ```ts
 * import { connect } from "./connect.ts";
 * import { text } from "./components.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * conn.setTree(text("Hello, Viewport!"));
 * if (conn.projection() !== "Hello, Viewport!") throw new Error("projection");
 * await conn.close();
 * ```
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? processEnv;
  const stdout = options.stdout ?? Deno.stdout;
  const isTerminal = options.isTerminal ?? stdoutIsTerminal();
  const resolved = resolveConnection(env, isTerminal);
  if (resolved.warnings.length > 0) {
    const err = new OrderedWriter(options.stderr ?? Deno.stderr);
    for (const w of resolved.warnings) err.writeText(`viewport: ${w}\n`);
    await err.drain().catch(() => {});
  }
  const size = options.size ?? consoleSize() ?? { columns: 80, rows: 24 };
  const model = new ViewportModel({
    maxRows: options.retainRows ?? 10_000,
    // A viewer checks row types itself; the app skips the cost of checking twice.
    checkRowTypes: resolved.mode.type !== "viewer",
  });
  const mode = resolved.mode;
  const localEnv = selfEnv(mode, size, env);

  if (mode.type === "viewer") {
    const uri = resolved.uri!;
    const dial = options.dial ?? defaultDial;
    let conn: Connection | null = null;
    const link = new ViewerLink({
      dial: () => dial(uri),
      session: resolved.session ?? newSessionId(),
      model,
      receive: (m) => conn?.receive(m),
      onError: (e) => conn?.reportError(e),
      onReconnect: (n) => conn?.reportReconnect(n),
      onGone: (e) => {
        conn?.reportError(e);
        void conn?.close();
      },
      reconnect: options.reconnect,
    });
    let first: EnvMessage | undefined;
    try {
      first = await link.start(options.envTimeoutMs ?? 1000);
    } catch (err) {
      throw new ViewportError(
        "closed",
        `cannot reach the viewer at ${mode.transport.uri}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    conn = new Connection({ mode, model, link, env: first ?? localEnv, now: options.now });
    return conn;
  }

  let link: Link;
  if (mode.type === "headless") link = new HeadlessLink();
  else {
    // ansi: falls back to text until the embedded renderer is wired in.
    link = new TextLink(model, new OrderedWriter(stdout), {
      width: size.columns,
      now: options.now,
    });
  }
  return new Connection({ mode, model, link, env: localEnv, now: options.now });
}

async function defaultDial(uri: ViewportUri): Promise<Transport> {
  // Loaded lazily so that text and headless apps never load transport code.
  const registry = await import("../transport/registry.ts");
  return await registry.connect(uri);
}

/** The ENV an app sees when it renders itself (no viewer to ask). */
function selfEnv(mode: OutputMode, size: TerminalSize, env: EnvSource): EnvMessage {
  const get = typeof env === "function" ? env : (n: string) => env[n];
  const ansi = mode.type === "ansi";
  return {
    type: "ENV",
    viewport_version: PROTOCOL_VERSION,
    display_width: mode.type === "text" ? 80 : size.columns,
    display_height: size.rows,
    display_unit: "cell",
    color_depth: ansi ? colorDepth(get) : 0,
    remote: false,
    features: [],
  };
}

function colorDepth(get: (n: string) => string | undefined): number {
  if ((get("NO_COLOR") ?? "") !== "" || get("TERM") === "dumb") return 1;
  const ct = get("COLORTERM") ?? "";
  if (ct === "truecolor" || ct === "24bit") return 24;
  if ((get("TERM") ?? "").includes("256")) return 8;
  return 4;
}

function processEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

function stdoutIsTerminal(): boolean {
  try {
    return Deno.stdout.isTerminal();
  } catch {
    return false;
  }
}

function consoleSize(): TerminalSize | undefined {
  try {
    const { columns, rows } = Deno.consoleSize();
    return { columns, rows };
  } catch {
    return undefined;
  }
}
