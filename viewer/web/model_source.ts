/**
 * An in-process {@linkcode WebSessionSource}: sessions whose messages are
 * applied by calling code instead of arriving from an app. Used by tests and
 * benchmarks, and by anything that embeds the browser viewer in a process.
 *
 * @module
 */
import { ViewportModel, type ViewportModelOptions } from "../../src/model/viewport_model.ts";
import type { Message } from "../../src/protocol/messages/types.ts";
import type { DisplayFacts } from "../shared/display.ts";
import type { WebSession, WebSessionEvent, WebSessionSource, WebToAppMessage } from "./source.ts";

class Session implements WebSession {
  readonly id: string;
  title?: string;
  readonly model: ViewportModel;
  constructor(id: string, model: ViewportModel, title?: string) {
    this.id = id;
    this.model = model;
    this.title = title;
  }
}

/**
 * Sessions driven in-process.
 *
 * @example
 * ```ts
 * import { ModelSessionSource } from "./model_source.ts";
 * const source = new ModelSessionSource();
 * const seen: string[] = [];
 * source.onEvent((e) => seen.push(e.kind));
 * source.add("demo");
 * source.apply("demo", { type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * if (seen.join() !== "added,messages") throw new Error(seen.join());
 * ```
 */
export class ModelSessionSource implements WebSessionSource {
  #sessions = new Map<string, Session>();
  #listeners = new Set<(event: WebSessionEvent) => void>();
  #appListeners = new Set<(sessionId: string, message: WebToAppMessage) => void>();
  #modelOptions: ViewportModelOptions;

  constructor(modelOptions: ViewportModelOptions = {}) {
    this.#modelOptions = modelOptions;
  }

  sessions(): Iterable<WebSession> {
    return this.#sessions.values();
  }

  /** The session with `id`, if any. */
  get(id: string): WebSession | undefined {
    return this.#sessions.get(id);
  }

  onEvent(listener: (event: WebSessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  sendToApp(sessionId: string, message: WebToAppMessage): void {
    if (!this.#sessions.has(sessionId)) return;
    for (const l of this.#appListeners) l(sessionId, message);
  }

  /** Region sizes tabs reported, by session (the last one wins). */
  readonly sizes: Map<string, { width: number; height: number }> = new Map();

  resize(sessionId: string, width: number, height: number): void {
    if (this.#sessions.has(sessionId)) this.sizes.set(sessionId, { width, height });
  }

  /** Display facts the tabs reported, by session (combined by the hub). */
  readonly facts: Map<string, DisplayFacts> = new Map();

  env(sessionId: string, facts: DisplayFacts): void {
    if (this.#sessions.has(sessionId)) this.facts.set(sessionId, facts);
  }

  /** Subscribes to what browsers send to apps; returns an unsubscribe function. */
  onToApp(listener: (sessionId: string, message: WebToAppMessage) => void): () => void {
    this.#appListeners.add(listener);
    return () => this.#appListeners.delete(listener);
  }

  /**
   * Adds a session with the standard slots filled, as a viewer does on
   * connect. Throws `RangeError` when the id is taken.
   */
  add(id: string, title?: string): WebSession {
    if (this.#sessions.has(id)) throw new RangeError(`session ${JSON.stringify(id)} exists`);
    const model = new ViewportModel(this.#modelOptions);
    model.slots.fillStandard();
    const session = new Session(id, model, title);
    this.#sessions.set(id, session);
    this.#emit({ kind: "added", session });
    return session;
  }

  /**
   * Applies messages in order and announces the applied ones in one event.
   * A rejected message throws its `ViewportError` after the ones before it
   * were applied and announced (the model itself stays consistent).
   */
  apply(id: string, ...messages: Message[]): void {
    const session = this.#need(id);
    const applied: Message[] = [];
    try {
      for (const m of messages) {
        session.model.apply(m);
        applied.push(m);
      }
    } finally {
      if (applied.length > 0) this.#emit({ kind: "messages", session, messages: applied });
    }
  }

  /** Sets the title (as a REGION `title` would). */
  setTitle(id: string, title: string): void {
    const session = this.#need(id);
    session.title = title;
    this.#emit({ kind: "title", session });
  }

  /** Clears the model back to the standard slots (as on an app's reconnect). */
  reset(id: string): void {
    const session = this.#need(id);
    session.model.reset();
    session.model.slots.fillStandard();
    this.#emit({ kind: "reset", session });
  }

  /** Ends a session. */
  remove(id: string): void {
    if (this.#sessions.delete(id)) this.#emit({ kind: "removed", id });
  }

  #need(id: string): Session {
    const s = this.#sessions.get(id);
    if (!s) throw new RangeError(`no session ${JSON.stringify(id)}`);
    return s;
  }

  #emit(event: WebSessionEvent): void {
    for (const l of this.#listeners) l(event);
  }
}
