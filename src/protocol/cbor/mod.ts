/**
 * Viewport's in-house CBOR (RFC 8949) codec: preferred serialization on encode,
 * strict well-formedness checks and limits on decode, slot references as tag 39.
 *
 * @example
 * ```ts
 * import { decodeCbor, encodeCbor } from "./mod.ts";
 * import { slot } from "../slot_ref.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeCbor({ target: 3, set: { style: slot(12) } });
 * assert.deepEqual(decodeCbor(bytes), { target: 3, set: { style: slot(12) } });
 * ```
 *
 * @module
 */
export {
  CborEncoder,
  type CborEncoderOptions,
  DEFAULT_ENCODE_MAX_DEPTH,
  encodeCbor,
  type EncodeOptions,
} from "./encode.ts";
export {
  decodeCbor,
  decodeCborRange,
  type DecodeOptions,
  DEFAULT_DECODE_MAX_DEPTH,
  DEFAULT_MAX_BIGNUM_BYTES,
  DEFAULT_MAX_ITEMS,
} from "./decode.ts";
export { isSimpleValue, Simple, Tagged } from "./tagged.ts";
