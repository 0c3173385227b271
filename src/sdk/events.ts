/**
 * Connection events, delivered to callbacks and to async iterators.
 *
 * @module
 */
import type { ViewportError } from "../protocol/errors.ts";
import type {
  EnvMessage,
  ErrorMessage,
  InputMessage,
  RegionMessage,
} from "../protocol/messages/types.ts";

/** Event payloads by name. */
export interface ConnectionEventMap {
  /** A user input event from the viewer or the embedded renderer. */
  input: InputMessage;
  /** The viewer's environment (first on connect, then on change). */
  env: EnvMessage;
  /** Region management from the viewer: resize, focus, blur, close. */
  region: RegionMessage;
  /** The connection ended for good (closed by the app, or the viewer asked). */
  close: { reason: string };
  /** The link to the viewer came back and the state was re-sent. */
  reconnect: { attempt: number };
  /** The viewer rejected a message (ERROR), or the link failed. */
  error: ErrorMessage | ViewportError;
}

/** A connection event as yielded by `events()`. */
export type ConnectionEvent = {
  [K in keyof ConnectionEventMap]: { type: K; data: ConnectionEventMap[K] };
}[keyof ConnectionEventMap];

/**
 * A small typed event hub. Listener errors are reported to `onListenerError`
 * and never break delivery to the others.
 *
 * @example
 * ```ts
 * import { EventHub } from "./events.ts";
 * import assert from "node:assert/strict";
 * const hub = new EventHub();
 * let got = "";
 * hub.on("close", (e) => got = e.reason);
 * hub.emit("close", { reason: "done" });
 * assert.equal(got, "done");
 * ```
 */
export class EventHub {
  #listeners = new Map<string, Set<(data: never) => void>>();
  #iterators = new Set<Queue>();
  #ended = false;
  onListenerError: (err: unknown) => void = (err) => console.error(err);

  /** Subscribes; returns an unsubscribe function. */
  on<K extends keyof ConnectionEventMap>(
    type: K,
    listener: (data: ConnectionEventMap[K]) => void,
  ): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, set = new Set());
    set.add(listener as (data: never) => void);
    return () => set!.delete(listener as (data: never) => void);
  }

  /** True when anyone listens for `type` (callbacks or iterators). */
  has(type: keyof ConnectionEventMap): boolean {
    return (this.#listeners.get(type)?.size ?? 0) > 0 || this.#iterators.size > 0;
  }

  /** Delivers an event to callbacks, then to iterators. */
  emit<K extends keyof ConnectionEventMap>(type: K, data: ConnectionEventMap[K]): void {
    const set = this.#listeners.get(type);
    if (set) {
      for (const l of [...set]) {
        try {
          (l as (d: ConnectionEventMap[K]) => void)(data);
        } catch (err) {
          this.onListenerError(err);
        }
      }
    }
    for (const q of this.#iterators) q.push({ type, data } as ConnectionEvent);
  }

  /** Ends every iterator (after `close`). */
  end(): void {
    this.#ended = true;
    for (const q of this.#iterators) q.end();
    this.#iterators.clear();
  }

  /** An async iterator over all events from now on; ends when the hub ends. */
  iterate(): AsyncIterableIterator<ConnectionEvent> {
    const q = new Queue(() => this.#iterators.delete(q));
    if (this.#ended) q.end();
    else this.#iterators.add(q);
    return q;
  }
}

class Queue implements AsyncIterableIterator<ConnectionEvent> {
  #items: ConnectionEvent[] = [];
  #waiting: ((r: IteratorResult<ConnectionEvent>) => void) | null = null;
  #done = false;
  constructor(readonly onReturn: () => void) {}

  push(ev: ConnectionEvent): void {
    if (this.#waiting) {
      const w = this.#waiting;
      this.#waiting = null;
      w({ value: ev, done: false });
    } else this.#items.push(ev);
  }

  end(): void {
    this.#done = true;
    if (this.#waiting) {
      const w = this.#waiting;
      this.#waiting = null;
      w({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<ConnectionEvent>> {
    if (this.#items.length > 0) {
      return Promise.resolve({ value: this.#items.shift()!, done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiting = resolve);
  }

  return(): Promise<IteratorResult<ConnectionEvent>> {
    this.onReturn();
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ConnectionEvent> {
    return this;
  }
}
