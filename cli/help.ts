/**
 * `viewport --help` and `viewport --version` texts.
 *
 * @module
 */
import config from "../deno.json" with { type: "json" };

/**
 * The version printed by `viewport --version`.
 *
 * @example
 * ```ts
 * import { VERSION } from "./help.ts";
 * if (!/^\d+\.\d+\.\d+/.test(VERSION)) throw new Error(VERSION);
 * ```
 */
export const VERSION: string = config.version;

/**
 * The main usage text.
 *
 * @example
 * ```ts
 * import { USAGE } from "./help.ts";
 * if (!USAGE.includes("--listen")) throw new Error();
 * ```
 */
export const USAGE: string = `viewport ${VERSION}: host Viewport apps in the terminal or headless

Usage:
  viewport [options] [-- CMD ARGS...]
  viewport decode [FILE|-]
  viewport table|text|progress|emit ...   (commands for shell scripts)
  viewport doctor [--json]                 (what works here: transports, terminal)

Runs CMD with VIEWPORT pointing at a private endpoint of this viewer and shows
its UI. On a terminal or with --web, a session whose app ended stays on show,
marked ended, until you quit; headless, the viewer ends with CMD and prints
its final text (unless --text-dir). Exits with CMD's exit code. With --listen,
accepts any app that connects to URI.

Options:
  --listen URI       accept apps on URI (repeatable), e.g. unix:///tmp/vp.sock,
                     unix-abstract://name, tcp://127.0.0.1:9400, ws://127.0.0.1:9401
  --via KIND         how CMD connects: unix (default; a 0600 socket under
                     $XDG_RUNTIME_DIR/viewport), unix-abstract, fd, tcp (loopback)
  --session ID       CMD's session id (default: a fresh sess-xxxxxx)
  --keep             keep running after CMD ends (the default on a terminal and
                     with --web; headless, Ctrl-C or SIGTERM ends it)
  --exit-with-app    end when CMD ends (the default headless)
  --headless         no drawing (CI, scripts); the default when not on a terminal
  --terminal         draw in this terminal (the default on a terminal)
  --graphics MODE    pictures in the terminal: kitty, sixel, cells (half blocks)
                     or auto (default: ask the terminal; VIEWPORT_GRAPHICS)
  --web[=ADDR]       serve the sessions to a browser at ADDR (HOST:PORT, default
                     127.0.0.1:9400); prints the URL to open, token included
  --cert FILE        with --key FILE: TLS for --web (https, wss); PEM files
  --allow-origin O   more origins (comma-separated) whose pages may use --web
  --text-dir DIR     keep DIR/<session>.txt equal to each session's text projection
  --allow-control    let tools on the --listen URIs read and drive every session
                     (viewport mcp --viewer URI); each action is logged to stderr
  --theme NAME       dark (default) or light: the colours apps and widgets get
  -v, --verbose      log connections and sessions to stderr
  -h, --help         show this help;  -V, --version  show the version

Limits (over one, the app gets ERROR too_large and keeps its last good state):
  --max-connections N   live app connections (default 1024)
  --max-sessions N      sessions kept, live or not (default 2048)
  --max-payload SIZE    largest frame payload, k/M/G allowed (default 16M)
  --max-nodes N         nodes per session (default 100000)
  --max-depth N         node nesting per session (default 256)
  --max-slots N         slots per session (default 65536)
  --max-rows N          rows kept per schema; older ones are dropped (default 10000)
  --max-session-bytes SIZE  memory a session may hold: tree, rows, drawings; rows
                        give way first, oldest dropped (default 64M)
  --max-viewer-bytes SIZE   the same for all sessions; unconnected sessions are
                        evicted first (default 1G)
  --max-text-bytes SIZE longest text file; longer ones are cut and say so (default 16M)

Misbehaving clients (closed with a logged reason):
  --max-pending N       connections that have not sent a valid frame; past it the
                        oldest is closed, keeping the rest for apps (default 256)
  --max-send-queue SIZE unsent bytes to an app that does not read (default 4M)
  --handshake-timeout T no valid frame within T (default 10s; ms, s, m, h)
  --idle-timeout T      no session (attach or state) within T (default 60s)
  --session-ttl T       a session without a connection is removed after T (default 1h;
                        not the spawned app's)

Quitting (the same rule in every Viewport TUI; the status line names the key):
  q        quits, unless the focused app takes q (an input being typed in, or
           an app that binds q); the app is asked to close and its exit code
           is the viewer's (0 for an app that closes normally)
  ctrl+q   quits wherever the focus is
  ctrl+c   interrupts: the viewer ends with 130
  With --web, Ctrl-C where viewport runs ends it.

Terminal keys: Ctrl-] then n/p (or Tab, arrows) switch session, 1-9 go to
one, x closes it, q quits, Ctrl-] sends Ctrl-]; everything else (and mouse
clicks) goes to the focused session. Clicking a tab switches to it.

Environment: NO_COLOR or TERM=dumb turn colors off; XDG_RUNTIME_DIR places
the private socket.

Commands for shell scripts (each follows VIEWPORT like an app: text in a pipe,
ANSI in a terminal, frames to a viewer; see 'viewport COMMAND --help'):
  table      stdin as a table (tsv, csv, jsonl, ws)
  text       a line of text
  progress   a progress bar fed by stdin
  emit       arbitrary protocol messages written as JSON

In a terminal they draw there (table takes the screen until you quit; text,
progress and emit draw in place), reading data from stdin and keys from the
terminal. In a pipe, apps and commands write text: the human form by
default; VIEWPORT=text:?format=tsv or ?format=jsonl (a command's --output
tsv|jsonl) writes only the data rows, raw (integers, ISO 8601 times; jsonl:
one JSON object per row keyed by column name).

Other commands:
  doctor     which transports work here and what the terminal supports
  mcp        an MCP server for agents: launch or join apps and drive them

Exit status: CMD's, or 0; 1 on a runtime error; 2 on a usage error.
`;

/**
 * Usage of `viewport decode`.
 *
 * @example
 * ```ts
 * import { DECODE_USAGE } from "./help.ts";
 * if (!DECODE_USAGE.includes("decode")) throw new Error();
 * ```
 */
export const DECODE_USAGE: string = `Usage: viewport decode [--max-payload SIZE] [FILE|-]

Prints one line per frame of FILE (or stdin): the message type, then the
payload as JSON-like text with slot references as @N. Truncated or corrupt
input stops with an error naming the byte offset (exit status 1).
`;
