/**
 * The model of a Viewport session: slots, render tree, schemas and data.
 * No Deno APIs: the browser viewer loads this too.
 *
 * @module
 */
export * from "./standard_slots.ts";
export * from "./definition_table.ts";
export * from "./model_node.ts";
export * from "./render_tree.ts";
export * from "./data_store.ts";
export * from "./viewport_model.ts";
export * from "./snapshot.ts";
