/**
 * The embedded ANSI renderer (`VIEWPORT=ansi:`): a model drawn as a terminal
 * UI, terminal input turned into INPUT messages.
 *
 * - {@linkcode runAnsi} runs it on an app's own terminal.
 * - {@linkcode Renderer} is the library underneath (no I/O, no global state):
 *   it draws into a region of cells, so a viewer can host sessions with it.
 * - {@linkcode TerminalDriver} owns a terminal (raw mode, alternate screen,
 *   mouse, paste, restore on exit and signals).
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/mod.ts";
 * import { Renderer } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hello" } } });
 * const r = new Renderer({ model, width: 10, height: 1, colorDepth: "none" });
 * r.frame();
 * assert.equal(r.screenText(), "hello");
 * ```
 *
 * @module
 */
export * from "./renderer.ts";
export * from "./host.ts";
export * from "./terminal.ts";
export { type ColorDepth, detectColorDepth } from "./color.ts";
export { type Cursor, type EncodeTarget } from "./encode.ts";
export { CellBuffer } from "./cells.ts";
export { InputParser, type TermEvent } from "./input_parser.ts";
export { normalizeKey } from "./keybindings.ts";
