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
its UI; exits with CMD's exit code when it ends (unless --keep). With --listen,
accepts any app that connects to URI.

Options:
  --listen URI       accept apps on URI (repeatable), e.g. unix:///tmp/vp.sock,
                     unix-abstract://name, tcp://127.0.0.1:9400, ws://127.0.0.1:9401
  --via KIND         how CMD connects: unix (default; a 0600 socket under
                     $XDG_RUNTIME_DIR/viewport), unix-abstract, fd, tcp (loopback)
  --session ID       CMD's session id (default: a fresh sess-xxxxxx)
  --keep             keep running after CMD ends (quit with q, or Ctrl-C)
  --headless         no drawing (CI, scripts); the default when not on a terminal
  --terminal         draw in this terminal (the default on a terminal)
  --graphics MODE    pictures in the terminal: kitty, sixel, cells (half blocks)
                     or auto (default: ask the terminal; VIEWPORT_GRAPHICS)
  --web[=ADDR]       serve the sessions to a browser at ADDR (HOST:PORT, default
                     127.0.0.1:9400); prints the URL to open, token included
  --cert FILE        with --key FILE: TLS for --web (https, wss); PEM files
  --allow-origin O   more origins (comma-separated) whose pages may use --web
  --text-dir DIR     keep DIR/<session>.txt equal to each session's text projection
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

Other commands:
  doctor     which transports work here and what the terminal supports

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
