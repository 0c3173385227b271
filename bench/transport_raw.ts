/**
 * The raw side of bench/transport_bench.ts: plain bytes over the same kinds of
 * socket the transports use (Deno connections, `node:net` sockets on a
 * socketpair, WebSocket messages), with an echo server and a counting sink.
 *
 * @module
 */
import type { Duplex } from "node:stream";
import { setListenerNoDelay } from "../src/transport/native/mod.ts";
import WebSocket from "../src/transport/schemes/ws_package.ts";

/** The client end of a raw connection. */
export interface RawStream {
  /** Writes all of `bytes` (one write call, or one message). */
  write(bytes: Uint8Array): Promise<void>;
  /** Resolves after `n` more bytes arrived. */
  readBytes(n: number): Promise<void>;
}

/**
 * What the server end does: echo everything back; or count up to
 * `sink.expected` bytes and answer with one byte, reading into one reused
 * buffer (`sink`) or a new buffer per read (`fresh`: what any reader that keeps
 * the bytes pays, as a framed transport must).
 */
export type RawMode = "echo" | "sink" | "fresh";

/** The byte count a sink answers after (set per benchmark). */
export interface SinkTarget {
  expected: number;
}

const READ_SIZE = 256 * 1024;

/** Client end over a Deno connection. */
export function denoRawStream(conn: Deno.Conn): RawStream {
  noDelay(conn);
  const buf = new Uint8Array(READ_SIZE);
  return {
    async write(bytes) {
      let off = 0;
      while (off < bytes.length) off += await conn.write(bytes.subarray(off));
    },
    async readBytes(n) {
      while (n > 0) {
        const r = await conn.read(buf.subarray(0, Math.min(n, buf.length)));
        if (r === null) throw new Error("raw stream ended");
        n -= r;
      }
    },
  };
}

/** Server end over a Deno connection. */
export async function denoRawServe(conn: Deno.Conn, mode: RawMode, sink: SinkTarget) {
  noDelay(conn);
  let buf = new Uint8Array(READ_SIZE);
  let count = 0;
  for (;;) {
    if (mode === "fresh") buf = new Uint8Array(READ_SIZE);
    const n = await conn.read(buf).catch(() => null);
    if (n === null) return;
    if (mode === "echo") {
      let off = 0;
      while (off < n) off += await conn.write(buf.subarray(off, n));
    } else if ((count += n) >= sink.expected) {
      count -= sink.expected;
      await conn.write(new Uint8Array([1]));
    }
  }
}

// As our transports do where they can: Nagle's algorithm would hold a small
// write (the sink's ack) for up to 40 ms.
function noDelay(conn: Deno.Conn): void {
  if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
}

/** Counts arriving bytes for `readBytes`. */
function arrivals() {
  let have = 0;
  let want = 0;
  let wake: (() => void) | null = null;
  return {
    add(n: number) {
      have += n;
      if (have >= want) wake?.();
    },
    async readBytes(n: number) {
      want = n;
      while (have < want) await new Promise<void>((r) => wake = r);
      have -= n;
      want = 0;
    },
  };
}

/** Client end over a `node:net` socket. */
export function nodeRawStream(socket: Duplex): RawStream {
  const got = arrivals();
  socket.on("data", (d: Uint8Array) => got.add(d.byteLength));
  return {
    write: (bytes) =>
      new Promise((resolve, reject) => socket.write(bytes, (e) => e ? reject(e) : resolve())),
    readBytes: got.readBytes,
  };
}

/**
 * Server end over a `node:net` or `node:tls` socket (its chunks are always new
 * buffers).
 */
export function nodeRawServe(socket: Duplex, mode: "echo" | "sink", sink: SinkTarget): void {
  let count = 0;
  socket.on("error", () => {});
  socket.on("data", (d: Uint8Array) => {
    if (mode === "echo") socket.write(d);
    else if ((count += d.byteLength) >= sink.expected) {
      count -= sink.expected;
      socket.write(new Uint8Array([1]));
    }
  });
}

/** Client end over a WebSocket (npm `ws`): one binary message per write. */
export async function wsRawStream(url: string, ca?: string): Promise<RawStream> {
  const ws = new WebSocket(url, { perMessageDeflate: false, ca });
  await new Promise<void>((r) => ws.once("open", r));
  const got = arrivals();
  ws.on("message", (d) => got.add((d as Uint8Array).byteLength));
  return {
    // One message at a time, as the framed side writes one batch at a time.
    write: (bytes) =>
      new Promise((resolve, reject) =>
        ws.send(bytes, { binary: true }, (e) => e ? reject(e) : resolve())
      ),
    readBytes: got.readBytes,
  };
}

/** A WebSocket echo/sink server (`Deno.serve`); the path picks the mode. */
export function wsRawServer(sink: SinkTarget, tls?: { cert: string; key: string }) {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {}, ...tls }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    const mode = new URL(req.url).pathname.slice(1);
    let count = 0;
    socket.binaryType = "arraybuffer";
    socket.onmessage = (e) => {
      if (mode === "echo") socket.send(e.data);
      else if ((count += (e.data as ArrayBuffer).byteLength) >= sink.expected) {
        count -= sink.expected;
        socket.send(new Uint8Array([1]));
      }
    };
    return response;
  });
}

let libc: { symbols: { socketpair(...a: unknown[]): number } } | null = null;

/** A connected Unix socketpair (libc through FFI; Deno has no socketpair()). */
export function socketpair(): [number, number] {
  libc ??= Deno.dlopen("libc.so.6", {
    socketpair: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  }) as unknown as typeof libc;
  const fds = new Int32Array(2);
  const AF_UNIX = 1, SOCK_STREAM = 1;
  if (libc!.symbols.socketpair(AF_UNIX, SOCK_STREAM, 0, new Uint8Array(fds.buffer)) !== 0) {
    throw new Error("socketpair() failed");
  }
  return [fds[0], fds[1]];
}

/** Deno's TLS server with TCP_NODELAY, as our default tls listener runs it (PEM texts). */
export function denoTlsListener(cert: string, key: string): Deno.TlsListener {
  const listener = Deno.listenTls({ hostname: "127.0.0.1", port: 0, cert, key });
  if (!setListenerNoDelay(listener.addr.port)) throw new Error("cannot set TCP_NODELAY");
  return listener;
}
