/**
 * The framed transport, independent of any operating-system socket: the
 * {@linkcode Transport} interface, the framed transport over a byte stream
 * ({@linkcode StreamTransport}) or a message socket ({@linkcode MessageTransport}),
 * the byte-channel interface the socket code implements, the in-memory pair,
 * the accept queue of listeners, options and bearer tokens.
 *
 * @module
 */
export * from "./transport.ts";
export * from "./options.ts";
export * from "./byte_channel.ts";
export * from "./read_slabs.ts";
export * from "./frame_queue.ts";
export * from "./stream_transport.ts";
export * from "./message_transport.ts";
export * from "./splitter_decoder.ts";
export * from "./accept_queue.ts";
export * from "./memory.ts";
export * from "./token.ts";
export * from "./async_queue.ts";
