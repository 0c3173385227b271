/**
 * Stopping and restarting reads on a Node socket, including `node:tls`
 * sockets under Deno, where `pause()` does not work.
 *
 * @module
 */
import type { Duplex } from "node:stream";
import { tlsTcpReads } from "../native/mod.ts";

/** Stops and restarts reading from a socket; see {@linkcode nodeReadGate}. */
export interface ReadGate {
  /** Stops reading: unread bytes stay in the kernel and the peer slows down. */
  pause(): void;
  /** Reads again. */
  resume(): void;
  /** Whether reads are stopped. */
  readonly paused: boolean;
}

/**
 * A {@linkcode ReadGate} for `socket`. For a `node:tls` socket under Deno 2.9
 * it stops the TCP handle beneath the TLS layer: `TLSSocket.pause()` there
 * keeps reading and decrypting into memory (Deno's TLSWrap `readStop` only
 * stops delivery), and a peer's end that arrives while paused is never
 * reported after `resume()`, so the connection hangs. Stopping the TCP reads
 * leaves ciphertext and the end in the kernel, where TCP flow control slows
 * the peer. Every other socket uses `pause()`/`resume()` of `fallback` (by
 * default the socket itself; a `ws` WebSocket passes itself, so its own state
 * stays right).
 *
 * @example
 * ```ts
 * import { PassThrough } from "node:stream";
 * import { nodeReadGate } from "./read_gate.ts";
 * const stream = new PassThrough();
 * stream.on("data", () => {});
 * const gate = nodeReadGate(stream);
 * gate.pause();
 * if (!gate.paused || !stream.isPaused()) throw new Error("expected paused");
 * gate.resume();
 * if (gate.paused) throw new Error("expected reading");
 * ```
 */
export function nodeReadGate(
  socket: Duplex,
  fallback: { pause(): unknown; resume(): unknown } = socket,
): ReadGate {
  // Looked up on every call: the handle goes away when the socket closes.
  const tcp = () => tlsTcpReads(socket);
  const native = tcp() !== null;
  // Without the handle (VIEWPORT_NO_NATIVE, another runtime) a TLS socket under
  // Deno is never paused: its pause() would not stop reads and would lose the
  // peer's end, so reading on is the lesser harm (memory grows with a
  // consumer that lags).
  const ignorePause = !native && isDenoTls(socket);
  let paused = false;
  return {
    pause() {
      if (paused) return;
      paused = true;
      if (native) tcp()?.readStop();
      else if (!ignorePause) fallback.pause();
    },
    resume() {
      if (!paused) return;
      paused = false;
      if (native) tcp()?.readStart();
      else if (!ignorePause) fallback.resume();
    },
    get paused() {
      return paused;
    },
  };
}

function isDenoTls(socket: Duplex): boolean {
  return "Deno" in globalThis && (socket as { encrypted?: boolean }).encrypted === true;
}
