/**
 * The SDK's entry: read `VIEWPORT` and friends once, pick the output mode, and
 * return a {@linkcode Connection}. Environment, streams and size are injectable.
 *
 * @module
 */
import { isViewportError, ViewportError } from "../protocol/errors.ts";
import type { EnvMessage, Message } from "../protocol/messages/types.ts";
import { PROTOCOL_VERSION } from "../protocol/constants.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import { type EnvSource, newSessionId, type OutputMode, resolveConnection } from "./output_mode.ts";
import type { Transport, ViewportUri } from "../transport/mod.ts";
import type { TerminalInput } from "../render/ansi/terminal.ts";
import { Connection } from "./connection.ts";
import { HeadlessLink, type Link } from "./link.ts";
import { OrderedWriter, type Output } from "./output.ts";
import { TextLink } from "./text_link.ts";
import { type ReconnectOptions, ViewerLink } from "./viewer_link.ts";

/** Terminal size in cells. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** How a program prefers ANSI mode (see {@linkcode ConnectOptions.ansi}). */
export interface AnsiPreferences {
  altScreen?: boolean;
  input?: boolean;
  keyHints?: boolean;
  /**
   * After the alternate screen, print the final text on the normal screen
   * (default true). A pager-like program (`viewport table`) turns it off:
   * quitting gives the screen back as it was, like `less`.
   */
  finalText?: boolean;
}

/** Everything `connect()` would otherwise read from the process. */
export interface ConnectOptions {
  /** Environment variables (default: the process environment). */
  env?: EnvSource;
  /**
   * Where text and ANSI output go (default: stdout). ANSI mode writes with
   * `writeSync` when the output has it (so the terminal can be restored at exit).
   */
  stdout?: Output & { writeSync?(bytes: Uint8Array): number };
  /**
   * Where ANSI mode reads keys and mouse from. Default: stdin, unless `stdout`
   * is given, then no input (an injected output is not the process's terminal,
   * and neither signal nor exit handlers are installed then).
   */
  stdin?: TerminalInput;
  /** Where one-line warnings go (default: stderr). */
  stderr?: Output;
  /** Whether stdout is a terminal (default: asked of stdout). */
  isTerminal?: boolean;
  /**
   * The terminal size (default: asked of the console, else 80x24). ANSI mode
   * asks a function again on SIGWINCH.
   */
  size?: TerminalSize | (() => TerminalSize);
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
  /**
   * ANSI mode: after the user ended the app and the connection closed: a quit
   * key (`q`, `ctrl+q`: 0), ctrl+c or SIGINT (130), SIGTERM (143), a hang-up
   * (129). Default: exit the process with `code`.
   */
  exit?: (code: number) => void;
  /**
   * ANSI mode as the program prefers it when `VIEWPORT` does not say (an
   * explicit `VIEWPORT=ansi:?alt=...` wins): `altScreen` (default true),
   * `input` (read keys and mouse; default true), `keyHints` (the bottom row
   * shows the app's keys and how to quit; default with the alternate screen
   * and input; turn it off when the app shows its own).
   */
  ansi?: AnsiPreferences;
  /**
   * ANSI mode: listen to SIGINT, SIGTERM, SIGWINCH, uncaught errors and exit
   * to restore the terminal (default: true unless `stdout` is given).
   */
  signals?: boolean;
}

/**
 * Connects the app to wherever `VIEWPORT` says: text on a pipe, the embedded
 * renderer on a terminal, nothing for `headless:`, or a viewer over a transport.
 *
 * @example
 * ```ts
 * import { connect } from "./connect.ts";
 * import { text } from "./components.ts";
 * import assert from "node:assert/strict";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * conn.setTree(text("Hello, Viewport!"));
 * assert.equal(conn.projection(), "Hello, Viewport!", "projection");
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
  const askSize = typeof options.size === "function" ? options.size : undefined;
  const size = askSize?.() ?? (options.size as TerminalSize | undefined) ?? consoleSize() ??
    { columns: 80, rows: 24 };
  const model = new ViewportModel({
    maxRows: options.retainRows ?? 10_000,
    // The app's own model: no work budget (a viewer applies its own and answers ERROR).
    maxWork: Infinity,
    // A viewer checks row types itself; the app skips the cost of checking twice.
    checkRowTypes: resolved.mode.type !== "viewer",
  });
  const mode = resolved.mode;
  const localEnv = selfEnv(mode, size);

  if (mode.type === "viewer") {
    const uri = resolved.uri!;
    const dial = options.dial ?? defaultDial;
    let conn: Connection | null = null;
    // What the viewer sends right after its ENV (its standard slots) can come
    // before the connection exists: keep it (a little) for the connection.
    const early: Message[] = [];
    const link = new ViewerLink({
      dial: () => dial(uri),
      session: resolved.session ?? newSessionId(),
      model,
      receive: (m) => conn ? conn.receive(m) : early.length < 256 && early.push(m),
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
      // Nothing must keep the app alive after this (a transport's pending read).
      await link.close().catch(() => {});
      // A refused token keeps its code: it is final, not a viewer that is down.
      const code = isViewportError(err, "unauthorized") ? "unauthorized" : "closed";
      throw new ViewportError(
        code,
        // The transport's own "cannot connect to URI:" would say the same twice.
        `cannot reach the viewer at ${mode.transport.uri}: ${
          (err as Error).message.replace(/^cannot connect to \S+: /, "")
        }${mode.transport.scheme === "stdio" ? STDIO_HINT : ""}`,
        { cause: err },
      );
    }
    conn = new Connection({ mode, model, link, env: first ?? localEnv, now: options.now });
    for (const m of early) if (m !== first) conn.receive(m);
    return conn;
  }

  if (mode.type === "ansi") {
    // Loaded lazily: text and headless apps never load the renderer.
    const { AnsiLink } = await import("./ansi_link.ts");
    const own = options.stdout === undefined;
    const out = options.stdout ?? Deno.stdout;
    let conn: Connection | null = null;
    const link = new AnsiLink({
      model,
      stdin: options.stdin ?? (own ? Deno.stdin : { readable: new ReadableStream() }),
      stdout: out.writeSync ? out as { writeSync(b: Uint8Array): number } : queued(out),
      env: colorEnv(env),
      size: askSize ?? (options.size as TerminalSize | undefined) ?? (() => consoleSize() ?? size),
      altScreen: resolved.uri === undefined
        ? options.ansi?.altScreen ?? mode.altScreen
        : mode.altScreen,
      input: options.ansi?.input,
      keyHints: options.ansi?.keyHints,
      finalText: options.ansi?.finalText,
      fps: mode.fps,
      textPath: resolved.textPath,
      now: options.now,
      signals: options.signals ?? own,
      appEnv: localEnv,
      receive: (m) => conn?.receive(m),
      wantsHover: () => conn?.handles("hover") ?? false,
      onQuit: (code) => {
        void conn?.close().finally(() => (options.exit ?? Deno.exit)(code));
      },
    });
    conn = new Connection({
      mode,
      model,
      link,
      env: link.env,
      now: options.now,
      interactive: true,
    });
    return conn;
  }
  const link: Link = mode.type === "headless"
    ? new HeadlessLink()
    : new TextLink(model, new OrderedWriter(stdout), {
      width: size.columns,
      now: options.now,
      format: mode.type === "text" ? mode.format : undefined,
    });
  return new Connection({ mode, model, link, env: localEnv, now: options.now });
}

const STDIO_HINT = " (VIEWPORT=stdio: needs a viewer that reads this program's output and " +
  "answers on its stdin, such as vp-run --via stdio)";

// What the renderer reads: color depth, graphics and notification support.
const COLOR_VARS = [
  "COLORTERM",
  "TERM",
  "TERM_PROGRAM",
  "NO_COLOR",
  "FORCE_COLOR",
  "WT_SESSION",
  "TMUX",
  "STY",
  "KITTY_WINDOW_ID",
  "ConEmuANSI",
  "VIEWPORT_NOTIFY",
  "VIEWPORT_GRAPHICS",
];

function colorEnv(env: EnvSource): Record<string, string | undefined> {
  const get = typeof env === "function" ? env : (n: string) => env[n];
  const out: Record<string, string | undefined> = {};
  for (const name of COLOR_VARS) {
    const v = get(name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** An output without `writeSync` (tests), written in order behind a queue. */
function queued(out: Output): { writeSync(b: Uint8Array): number } {
  const w = new OrderedWriter(out);
  return { writeSync: (b) => (w.write(b.slice()), b.length) };
}

async function defaultDial(uri: ViewportUri): Promise<Transport> {
  // Loaded lazily so that text and headless apps never load transport code.
  const registry = await import("../transport/mod.ts");
  return await registry.connect(uri);
}

/** The ENV an app sees when it renders itself (no viewer to ask). */
function selfEnv(mode: OutputMode, size: TerminalSize): EnvMessage {
  return {
    type: "ENV",
    viewport_version: PROTOCOL_VERSION,
    display_width: mode.type === "text" ? 80 : size.columns,
    display_height: size.rows,
    display_unit: "cell",
    // ANSI mode fills in the renderer's depth.
    color_depth: 0,
    remote: false,
    features: [],
  };
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
