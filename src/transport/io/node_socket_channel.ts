/**
 * {@linkcode ByteChannel} over a `node:net` socket: inherited fds, socket
 * activation, named pipes, and `node:tls` where Deno's own TLS lacks a feature.
 *
 * @module
 */
import type { Duplex } from "node:stream";
import { AsyncQueue, type ByteChannel, type ReadSlabs } from "../core/mod.ts";
import { nodeReadGate } from "./read_gate.ts";

/**
 * Unread bytes past which a Node socket channel pauses its socket, so a slow
 * consumer stops the kernel buffer (and then the peer) instead of growing
 * memory here; it resumes below half of it. Measured with the app in its own
 * process (bench/transport_process_bench.ts, 64 KiB frames): 1 MiB keeps the
 * copied chunks in cache (mutual TLS 88-92% of raw, fd 75-79%); 4 MiB was
 * 65-67% for both, 512 KiB no better than 1 MiB.
 */
export const NODE_SOCKET_PAUSE_AT = 1024 * 1024;
const CLOSE_GRACE = 2000;

/** Options of {@linkcode nodeSocketChannel}. */
export interface NodeSocketChannelOptions {
  /**
   * Offer {@linkcode ByteChannel.slabReads}: arriving chunks are copied into
   * the frame reader's read slabs ({@linkcode ReadSlabs}) instead of being
   * handed out as Node made them. For sockets whose chunks do not line up with frames (`node:tls`
   * hands out 64 KiB of cleartext at a time, so a 64 KiB frame always spans
   * two): a frame then grows in place, and with transient frames (`frames({ transient: true })`) the memory
   * is reused, where otherwise each cut frame gets a fresh buffer.
   */
  slabs?: boolean;
}

/**
 * Adapts a `node:net`/`node:tls` socket (or any Node duplex byte stream) to
 * {@linkcode ByteChannel}. Takes over the socket's `data`, `end`, `error` and
 * `close` events.
 *
 * @example
 * ```ts
 * import net from "node:net";
 * import { nodeSocketChannel } from "./node_socket_channel.ts";
 * const server = net.createServer((s) => s.pipe(s));
 * await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
 * const { port } = server.address() as { port: number };
 * const sock = net.connect(port, "127.0.0.1");
 * await new Promise((r) => sock.once("connect", r));
 * const ch = nodeSocketChannel(sock, { slabs: true });
 * await ch.write(new Uint8Array([7]));
 * if ((await ch.read())?.[0] !== 7) throw new Error("no echo");
 * ch.close();
 * await new Promise((r) => server.close(r));
 * ```
 */
export function nodeSocketChannel(
  socket: Duplex,
  options: NodeSocketChannelOptions = {},
): ByteChannel {
  // Node's chunks, oldest first, weighed by their length. The socket's end
  // or error ends the queue; data Node still emits after its `close` (a
  // paused socket flushes its buffer on resume) is queued behind, until the
  // consumer has seen the end. Our close drops everything.
  const chunks = new AsyncQueue<Uint8Array>({ weigh: (c) => c.length, lateItems: true });
  let failure: Error | null = null;
  let closed = false;
  const gate = nodeReadGate(socket);
  socket.on("data", (d: Uint8Array | string) => {
    const bytes = typeof d === "string" ? new TextEncoder().encode(d) : d;
    chunks.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (chunks.bytes > NODE_SOCKET_PAUSE_AT) gate.pause();
  });
  watchSocket(socket, () => chunks.end(), (err) => {
    failure ??= err;
    chunks.end(err);
  });
  const taken = () => {
    if (chunks.bytes <= NODE_SOCKET_PAUSE_AT / 2) gate.resume();
  };
  const read = async (): Promise<Uint8Array | null> => {
    const next = await chunks.next();
    if (next.done) return null;
    taken();
    return next.value;
  };
  // Moves what arrived (waiting for something) into the reader's slabs.
  const copyInto = async (slabs: ReadSlabs, tail: Uint8Array | null, want: number) => {
    const next = await chunks.next();
    if (next.done) return null;
    chunks.unshift(next.value);
    const region = tail ? slabs.forAppend(tail, want) : slabs.forRead();
    const n = drainChunks(chunks, region);
    taken();
    return slabs.commit(n);
  };
  let bound: ((tail: Uint8Array | null, want: number) => Promise<Uint8Array | null>) | null = null;
  return {
    read: () => bound ? bound(null, 0) : read(),
    write: (bytes) => writeSocket(socket, bytes, closed, failure),
    close() {
      if (closed) return;
      closed = true;
      chunks.cancel();
      closeNodeSocket(socket, failure !== null);
    },
    slabReads: options.slabs
      ? (slabs) => bound = (tail, want) => copyInto(slabs, tail, want)
      : null,
  };
}

/** The front of a queue of chunks (an array is one). */
export interface ChunkFront {
  shift(): Uint8Array | undefined;
  unshift(chunk: Uint8Array): unknown;
}

/**
 * Moves bytes from the front of `chunks` (oldest first) into `region`, as
 * many as fit; of a chunk that does not fit whole, the rest goes back in front.
 * Returns how many bytes were moved.
 *
 * @example
 * ```ts
 * import { drainChunks } from "./node_socket_channel.ts";
 * const chunks = [new Uint8Array([1, 2]), new Uint8Array([3, 4])];
 * const region = new Uint8Array(3);
 * if (drainChunks(chunks, region) !== 3 || chunks[0].join() !== "4") throw new Error("bad drain");
 * ```
 */
export function drainChunks(chunks: ChunkFront, region: Uint8Array): number {
  let n = 0;
  while (n < region.length) {
    const chunk = chunks.shift();
    if (chunk === undefined) break;
    const take = Math.min(chunk.length, region.length - n);
    region.set(take === chunk.length ? chunk : chunk.subarray(0, take), n);
    n += take;
    if (take < chunk.length) chunks.unshift(chunk.subarray(take));
  }
  return n;
}

/**
 * Calls `onEnd` when the socket ends or closes, and `onError` on an error.
 *
 * @example
 * ```ts
 * import { PassThrough } from "node:stream";
 * import { watchSocket } from "./node_socket_channel.ts";
 * const stream = new PassThrough();
 * let ended = false;
 * watchSocket(stream, () => ended = true, () => {});
 * stream.emit("end");
 * if (!ended) throw new Error("expected the end to be seen");
 * ```
 */
export function watchSocket(
  socket: Duplex,
  onEnd: () => void,
  onError: (err: Error) => void,
): void {
  socket.on("end", onEnd);
  socket.on("close", onEnd);
  socket.on("error", onError);
}

/**
 * Writes `bytes` to a Node socket; resolves once Node took them. Rejects at
 * once after our close (`closed`) or a socket error (`failure`).
 *
 * @example
 * ```ts
 * import { PassThrough } from "node:stream";
 * import { writeSocket } from "./node_socket_channel.ts";
 * const stream = new PassThrough();
 * await writeSocket(stream, new Uint8Array([1]), false, null);
 * if (stream.read()?.[0] !== 1) throw new Error("expected the byte written");
 * ```
 */
export function writeSocket(
  socket: Duplex,
  bytes: Uint8Array,
  closed: boolean,
  failure: Error | null,
): Promise<void> {
  if (closed || failure) return Promise.reject(failure ?? new Error("write after close"));
  return new Promise((resolve, reject) => {
    socket.write(bytes, (err?: Error | null) => err ? reject(err) : resolve());
  });
}

/**
 * Ends a Node socket cleanly: `end()` flushes and, on TLS, sends close_notify,
 * so the peer sees a clean end; a peer that never closes its side is cut off
 * after a grace period. A failed (or unwritable) socket is destroyed at once.
 *
 * @example
 * ```ts
 * import { PassThrough } from "node:stream";
 * import { closeNodeSocket } from "./node_socket_channel.ts";
 * const stream = new PassThrough();
 * closeNodeSocket(stream, true);
 * if (!stream.destroyed) throw new Error("expected a destroyed stream");
 * ```
 */
export function closeNodeSocket(socket: Duplex, failed: boolean): void {
  if (failed || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end();
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE);
  socket.once("close", () => clearTimeout(timer));
}
