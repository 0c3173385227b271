/**
 * Typed Viewport messages: shapes, validating decoders, payload builders.
 *
 * @module
 */
export * from "./types.ts";
export { decodeColumns, decodeMessage, decodePatch, slotValue } from "./decode.ts";
export { messageToPayload, messageTypeOf } from "./encode.ts";
export { decodeNode, encodeNode, normalizeProp } from "./node.ts";
