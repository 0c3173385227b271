/**
 * Transports: `VIEWPORT` URIs, output-mode resolution, spawn environments and tokens.
 *
 * @module
 */
export * from "./uri.ts";
export * from "./output_mode.ts";
export * from "./spawn_env.ts";
export * from "./token.ts";
export * from "./transport.ts";
export * from "./frame_queue.ts";
export * from "./memory.ts";
