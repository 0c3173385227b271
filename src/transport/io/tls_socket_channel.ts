/**
 * {@linkcode ByteChannel} over a `node:tls` socket that Node made for us (an
 * accepted connection, or one from `tls.connect`), reading the cleartext
 * straight into our read slabs where the runtime allows it.
 *
 * @module
 */
import type { Duplex } from "node:stream";
import type { ByteChannel } from "../core/mod.ts";
import { adoptUserBuffer, canAdoptUserBuffer } from "../native/mod.ts";
import { nodeSocketChannel } from "./node_socket_channel.ts";
import { slabSocketChannel } from "./fd_socket_channel.ts";

/**
 * Whether {@linkcode tlsSocketChannel} can read `socket` without a copy, i.e.
 * the runtime has the hooks it needs (Deno 2.9's `node:net` internals, used
 * only through `native/`, so `VIEWPORT_NO_NATIVE` turns this off).
 *
 * @example
 * ```ts
 * import { PassThrough } from "node:stream";
 * import { readsIntoSlabs } from "./tls_socket_channel.ts";
 * if (readsIntoSlabs(new PassThrough())) throw new Error("a plain stream has no handle");
 * ```
 */
export function readsIntoSlabs(socket: Duplex): boolean {
  return canAdoptUserBuffer(socket);
}

/**
 * Adapts a connected `node:tls` socket. Where the runtime has the hooks
 * ({@linkcode readsIntoSlabs}), the TLS layer decrypts straight into our read
 * slabs, as `onread` does for sockets we open ourselves: one copy less per
 * chunk and no fresh buffer per read. Bytes that arrived before are read out
 * first. Elsewhere Node's chunks are copied into slabs
 * ({@linkcode nodeSocketChannel} with `slabs`). Either way a consumer far
 * behind stops the TCP reads beneath TLS (`nodeReadGate`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PassThrough } from "node:stream";
 * import { tlsSocketChannel } from "./tls_socket_channel.ts";
 * // Any Node duplex works (a connected `tls.connect` socket in real use); a
 * // PassThrough hands back what is written, copied into read slabs.
 * const channel = tlsSocketChannel(new PassThrough());
 * await channel.write(new Uint8Array([1, 2, 3]));
 * assert.deepEqual([...(await channel.read())!], [1, 2, 3]);
 * channel.close();
 * ```
 */
export function tlsSocketChannel(socket: Duplex): ByteChannel {
  if (!canAdoptUserBuffer(socket)) return nodeSocketChannel(socket, { slabs: true });
  // Reading out what waits also restarts a socket that had stopped reading
  // because nobody took its chunks; what it reads next lands in our buffer.
  const pending: Uint8Array[] = [];
  for (let chunk; (chunk = socket.read()) !== null;) pending.push(chunk);
  return slabSocketChannel((onread) => {
    adoptUserBuffer(socket, onread);
    return socket;
  }, { pending });
}
