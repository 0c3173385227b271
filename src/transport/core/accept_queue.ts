/**
 * The {@linkcode Listener} every scheme returns: a queue of accepted transports
 * with one consumer, fed by the scheme's accept loop.
 *
 * @module
 */
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
  #ready: Transport[] = [];
  #waiter: ((r: IteratorResult<Transport>) => void) | null = null;
  #failWaiter: ((e: Error) => void) | null = null;
  #ended = false;
  #error: Error | undefined;
  #closing: Promise<void> | null = null;

  constructor(uri: string, info: PeerInfo, onClose: () => void | Promise<void>) {
    this.uri = uri;
    this.info = info;
    this.#onClose = onClose;
  }

  /** True once the listener stopped (closed, or its endpoint failed). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Hands an accepted transport to the consumer (closed at once after `end`). */
  push(transport: Transport): void {
    if (this.#ended) {
      void transport.close();
      return;
    }
    const w = this.#waiter;
    if (w) {
      this.#waiter = this.#failWaiter = null;
      w({ value: transport, done: false });
    } else {
      this.#ready.push(transport);
    }
  }

  /** The endpoint stopped: the iteration ends, with `error` if given. */
  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    const w = this.#waiter, f = this.#failWaiter;
    this.#waiter = this.#failWaiter = null;
    if (error && f) {
      this.#error = undefined;
      f(error);
    } else w?.({ value: undefined, done: true });
  }

  /** Accepted connections, in order; one consumer. */
  [Symbol.asyncIterator](): AsyncIterator<Transport> {
    return {
      next: () => {
        const t = this.#ready.shift();
        if (t) return Promise.resolve({ value: t, done: false });
        if (this.#ended) {
          const e = this.#error;
          this.#error = undefined;
          return e ? Promise.reject(e) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          this.#waiter = resolve;
          this.#failWaiter = reject;
        });
      },
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }

  /** Stops accepting, frees the endpoint, closes transports nobody took. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.end();
      const left = this.#ready.splice(0);
      await Promise.all([this.#onClose(), ...left.map((t) => t.close())]);
    })();
    return this.#closing;
  }
}
