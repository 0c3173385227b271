/**
 * The Viewport wire protocol: constants, frames, CBOR, messages.
 * No Deno APIs: the browser viewer loads this too.
 *
 * @module
 */
export * from "./constants.ts";
export * from "./errors.ts";
export * from "./slot_ref.ts";
export * from "./frame.ts";
export * from "./frame_decoder.ts";
export * from "./stdio_splitter.ts";
export * from "./messages/mod.ts";
export * from "./cbor/mod.ts";
export * from "./wire.ts";
export * from "./inspect.ts";
