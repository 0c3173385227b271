/**
 * The building blocks of `viewport`'s commands for shell scripts (`table`,
 * `text`, `progress`, `emit`), usable from code too.
 *
 * @module
 */
export * from "./columns.ts";
export * from "./emit.ts";
export * from "./progress.ts";
export * from "./records.ts";
export * from "./table.ts";
