/**
 * Viewport: describe a UI once as a tree of nodes patched by id plus streams of
 * typed data; show it as text in a pipe, a TUI in a terminal, or in a viewer.
 *
 * @module
 */
export * from "./protocol/mod.ts";
export * from "./model/mod.ts";
export * from "./projection/mod.ts";
export * from "./sdk/mod.ts";
export * from "./widgets/mod.ts";
