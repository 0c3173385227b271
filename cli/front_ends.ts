/**
 * The front ends `viewport` can use, by name. A front end in its own folder
 * plugs in with one entry here (`--web` for the browser front end).
 *
 * @module
 */
import type { FrontEndFactory } from "../viewer/shared/front_end.ts";
import { createHeadlessFrontEnd } from "../viewer/headless/headless_front_end.ts";

/**
 * Front-end factories by name (`--headless`, `--terminal`, `--web`). Loaded
 * lazily so that a headless viewer never loads terminal or web code.
 *
 * @example
 * ```ts
 * import { FRONT_ENDS } from "./front_ends.ts";
 * import assert from "node:assert/strict";
 * assert.ok("headless" in FRONT_ENDS);
 * ```
 */
export const FRONT_ENDS: Readonly<Record<string, FrontEndFactory>> = {
  headless: createHeadlessFrontEnd,
  terminal: async (options) =>
    (await import("../viewer/terminal/terminal_front_end.ts")).createTerminalFrontEnd(options),
  web: async (options) => (await import("../viewer/web/front_end.ts")).createWebFrontEnd(options),
};
