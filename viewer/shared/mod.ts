/**
 * The viewer's front-end independent core: the session host, sessions, the
 * front-end interface, limits, ENV construction and the live text directory.
 *
 * @module
 */
export * from "./limits.ts";
export * from "./display.ts";
export * from "./session.ts";
export * from "./app_connection.ts";
export * from "./front_end.ts";
export * from "./session_host.ts";
export * from "./text_dir.ts";
