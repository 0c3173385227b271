/**
 * A hand-rolled WebSocket peer (RFC 6455) for the conformance suite: it can
 * die in the middle of a message, which no WebSocket library lets you do.
 */
import { HEADER_SIZE } from "../../src/protocol/constants.ts";
import { readLength } from "../../src/protocol/frame.ts";
import type { RawPeer } from "./conformance.ts";
import { rawConn } from "./harness.ts";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const enc = new TextEncoder();

async function readHead(conn: Deno.Conn): Promise<string> {
  const buf = new Uint8Array(8192);
  let n = 0;
  for (;;) {
    const r = await conn.read(buf.subarray(n));
    if (r === null) throw new Error("connection closed during the WebSocket handshake");
    n += r;
    const text = new TextDecoder().decode(buf.subarray(0, n));
    if (text.includes("\r\n\r\n")) return text;
  }
}

async function acceptKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", enc.encode(key + GUID));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** One binary WebSocket frame header (FIN set) for a payload of `length`. */
function wsHeader(length: number, masked: boolean): Uint8Array {
  const mask = masked ? 0x80 : 0;
  const head = length < 126
    ? [0x82, mask | length]
    : length < 65536
    ? [0x82, mask | 126, length >> 8, length & 0xff]
    : [
      0x82,
      mask | 127,
      0,
      0,
      0,
      0,
      length >>> 24,
      (length >>> 16) & 0xff,
      (length >>> 8) & 0xff,
      length & 0xff,
    ];
  return new Uint8Array(head);
}

/**
 * Wraps a connection after the handshake: each `write` of a whole Viewport
 * frame is one message; a partial frame is sent as the start of a message that
 * announces the whole frame's length (so the peer is cut mid-message).
 */
function framed(conn: Deno.Conn, masked: boolean): RawPeer {
  const raw = rawConn(conn);
  return {
    async write(bytes) {
      const whole = HEADER_SIZE + readLength(bytes, 4);
      const head = wsHeader(whole, masked);
      let body = bytes;
      let maskKey = new Uint8Array(0);
      if (masked) {
        maskKey = crypto.getRandomValues(new Uint8Array(4));
        body = bytes.map((b, i) => b ^ maskKey[i & 3]);
      }
      const out = new Uint8Array(head.length + maskKey.length + body.length);
      out.set(head);
      out.set(maskKey, head.length);
      out.set(body, head.length + maskKey.length);
      await raw.write(out);
    },
    kill: raw.kill,
  };
}

/** Client role: sends the upgrade request for `path`, waits for 101. */
export async function wsClientPeer(conn: Deno.Conn, path: string): Promise<RawPeer> {
  const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  await conn.write(enc.encode(
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  ));
  const head = await readHead(conn);
  if (!head.startsWith("HTTP/1.1 101")) {
    throw new Error(`upgrade refused: ${head.split("\r\n")[0]}`);
  }
  return framed(conn, true);
}

/** Server role: answers one upgrade request with 101. */
export async function wsServerPeer(conn: Deno.Conn): Promise<RawPeer> {
  const head = await readHead(conn);
  const key = /^sec-websocket-key:\s*(\S+)\s*$/im.exec(head)?.[1];
  if (!key) throw new Error("no Sec-WebSocket-Key in the request");
  await conn.write(enc.encode(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${await acceptKey(key)}\r\n\r\n`,
  ));
  return framed(conn, false);
}
