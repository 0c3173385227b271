/**
 * The terminal front end: sessions as tabs drawn by the ANSI renderer.
 *
 * @module
 */
export * from "./terminal_front_end.ts";
export * from "./chrome.ts";
export * from "./prefix_keys.ts";
