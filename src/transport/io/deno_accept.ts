/**
 * The accept loop shared by the schemes built on `Deno.listen`/`Deno.listenTls`.
 *
 * @module
 */
import { yieldTurn } from "../../protocol/yield_turn.ts";
import { type PeerInfo, type Transport, TransportListener } from "../core/mod.ts";

/** The parts of a `Deno.Listener` the accept loop uses. */
export interface DenoListenerLike<C extends { close(): void }> {
  accept(): Promise<C>;
  close(): void;
}

/** Hooks of {@linkcode acceptInto}. */
export interface AcceptHooks<C> {
  /** Turns an accepted connection into a transport (may authenticate first). */
  wrap(conn: C): Transport | Promise<Transport>;
  /** Told about each connection whose `wrap` failed (e.g. a wrong token). */
  onRejected?: (error: Error) => void;
  /** Runs after the endpoint closed (e.g. removes a socket file). */
  cleanup?: () => void | Promise<void>;
}

/**
 * Runs an accept loop over `listener` and returns the {@linkcode TransportListener}
 * it feeds. Each connection is wrapped on its own, so a slow handshake never
 * holds up the next peer; closing the listener also drops handshakes in flight.
 * After each accept the loop gives way for a turn of the event loop: while
 * the backlog holds connections, `accept()` resolves without one, and a burst
 * of 1,000 would otherwise be accepted before any accepted socket is read (a
 * new connection's first frame then waited up to 1.4 s, and the viewer took
 * real apps for silent ones).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acceptInto } from "./deno_accept.ts";
 * import { denoConnChannel, StreamTransport } from "../core/mod.ts";
 * const raw = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const listener = acceptInto(raw, "tcp://127.0.0.1:1", { scheme: "tcp" }, {
 *   wrap: (conn) => new StreamTransport(denoConnChannel(conn), { scheme: "tcp" }),
 * });
 * const conn = await Deno.connect({ hostname: "127.0.0.1", port: raw.addr.port });
 * const accepted = (await listener[Symbol.asyncIterator]().next()).value!;
 * assert.equal(accepted.info.scheme, "tcp");
 * await accepted.close();
 * conn.close();
 * await listener.close();
 * ```
 */
export function acceptInto<C extends { close(): void }>(
  listener: DenoListenerLike<C>,
  uri: string,
  info: PeerInfo,
  hooks: AcceptHooks<C>,
): TransportListener {
  const handshaking = new Set<C>();
  const handshakes = new Set<Promise<void>>();
  let stopping = false;
  let loop: Promise<void> = Promise.resolve();
  const target = new TransportListener(uri, info, async () => {
    stopping = true;
    closeQuietly(listener);
    for (const conn of handshaking) closeQuietly(conn);
    await loop;
    await Promise.allSettled([...handshakes]);
    await hooks.cleanup?.();
  });
  const admit = (conn: C) => {
    handshaking.add(conn);
    const h = (async () => {
      try {
        const transport = await hooks.wrap(conn);
        handshaking.delete(conn);
        target.push(transport);
      } catch (err) {
        handshaking.delete(conn);
        closeQuietly(conn);
        if (!stopping) hooks.onRejected?.(err instanceof Error ? err : new Error(String(err)));
      }
    })();
    handshakes.add(h);
    void h.finally(() => handshakes.delete(h));
  };
  loop = (async () => {
    for (;;) {
      let conn: C;
      try {
        conn = await listener.accept();
      } catch (err) {
        if (!stopping) target.end(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (stopping) {
        closeQuietly(conn);
        return;
      }
      admit(conn);
      // Lets reads (and timers) of the connections already accepted run.
      await yieldTurn();
    }
  })();
  return target;
}

/** Closes a resource that may already be closed. */
export function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch {
    // Already closed: nothing left to free.
  }
}
