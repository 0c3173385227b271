/**
 * Test helpers for the viewer: a scripted app on one end of a memory pair.
 */
import type { Message } from "../../src/protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import { memoryPair, type Transport } from "../../src/transport/mod.ts";
import type { AcceptOptions, SessionHost } from "../../viewer/shared/session_host.ts";

/** Waits (polling the event loop) until `cond()` is true; throws after `ms`. */
export async function until(cond: () => boolean, what = "condition", ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Lets queued frames be handled. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
}

/** A scripted app connected to `host` through a memory pair. */
export class FakeApp {
  readonly transport: Transport;
  readonly received: Message[] = [];
  readonly served: Promise<void>;
  #reader: Promise<void>;
  closedByPeer = false;

  constructor(host: SessionHost, options: AcceptOptions = {}, maxPayload?: number) {
    const [app, viewer] = memoryPair({ maxPayload });
    this.transport = app;
    this.served = host.accept(viewer, options);
    this.#reader = (async () => {
      try {
        for await (const f of app.frames()) this.received.push(decodeFrame(f));
      } catch { /* framing error: the connection is gone */ }
      this.closedByPeer = true;
    })();
  }

  send(message: Message): Promise<void> {
    return this.transport.send(encodeMessage(message));
  }

  sendRaw(bytes: Uint8Array): Promise<void> {
    return this.transport.send(bytes);
  }

  /** Messages of `type` received so far. */
  of<T extends Message["type"]>(type: T): Extract<Message, { type: T }>[] {
    return this.received.filter((m) => m.type === type) as Extract<Message, { type: T }>[];
  }

  /** Waits for the `n`th message of `type` (1-based) and returns it. */
  async next<T extends Message["type"]>(type: T, n = 1): Promise<Extract<Message, { type: T }>> {
    await until(() => this.of(type).length >= n, `${type} #${n}`);
    return this.of(type)[n - 1];
  }

  async close(): Promise<void> {
    await this.transport.close();
    await this.served;
    await this.#reader;
  }
}

/** A TREE of a column box with one text node per string (ids 1, 2, 3...). */
export function textTree(...lines: string[]): Message {
  return {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: lines.map((content, i) => ({ id: i + 2, type: "text", props: { content } })),
    },
  };
}
