/**
 * Validating decoders: a decoded CBOR payload in, a typed {@linkcode Message}
 * out, or a `ViewportError` naming the message, the field, the value and what
 * was expected. Unknown fields are ignored; draft camelCase keys are accepted.
 *
 * @module
 */
import { ErrorCode, MessageType, messageTypeName } from "../constants.ts";
import { ViewportError } from "../errors.ts";
import { decodeNode, normalizeProp } from "./node.ts";
import {
  type Column,
  COLUMN_TYPES,
  INPUT_KINDS,
  type Message,
  type NodeSpec,
  type Patch,
  type Props,
  type SlotValue,
} from "./types.ts";
import {
  describe,
  expectArray,
  expectBool,
  expectNumber,
  expectOneOf,
  expectRecord,
  expectSlotRef,
  expectString,
  expectUint,
  fail,
  formatPath,
  Invalid,
  isRecord,
  snakeKeys,
  within,
} from "./validate.ts";

const U32 = 0xffff_ffff;
const PATCH_OPS = ["set", "children_insert", "children_move", "replace", "remove"] as const;

/**
 * Decodes the payload `value` of a frame of message type `type`. Throws
 * `ViewportError` `bad_message` for an invalid payload and `unsupported` for a
 * type byte this library does not know (callers skip those).
 *
 * @example
 * ```ts
 * import { decodeMessage } from "./decode.ts";
 * import assert from "node:assert/strict";
 * const msg = decodeMessage(0x03, { target: 3, set: { content: "goodbye" } });
 * assert.equal(msg.type, "PATCH");
 * assert.equal(msg.patches[0].target, 3);
 * ```
 */
export function decodeMessage(type: number, value: unknown): Message {
  const name = messageTypeName(type);
  if (name === undefined) {
    throw new ViewportError(
      ErrorCode.UNSUPPORTED,
      `unknown message type 0x${type.toString(16).padStart(2, "0")} (known: 0x01-0x0b)`,
      { messageType: type },
    );
  }
  try {
    return DECODERS[type](value);
  } catch (err) {
    throw restated(type, err);
  }
}

/**
 * A validation failure restated for the message (`Invalid` becomes a
 * `ViewportError` naming the message and the field); other errors unchanged.
 */
export function restated(type: number, err: unknown): unknown {
  if (!(err instanceof Invalid)) return err;
  const where = formatPath(err.path);
  const name = messageTypeName(type) ?? `type 0x${type.toString(16)}`;
  return new ViewportError(err.code, `${name} ${where ? where + ": " : ""}${err.detail}`, {
    messageType: type,
  });
}

const DECODERS: Record<number, (value: unknown) => Message> = {
  [MessageType.DEFINE](value) {
    const m = expectRecord(value, "payload");
    const slot = expectUint(m.slot, "slot", U32);
    return { type: "DEFINE", slot, value: within("value", () => slotValue(m.value)) };
  },
  [MessageType.TREE](value) {
    const m = expectRecord(value, "payload");
    if (m.root === undefined) fail("root", "missing (expected a node)");
    return { type: "TREE", root: within("root", () => decodeNode(m.root)) };
  },
  [MessageType.PATCH](value) {
    if (Array.isArray(value)) {
      const patches: Patch[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) patches[i] = within(i, () => decodePatch(value[i]));
      return { type: "PATCH", patches };
    }
    return { type: "PATCH", patches: [decodePatch(value)] };
  },
  [MessageType.DATA](value) {
    const m = expectRecord(value, "payload");
    const out: Message & { type: "DATA" } = { type: "DATA" };
    if (m.schema !== undefined && m.schema !== null) out.schema = expectSlotRef(m.schema, "schema");
    if (m.rows !== undefined) {
      if (m.row !== undefined) fail("rows", "give either row or rows, not both");
      if (!out.schema) fail("schema", "missing (rows needs a schema)");
      const rows = expectArray(m.rows, "rows");
      for (let i = 0; i < rows.length; i++) {
        if (!Array.isArray(rows[i])) {
          within(
            "rows",
            () => fail(i, `expected a positional row (array), got ${describe(rows[i])}`),
          );
        }
      }
      out.rows = rows as unknown[][];
    } else if (Array.isArray(m.row) || isRecord(m.row)) {
      out.row = m.row;
    } else {
      fail("row", `expected a row (array or map) or rows, got ${describe(m.row)}`);
    }
    return out;
  },
  [MessageType.INPUT](value) {
    const m = snakeKeys(expectRecord(value, "payload"));
    const kind = expectOneOf(m.kind, "kind", INPUT_KINDS);
    const out = { ...m, type: "INPUT", kind } as Message & { type: "INPUT" };
    if (m.target !== undefined) out.target = expectUint(m.target, "target");
    else if (kind !== "key") fail("target", `missing (a ${kind} event needs a target node id)`);
    for (const f of ["x", "y"] as const) if (m[f] !== undefined) out[f] = expectNumber(m[f], f);
    if (m.button !== undefined) out.button = expectUint(m.button, "button", 31);
    if (kind === "key" || kind === "canvas_key") out.key = expectString(m.key, "key");
    if (kind === "value_change") {
      out.value = expectString(m.value, "value");
      // The input value contract (docs/protocol.md): both optional for older viewers.
      for (const f of ["seq", "base_seq"]) if (m[f] !== undefined) out[f] = expectUint(m[f], f);
    }
    if (kind === "scroll") out.scroll_top = expectNumber(m.scroll_top, "scroll_top");
    if (kind === "canvas_pointer") out.action = expectString(m.action, "action");
    return out;
  },
  [MessageType.ENV](value) {
    const m = snakeKeys(expectRecord(value, "payload"));
    const out = { ...m, type: "ENV" } as Message & { type: "ENV" };
    for (const f of ["viewport_version", "display_width", "display_height", "color_depth"]) {
      if (m[f] !== undefined) out[f] = expectUint(m[f], f);
    }
    for (const f of ["pixel_density", "latency_ms"]) {
      if (m[f] !== undefined) out[f] = expectNumber(m[f], f);
    }
    for (const f of ["gpu", "remote"]) if (m[f] !== undefined) out[f] = expectBool(m[f], f);
    for (const f of ["gpu_api", "session"]) if (m[f] !== undefined) out[f] = expectString(m[f], f);
    if (m.display_unit !== undefined) {
      out.display_unit = expectOneOf(m.display_unit, "display_unit", ["px", "cell"] as const);
    }
    for (const f of ["video_decode", "features"]) {
      if (m[f] !== undefined) out[f] = within(f, () => stringList(m[f]));
    }
    return out;
  },
  [MessageType.REGION](value) {
    const m = expectRecord(value, "payload");
    const action = expectString(m.action, "action");
    const out = { ...m, type: "REGION", action } as Message & { type: "REGION" };
    if (action === "attach") out.session = expectSessionId(m.session);
    if (action === "title") out.title = expectString(m.title, "title");
    if (action === "resize") {
      out.width = expectUint(m.width, "width", U32);
      out.height = expectUint(m.height, "height", U32);
    }
    return out;
  },
  [MessageType.AUDIO](value) {
    const m = expectRecord(value, "payload");
    const action = expectString(m.action, "action");
    const out = { ...m, type: "AUDIO", action } as Message & { type: "AUDIO" };
    if (action === "play") out.builtin = expectString(m.builtin, "builtin");
    if (action === "stream") {
      out.format = expectString(m.format, "format");
      // One packet in `data`, or several in `packets`.
      if (m.packets !== undefined) {
        const packets = expectArray(m.packets, "packets");
        packets.forEach((p, i) => {
          if (!(p instanceof Uint8Array)) {
            within("packets", () => fail(i, `expected a byte string, got ${describe(p)}`));
          }
        });
      } else if (!(m.data instanceof Uint8Array)) {
        fail("data", `expected a byte string, got ${describe(m.data)}`);
      }
      if (m.sample_rate !== undefined) {
        out.sample_rate = expectUint(m.sample_rate, "sample_rate", 384_000);
      }
      if (m.channels !== undefined) out.channels = expectUint(m.channels, "channels", 8);
    }
    return out;
  },
  [MessageType.CANVAS](value) {
    const m = expectRecord(value, "payload");
    const target = expectUint(m.target, "target");
    const mode = expectString(m.mode, "mode");
    const commands = expectArray(m.commands ?? [], "commands");
    for (let i = 0; i < commands.length; i++) {
      const c = commands[i];
      if (!Array.isArray(c) || typeof c[0] !== "string") {
        within(
          "commands",
          () => fail(i, `expected [op, ...args] with a text op, got ${describe(c)}`),
        );
      }
    }
    return { ...m, type: "CANVAS", target, mode, commands } as Message;
  },
  [MessageType.SCHEMA](value) {
    const m = expectRecord(value, "payload");
    const slot = expectUint(m.slot, "slot", U32);
    return { type: "SCHEMA", slot, columns: within("columns", () => decodeColumns(m.columns)) };
  },
  [MessageType.ERROR](value) {
    const m = expectRecord(value, "payload");
    const out: Message & { type: "ERROR" } = {
      type: "ERROR",
      code: expectString(m.code, "code"),
      message: expectString(m.message, "message"),
    };
    if (m.ref !== undefined && m.ref !== null) out.ref = expectUint(m.ref, "ref");
    return out;
  },
};

function expectSessionId(value: unknown): string {
  const s = expectString(value, "session");
  if (s.length === 0 || s.length > 128 || !/^[A-Za-z0-9._:@-]+$/.test(s)) {
    fail("session", `expected 1-128 characters of A-Z a-z 0-9 . _ : @ -, got ${describe(s)}`);
  }
  return s;
}

function stringList(value: unknown): string[] {
  const list = expectArray(value, "list" as never);
  list.forEach((v, i) => expectString(v, i));
  return list as string[];
}

/**
 * Validates a slot value (`{kind, ...}`) or `null` (delete).
 *
 * @example
 * ```ts
 * import { slotValue } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(slotValue({ kind: "color", value: "#fff" })?.kind, "color");
 * ```
 */
export function slotValue(value: unknown): SlotValue | null {
  if (value === null) return null;
  const v = snakeKeys(expectRecord(value, "value"));
  const kind = expectString(v.kind, "kind");
  switch (kind) {
    case "color":
      expectString(v.value, "value");
      break;
    case "keybind":
      expectString(v.key, "key");
      expectString(v.action, "action");
      break;
    case "transition":
      if (expectNumber(v.duration_ms, "duration_ms") < 0) fail("duration_ms", "expected >= 0");
      if (v.easing !== undefined) expectString(v.easing, "easing");
      break;
    case "text_size":
      expectNumber(v.value, "value");
      break;
    case "schema":
      within("columns", () => decodeColumns(v.columns));
      break;
  }
  return v as SlotValue;
}

/**
 * Validates schema columns: unique ids and names, known types.
 *
 * @example
 * ```ts
 * import { decodeColumns } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(decodeColumns([{ id: 0, name: "a", type: "string" }]).length, 1);
 * ```
 */
export function decodeColumns(value: unknown): Column[] {
  const list = expectArray(value, "columns" as never);
  const ids = new Set<number>(), names = new Set<string>();
  return list.map((raw, i) =>
    within(i, () => {
      const c = expectRecord(raw, i);
      const col: Column = {
        id: c.id === undefined ? i : expectUint(c.id, "id", U32),
        name: expectString(c.name, "name"),
        type: expectOneOf(c.type, "type", COLUMN_TYPES),
      };
      if (ids.has(col.id)) fail("id", `duplicate column id ${col.id}`);
      if (names.has(col.name)) fail("name", `duplicate column name ${describe(col.name)}`);
      ids.add(col.id);
      names.add(col.name);
      if (c.unit !== undefined) col.unit = expectString(c.unit, "unit");
      if (c.format !== undefined) col.format = expectString(c.format, "format");
      return col;
    })
  );
}

/**
 * Validates one patch: a target and exactly one operation. `node` validates
 * the node of `children_insert` and `replace` (the sliced decoder passes its own).
 *
 * @example
 * ```ts
 * import { decodePatch } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(decodePatch({ target: 5, remove: true }).remove, true);
 * ```
 */
export function decodePatch(
  value: unknown,
  node: (value: unknown) => NodeSpec = decodeNode,
): Patch {
  const raw = expectRecord(value, "patch");
  const p = snakeKeys(raw);
  const patch: Patch = { target: expectUint(p.target, "target") };
  let ops = 0;
  for (const op of PATCH_OPS) if (p[op] !== undefined) ops++;
  if (ops !== 1) {
    fail(
      ops === 0 ? "patch" : "ops",
      `expected exactly one of ${PATCH_OPS.join(", ")}, got ${ops}`,
    );
  }
  if (p.set !== undefined) {
    patch.set = within("set", () => decodeSet(p.set));
    if (p.transition !== undefined) patch.transition = expectSlotRef(p.transition, "transition");
  } else if (p.transition !== undefined) {
    fail("transition", "only allowed together with set");
  } else if (p.children_insert !== undefined) {
    const ins = expectRecord(p.children_insert, "children_insert");
    patch.children_insert = within("children_insert", () => ({
      index: expectUint(ins.index, "index", U32),
      node: within("node", () => node(ins.node)),
    }));
  } else if (p.children_move !== undefined) {
    const mv = expectRecord(p.children_move, "children_move");
    patch.children_move = within("children_move", () => ({
      from: expectUint(mv.from, "from", U32),
      to: expectUint(mv.to, "to", U32),
    }));
  } else if (p.replace !== undefined) {
    patch.replace = within("replace", () => node(p.replace));
  } else {
    if (p.remove !== true) fail("remove", `expected true, got ${describe(p.remove)}`);
    patch.remove = true;
  }
  return patch;
}

function decodeSet(value: unknown): Props {
  let set = snakeKeys(expectRecord(value, "set"));
  let copied = set !== value;
  for (const key in set) {
    if (key === "id" || key === "type" || key === "children") {
      fail(key, `cannot be changed with set (use replace or children_insert)`);
    }
    const v = set[key];
    if (v === null) continue;
    const nv = normalizeProp(key, v);
    if (nv !== v) {
      // Never write into the caller's object: in-memory peers pass their own.
      if (!copied) set = { ...set };
      copied = true;
      set[key] = nv;
    }
  }
  return set;
}
