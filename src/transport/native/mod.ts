/**
 * Every use of libc (FFI) and of the runtime's private fields, behind one
 * loader (`_libc.ts`), one switch (`VIEWPORT_NO_NATIVE=1` turns all of it off)
 * and one probe ({@linkcode nativeSupport}). Each caller has a portable path
 * for when a function here returns `null`/`false`; docs/transports.md says
 * what each costs.
 *
 * @module
 */
export * from "./probe.ts";
export * from "./fd_writer.ts";
export * from "./linux_sockets.ts";
export * from "./launchd_sockets.ts";
export * from "./tls_internals.ts";
