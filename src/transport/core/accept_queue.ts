/**
 * The {@linkcode Listener} every scheme returns: a queue of accepted transports
 * with one consumer, fed by the scheme's accept loop.
 *
 * @module
 */
import { AsyncQueue } from "./async_queue.ts";
import type { Listener, PeerInfo, Transport } from "./transport.ts";

/**
 * A {@linkcode Listener} fed with `push`. Closing it stops the scheme's endpoint
 * (through `onClose`), closes accepted transports nobody took yet, and ends the
 * iteration.
 *
 * @example
 * ```ts
 * import { TransportListener } from "./accept_queue.ts";
 * import { memoryPair } from "./memory.ts";
 * const listener = new TransportListener("memory:", { scheme: "memory" }, () => {});
 * const [a, b] = memoryPair();
 * listener.push(b);
 * for await (const t of listener) {
 *   if (t !== b) throw new Error("expected the pushed transport");
 *   break;
 * }
 * await listener.close();
 * await a.close();
 * ```
 */
export class TransportListener implements Listener {
  /** A URI peers can connect to (may include a token: never log it). */
  readonly uri: string;
  /** Facts about the endpoint, safe to log. */
  readonly info: PeerInfo;
  readonly #onClose: () => void | Promise<void>;
  readonly #queue = new AsyncQueue<Transport>();
  #closing: Promise<void> | null = null;

  constructor(uri: string, info: PeerInfo, onClose: () => void | Promise<void>) {
    this.uri = uri;
    this.info = info;
    this.#onClose = onClose;
  }

  /** True once the listener stopped (closed, or its endpoint failed). */
  get ended(): boolean {
    return this.#queue.ended;
  }

  /** Hands an accepted transport to the consumer (closed at once after `end`). */
  push(transport: Transport): void {
    if (!this.#queue.push(transport)) void transport.close();
  }

  /** The endpoint stopped: the iteration ends, with `error` if given. */
  end(error?: Error): void {
    this.#queue.end(error);
  }

  /** Accepted connections, in order; one consumer. */
  [Symbol.asyncIterator](): AsyncIterator<Transport> {
    return {
      next: () => this.#queue.next(),
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }

  /** Stops accepting, frees the endpoint, closes transports nobody took. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.end();
      const left = this.#queue.drain();
      await Promise.all([this.#onClose(), ...left.map((t) => t.close())]);
    })();
    return this.#closing;
  }
}
