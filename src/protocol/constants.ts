/**
 * The single definition of Viewport's wire format: frame header layout, message
 * type bytes, limits and error codes. Docs point here instead of restating numbers.
 *
 * @module
 */

/** First magic byte of every frame header: ASCII `V`. */
export const MAGIC_0 = 0x56;
/** Second magic byte of every frame header: ASCII `P`. */
export const MAGIC_1 = 0x50;
/** The protocol version this library speaks, carried in header byte 2. */
export const PROTOCOL_VERSION = 1;
/**
 * Size of the fixed frame header: magic (2), version (1), type (1), payload length
 * (4, unsigned little-endian).
 */
export const HEADER_SIZE = 8;
/** Default maximum payload a receiver accepts before allocating: 16 MiB. */
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
/** The largest length the 32-bit header field can carry. */
export const MAX_WIRE_LENGTH = 0xffff_ffff;
/** CBOR tag that wraps a slot index to form a slot reference (`@12`). */
export const SLOT_REF_TAG = 39;
/** Slots below this index are standard slots that the viewer fills. */
export const STANDARD_SLOT_LIMIT = 128;

/**
 * Message type bytes (header byte 3).
 *
 * @example
 * ```ts
 * import { MessageType } from "./constants.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MessageType.PATCH, 0x03);
 * ```
 */
export const MessageType = {
  DEFINE: 0x01,
  TREE: 0x02,
  PATCH: 0x03,
  DATA: 0x04,
  INPUT: 0x05,
  ENV: 0x06,
  REGION: 0x07,
  AUDIO: 0x08,
  CANVAS: 0x09,
  SCHEMA: 0x0a,
  ERROR: 0x0b,
} as const;

/** A known message type byte. */
export type MessageType = typeof MessageType[keyof typeof MessageType];
/** A known message type name. */
export type MessageTypeName = keyof typeof MessageType;

const NAMES: Record<number, MessageTypeName> = {};
for (const [name, value] of Object.entries(MessageType)) {
  NAMES[value] = name as MessageTypeName;
}

/**
 * The name of a message type byte, or `undefined` for an unknown byte.
 *
 * @example
 * ```ts
 * import { messageTypeName } from "./constants.ts";
 * import assert from "node:assert/strict";
 * assert.equal(messageTypeName(0x02), "TREE");
 * assert.equal(messageTypeName(0x7f), undefined);
 * ```
 */
export function messageTypeName(type: number): MessageTypeName | undefined {
  return NAMES[type];
}

/**
 * Stable error codes: carried by {@linkcode ViewportError.code} and by ERROR
 * messages on the wire.
 */
export const ErrorCode = {
  /** Framing is broken: bad magic, bad version, truncated or trailing bytes. */
  BAD_FRAME: "bad_frame",
  /** The payload is not well-formed CBOR. */
  BAD_CBOR: "bad_cbor",
  /** The payload decoded but is not a valid message of its type. */
  BAD_MESSAGE: "bad_message",
  /** A patch or input names a node id that does not exist. */
  UNKNOWN_TARGET: "unknown_target",
  /** A node id is already live (or an insert would create a cycle). */
  DUPLICATE_ID: "duplicate_id",
  /** A list index is out of range. */
  OUT_OF_RANGE: "out_of_range",
  /** The receiver does not support this feature, mode or platform. */
  UNSUPPORTED: "unsupported",
  /** A size, depth or count limit was exceeded. */
  TOO_LARGE: "too_large",
  /** Authentication failed. */
  UNAUTHORIZED: "unauthorized",
  /** A URI or option is malformed. */
  BAD_URI: "bad_uri",
  /** The connection is closed or broke. */
  CLOSED: "closed",
} as const;

/** A stable error code string. */
export type ErrorCode = typeof ErrorCode[keyof typeof ErrorCode];
