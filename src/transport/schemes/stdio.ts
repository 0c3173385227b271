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
 * ```ts ignore
 * // VIEWPORT=stdio: inside a viewer's PTY
 * import { connectStdio } from "./stdio.ts";
 * const transport = await connectStdio({ scheme: "stdio", magic: true });
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
