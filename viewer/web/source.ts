/**
 * What the browser front end needs from whoever hosts sessions: the live
 * sessions, a stream of what happens to them, and a way to send input back.
 * The viewer's session host implements it through an adapter; tests and
 * benchmarks use {@linkcode ModelSessionSource}.
 *
 * @module
 */
import type { ErrorMessage, InputMessage, Message } from "../../src/protocol/messages/types.ts";
import type { ViewportModel } from "../../src/model/viewport_model.ts";
import type { DisplayFacts } from "../shared/display.ts";

/** One session as the browser front end sees it. */
export interface WebSession {
  /** Stable id (the app's `VIEWPORT_SESSION`, or one the host made). */
  readonly id: string;
  /** Title from REGION `title`, if the app sent one. */
  readonly title?: string;
  /** `live`, `disconnected` or `ended` (an app that ended stays on show, marked so). */
  readonly state?: string;
  /** The session's state; read only: the host applies messages to it. */
  readonly model: ViewportModel;
}

/** Something that happened to a session, in the order it happened. */
export type WebSessionEvent =
  | { kind: "added"; session: WebSession }
  /** `messages` were applied to the model (in this order) just before the event. */
  | { kind: "messages"; session: WebSession; messages: readonly Message[] }
  /** The title or the state changed. */
  | { kind: "title"; session: WebSession }
  /** The model was cleared or rebuilt (an app reconnected): resend everything. */
  | { kind: "reset"; session: WebSession }
  | { kind: "removed"; id: string };

/** Messages a browser tab may send to an app. */
export type WebToAppMessage = InputMessage | ErrorMessage;

/**
 * The session host, as the web front end uses it.
 *
 * Contract: events are delivered synchronously after the model changed, so a
 * snapshot taken from `session.model` followed by the later events is exactly
 * the app's stream.
 *
 * @example
 * ```ts
 * import type { WebSessionSource } from "./source.ts";
 * import { ModelSessionSource } from "./model_source.ts";
 * const source: WebSessionSource = new ModelSessionSource();
 * if ([...source.sessions()].length !== 0) throw new Error("expected no sessions");
 * ```
 */
export interface WebSessionSource {
  /** The sessions alive now. */
  sessions(): Iterable<WebSession>;
  /** Subscribes to events; returns an unsubscribe function. */
  onEvent(listener: (event: WebSessionEvent) => void): () => void;
  /** Delivers a browser's message to the session's app (dropped if it is gone). */
  sendToApp(sessionId: string, message: WebToAppMessage): void;
  /**
   * A tab showing the session has this size in cells (the host tells the app
   * with REGION resize). Optional: sources without regions ignore it.
   */
  resize?(sessionId: string, width: number, height: number): void;
  /**
   * What the tabs showing the session measured about their displays,
   * combined (see `hub.ts`); the host tells the app with a new ENV when its
   * ENV changes. Optional.
   */
  env?(sessionId: string, facts: DisplayFacts): void;
}
