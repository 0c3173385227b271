/**
 * Transports, the face the rest of Viewport imports: `VIEWPORT` URIs,
 * `connect(uri)` / `listen(uri)` for every scheme (each scheme's code is loaded
 * on first use, so importing this module loads no socket code), the
 * {@linkcode Transport} interface and its options, the in-memory pair, bearer
 * tokens, and the environment given to a spawned app.
 *
 * The folders below, one concern each (see docs/transports.md):
 * `uri/` (parse, format, redact), `core/` (framed transports over byte
 * channels and message sockets), `io/` (the runtime's sockets as byte
 * channels, accept loops), `schemes/` (one file per scheme and the registry),
 * `launch/` (starting apps on a socket pair or a PTY), `native/` (libc and
 * runtime internals, behind one switch).
 *
 * @module
 */
export * from "./uri/mod.ts";
export * from "./schemes/mod.ts";
export * from "./core/transport.ts";
export * from "./core/options.ts";
export * from "./core/memory.ts";
export * from "./core/token.ts";
export * from "./launch/app_env.ts";
