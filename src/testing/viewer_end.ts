/**
 * The viewer's end of one app connection, for tests and tools: it greets the
 * app (ENV, standard slots), applies what the app sends to a model, records
 * every message, and sends INPUT and REGION back. The test driver is built on
 * it; protocol-level tests use it directly.
 *
 * @module
 */
import type { EnvMessage, Message } from "../protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../protocol/wire.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import { STANDARD_SLOTS } from "../model/standard_slots.ts";
import { TextProjection } from "../projection/text_projection.ts";
import type { Transport } from "../transport/mod.ts";

/** Options for {@linkcode TestViewer}. */
export interface TestViewerOptions {
  /**
   * The ENV sent first (merged over `{display_width: 100}`), or `null` to send
   * none. Default `{}`.
   */
  env?: Partial<EnvMessage> | null;
  /** Send (and apply) the standard slots after ENV, as a real viewer does. Default false. */
  standardSlots?: boolean;
  /** Keep every message in `messages` (default true; off for long-running tools). */
  record?: boolean;
}

/** An app message the model refused, with why. */
export interface Rejection {
  message: Message;
  error: unknown;
}

/**
 * A minimal viewer over one transport.
 *
 * @example
 * ```ts
 * import { memoryPair } from "../transport/mod.ts";
 * import { encodeMessage } from "../protocol/wire.ts";
 * import { TestViewer } from "./viewer_end.ts";
 * import assert from "node:assert/strict";
 * const [app, viewer] = memoryPair();
 * const v = new TestViewer(viewer);
 * await app.send(encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } }));
 * await v.until(() => v.projection() === "hi");
 * assert.equal(v.projection(), "hi");
 * await v.close();
 * await v.done;
 * ```
 */
export class TestViewer {
  readonly transport: Transport;
  /** Every message from the app, in order (unless `record: false`). */
  readonly messages: Message[] = [];
  /** The session's state as this viewer has it. */
  readonly model: ViewportModel = new ViewportModel();
  /** Messages the model refused, and read errors. */
  readonly errors: unknown[] = [];
  /** The same refusals with the messages that caused them. */
  readonly rejected: Rejection[] = [];
  /** Resolves when the connection has ended (never rejects). */
  readonly done: Promise<void>;
  /** The session the app attached as (REGION attach). */
  session: string | undefined;
  /** The app's title (REGION title). */
  title: string | undefined;
  /** True once the app sent REGION close. */
  appClosed = false;
  /** True once the connection ended. */
  ended = false;
  #record: boolean;
  #width: number;
  #waiters: { pred: () => boolean; resolve: () => void }[] = [];
  #listeners = new Set<(msg: Message | null) => void>();

  constructor(transport: Transport, options: TestViewerOptions | Partial<EnvMessage> | null = {}) {
    this.transport = transport;
    // The older form `new TestViewer(t, envFields)` is kept for protocol tests.
    const o: TestViewerOptions = options === null
      ? { env: null }
      : ("env" in options || "standardSlots" in options || "record" in options)
      ? options as TestViewerOptions
      : { env: options as Partial<EnvMessage> };
    this.#record = o.record ?? true;
    const env = o.env === undefined ? {} : o.env;
    this.#width = env?.display_width ?? 100;
    if (env) this.#send({ type: "ENV", display_width: 100, ...env }).catch(() => {});
    if (o.standardSlots) {
      for (const [slot, value] of STANDARD_SLOTS) {
        const msg: Message = { type: "DEFINE", slot, value: { ...value } };
        this.model.apply(msg, "viewer");
        this.#send(msg).catch(() => {});
      }
    }
    this.done = this.#read();
  }

  async #read(): Promise<void> {
    try {
      for await (const frame of this.transport.frames()) {
        let msg: Message;
        try {
          msg = decodeFrame(frame);
        } catch (err) {
          this.errors.push(err);
          continue;
        }
        if (this.#record) this.messages.push(msg);
        this.#take(msg);
        this.#check(msg);
      }
    } catch (err) {
      this.errors.push(err);
    }
    this.ended = true;
    this.#check(null);
  }

  #take(msg: Message): void {
    if (msg.type === "REGION") {
      if (msg.action === "attach") this.session = msg.session;
      else if (msg.action === "title") this.title = msg.title;
      else if (msg.action === "close") this.appClosed = true;
      return;
    }
    if (msg.type === "ERROR" || msg.type === "AUDIO") return;
    try {
      this.model.apply(msg);
    } catch (err) {
      this.errors.push(err);
      this.rejected.push({ message: msg, error: err });
    }
  }

  #check(msg: Message | null, notify = true): void {
    if (notify) {
      for (const l of this.#listeners) {
        try {
          l(msg);
        } catch { /* a listener's bug must not stop the reader */ }
      }
    }
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.pred()) return true;
      w.resolve();
      return false;
    });
  }

  /** Called after each app message is applied (`null` when the connection ended). */
  onMessage(listener: (msg: Message | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once `pred` holds (checked after every message); rejects after `ms`. */
  until(pred: () => boolean, ms = 3000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${ms} ms; got ${this.types()}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push({ pred, resolve: done });
      // setTimeout may have run queued messages as it loaded: look again.
      this.#check(null, false);
    });
  }

  /** The app's message types so far, comma-separated. */
  types(): string {
    return this.messages.map((m) => m.type).join(",");
  }

  /** The app's messages of one type. */
  of<T extends Message["type"]>(type: T): Extract<Message, { type: T }>[] {
    return this.messages.filter((m) => m.type === type) as Extract<Message, { type: T }>[];
  }

  /** The text projection at the ENV's width. */
  projection(): string {
    return new TextProjection(this.model, { width: this.#width }).text();
  }

  /** Sends a message to the app. */
  send(msg: Message): Promise<void> {
    return this.#send(msg);
  }

  #send(msg: Message): Promise<void> {
    return this.transport.send(encodeMessage(msg));
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.transport.close();
  }
}
