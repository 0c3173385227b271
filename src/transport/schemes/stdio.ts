/**
 * `stdio:` (app side): frames on stdout, the viewer's frames on stdin. With
 * `magic=true` (the default) frames and ordinary text may be interleaved on
 * both streams; the reading side separates them with the stdio splitter. While
 * the transport is open the terminal (if stdout is one) passes bytes unchanged:
 * see `terminal_mode.ts`.
 *
 * @module
 */
import {
  type ConnectOptions,
  denoConnChannel,
  SplitterDecoder,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { enterFrameMode } from "../io/terminal_mode.ts";
import type { StdioUri } from "../uri/mod.ts";

/** Options of a `stdio:` transport. */
export interface StdioOptions extends ConnectOptions {
  /**
   * Gets the text between frames on the reading side (`magic=true` only).
   * Default: dropped (for the app: keystrokes that are not frames).
   */
  onText?: (bytes: Uint8Array) => void;
}

/**
 * Takes over stdin and stdout as a transport. Closing it restores the terminal
 * and closes stdin (which also ends a pending read, so the process can exit);
 * stdout stays open for text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spawnInPty } from "../launch/spawn_pty.ts";
 * // An app in a PTY (VIEWPORT=stdio:) sends one frame on its stdout.
 * const at = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
 * const app = `const { connectStdio } = await import(${at("./stdio.ts")});
 * const { encodeFrame } = await import(${at("../../protocol/frame.ts")});
 * const t = await connectStdio({ scheme: "stdio", magic: true });
 * await t.send(encodeFrame(5, new Uint8Array([0xa0])));
 * await t.close();`;
 * const { pty, transport } = await spawnInPty(Deno.execPath(), ["eval", app]);
 * const exited = new Promise((resolve) => pty.onExit(resolve));
 * const first = await transport.frames().next();
 * assert.equal(first.value?.type, 5);
 * await exited;
 * await transport.close();
 * ```
 */
export function connectStdio(uri: StdioUri, options: StdioOptions = {}): Promise<Transport> {
  const guard = enterFrameMode();
  const channel = denoConnChannel({
    read: (p) => Deno.stdin.read(p),
    write: (p) => Deno.stdout.write(p),
    close: () => Deno.stdin.close(),
  });
  const onText = options.onText ?? (() => {});
  const decoder = uri.magic ? new SplitterDecoder(onText, options.maxPayload) : undefined;
  const info = { scheme: "stdio", peer: guard.active ? "terminal" : "stdin/stdout" };
  return Promise.resolve(
    new StreamTransport(channel, info, { ...options, decoder, onClose: () => guard.restore() }),
  );
}
