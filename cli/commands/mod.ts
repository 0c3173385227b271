/**
 * `viewport`'s commands for shell scripts: `table`, `text`, `progress`, `emit`.
 *
 * @module
 */
import type { ShellCommand } from "./io.ts";
import { runEmit } from "./emit.ts";
import { runProgress } from "./progress.ts";
import { runTable } from "./table.ts";
import { runText } from "./text.ts";

export * from "./io.ts";
export { EMIT_HELP, runEmit } from "./emit.ts";
export { PROGRESS_HELP, runProgress } from "./progress.ts";
export { runTable, TABLE_HELP } from "./table.ts";
export { runText, TEXT_HELP } from "./text.ts";

/**
 * The shell commands by name.
 *
 * @example
 * ```ts
 * import { SHELL_COMMANDS } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(Object.keys(SHELL_COMMANDS).join(), "table,text,progress,emit");
 * ```
 */
export const SHELL_COMMANDS: Readonly<Record<string, ShellCommand>> = {
  table: runTable,
  text: runText,
  progress: runProgress,
  emit: runEmit,
};
