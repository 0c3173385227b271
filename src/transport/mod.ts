/**
 * Transports: `VIEWPORT` URIs, output-mode resolution, spawn environments, tokens,
 * and `connect(uri)` / `listen(uri)` for every scheme (each scheme's code is
 * loaded on first use).
 *
 * @module
 */
export * from "./uri.ts";
export * from "./spawn_env.ts";
export * from "./token.ts";
export * from "./transport.ts";
export * from "./frame_queue.ts";
export * from "./memory.ts";
export * from "./registry.ts";
export * from "./options.ts";
export * from "./stream_transport.ts";
export * from "./write_queue.ts";
export * from "./byte_channel.ts";
export * from "./listener.ts";
export * from "./unix.ts";
export * from "./unix_abstract.ts";
export * from "./tcp.ts";
export * from "./tls.ts";
export * from "./ws.ts";
export * from "./message_transport.ts";
export * from "./ws_sockets.ts";
export * from "./node_channel.ts";
export * from "./node_listener.ts";
export * from "./deno_listener.ts";
export * from "./net_common.ts";
export * from "./auth_line.ts";
export * from "./fd.ts";
export * from "./spawn_channel.ts";
export * from "./stdio.ts";
export * from "./pty_transport.ts";
export * from "./pty_spawn.ts";
export * from "./splitter_decoder.ts";
export * from "./terminal_mode.ts";
export * from "./fd_writer.ts";
export * from "./systemd.ts";
export * from "./vsock.ts";
export * from "./windows.ts";
export * from "./launchd.ts";
export * from "./platform.ts";
