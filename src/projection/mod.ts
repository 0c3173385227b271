/**
 * The text projection of a Viewport model, and value formats. No Deno APIs.
 *
 * @module
 */
export * from "./format.ts";
export * from "./text_projection.ts";
