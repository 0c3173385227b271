/**
 * In-memory shapes of the eleven Viewport messages. Payload maps on the wire are
 * these objects minus the `type` discriminator (see `encode.ts`); nodes are flat
 * on the wire and split into `props` here (see `node.ts`).
 *
 * @module
 */
import type { SlotRef } from "../slot_ref.ts";

/** The node types of the render tree. */
export const NODE_TYPES = [
  "box",
  "scroll",
  "text",
  "image",
  "canvas",
  "input",
  "separator",
] as const;
/** A render tree node type. */
export type NodeType = typeof NODE_TYPES[number];

/** Node properties: everything on a wire node except `id`, `type` and `children`. */
export type Props = Record<string, unknown>;

/**
 * A node as carried by TREE, `children_insert` and `replace`.
 *
 * @example
 * ```ts
 * import type { NodeSpec } from "./types.ts";
 * const node: NodeSpec = { id: 1, type: "text", props: { content: "hi" } };
 * console.assert(node.props.content === "hi");
 * ```
 */
export interface NodeSpec {
  id: number;
  type: NodeType;
  props: Props;
  children?: NodeSpec[];
}

/** One patch of a PATCH batch: exactly one operation on `target`. */
export interface Patch {
  target: number;
  /** Props to set; a `null` value removes the prop. */
  set?: Props;
  /** Animate the `set` with the transition in this slot. */
  transition?: SlotRef;
  children_insert?: { index: number; node: NodeSpec };
  children_move?: { from: number; to: number };
  replace?: NodeSpec;
  remove?: true;
}

/** A slot value: `{kind, ...}`. */
export interface SlotValue {
  kind: string;
  [field: string]: unknown;
}

/** Column types of a schema. */
export const COLUMN_TYPES = [
  "string",
  "bool",
  "int64",
  "uint64",
  "float64",
  "timestamp",
  "duration",
  "bytes",
] as const;
/** A schema column type. */
export type ColumnType = typeof COLUMN_TYPES[number];

/** One schema column. */
export interface Column {
  id: number;
  name: string;
  type: ColumnType;
  unit?: string;
  format?: string;
}

/** Input event kinds. */
export const INPUT_KINDS = [
  "click",
  "hover",
  "focus",
  "blur",
  "key",
  "value_change",
  "canvas_pointer",
  "canvas_key",
  "scroll",
] as const;
/** An input event kind. */
export type InputKind = typeof INPUT_KINDS[number];

/** DEFINE 0x01: create, update or (with `value: null`) delete a slot. */
export interface DefineMessage {
  type: "DEFINE";
  slot: number;
  value: SlotValue | null;
}
/** TREE 0x02: a whole render tree. */
export interface TreeMessage {
  type: "TREE";
  root: NodeSpec;
}
/** PATCH 0x03: a batch of patches, applied atomically in order. */
export interface PatchMessage {
  type: "PATCH";
  patches: Patch[];
}
/** DATA 0x04: one row (positional or dict) or many positional rows. */
export interface DataMessage {
  type: "DATA";
  schema?: SlotRef;
  row?: unknown[] | Record<string, unknown>;
  rows?: unknown[][];
}
/** INPUT 0x05: a user input event. */
export interface InputMessage {
  type: "INPUT";
  kind: InputKind;
  target?: number;
  x?: number;
  y?: number;
  button?: number;
  key?: string;
  value?: string;
  action?: string;
  scroll_top?: number;
  /** `value_change`: the viewer's edit counter of the input (docs/protocol.md, "Input values"). */
  seq?: number;
  /** `value_change`: the `value_seq` of the app value the edit was made on. */
  base_seq?: number;
  [field: string]: unknown;
}
/** ENV 0x06: what the viewer is and can do. */
export interface EnvMessage {
  type: "ENV";
  viewport_version?: number;
  display_width?: number;
  display_height?: number;
  display_unit?: "px" | "cell";
  pixel_density?: number;
  gpu?: boolean;
  gpu_api?: string;
  color_depth?: number;
  video_decode?: string[];
  /** Audio stream formats the viewer decodes (`["opus"]`); an extension. */
  audio_decode?: string[];
  /** `"light"` or `"dark"`, when the viewer knows (a browser's color scheme); an extension. */
  theme?: string;
  remote?: boolean;
  latency_ms?: number;
  features?: string[];
  session?: string;
  [field: string]: unknown;
}
/** REGION 0x07: session and region management, both directions. */
export interface RegionMessage {
  type: "REGION";
  action: string;
  session?: string;
  title?: string;
  width?: number;
  height?: number;
  [field: string]: unknown;
}
/**
 * AUDIO 0x08: `play` a builtin (`bell`, `notification` with an optional
 * `text`), or `stream` encoded packets (`format: "opus"`, one packet in
 * `data` or several in `packets`, `sample_rate`, `channels`, `timestamp` of
 * the first packet in microseconds, `stream` naming the stream), or `stop` a
 * stream.
 */
export interface AudioMessage {
  type: "AUDIO";
  action: string;
  builtin?: string;
  text?: string;
  format?: string;
  data?: Uint8Array;
  packets?: Uint8Array[];
  sample_rate?: number;
  channels?: number;
  timestamp?: number;
  stream?: string;
  [field: string]: unknown;
}
/** One canvas drawing command: `[op, ...args]`. */
export type CanvasCommand = [string, ...unknown[]];
/** CANVAS 0x09. */
export interface CanvasMessage {
  type: "CANVAS";
  target: number;
  mode: string;
  commands: CanvasCommand[];
  [field: string]: unknown;
}
/** SCHEMA 0x0A: declare a data schema in a slot. */
export interface SchemaMessage {
  type: "SCHEMA";
  slot: number;
  columns: Column[];
}
/** ERROR 0x0B: a message was rejected. */
export interface ErrorMessage {
  type: "ERROR";
  code: string;
  message: string;
  ref?: number;
}

/** Any Viewport message. */
export type Message =
  | DefineMessage
  | TreeMessage
  | PatchMessage
  | DataMessage
  | InputMessage
  | EnvMessage
  | RegionMessage
  | AudioMessage
  | CanvasMessage
  | SchemaMessage
  | ErrorMessage;
