/**
 * The app SDK: `connect()` / `defineApp()`, components, and the Connection API.
 *
 * @example
 * ```ts
 * import { connect, text } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * conn.setTree(text("hi"));
 * assert.equal(conn.projection(), "hi");
 * await conn.close();
 * ```
 *
 * @module
 */
// Types only: the renderer loads lazily, in ANSI mode alone.
export type { AnsiLink, AnsiLinkOptions, CellSize } from "./ansi_link.ts";
export * from "./app.ts";
export * from "./audio.ts";
export * from "./canvas.ts";
export * from "./ffmpeg.ts";
export * from "./ogg.ts";
export * from "./video.ts";
export * from "./batch.ts";
export * from "./components.ts";
export * from "./connect.ts";
export * from "./connection.ts";
export * from "./diff.ts";
export * from "./events.ts";
export * from "./input_events.ts";
export * from "./link.ts";
export * from "./output.ts";
export * from "./output_mode.ts";
export * from "./props.ts";
export * from "./text_link.ts";
export * from "./viewer_link.ts";
export * from "./vnode.ts";
