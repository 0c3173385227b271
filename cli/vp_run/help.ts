/**
 * `vp-run --help` text.
 *
 * @module
 */
import { VERSION } from "../help.ts";

/**
 * The usage text of `vp-run`.
 *
 * @example
 * ```ts
 * import { VP_RUN_USAGE } from "./help.ts";
 * import assert from "node:assert/strict";
 * assert.ok(VP_RUN_USAGE.includes("--via"));
 * ```
 */
export const VP_RUN_USAGE: string = `vp-run ${VERSION}: run a program against a Viewport viewer

Usage:
  vp-run [--via stdio|fd|unix|unix-abstract|tcp] [--to URI] [--session ID]
         [--exit-with-app] -- CMD ARGS...

Runs CMD with VIEWPORT pointing at an endpoint made for it here, connects to
the viewer at URI and relays frames both ways, adding only the session attach.
Exits with CMD's exit status (128 + N when signal N ended it).

Options:
  --via KIND     how CMD talks to vp-run:
                   unix           a 0600 socket in a private directory (default)
                   unix-abstract  a random Linux abstract socket name
                   fd             an inherited socket pair, fd 3
                   tcp            loopback with a one-time token
                   stdio          frames inside CMD's terminal output: CMD runs
                                  in a pseudo-terminal, its text reaches this
                                  terminal unchanged, keystrokes and resizes
                                  reach CMD
  --to URI       the viewer, e.g. unix:///run/user/1000/viewport/v.sock,
                 tcp://host:9400?token=..., stdio: (frames on vp-run's own
                 stdout, for a vp-run at the other end of an ssh session).
                 Default: the caller's VIEWPORT. Without one, an in-process
                 viewer: the terminal viewer when this build has it (on a
                 terminal), else a headless one that prints CMD's text
                 projection when CMD ends
  --session ID   the session the viewer files CMD under (default: the
                 caller's VIEWPORT_SESSION, else a fresh sess-xxxxxx); CMD
                 gets it as VIEWPORT_SESSION
  --exit-with-app  with the in-process terminal viewer, end when CMD ends
                 (by default CMD's last screen stays, marked ended, until you
                 quit)
  -v, --verbose  log connections to stderr
  -h, --help     show this help
  -V, --version  show the version

Quitting the in-process terminal viewer (the status line names the key): q
(unless CMD's focused input or CMD itself takes q) or ctrl+q asks CMD to
close and exits with its status; ctrl+c exits 130. Ctrl-] opens the viewer's
commands (see viewport --help).

With --via stdio and stdout not a terminal, CMD's cursor moves and erases are
taken out of its text (colors are kept).

SIGINT, SIGTERM and SIGHUP are forwarded to CMD. Usage errors exit with 2,
a viewer that cannot be reached with 1, a command that cannot run with 127.
`;
