/**
 * The send side of a {@linkcode MessageTransport}: frames wait here, as plain
 * references, until the socket has less than a window of bytes in flight.
 *
 * @module
 */
import type { MessageSocket } from "./message_socket.ts";

/**
 * Hands frames to a {@linkcode MessageSocket} while it holds at most `window`
 * unsent bytes and keeps the rest in order. Why: the `ws` package masks and
 * copies each message as it is sent (and a wss socket encrypts it), so a burst
 * handed over at once turns into megabytes of copies that miss the CPU caches;
 * a window of one large frame in flight is measurably faster (see
 * docs/performance.md, wss) and holds less memory.
 *
 * @example
 * ```ts
 * import { MessageSendQueue } from "./_message_send_queue.ts";
 * const sent: Uint8Array[] = [];
 * let buffered = 0;
 * const socket = {
 *   listen() {},
 *   send: (d: Uint8Array) => { sent.push(d); buffered += d.length; },
 *   whenBelow: () => Promise.resolve(),
 *   get bufferedAmount() { return buffered; },
 *   close() {},
 *   terminate() {},
 * };
 * const out = new MessageSendQueue(socket, 10);
 * out.send(new Uint8Array(8));
 * out.send(new Uint8Array(8)); // 8 bytes in flight, within the window: sent
 * out.send(new Uint8Array(8)); // 16 in flight: waits here
 * const count = () => sent.length;
 * if (count() !== 2 || out.bytes !== 24) throw new Error("expected two sent, 24 unsent");
 * buffered = 0;
 * await out.idle();
 * if (count() !== 3) throw new Error("expected the last one sent once the socket drained");
 * ```
 */
export class MessageSendQueue {
  readonly #socket: MessageSocket;
  readonly #window: number;
  #items: (Uint8Array | undefined)[] = [];
  #head = 0;
  #queued = 0;
  #draining = false;
  #stopped = false;
  #roomWaiters: (() => void)[] = [];

  /** `window`: how many unsent bytes the socket may hold before frames wait here. */
  constructor(socket: MessageSocket, window: number) {
    this.#socket = socket;
    this.#window = window;
  }

  /** Unsent bytes: waiting here plus buffered by the socket. */
  get bytes(): number {
    return this.#queued + this.#socket.bufferedAmount;
  }

  /** Sends `frame` now if the window allows and nothing waits, else queues it. */
  send(frame: Uint8Array): void {
    if (this.#stopped) return;
    // Without a window (Deno's WebSocket) the buffered amount, an op call there, is not read.
    const idle = this.#head === this.#items.length;
    if (idle && (this.#window === Infinity || this.#socket.bufferedAmount <= this.#window)) {
      this.#socket.send(frame);
      return;
    }
    this.#items.push(frame);
    this.#queued += frame.length;
    void this.#drain();
  }

  /** Resolves once at most `limit` bytes are unsent (or the queue stopped). */
  async whenBelow(limit: number): Promise<void> {
    while (!this.#stopped && this.bytes > limit) {
      if (this.#queued === 0) return this.#socket.whenBelow(limit);
      await new Promise<void>((r) => this.#roomWaiters.push(r));
    }
  }

  /** Resolves once every queued frame went to the socket (or the queue stopped). */
  async idle(): Promise<void> {
    while (!this.#stopped && this.#queued > 0) {
      await new Promise<void>((r) => this.#roomWaiters.push(r));
    }
  }

  /** Drops what waits (the connection is gone) and wakes every waiter. */
  stop(): void {
    this.#stopped = true;
    this.#items = [];
    this.#head = 0;
    this.#queued = 0;
    this.#wake();
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    while (!this.#stopped && this.#head < this.#items.length) {
      await this.#socket.whenBelow(this.#window);
      let sent = 0;
      while (
        !this.#stopped && this.#head < this.#items.length &&
        this.#socket.bufferedAmount <= this.#window
      ) {
        const frame = this.#items[this.#head]!;
        // Cleared at once, so sent frames are not kept reachable from here.
        this.#items[this.#head++] = undefined;
        this.#queued -= frame.length;
        this.#socket.send(frame);
        sent++;
      }
      if (this.#head === this.#items.length) {
        this.#items = [];
        this.#head = 0;
      }
      this.#wake();
      // A socket that reports room it does not have (closing) must not spin us.
      if (sent === 0) await new Promise((r) => setTimeout(r, 1));
    }
    this.#draining = false;
  }

  #wake(): void {
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const w of waiters) w();
  }
}
