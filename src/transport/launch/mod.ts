/**
 * Starting an app with a link to its viewer: the environment it is given
 * (`VIEWPORT`, `VIEWPORT_SESSION`, ...), a socket pair as its fd 3
 * (`fd://3?duplex=true`), or a new PTY (`stdio:`).
 *
 * @module
 */
export * from "./app_env.ts";
export * from "./spawn_fd.ts";
export * from "./spawn_pty.ts";
