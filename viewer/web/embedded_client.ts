/**
 * The browser client built into the CLI, when there is one. In the sources
 * this is `undefined` (the client is built from them on start);
 * `scripts/build.ts` replaces this module in its staging tree with one that
 * holds the built client, so single-file bundles and compiled binaries carry
 * it and need no source files at run time.
 *
 * @module
 */

/** The client's two files, as text. */
export interface ClientFiles {
  /** The bundled client script (`/client.js`). */
  readonly js: string;
  /** The stylesheet (`/client.css`). */
  readonly css: string;
}

/**
 * The embedded client, or `undefined` when running from sources.
 *
 * @example
 * ```ts
 * import { EMBEDDED_CLIENT } from "./embedded_client.ts";
 * import assert from "node:assert/strict";
 * assert.ok(EMBEDDED_CLIENT === undefined || EMBEDDED_CLIENT.js.length > 0, "empty client");
 * ```
 */
export const EMBEDDED_CLIENT: ClientFiles | undefined = undefined;
