/**
 * The headless front end.
 *
 * @module
 */
export * from "./headless_front_end.ts";
