/**
 * Transports: `VIEWPORT` URIs, output-mode resolution, spawn environments, tokens,
 * and `connect(uri)` / `listen(uri)` for every scheme (each scheme's code is
 * loaded on first use).
 *
 * @module
 */
export * from "./uri/mod.ts";
export * from "./launch/app_env.ts";
export * from "./core/token.ts";
export * from "./core/transport.ts";
export * from "./core/frame_queue.ts";
export * from "./core/memory.ts";
export * from "./schemes/mod.ts";
export * from "./core/options.ts";
export * from "./core/stream_transport.ts";
export * from "./core/_write_queue.ts";
export * from "./core/byte_channel.ts";
export * from "./core/accept_queue.ts";
export * from "./schemes/unix.ts";
export * from "./schemes/unix_abstract.ts";
export * from "./schemes/tcp.ts";
export * from "./schemes/tls.ts";
export * from "./schemes/ws.ts";
export * from "./core/message_transport.ts";
export * from "./schemes/_ws_sockets.ts";
export * from "./io/node_socket_channel.ts";
export * from "./io/node_accept.ts";
export * from "./io/deno_accept.ts";
export * from "./schemes/_net.ts";
export * from "./schemes/_auth_line.ts";
export * from "./schemes/fd.ts";
export * from "./launch/spawn_fd.ts";
export * from "./schemes/stdio.ts";
export * from "./launch/_pty_transport.ts";
export * from "./launch/spawn_pty.ts";
export * from "./core/splitter_decoder.ts";
export * from "./io/terminal_mode.ts";
export * from "./native/fd_writer.ts";
export * from "./schemes/systemd.ts";
export * from "./schemes/vsock.ts";
export * from "./schemes/windows.ts";
export * from "./schemes/launchd.ts";
export * from "./schemes/_unsupported.ts";
