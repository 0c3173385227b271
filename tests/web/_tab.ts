/**
 * Scripted "tabs" for server tests: a WebSocket client that collects what the
 * viewer sends, and a raw handshake that reports the HTTP status (to test
 * headers such as Origin, which WebSocket clients do not let you set).
 *
 * @module
 */
import { HEADER_SIZE } from "../../src/protocol/constants.ts";
import type { Message } from "../../src/protocol/messages/types.ts";
import { decodeFrameHeader } from "../../src/protocol/frame.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";

/** One thing a tab received: a control message or a decoded frame. */
export type Received = { control: Record<string, unknown> } | { message: Message };

/** A connected test tab. */
export interface TestTab {
  received: Received[];
  /** Resolves with the first received item (from index `from` on) matching `pred`. */
  next(pred: (r: Received) => boolean, from?: number): Promise<Received>;
  send(message: Message | string | Uint8Array): void;
  close(): Promise<void>;
}

/** Opens a tab; rejects when the connection fails. */
export function openTab(url: string): Promise<TestTab> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    const received: Received[] = [];
    const waiters = new Set<() => void>();
    const closed = new Promise<void>((r) => ws.addEventListener("close", () => r()));
    ws.onerror = () => reject(new Error("WebSocket failed"));
    ws.onmessage = (e) => {
      if (typeof e.data === "string") received.push({ control: JSON.parse(e.data) });
      else {
        // One WebSocket message carries whole frames back to back.
        const bytes = new Uint8Array(e.data);
        for (let at = 0; at < bytes.length;) {
          const end = at + HEADER_SIZE + decodeFrameHeader(bytes, at).length;
          const payload = bytes.subarray(at + HEADER_SIZE, end);
          received.push({ message: decodeFrame({ type: bytes[at + 3], payload, offset: at }) });
          at = end;
        }
      }
      for (const w of waiters) w();
    };
    ws.onopen = () =>
      resolve({
        received,
        next(pred, from = 0) {
          return new Promise((res, rej) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              rej(new Error(`timed out; received: ${Deno.inspect(received, { depth: 4 })}`));
            }, 5000);
            const check = () => {
              const hit = received.slice(from).find(pred);
              if (!hit) return;
              clearTimeout(timer);
              waiters.delete(check);
              res(hit);
            };
            waiters.add(check);
            check();
          });
        },
        send(m) {
          ws.send(typeof m === "string" || m instanceof Uint8Array ? m : encodeMessage(m));
        },
        async close() {
          ws.close();
          await closed;
        },
      });
  });
}

/**
 * Sends a WebSocket upgrade request for `path` with extra `headers` and
 * returns the response's status code (101 when the handshake is accepted).
 */
export async function upgradeStatus(
  port: number,
  path: string,
  headers: Record<string, string>,
  tls?: { caCerts: string[] },
): Promise<number> {
  const conn = tls
    ? await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts: tls.caCerts })
    : await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
    const buf = new Uint8Array(1024);
    const n = await conn.read(buf);
    const status = /^HTTP\/1\.1 (\d{3})/.exec(new TextDecoder().decode(buf.subarray(0, n ?? 0)));
    return status ? Number(status[1]) : 0;
  } finally {
    conn.close();
  }
}

/** True for a received frame of `type` (and matching `extra`, if given). */
export function isMessage(type: string, extra: (m: Message) => boolean = () => true) {
  return (r: Received): boolean => "message" in r && r.message.type === type && extra(r.message);
}

/** True for a received control message of `type`. */
export function isControl(type: string) {
  return (r: Received): boolean => "control" in r && r.control.type === type;
}
