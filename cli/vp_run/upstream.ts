/**
 * The viewer side of `vp-run`: connections to the viewer at `--to`, or to a
 * viewer run in this process when there is none.
 *
 * @module
 */
import type { Frame } from "../../src/protocol/frame.ts";
import { decodeFrame } from "../../src/protocol/wire.ts";
import {
  connect,
  parseViewportUri,
  sanitizeViewportUri,
  type Transport,
} from "../../src/transport/mod.ts";

/** One connection to the viewer, its frames possibly already started on. */
export interface ViewerConnection {
  /** The connection. */
  transport: Transport;
  /** Its frames, from the first one not yet relayed (`transport.frames()` is taken). */
  frames: AsyncIterator<Frame>;
}

/** Where `vp-run` relays to. */
export interface Upstream {
  /** Opens one connection to the viewer (one per connection of CMD). */
  dial(): Promise<ViewerConnection>;
  /** The viewer's capability flags, for CMD's `VIEWPORT_FEATURES`. */
  readonly features: readonly string[];
  /** The live text projection file for CMD's `VIEWPORT_TEXT`, when known. */
  readonly textPath?: string;
  /** True when the viewer draws in this terminal: CMD's own output must stay off it. */
  readonly ownsTerminal: boolean;
  /** Forwards the user's keystrokes itself (a terminal front end). */
  readonly readsKeyboard: boolean;
  /**
   * A viewer with a user in this process (the terminal front end): resolves
   * when the user quits, with the status their key asked for (0 quit, 130
   * interrupt). Absent for a remote or headless viewer.
   */
  readonly userQuit?: Promise<number>;
  /** Asks CMD to end as a viewer would (REGION close to its session). */
  askToClose?(): void;
  /** CMD ended and its connections are done: last words (a projection), then free everything. */
  close(): Promise<void>;
}

/** How long the first connection waits for the viewer's ENV (to learn its features). */
const ENV_WAIT_MS = 1000;

/**
 * Connects to the viewer at `uri` at once, so that an unreachable viewer is
 * reported before CMD starts, and reads its ENV for the features. That first
 * connection serves CMD's first connection; later ones dial afresh.
 * Rejects with the registry's error (`closed`, `unsupported`, `bad_uri`).
 *
 * @example
 * ```ts
 * import { remoteUpstream } from "./upstream.ts";
 * import { listen } from "../../src/transport/mod.ts";
 * import assert from "node:assert/strict";
 * const listener = await listen(`unix://${Deno.makeTempDirSync()}/v.sock`);
 * const accepted = listener[Symbol.asyncIterator]().next();
 * const up = await remoteUpstream(listener.uri, { envWaitMs: 10 });
 * const conn = await up.dial();
 * const served = await accepted;
 * assert.equal(served.done, false, "the viewer saw no connection");
 * await conn.transport.close();
 * await served.value.close();
 * await up.close();
 * await listener.close();
 * ```
 */
export async function remoteUpstream(
  uri: string,
  options: { envWaitMs?: number; log?: (line: string) => void } = {},
): Promise<Upstream> {
  const log = options.log ?? (() => {});
  const first = await connect(uri);
  log(`connected to ${sanitizeViewportUri(uri)}`);
  const frames = first.frames();
  const pending = frames.next();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = await Promise.race([
    pending,
    new Promise<null>((r) => timer = setTimeout(() => r(null), options.envWaitMs ?? ENV_WAIT_MS)),
  ]);
  clearTimeout(timer);
  const features = waited && !waited.done ? envFeatures(waited.value) : [];
  let spare: ViewerConnection | null = { transport: first, frames: prepend(pending, frames) };
  const open = new Set<Transport>();
  // `--to stdio:` (vp-run at the far end of ssh): stdin and stdout carry the
  // frames, so CMD's own output and the keyboard must stay off them.
  const onStdio = parseViewportUri(uri).scheme === "stdio";
  return {
    features,
    ownsTerminal: onStdio,
    readsKeyboard: onStdio,
    async dial() {
      if (spare) {
        const conn = spare;
        spare = null;
        open.add(conn.transport);
        return conn;
      }
      const transport = await connect(uri);
      open.add(transport);
      log(`connected to ${sanitizeViewportUri(uri)} again`);
      return { transport, frames: transport.frames() };
    },
    async close() {
      if (spare) open.add(spare.transport);
      spare = null;
      await Promise.all([...open].map((t) => t.close().catch(() => {})));
    },
  };
}

function envFeatures(frame: Frame): string[] {
  try {
    const message = decodeFrame(frame);
    return message.type === "ENV" ? [...(message.features ?? [])] : [];
  } catch {
    return [];
  }
}

/** The iterator again, with a `next()` already asked for put back in front. */
function prepend(
  pending: Promise<IteratorResult<Frame>>,
  rest: AsyncIterator<Frame>,
): AsyncIterator<Frame> {
  let head: Promise<IteratorResult<Frame>> | null = pending;
  return {
    next() {
      const p = head ?? rest.next();
      head = null;
      return p;
    },
    return(value?: unknown) {
      head = null;
      return rest.return?.(value) ?? Promise.resolve({ value: undefined, done: true });
    },
  };
}
