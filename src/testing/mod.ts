/**
 * Driving Viewport apps from code: tests, golden screens, tools and agents.
 *
 * - {@linkcode openApp} runs an app in this process; {@linkcode openProcess}
 *   runs any command that speaks the protocol. Either way the driver is the
 *   viewer, at a display size you choose.
 * - Find nodes with `getByText`, `getByRole`, `getByLabel`, `getById`; act
 *   with `click`, `type`, `fill`, `press`, `focus`, `scroll`, `resize`; read
 *   `projection()`, `tree()`, `rows()`, `screen()`; wait with `waitFor`.
 * - `assertScreen(name)` compares the screen with `__screens__/name.txt`
 *   beside the test; `deno test -A x_test.ts -- --update` rewrites it.
 *
 * @example
 * ```ts
 * import { openApp } from "./mod.ts";
 * import { box, clickable, column, text } from "../sdk/mod.ts";
 * import assert from "node:assert/strict";
 * await using app = await openApp((conn) => {
 *   let n = 0;
 *   const label = text("Clicks: 0", { id: 2 });
 *   conn.setTree(column({ id: 1 }, [
 *     label,
 *     clickable(box({ id: 3 }, [text("Click me", { id: 4 })]), () => conn.set(label, { content: `Clicks: ${++n}` })),
 *   ]));
 * });
 * await app.getByRole("button", { name: "Click me" }).click();
 * await app.waitFor("Clicks: 1");
 * assert.equal(app.projection(), "Clicks: 1\nClick me");
 * ```
 *
 * @module
 */
export * from "./driver.ts";
export * from "./golden.ts";
export * from "./in_process.ts";
export * from "./keys.ts";
export * from "./link.ts";
export * from "./locator.ts";
export * from "./open.ts";
export * from "./poll.ts";
export * from "./process.ts";
export * from "./query.ts";
export * from "./screen.ts";
export * from "./tree_text.ts";
export * from "./typing.ts";
export * from "./viewer_end.ts";
