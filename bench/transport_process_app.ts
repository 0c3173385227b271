/**
 * The app side of bench/transport_process_bench.ts, in its own process:
 * connects to the given address and, on each request from the viewer, sends a
 * burst of 64 KiB frames (raw: one byte asks, the same bytes are written one
 * write per frame; framed: any frame asks, frames go through `send`).
 *
 *   deno run -A bench/transport_process_app.ts raw|framed KIND ADDRESS [CA [CERT KEY]]
 *
 * KIND: unix, unix-abstract (ADDRESS is the name), tcp, tls (server checked
 * against CA), mtls (mutual TLS: also the client certificate CERT + KEY), ws,
 * wss (server checked against CA), fd (the channel is fd 3; ADDRESS unused).
 *
 * @module
 */
import net from "node:net";
import tls from "node:tls";
import type { Duplex } from "node:stream";
import { encodeFrame } from "../src/protocol/frame.ts";
import { connect } from "../src/transport/mod.ts";
import WebSocket from "../src/transport/schemes/ws_package.ts";

/** Frames per burst, and their payload size. */
export const BURST = 128;
export const PAYLOAD = 64 * 1024;

/** The raw app: waits for a request, then writes a burst. */
interface RawApp {
  asked(): Promise<boolean>;
  write(bytes: Uint8Array): Promise<void>;
}

function denoRaw(conn: Deno.Conn | Deno.TcpConn): RawApp {
  if ("setNoDelay" in conn) conn.setNoDelay(true);
  const ask = new Uint8Array(1);
  return {
    asked: async () => await conn.read(ask) !== null,
    async write(bytes) {
      for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
    },
  };
}

/** Requests counted as they come: one may come before anyone waits. */
function requests() {
  let pending = 0;
  let ended = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    add: (n = 1) => (pending += n, poke()),
    end: () => (ended = true, poke()),
    async next(): Promise<boolean> {
      while (pending === 0 && !ended) await new Promise<void>((r) => wake = r);
      if (pending === 0) return false;
      pending--;
      return true;
    },
  };
}

function nodeRaw(socket: Duplex): RawApp {
  const asks = requests();
  socket.on("data", (d: Uint8Array) => asks.add(d.length));
  socket.on("close", asks.end);
  return {
    asked: asks.next,
    write: (bytes) => new Promise((r, j) => socket.write(bytes, (e) => e ? j(e) : r())),
  };
}

async function mtlsRaw(port: number, ca: string, cert: string, key: string): Promise<RawApp> {
  const socket = tls.connect({ host: "127.0.0.1", port, ca, cert, key, servername: "localhost" });
  await new Promise<void>((r, j) => socket.once("secureConnect", r).once("error", j));
  socket.setNoDelay(true);
  return nodeRaw(socket);
}

async function tlsRaw(port: number, ca: string): Promise<RawApp> {
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port });
  tcp.setNoDelay(true);
  const conn = await Deno.startTls(tcp, { hostname: "127.0.0.1", caCerts: [ca] });
  await conn.handshake();
  return denoRaw(conn);
}

async function wsRaw(url: string, ca?: string): Promise<RawApp> {
  const ws = new WebSocket(url, { perMessageDeflate: false, ca });
  await new Promise<void>((r) => ws.once("open", r));
  const asks = requests();
  ws.on("message", () => asks.add());
  ws.on("close", asks.end);
  return {
    asked: asks.next,
    write: (bytes) =>
      new Promise((r, j) => ws.send(bytes, { binary: true }, (e) => e ? j(e) : r())),
  };
}

function raw(kind: string, address: string, pem: string[]): Promise<RawApp> | RawApp {
  const port = Number(address);
  switch (kind) {
    case "unix":
      return Deno.connect({ transport: "unix", path: address }).then(denoRaw);
    case "unix-abstract":
      return Deno.connect({ transport: "unix", path: `\0${address}` }).then(denoRaw);
    case "tcp":
      return Deno.connect({ hostname: "127.0.0.1", port }).then(denoRaw);
    case "tls":
      return tlsRaw(port, pem[0]);
    case "mtls":
      return mtlsRaw(port, pem[0], pem[1], pem[2]);
    case "ws":
      return wsRaw(`ws://127.0.0.1:${port}/`);
    case "wss":
      return wsRaw(`wss://127.0.0.1:${port}/`, pem[0]);
    default:
      return nodeRaw(new net.Socket({ fd: 3, readable: true, writable: true }));
  }
}

function framedUri(kind: string, address: string, files: string[]): string {
  const [ca, cert, key] = files.map(encodeURIComponent);
  switch (kind) {
    case "unix":
      return `unix://${address}`;
    case "unix-abstract":
      return `unix-abstract://${address}`;
    case "tcp":
      return `tcp://127.0.0.1:${address}`;
    case "tls":
      return `tls://127.0.0.1:${address}?ca=${ca}`;
    case "mtls":
      return `tls://127.0.0.1:${address}?ca=${ca}&cert=${cert}&key=${key}`;
    case "ws":
      return `ws://127.0.0.1:${address}/viewport`;
    case "wss":
      return `wss://127.0.0.1:${address}/viewport?ca=${ca}`;
    default:
      return "fd://3?duplex=true";
  }
}

if (import.meta.main) {
  const [mode, kind, address, ...files] = Deno.args;
  const frame = encodeFrame(0x05, new Uint8Array(PAYLOAD));
  if (mode === "raw") {
    const app = await raw(kind, address, files.map((p) => Deno.readTextFileSync(p)));
    while (await app.asked()) {
      for (let i = 0; i < BURST; i++) await app.write(frame);
    }
  } else {
    const app = await connect(framedUri(kind, address, files));
    for await (const _ of app.frames()) {
      for (let i = 0; i < BURST; i++) await app.send(frame);
    }
  }
  Deno.exit(0);
}
