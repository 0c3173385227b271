/**
 * Harness builders for the conformance suite: a listener-based transport (any
 * scheme `listen`/`connect` support) and raw socket peers.
 */
import {
  connect,
  type ConnectOptions,
  listen,
  type Listener,
  type ListenOptions,
  type Transport,
} from "../../src/transport/mod.ts";
import type { Harness, Pair, RawPeer } from "./conformance.ts";

/** A raw peer over a Deno connection. */
export function rawConn(conn: Deno.Conn): RawPeer {
  return {
    async write(bytes) {
      let off = 0;
      while (off < bytes.length) off += await conn.write(bytes.subarray(off));
    },
    kill() {
      conn.close();
      return Promise.resolve();
    },
  };
}

function rawPeerAsIs(conn: Deno.Conn): Promise<RawPeer> {
  return Promise.resolve(rawConn(conn));
}

/** What {@linkcode listenerHarness} needs beyond the URI. */
export interface ListenerHarnessOptions {
  connectOptions?: ConnectOptions;
  listenOptions?: ListenOptions;
  /** The URI apps connect to (default: the listener's own `uri`). */
  connectUri?: (listener: Listener) => string;
  /** A raw connection to the listener (enables the "app dies mid-frame" case). */
  rawConnect?: (listener: Listener) => Promise<Deno.Conn>;
  /**
   * A raw listening endpoint plus the URI that reaches it (enables the
   * "viewer dies mid-frame" case).
   */
  rawListen?: () => { listener: Deno.Listener; uri: string; cleanup?: () => void };
  /** Turns a raw connection into a peer (default: bytes as they are; ws: handshake first). */
  rawPeer?: (conn: Deno.Conn, role: "client" | "server") => Promise<RawPeer>;
  dispose?: () => Promise<void> | void;
}

/** Next accepted transport of `listener`. */
export async function accept(it: AsyncIterator<Transport>): Promise<Transport> {
  const r = await it.next();
  if (r.done) throw new Error("listener ended");
  return r.value;
}

/** A harness for a scheme reached by `connect(listener.uri)`. */
export async function listenerHarness(
  name: string,
  listenUri: string,
  options: ListenerHarnessOptions = {},
): Promise<Harness> {
  const listener = await listen(listenUri, options.listenOptions);
  const it = listener[Symbol.asyncIterator]();
  const target = options.connectUri?.(listener) ?? listener.uri;
  const harness: Harness = {
    name,
    async open(): Promise<Pair> {
      const accepted = accept(it);
      const app = await connect(target, options.connectOptions);
      return { app, viewer: await accepted };
    },
    async dispose() {
      await listener.close();
      await options.dispose?.();
    },
  };
  if (options.rawConnect) {
    harness.rawApp = async () => {
      const accepted = accept(it);
      const conn = await options.rawConnect!(listener);
      const raw = await (options.rawPeer ?? rawPeerAsIs)(conn, "client");
      return { raw, viewer: await accepted };
    };
  }
  if (options.rawListen) {
    harness.rawViewer = async () => {
      const { listener: rawListener, uri, cleanup } = options.rawListen!();
      try {
        const accepted = rawListener.accept();
        const app = connect(uri, options.connectOptions);
        const raw = await (options.rawPeer ?? rawPeerAsIs)(await accepted, "server");
        return { raw, app: await app };
      } finally {
        rawListener.close();
        cleanup?.();
      }
    };
  }
  return harness;
}
