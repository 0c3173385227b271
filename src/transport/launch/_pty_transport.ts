/**
 * The viewer side of `stdio:`: the PTY that runs the app. Its output is the
 * app's terminal text with frames in between; what the viewer sends is written
 * into the PTY, i.e. the app's stdin.
 *
 * @module
 */
import {
  AsyncQueue,
  type ByteChannel,
  SplitterDecoder,
  StreamTransport,
  type Transport,
  type TransportOptions,
} from "../core/mod.ts";
import { fdWriter } from "../native/fd_writer.ts";

/** The parts of a node-pty `IPty` (opened with `encoding: null`) this uses. */
export interface PtyLike {
  readonly pid: number;
  onData(listener: (data: Uint8Array | string) => void): { dispose(): void };
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): { dispose(): void };
  write(data: Uint8Array | string): void;
  pause(): void;
  resume(): void;
  /** node-pty's master fd (an internal field; used to write without losing data). */
  readonly _fd?: number;
}

/** Options of {@linkcode ptyTransport}. */
export interface PtyTransportOptions extends TransportOptions {
  /** Frames carry the magic and are interleaved with text (default true). */
  magic?: boolean;
  /** Receives the terminal text between frames, in order (`magic` only). */
  onText?: (bytes: Uint8Array) => void;
}

const PAUSE_AT = 1024 * 1024;

/**
 * A transport over a PTY running an app with `VIEWPORT=stdio:`. Frames the app
 * writes come out of `frames()`; everything else goes to `onText`. The
 * transport ends when the app exits (a frame cut short by the exit is a
 * `bad_frame` error). Closing it does not kill the app.
 *
 * The app switches its terminal to raw mode when it connects; bytes the viewer
 * sends before the app's first frame may still be echoed or rewritten by the
 * terminal, so a viewer should send after the app's first frame.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ptyTransport, type PtyLike } from "./_pty_transport.ts";
 * // A stand-in for a node-pty terminal: text, then one frame, then the exit.
 * let data = (_: Uint8Array) => {};
 * let exit = (_: { exitCode: number }) => {};
 * const term: PtyLike = {
 *   pid: 1,
 *   onData: (l) => (data = l, { dispose() {} }),
 *   onExit: (l) => (exit = l, { dispose() {} }),
 *   write() {},
 *   pause() {},
 *   resume() {},
 * };
 * const text: string[] = [];
 * const transport = ptyTransport(term, { onText: (b) => text.push(new TextDecoder().decode(b)) });
 * data(new TextEncoder().encode("hello "));
 * data(new Uint8Array([0x56, 0x50, 1, 5, 1, 0, 0, 0, 0xa0]));
 * const first = await transport.frames().next();
 * assert.equal(first.value?.type, 5);
 * exit({ exitCode: 0 });
 * assert.equal(text.join(""), "hello ");
 * await transport.close();
 * ```
 */
export function ptyTransport(pty: PtyLike, options: PtyTransportOptions = {}): Transport {
  const { magic = true, onText = () => {}, ...rest } = options;
  const decoder = magic ? new SplitterDecoder(onText, options.maxPayload) : undefined;
  const info = { scheme: "stdio", peer: `pid:${pty.pid}` };
  return new StreamTransport(ptyChannel(pty), info, { ...rest, decoder });
}

function ptyChannel(pty: PtyLike): ByteChannel {
  // What the PTY printed, oldest first, weighed by length; the app's exit (or
  // our close) ends it.
  const chunks = new AsyncQueue<Uint8Array>({ weigh: (c) => c.length, lateItems: true });
  let paused = false;
  const data = pty.onData((d) => {
    const bytes = typeof d === "string" ? new TextEncoder().encode(d) : d;
    chunks.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (chunks.bytes > PAUSE_AT && !paused) {
      paused = true;
      pty.pause();
    }
  });
  const exit = pty.onExit(() => chunks.end());
  const direct = pty._fd === undefined ? null : fdWriter(pty._fd);
  return {
    slabReads: null,
    async read() {
      const next = await chunks.next();
      if (next.done) return null;
      if (paused && chunks.bytes < PAUSE_AT / 2) {
        paused = false;
        pty.resume();
      }
      return next.value;
    },
    write(bytes) {
      if (chunks.ended) return Promise.reject(new Error("the app has exited"));
      // Straight to the master fd when FFI is allowed (node-pty's own write
      // loses bytes under Deno once the terminal's input queue is full).
      if (direct) return direct(bytes);
      // node-pty's own write queues the bytes without telling when it is done
      // with them: it gets a copy, so the caller may reuse its buffer.
      pty.write(bytes.slice());
      return Promise.resolve();
    },
    close() {
      chunks.cancel();
      data.dispose();
      exit.dispose();
    },
  };
}
