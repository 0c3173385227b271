/**
 * The two places where `node:tls` under Deno needs the runtime's private
 * fields, both found by looking and both given up (the caller then takes the
 * portable path) when {@linkcode internalsAllowed} says no:
 * - reading the cleartext straight into our buffers: the `kBuffer`,
 *   `kBufferGen` and `kBufferCb` symbol fields that `node:net` keeps for a
 *   socket opened with `onread`, and `useUserBuffer` on its handle;
 * - stopping reads: the TCP handle beneath the TLS layer
 *   (`_handle._nativeTcpHandle`), since `TLSSocket.pause()` there keeps
 *   reading, and a peer's end that arrives while paused is never reported.
 *
 * @module
 */
import type { Duplex } from "node:stream";
import { internalsAllowed } from "./_switch.ts";

/** The `onread` pair a user-buffer socket reads through. */
export interface UserBufferRead {
  /** Gives the next buffer to read into. */
  buffer: () => Uint8Array;
  /** Called with the count of bytes read into the last buffer. */
  callback: (n: number, buf: Uint8Array) => unknown;
}

/** What Deno 2.9's `node:net` keeps for a socket opened with `onread`. */
interface UserBufferHooks {
  buffer: symbol;
  generate: symbol;
  callback: symbol;
  handle: { useUserBuffer(buf: Uint8Array): unknown };
}

function hooksOf(socket: Duplex): UserBufferHooks | null {
  if (!internalsAllowed()) return null;
  const own = Object.getOwnPropertySymbols(socket);
  const find = (name: string) => own.find((s) => s.description === name);
  const [buffer, generate, callback] = [find("kBuffer"), find("kBufferGen"), find("kBufferCb")];
  const handle = (socket as unknown as { _handle?: UserBufferHooks["handle"] | null })._handle;
  const fields = socket as unknown as Record<symbol, unknown>;
  if (!buffer || !generate || !callback || typeof handle?.useUserBuffer !== "function") return null;
  // Already reading through a buffer of its own: not ours to take over.
  if (fields[buffer] !== null && fields[buffer] !== undefined) return null;
  return { buffer, generate, callback, handle };
}

/**
 * Whether {@linkcode adoptUserBuffer} can take `socket` over: the runtime has
 * the fields and native paths are allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PassThrough } from "node:stream";
 * import { canAdoptUserBuffer } from "./tls_internals.ts";
 * assert.equal(canAdoptUserBuffer(new PassThrough()), false); // a plain stream has no handle
 * ```
 */
export function canAdoptUserBuffer(socket: Duplex): boolean {
  return hooksOf(socket) !== null;
}

/**
 * Makes `socket` read into `onread`'s buffers from now on, as `net.Socket`
 * does at open for `onread`. False, changing nothing, where it cannot
 * ({@linkcode canAdoptUserBuffer}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PassThrough } from "node:stream";
 * import { adoptUserBuffer } from "./tls_internals.ts";
 * const onread = { buffer: () => new Uint8Array(16), callback: () => {} };
 * assert.equal(adoptUserBuffer(new PassThrough(), onread), false);
 * ```
 */
export function adoptUserBuffer(socket: Duplex, onread: UserBufferRead): boolean {
  const hooks = hooksOf(socket);
  if (!hooks) return false;
  const fields = socket as unknown as Record<symbol, unknown>;
  const first = onread.buffer();
  fields[hooks.generate] = onread.buffer;
  fields[hooks.callback] = onread.callback;
  fields[hooks.buffer] = first;
  hooks.handle.useUserBuffer(first);
  return true;
}

/** Stops and restarts reads of a TCP handle. */
export interface TcpReads {
  /** Stops reading. */
  readStop(): unknown;
  /** Reads again. */
  readStart(): unknown;
}

interface TlsFields {
  encrypted?: boolean;
  _handle?: { _nativeTcpHandle?: Partial<TcpReads> } | null;
}

/**
 * The TCP handle beneath a `node:tls` socket, or `null` (not TLS, closed, the
 * runtime has no such field, or native paths are off). Look it up on each use:
 * the handle goes away when the socket closes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PassThrough } from "node:stream";
 * import { tlsTcpReads } from "./tls_internals.ts";
 * assert.equal(tlsTcpReads(new PassThrough()), null);
 * ```
 */
export function tlsTcpReads(socket: Duplex): TcpReads | null {
  const fields = socket as unknown as TlsFields;
  if (!fields.encrypted || !internalsAllowed()) return null;
  const handle = fields._handle?._nativeTcpHandle;
  return typeof handle?.readStop === "function" && typeof handle.readStart === "function"
    ? handle as TcpReads
    : null;
}
