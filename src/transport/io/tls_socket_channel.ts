/**
 * {@linkcode ByteChannel} over a `node:tls` socket that Node made for us (an
 * accepted connection, or one from `tls.connect`), reading the cleartext
 * straight into our read slabs where the runtime allows it.
 *
 * @module
 */
import type { Duplex } from "node:stream";
import type { ByteChannel } from "../core/mod.ts";
import { nodeSocketChannel } from "./node_socket_channel.ts";
import { type NodeOnRead, slabSocketChannel } from "./fd_socket_channel.ts";

/**
 * What Deno 2.9's `node:net` keeps for a socket opened with `onread`: three
 * symbol-keyed fields on the socket and `useUserBuffer` on its handle. Node's
 * `tls.Server` offers no `onread` for the sockets it accepts, so we fill them
 * in ourselves, after the handshake, exactly as `net.Socket` does at open.
 */
interface UserBufferHooks {
  buffer: symbol;
  generate: symbol;
  callback: symbol;
  handle: { useUserBuffer(buf: Uint8Array): unknown };
}

function userBufferHooks(socket: Duplex): UserBufferHooks | null {
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
 * Whether {@linkcode tlsSocketChannel} can read `socket` without a copy, i.e.
 * the runtime has the hooks it needs (Deno 2.9's `node:net` internals).
 *
 * @example
 * ```ts
 * import { PassThrough } from "node:stream";
 * import { readsIntoSlabs } from "./tls_socket_channel.ts";
 * if (readsIntoSlabs(new PassThrough())) throw new Error("a plain stream has no handle");
 * ```
 */
export function readsIntoSlabs(socket: Duplex): boolean {
  return userBufferHooks(socket) !== null;
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
 * ```ts ignore
 * import tls from "node:tls";
 * import { tlsSocketChannel } from "./tls_socket_channel.ts";
 * const socket = tls.connect({ host: "viewer.local", port: 9400 });
 * await new Promise((r) => socket.once("secureConnect", r));
 * const channel = tlsSocketChannel(socket);
 * await channel.write(new Uint8Array([1]));
 * channel.close();
 * ```
 */
export function tlsSocketChannel(socket: Duplex): ByteChannel {
  const hooks = userBufferHooks(socket);
  if (!hooks) return nodeSocketChannel(socket, { slabs: true });
  // Reading out what waits also restarts a socket that had stopped reading
  // because nobody took its chunks; what it reads next lands in our buffer.
  const pending: Uint8Array[] = [];
  for (let chunk; (chunk = socket.read()) !== null;) pending.push(chunk);
  return slabSocketChannel((onread) => adopt(socket, hooks, onread), { pending });
}

function adopt(socket: Duplex, hooks: UserBufferHooks, onread: NodeOnRead): Duplex {
  const fields = socket as unknown as Record<symbol, unknown>;
  const first = onread.buffer();
  fields[hooks.generate] = onread.buffer;
  fields[hooks.callback] = onread.callback;
  fields[hooks.buffer] = first;
  hooks.handle.useUserBuffer(first);
  return socket;
}
