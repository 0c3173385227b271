/**
 * The token line of `tcp://` and `tls://`: a client with a token sends
 * `Authorization: Bearer TOKEN\r\n` before its first frame. The line cannot be
 * mistaken for a frame (frames start with `V`, the line with `A`).
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { encodeMessage } from "../../protocol/wire.ts";
import { type ByteChannel, constantTimeEqual } from "../core/mod.ts";

const PREFIX = "Authorization: Bearer ";
const MAX_LINE = 1024;
const A = 0x41, CR = 0x0d, LF = 0x0a;

/**
 * The bytes a client sends first to present `token`.
 *
 * @example
 * ```ts
 * import { authLine } from "./_auth_line.ts";
 * const text = new TextDecoder().decode(authLine("abc"));
 * if (text !== "Authorization: Bearer abc\r\n") throw new Error(text);
 * ```
 */
export function authLine(token: string): Uint8Array {
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError("a token must be 1 or more visible ASCII characters");
  }
  return new TextEncoder().encode(`${PREFIX}${token}\r\n`);
}

/** What {@linkcode readAuthLine} found at the start of a stream. */
export interface AuthLineResult {
  /** The presented token, if the stream started with a token line. */
  token?: string;
  /** The stream after the line (the first frame bytes are replayed). */
  channel: ByteChannel;
}

/**
 * Reads an optional token line from the start of `channel`. Returns at once if
 * the first byte is not `A` (no line). Throws `unauthorized` for a malformed or
 * over-long line or an early end.
 *
 * @example
 * ```ts
 * import { authLine, readAuthLine } from "./_auth_line.ts";
 * const chunks = [authLine("t0ken-value"), new Uint8Array([0x56])];
 * const channel = {
 *   read: () => Promise.resolve(chunks.shift() ?? null),
 *   write: () => Promise.resolve(),
 *   close() {},
 *   slabReads: null,
 * };
 * const { token, channel: rest } = await readAuthLine(channel);
 * if (token !== "t0ken-value") throw new Error("token not read");
 * if ((await rest.read())?.[0] !== 0x56) throw new Error("frame bytes lost");
 * ```
 */
export async function readAuthLine(channel: ByteChannel): Promise<AuthLineResult> {
  let held: Uint8Array = new Uint8Array(0);
  for (;;) {
    const chunk = await channel.read();
    if (chunk === null) {
      if (held.length === 0) return { channel: replay(channel, held) };
      throw unauthorized("the peer closed the connection inside its token line");
    }
    held = held.length === 0 ? chunk : concat(held, chunk);
    if (held.length === 0) continue;
    if (held[0] !== A) return { channel: replay(channel, held) };
    const lf = held.indexOf(LF);
    if (lf < 0) {
      if (held.length > MAX_LINE) throw unauthorized(`token line longer than ${MAX_LINE} bytes`);
      continue;
    }
    if (lf === 0 || held[lf - 1] !== CR || lf > MAX_LINE) {
      throw unauthorized("malformed token line (expected 'Authorization: Bearer TOKEN' + CRLF)");
    }
    const line = new TextDecoder().decode(held.subarray(0, lf - 1));
    if (!line.startsWith(PREFIX) || !/^[\x21-\x7e]+$/.test(line.slice(PREFIX.length))) {
      throw unauthorized("malformed token line (expected 'Authorization: Bearer TOKEN' + CRLF)");
    }
    return { token: line.slice(PREFIX.length), channel: replay(channel, held.subarray(lf + 1)) };
  }
}

/**
 * Server side: requires `expected` (constant-time compare) within `timeoutMs`,
 * or accepts and drops an optional line when `expected` is undefined. A refused
 * peer is sent an ERROR frame `unauthorized` before the caller closes it.
 *
 * @example
 * ```ts
 * import { authLine, checkAuthLine } from "./_auth_line.ts";
 * const chunks = [authLine("right-token")];
 * const channel = {
 *   read: () => Promise.resolve(chunks.shift() ?? null),
 *   write: () => Promise.resolve(),
 *   close() {},
 *   slabReads: null,
 * };
 * import assert from "node:assert/strict";
 * const checked = await checkAuthLine(channel, "right-token", 1000);
 * assert.equal(await checked.read(), null); // the line is consumed; nothing follows
 * await assert.rejects(checkAuthLine({ ...channel, read: () => Promise.resolve(authLine("wrong")) }, "right-token", 1000));
 * ```
 */
export async function checkAuthLine(
  channel: ByteChannel,
  expected: string | undefined,
  timeoutMs: number,
): Promise<ByteChannel> {
  if (expected === undefined) return skipAuthLine(channel);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(unauthorized(`no token within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  let result: AuthLineResult;
  try {
    result = await Promise.race([readAuthLine(channel), timeout]);
  } catch (err) {
    await refuse(channel, err instanceof ViewportError ? err.message : "bad token line");
    throw err;
  } finally {
    clearTimeout(timer);
  }
  if (result.token === undefined || !constantTimeEqual(result.token, expected)) {
    const why = result.token === undefined ? "no token presented" : "wrong token";
    await refuse(channel, why);
    throw unauthorized(why);
  }
  return result.channel;
}

// Without a required token the transport starts at once (the viewer talks
// first); the line, if the client sends one anyway, is dropped on first read.
function skipAuthLine(channel: ByteChannel): ByteChannel {
  let inner: ByteChannel | null = null;
  const read = async () => {
    if (!inner) inner = (await readAuthLine(channel)).channel;
    return inner.read();
  };
  const slabReads = channel.slabReads;
  return {
    read,
    write: (bytes) => channel.write(bytes),
    close: () => channel.close(),
    // A read with a tail follows an earlier read, so the line is gone by then.
    slabReads: slabReads &&
      ((slabs) => {
        const into = slabReads.call(channel, slabs);
        return (tail, want) => tail === null ? read() : into(tail, want);
      }),
  };
}

async function refuse(channel: ByteChannel, why: string): Promise<void> {
  const frame = encodeMessage({ type: "ERROR", code: "unauthorized", message: why });
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    channel.write(frame).catch(() => {}),
    new Promise<void>((r) => timer = setTimeout(r, 500)),
  ]);
  clearTimeout(timer);
}

function replay(channel: ByteChannel, first: Uint8Array): ByteChannel {
  let pending: Uint8Array | null = first.length > 0 ? first : null;
  const replayed = (tail: Uint8Array | null): Promise<Uint8Array> | null => {
    if (!pending) return null;
    const p = pending;
    pending = null;
    return Promise.resolve(tail ? concat(tail, p) : p);
  };
  const slabReads = channel.slabReads;
  return {
    read: () => replayed(null) ?? channel.read(),
    write: (bytes) => channel.write(bytes),
    close: () => channel.close(),
    // A tail in the replayed bytes lies outside the reader's slabs: the slabs
    // move it when it grows.
    slabReads: slabReads &&
      ((slabs) => {
        const into = slabReads.call(channel, slabs);
        return (tail, want) => replayed(tail) ?? into(tail, want);
      }),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function unauthorized(message: string): ViewportError {
  return new ViewportError("unauthorized", message);
}
