/**
 * `connect(uri)` and `listen(uri)`: one entry point for every scheme, each
 * scheme's implementation loaded on first use (so an app that talks over a unix
 * socket never loads the WebSocket client, TLS or FFI code).
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import type { ConnectOptions, Listener, ListenOptions, Transport } from "../core/mod.ts";
import { parseViewportUri, type TransportScheme, type ViewportUri } from "../uri/mod.ts";

/** What a scheme module provides to the registry. */
export interface SchemeImplementation {
  /** App side: reach the viewer. */
  connect?: (uri: ViewportUri, options: ConnectOptions) => Promise<Transport>;
  /** Viewer side: wait for apps. */
  listen?: (uri: ViewportUri, options: ListenOptions) => Promise<Listener>;
  /** Why `listen` is not offered (shown in the error). */
  noListen?: string;
}

type Loader = () => Promise<SchemeImplementation>;

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => any;
const impl = (connect?: AnyFn, listen?: AnyFn, noListen?: string): SchemeImplementation => ({
  connect,
  listen,
  noListen,
});

const LOADERS: Partial<Record<TransportScheme, Loader>> = {
  unix: async () => {
    const m = await import("./unix.ts");
    return impl(m.connectUnix, m.listenUnix);
  },
  "unix-abstract": async () => {
    const m = await import("./unix_abstract.ts");
    return impl(m.connectUnixAbstract, m.listenUnixAbstract);
  },
  tcp: async () => {
    const m = await import("./tcp.ts");
    return impl(m.connectTcp, m.listenTcp);
  },
  tls: async () => {
    const m = await import("./tls.ts");
    return impl(m.connectTls, m.listenTls);
  },
  ws: async () => {
    const m = await import("./ws.ts");
    return impl(m.connectWs, m.listenWs);
  },
  wss: async () => {
    const m = await import("./ws.ts");
    return impl(m.connectWs, m.listenWs);
  },
  fd: async () => {
    const m = await import("./fd.ts");
    return impl(m.connectFd, m.listenFd);
  },
  pipe: async () => {
    const m = await import("./fd.ts");
    return impl(m.connectFd, m.listenFd);
  },
  vsock: async () => {
    const m = await import("./vsock.ts");
    return impl(m.connectVsock, m.listenVsock);
  },
  systemd: async () => {
    const m = await import("./systemd.ts");
    return impl(m.connectSystemd, m.listenSystemd);
  },
  windows: async () => {
    const m = await import("./windows.ts");
    return impl(m.connectWindows, m.listenWindows);
  },
  launchd: async () => {
    const m = await import("./launchd.ts");
    return impl(m.connectLaunchd, m.listenLaunchd);
  },
  nats: async () => {
    const m = await import("./nats.ts");
    return impl(m.connectNats, m.listenNats);
  },
  "nats+tls": async () => {
    const m = await import("./nats.ts");
    return impl(m.connectNats, m.listenNats);
  },
  stdio: async () => {
    const m = await import("./stdio.ts");
    return impl(
      m.connectStdio,
      undefined,
      "the viewer side of stdio: is the terminal that runs the app: use spawnInPty() " +
        "or ptyTransport() on the PTY it owns",
    );
  },
};

const SELF_RENDERING: ReadonlySet<string> = new Set(["text", "ansi", "headless"]);

const extra = new Map<string, SchemeImplementation>();

/**
 * Replaces or adds the implementation of a scheme (e.g. a test double, or a
 * platform binding the project does not ship). Returns a function that undoes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connect, registerScheme } from "./mod.ts";
 * const undo = registerScheme("vsock", { connect: () => Promise.reject(new Error("no")) });
 * await assert.rejects(connect("vsock://2:5000"), /no/);
 * undo();
 * ```
 */
export function registerScheme(
  scheme: TransportScheme,
  implementation: SchemeImplementation,
): () => void {
  extra.set(scheme, implementation);
  return () => {
    if (extra.get(scheme) === implementation) extra.delete(scheme);
  };
}

async function load(uri: ViewportUri): Promise<SchemeImplementation> {
  const own = extra.get(uri.scheme);
  if (own) return own;
  const loader = LOADERS[uri.scheme];
  if (!loader) {
    if (!SELF_RENDERING.has(uri.scheme)) {
      throw new ViewportError("unsupported", `no transport is registered for '${uri.scheme}:'`);
    }
    throw new ViewportError(
      "unsupported",
      `'${uri.scheme}:' is a self-rendering mode, not a transport: the app renders its own ` +
        "output (resolveOutputMode() tells the SDK which), there is nothing to connect to",
    );
  }
  return await loader();
}

function parse(uri: string | ViewportUri, listening: boolean): ViewportUri {
  return typeof uri === "string" ? parseViewportUri(uri, { listening }) : uri;
}

/**
 * App side: connects to the viewer that `uri` names and returns the transport.
 * Rejects with `bad_uri` for a malformed URI, `unsupported` for a
 * self-rendering mode or a scheme this platform lacks, `closed` when the
 * endpoint cannot be reached.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * import { connect, listen } from "./mod.ts";
 * const path = Deno.makeTempDirSync() + "/v.sock";
 * const listener = await listen(`unix://${path}`);
 * const app = await connect(listener.uri);
 * const viewer = (await listener[Symbol.asyncIterator]().next()).value!;
 * await app.send(encodeFrame(5, new Uint8Array([0xa0])));
 * assert.equal((await viewer.frames().next()).value?.type, 5);
 * await viewer.close();
 * await app.close();
 * await listener.close();
 * ```
 */
export async function connect(
  uri: string | ViewportUri,
  options: ConnectOptions = {},
): Promise<Transport> {
  const parsed = parse(uri, false);
  const implementation = await load(parsed);
  if (!implementation.connect) {
    throw new ViewportError("unsupported", `connect() does not support '${parsed.scheme}:'`);
  }
  return await implementation.connect(parsed, options);
}

/**
 * Viewer side: listens where `uri` says (port 0 picks a free port) and yields a
 * transport per app. `listener.uri` is what to give apps as `VIEWPORT`.
 *
 * @example
 * ```ts
 * import { listen } from "./mod.ts";
 * const listener = await listen("tcp://127.0.0.1:0");
 * if (!/^tcp:\/\/127\.0\.0\.1:\d+$/.test(listener.uri)) throw new Error(listener.uri);
 * await listener.close();
 * ```
 */
export async function listen(
  uri: string | ViewportUri,
  options: ListenOptions = {},
): Promise<Listener> {
  const parsed = parse(uri, true);
  const implementation = await load(parsed);
  if (!implementation.listen) {
    const why = implementation.noListen ? `: ${implementation.noListen}` : "";
    throw new ViewportError("unsupported", `listen() does not support '${parsed.scheme}:'${why}`);
  }
  return await implementation.listen(parsed, options);
}
