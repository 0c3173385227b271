/**
 * A minimal viewer for SDK tests: sends ENV, records and applies what the app
 * sends, and can send INPUT and REGION back.
 */
import type { EnvMessage, Message } from "../../src/protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import { ViewportModel } from "../../src/model/viewport_model.ts";
import { TextProjection } from "../../src/projection/text_projection.ts";
import type { Transport } from "../../src/transport/transport.ts";

export class FakeViewer {
  readonly messages: Message[] = [];
  readonly model = new ViewportModel();
  readonly errors: unknown[] = [];
  readonly done: Promise<void>;
  #waiters: { pred: () => boolean; resolve: () => void }[] = [];

  constructor(readonly transport: Transport, env: Partial<EnvMessage> | null = {}) {
    if (env) {
      void transport.send(encodeMessage({ type: "ENV", display_width: 100, ...env }));
    }
    this.done = this.#read();
  }

  async #read(): Promise<void> {
    try {
      for await (const frame of this.transport.frames()) {
        const msg = decodeFrame(frame);
        this.messages.push(msg);
        try {
          this.model.apply(msg);
        } catch (err) {
          this.errors.push(err);
        }
        this.#check();
      }
    } catch (err) {
      this.errors.push(err);
    }
    this.#check();
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.pred()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `pred` holds (checked after every message); rejects after `ms`. */
  until(pred: () => boolean, ms = 3000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${this.types()}`)), ms);
      this.#waiters.push({
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  types(): string {
    return this.messages.map((m) => m.type).join(",");
  }

  of<T extends Message["type"]>(type: T): Extract<Message, { type: T }>[] {
    return this.messages.filter((m) => m.type === type) as Extract<Message, { type: T }>[];
  }

  projection(): string {
    return new TextProjection(this.model, { width: 100 }).text();
  }

  send(msg: Message): Promise<void> {
    return this.transport.send(encodeMessage(msg));
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
