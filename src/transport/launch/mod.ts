/**
 * Starting an app with a link to its viewer: the environment it is given
 * (`VIEWPORT`, `VIEWPORT_SESSION`, ...) and a socket pair as its fd 3
 * (`fd://3?duplex=true`). Starting it in a new PTY (`stdio:`) is
 * `spawn_pty.ts`, imported on its own: it brings node-pty, a native package
 * that the `viewport` binary does without.
 *
 * @module
 */
export * from "./app_env.ts";
export * from "./spawn_fd.ts";
