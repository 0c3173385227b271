/**
 * Transports: `VIEWPORT` URIs, output-mode resolution, spawn environments and tokens.
 *
 * @module
 */
export * from "./uri.ts";
export * from "./output_mode.ts";
export * from "./spawn_env.ts";
export * from "./token.ts";
