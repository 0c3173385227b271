/**
 * {@linkcode ByteChannel} over a `node:net` socket that reads straight into our
 * read slabs (`onread`), for the sockets we create ourselves from an fd.
 *
 * @module
 */
import type { SocketConstructorOpts } from "node:net";
import type { Duplex } from "node:stream";
import type { ByteChannel, ReadSlabs } from "../core/mod.ts";
import {
  closeNodeSocket,
  drainChunks,
  NODE_SOCKET_PAUSE_AT,
  watchSocket,
  writeSocket,
} from "./node_socket_channel.ts";
import { nodeReadGate } from "./read_gate.ts";

/** The `onread` option of `net.Socket`: Node reads into `buffer()`, then calls back. */
export interface NodeOnRead {
  buffer: () => Uint8Array;
  callback: (bytesRead: number, buffer: Uint8Array) => boolean;
}

/** Options of {@linkcode slabSocketChannel}. */
export interface SlabSocketChannelOptions {
  /** Bytes the socket received before `open` (they come first, in order). */
  pending?: Uint8Array[];
}

/**
 * Makes the socket with `open(onread)` and adapts it. Unlike
 * {@linkcode nodeSocketChannel}, once a frame reader gave it its slabs
 * ({@linkcode ByteChannel.slabReads}) each read lands in a region of them, so
 * frames cut by a read grow in place and the reader can reuse read memory.
 * (Reads before that, and reads into a region gone stale, are copied out.)
 * Past 1 MiB read ahead of the consumer the socket pauses: the kernel buffer,
 * then the peer, absorb a slow consumer.
 *
 * @example
 * ```ts
 * import net from "node:net";
 * import { slabSocketChannel } from "./fd_socket_channel.ts";
 * const server = net.createServer((s) => s.pipe(s));
 * await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
 * const { port } = server.address() as { port: number };
 * const ch = slabSocketChannel((onread) => net.connect({ port, host: "127.0.0.1", onread }));
 * await ch.write(new Uint8Array([7]));
 * if ((await ch.read())?.[0] !== 7) throw new Error("no echo");
 * ch.close();
 * await new Promise((r) => server.close(r));
 * ```
 */
export function slabSocketChannel(
  open: (onread: NodeOnRead) => Duplex,
  options: SlabSocketChannelOptions = {},
): ByteChannel {
  // The frame reader's slabs, once it gave them.
  let slabs: ReadSlabs | null = null;
  // Node asks for the next buffer right after each read (and once at open),
  // before our consumer has run, so every read is a read ahead: it gets
  // `slabs.speculate()` (in flight: `ahead`), room that never runs out, and a
  // pending read is answered from what the next read brings. Before there are
  // slabs, reads land in `scratch` and are copied out.
  let ahead: Uint8Array | null = null;
  let scratch: Uint8Array | null = null;
  // Bytes that landed outside the slabs (before them, or in a read-ahead
  // region gone stale), copied out; they come before any later read.
  const early: Uint8Array[] = [...options.pending ?? []];
  let earlyBytes = early.reduce((n, b) => n + b.length, 0);
  let waiter: Waiter | null = null;
  let ended = false;
  let failure: Error | null = null;
  let closed = false;

  const ready = () => early.length > 0 || (slabs !== null && slabs.ready > 0);
  const settle = () => {
    const w = waiter;
    if (!w || ready()) return;
    if (closed || ended) {
      waiter = null;
      w.resolve(null);
    } else if (failure) {
      waiter = null;
      w.reject(failure);
    }
  };
  const unread = () => earlyBytes + (slabs?.ready ?? 0);
  // Resumes a socket paused for a consumer far behind, once it caught up.
  const taken = () => {
    if (unread() <= NODE_SOCKET_PAUSE_AT / 2) gate.resume();
  };
  // Moves copied-out bytes into read-ahead room, in order, so the reads after
  // them can land in slabs again.
  const absorbEarly = (into: ReadSlabs) => {
    while (early.length > 0) {
      const region = into.speculate();
      const n = drainChunks(early, region);
      earlyBytes -= n;
      into.commitSpeculative(region, n);
    }
  };
  // What a read asked for, from what is already here (null: nothing is).
  const fromHere = (tail: Uint8Array | null, want: number): Uint8Array | null => {
    if (slabs === null) {
      const chunk = early.shift();
      if (chunk === undefined) return null;
      earlyBytes -= chunk.length;
      taken();
      return chunk;
    }
    // While Node reads ahead into the slab, nothing may move to another slab:
    // the one it writes into could be released and reused under it.
    if (ahead && (slabs.ready === 0 || (tail !== null && !slabs.follows(tail)))) return null;
    if (!ahead) absorbEarly(slabs);
    if (slabs.ready === 0) return null;
    const bytes = slabs.claim(tail, want);
    taken();
    return bytes;
  };
  const onread: NodeOnRead = {
    buffer() {
      if (slabs === null) {
        ahead = null;
        return scratch ??= new Uint8Array(64 * 1024);
      }
      absorbEarly(slabs);
      return ahead = slabs.speculate();
    },
    callback(n, buf) {
      if (n <= 0) return true;
      const w = waiter;
      if (!(ahead && slabs && same(buf, ahead) && slabs.commitSpeculative(ahead, n))) {
        early.push(buf.slice(0, n));
        earlyBytes += n;
      }
      ahead = null;
      if (w) {
        waiter = null;
        w.resolve(fromHere(w.tail, w.want));
      }
      // A consumer this far behind stops the kernel buffer, then the peer.
      // Through the gate, not by returning false: for node:tls that would stop
      // only delivery (see nodeReadGate); a plain socket's pause() stops reads.
      if (unread() > NODE_SOCKET_PAUSE_AT) gate.pause();
      return true;
    },
  };
  const socket = open(onread);
  const gate = nodeReadGate(socket);
  watchSocket(socket, () => {
    ended = true;
    settle();
  }, (err) => {
    failure ??= err;
    settle();
  });

  const readInto = (tail: Uint8Array | null, want: number): Promise<Uint8Array | null> => {
    const here = fromHere(tail, want);
    if (here) return Promise.resolve(here);
    if (closed || ended) return Promise.resolve(null);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      waiter = { resolve, reject, tail, want };
    });
  };
  return {
    read: () => readInto(null, 0),
    write: (bytes) => writeSocket(socket, bytes, closed, failure),
    close() {
      if (closed) return;
      closed = true;
      settle();
      closeNodeSocket(socket, failure !== null);
    },
    slabReads(owned) {
      slabs = owned;
      return readInto;
    },
  };
}

interface Waiter {
  resolve: (bytes: Uint8Array | null) => void;
  reject: (err: Error) => void;
  tail: Uint8Array | null;
  want: number;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset;
}

/**
 * {@linkcode slabSocketChannel} over a socket or pipe inherited as `fd`
 * (`fd://`, systemd activation). Throws Node's error when `fd` is not open or
 * not a stream.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inheritedFdChannel } from "./fd_socket_channel.ts";
 * // An app started with a socket as fd 3 opens it so; an fd that is not open
 * // is refused.
 * await assert.rejects(inheritedFdChannel(9999));
 * ```
 */
export async function inheritedFdChannel(fd: number): Promise<ByteChannel> {
  const net = await import("node:net");
  return slabSocketChannel((onread) =>
    // onread is in Node's documented options; the types lack it.
    new net.Socket({ fd, readable: true, writable: true, onread } as SocketConstructorOpts)
  );
}
