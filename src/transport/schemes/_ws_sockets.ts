/**
 * {@linkcode MessageSocket} adapters for the two WebSocket implementations in
 * use: the standard `WebSocket` (Deno's server side, browsers) and the `ws`
 * package's client (which can send headers and client certificates).
 *
 * @module
 */
import type { Duplex } from "node:stream";
import type { MessageSocket, MessageSocketEvents } from "../core/mod.ts";
import { nodeReadGate, type ReadGate } from "../io/read_gate.ts";

const POLL_MS = 2;
// One large frame in flight: measured fastest for wss (docs/performance.md).
const WS_PACKAGE_SEND_WINDOW = 64 * 1024;

/**
 * Adapts a standard `WebSocket` (e.g. from `Deno.upgradeWebSocket`). It cannot
 * pause reading; `whenBelow` polls `bufferedAmount`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { standardWebSocket } from "./_ws_sockets.ts";
 * // A WebSocket server that echoes binary messages.
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
 *   const { socket, response } = Deno.upgradeWebSocket(request);
 *   socket.onmessage = (e) => socket.send(e.data);
 *   return response;
 * });
 * const url = `ws://127.0.0.1:${server.addr.port}/`;
 * const ws = new WebSocket(url);
 * ws.binaryType = "arraybuffer";
 * const adapted = standardWebSocket(ws);
 * const got = new Promise<Uint8Array | string>((message) => {
 *   adapted.listen({ message, close() {}, error() {} });
 * });
 * await new Promise((open) => ws.addEventListener("open", open));
 * adapted.send(new Uint8Array([1, 2]));
 * assert.deepEqual([...(await got) as Uint8Array], [1, 2]);
 * adapted.terminate();
 * await server.shutdown();
 * ```
 */
export function standardWebSocket(socket: WebSocket): MessageSocket {
  socket.binaryType = "arraybuffer";
  const isClosed = () => socket.readyState === WebSocket.CLOSED;
  return {
    listen(events: MessageSocketEvents) {
      socket.onmessage = (e: MessageEvent) => {
        events.message(typeof e.data === "string" ? e.data : new Uint8Array(e.data as ArrayBuffer));
      };
      socket.onclose = (e: CloseEvent) => events.close(e.code, e.reason);
      socket.onerror = (e: Event) => {
        events.error(new Error((e as ErrorEvent).message || "WebSocket error"));
      };
    },
    send: (data) => socket.send(data),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    async whenBelow(limit) {
      while (socket.bufferedAmount > limit && !isClosed()) {
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    close: (code, reason) => socket.close(code, reason),
    terminate: () => socket.close(),
  };
}

/** The subset of the `ws` package's `WebSocket` that {@linkcode wsPackageSocket} uses. */
export interface WsPackageSocket {
  readonly bufferedAmount: number;
  send(data: Uint8Array, options: { binary: boolean }, cb: (err?: Error) => void): void;
  close(code: number, reason: string): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  /** The connection beneath (set once open; the `ws` package's own field). */
  readonly _socket?: Duplex | null;
  on(event: "message", fn: (data: unknown, isBinary: boolean) => void): unknown;
  on(event: "close", fn: (code: number, reason: Uint8Array) => void): unknown;
  on(event: "error", fn: (err: Error) => void): unknown;
}

/**
 * Adapts a client `WebSocket` of the `ws` package: send callbacks drive
 * `whenBelow`, and `pause`/`resume` stop reading.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import WebSocket from "./ws_package.ts";
 * import { wsPackageSocket } from "./_ws_sockets.ts";
 * // A WebSocket server that echoes binary messages.
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
 *   const { socket, response } = Deno.upgradeWebSocket(request);
 *   socket.onmessage = (e) => socket.send(e.data);
 *   return response;
 * });
 * const url = `ws://127.0.0.1:${server.addr.port}/`;
 * const ws = new WebSocket(url);
 * const adapted = wsPackageSocket(ws);
 * const got = new Promise<Uint8Array | string>((message) => {
 *   adapted.listen({ message, close() {}, error() {} });
 * });
 * await new Promise<void>((open) => ws.once("open", () => open()));
 * adapted.send(new Uint8Array([1, 2]));
 * assert.deepEqual([...(await got) as Uint8Array], [1, 2]);
 * adapted.terminate();
 * await server.shutdown();
 * ```
 */
export function wsPackageSocket(ws: WsPackageSocket): MessageSocket {
  let waiters: { limit: number; resolve: () => void }[] = [];
  let closed = false;
  let readGate: ReadGate | null = null;
  // Made on first use: the socket exists once the connection is open.
  const gate = () => readGate ??= ws._socket ? nodeReadGate(ws._socket, ws) : null;
  const check = () => {
    if (waiters.length === 0) return;
    const keep: typeof waiters = [];
    for (const w of waiters) {
      if (closed || ws.bufferedAmount <= w.limit) w.resolve();
      else keep.push(w);
    }
    waiters = keep;
  };
  return {
    listen(events: MessageSocketEvents) {
      ws.on("message", (data, isBinary) => {
        events.message(isBinary ? toBytes(data) : new TextDecoder().decode(toBytes(data)));
      });
      ws.on("close", (code, reason) => {
        closed = true;
        check();
        events.close(code, new TextDecoder().decode(reason));
      });
      ws.on("error", (err) => events.error(err));
    },
    send: (data) => ws.send(data, { binary: true }, check),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    sendWindow: WS_PACKAGE_SEND_WINDOW,
    whenBelow(limit) {
      if (closed || ws.bufferedAmount <= limit) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ limit, resolve }));
    },
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    pause: () => (gate() ?? ws).pause(),
    resume: () => (gate() ?? ws).resume(),
  };
}

function toBytes(data: unknown): Uint8Array {
  // Plain views: a Node Buffer's slice() shares memory, unlike Uint8Array's.
  if (data instanceof Uint8Array) return new Uint8Array(data.buffer, data.byteOffset, data.length);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) {
    const parts = data as Uint8Array[];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
  throw new TypeError(`unexpected WebSocket message data: ${typeof data}`);
}
