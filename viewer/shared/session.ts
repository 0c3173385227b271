/**
 * One app's session as a front end sees it: its model, its text, its state,
 * and the calls that send user input and region changes back to the app.
 *
 * @module
 */
import type {
  AudioMessage,
  InputMessage,
  Message,
  SlotValue,
} from "../../src/protocol/messages/types.ts";
import type { DisplayFacts } from "./display.ts";
import {
  type ModelChange,
  ViewportModel,
  type ViewportModelOptions,
} from "../../src/model/viewport_model.ts";
import { TextProjection } from "../../src/projection/text_projection.ts";
import { newToken, type PeerInfo } from "../../src/transport/mod.ts";

/**
 * Where a session is in its life: `live` while its app is connected,
 * `disconnected` when the connection dropped (the app may come back),
 * `ended` when the app closed its region (REGION close) and left, `closed`
 * once removed from the host. An app that attaches again revives a
 * disconnected or ended session.
 */
export type SessionState = "live" | "disconnected" | "ended" | "closed";

/** What happened to a session, as observers are told. */
export type SessionEvent =
  /** The model changed (fine-grained, for renderers); fires during an apply. */
  | { type: "model"; change: ModelChange }
  /** An app message was applied to the model (fires after its `model` events). */
  | { type: "message"; message: Message }
  /** The app re-attached: its old state was dropped; everything is re-sent next. */
  | { type: "reset" }
  /** State, title, peer or size changed. */
  | { type: "status" }
  /** A message from the app was rejected (`to: "app"`) or the app reported one (`to: "viewer"`). */
  | { type: "error"; to: "app" | "viewer"; code: string; message: string }
  /** The app asked for a sound (the display plays it: the viewer checked it can). */
  | { type: "audio"; action: string; builtin?: string; message?: AudioMessage };

/** The connection a session is bound to, as the session needs it. */
export interface AppLink {
  /** Facts about the app's connection, safe to show. */
  readonly info: PeerInfo;
  /** Sends a message to the app; resolves false when it could not be sent. */
  send(message: Message): Promise<boolean>;
  /** Closes the connection. */
  close(): Promise<void>;
  /** Sends the session's ENV again if it changed since the last one (facts, size). */
  refreshEnv?(): Promise<boolean>;
}

/** How a {@linkcode Session} is set up by its host. */
export interface SessionInit {
  id: string;
  width: number;
  height: number;
  model?: ViewportModelOptions;
  /** Values the viewer writes into standard slots (re-applied after a reset). */
  standardSlots: ReadonlyMap<number, Readonly<SlotValue>>;
  /** Kept without a connection for as long as the viewer runs (the spawned app's session). */
  pinned?: boolean;
  /** Called for every event; the host fans it out to observers. */
  notify: (session: Session, event: SessionEvent) => void;
}

/**
 * A session: named by the app's REGION attach (or `sess-N`), kept across
 * reconnects so that an app that comes back gets its region back.
 *
 * @example
 * ```ts
 * import { Session } from "./session.ts";
 * import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";
 * import assert from "node:assert/strict";
 * const s = new Session({ id: "demo", width: 80, height: 24, standardSlots: STANDARD_SLOTS, notify: () => {} });
 * s.model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * assert.equal(s.text(), "hi");
 * assert.equal(s.state, "disconnected");
 * ```
 */
export class Session {
  /** The session id (`VIEWPORT_SESSION`, the REGION attach id, or `sess-N`). */
  readonly id: string;
  /** The session's state: the app-origin part is rebuilt by the app after a re-attach. */
  readonly model: ViewportModel;
  /** When the session was created (ms since the epoch). */
  readonly created: number = Date.now();
  /** Title from the app's REGION title, if any. */
  title: string | undefined;
  /** Messages from the app that were rejected. */
  rejected = 0;
  /** Messages from the app that were applied. */
  applied = 0;
  /**
   * The resume secret: an app that attaches to this session while it has no
   * connection must present it (REGION attach `resume`), unless its transport
   * already proves who it is. Sent to the app in ENV `resume`.
   */
  readonly secret: string = newToken(18);
  /** Not removed for being unconnected too long (the app the viewer spawned). */
  readonly pinned: boolean;
  /** When the session last lost its connection (ms, `performance.now()`); 0 while live. */
  detachedAt = performance.now();
  /** Host use: the bytes last counted against the viewer-wide budget. */
  counted = 0;
  #facts: DisplayFacts = {};
  #state: SessionState = "disconnected";
  #link: AppLink | null = null;
  #peer: PeerInfo | undefined;
  #width: number;
  #height: number;
  #projection: TextProjection | null = null;
  #standard: ReadonlyMap<number, Readonly<SlotValue>>;
  #notify: (session: Session, event: SessionEvent) => void;
  #needsReset = false;

  constructor(init: SessionInit) {
    this.id = init.id;
    this.pinned = init.pinned ?? false;
    this.#width = init.width;
    this.#height = init.height;
    this.#standard = init.standardSlots;
    this.#notify = init.notify;
    this.model = new ViewportModel(init.model);
    this.model.onChange((change) => this.#notify(this, { type: "model", change }));
    this.#fillStandard();
  }

  /** See {@linkcode SessionState}. */
  get state(): SessionState {
    return this.#state;
  }

  /** The current (or last) app connection, sanitized. */
  get peer(): PeerInfo | undefined {
    return this.#peer;
  }

  /** Region width (cells or px, per the display). */
  get width(): number {
    return this.#width;
  }

  /** Region height. */
  get height(): number {
    return this.#height;
  }

  /** The live text projection (protocol-spec section 7), at the region's width. */
  text(): string {
    this.#projection ??= new TextProjection(this.model, { width: this.#width });
    return this.#projection.text();
  }

  /** Sends a user input event to the app. Resolves false when the app is not connected. */
  input(event: Omit<InputMessage, "type">): Promise<boolean> {
    return this.#send({ ...event, type: "INPUT" } as InputMessage);
  }

  /** What the front end measured about the display (merged into the app's ENV). */
  get facts(): DisplayFacts {
    return this.#facts;
  }

  /**
   * The front end learned new facts about the display (a browser tab opened,
   * moved to another screen, changed theme): the app gets a new ENV when its
   * ENV changes.
   */
  setFacts(facts: DisplayFacts): Promise<boolean> {
    this.#facts = { ...facts };
    this.#notify(this, { type: "status" });
    return this.#link?.refreshEnv?.() ?? Promise.resolve(false);
  }

  /** Gives the session a new region size and tells the app (ENV, then REGION resize). */
  resize(width: number, height: number): Promise<boolean> {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`region size must be positive integers, got ${width}x${height}`);
    }
    if (width === this.#width && height === this.#height) return Promise.resolve(true);
    this.#width = width;
    this.#height = height;
    if (this.#projection) this.#projection.width = width;
    this.#notify(this, { type: "status" });
    const env = this.#link?.refreshEnv?.();
    const region = this.#send({ type: "REGION", action: "resize", width, height });
    return env ? env.then(() => region) : region;
  }

  /** Tells the app its region got the user's focus. */
  focus(): Promise<boolean> {
    return this.#send({ type: "REGION", action: "focus" });
  }

  /** Tells the app its region lost the focus. */
  blur(): Promise<boolean> {
    return this.#send({ type: "REGION", action: "blur" });
  }

  /** Sends any viewer-to-app message (for front ends with their own needs). */
  send(message: Message): Promise<boolean> {
    return this.#send(message);
  }

  #send(message: Message): Promise<boolean> {
    return this.#link ? this.#link.send(message) : Promise.resolve(false);
  }

  /** Binds a new app connection (host use). A re-attach resets app state lazily. */
  bind(link: AppLink, reattach: boolean): void {
    this.#link = link;
    this.#peer = link.info;
    this.#state = "live";
    this.detachedAt = 0;
    if (reattach) this.#needsReset = true;
    this.#notify(this, { type: "status" });
  }

  /** The connection ended (host use). The state is kept for a reconnect. */
  unbind(link: AppLink): void {
    if (this.#link !== link) return;
    this.#link = null;
    if (this.#state === "live") this.#state = "disconnected";
    this.detachedAt = performance.now();
    this.#notify(this, { type: "status" });
  }

  /** True when `link` is this session's current connection. */
  isBoundTo(link: AppLink): boolean {
    return this.#link === link;
  }

  /** The app closed its region and leaves (host use); the state stays on show. */
  end(link: AppLink): void {
    if (this.#link !== link) return;
    this.#link = null;
    this.#state = "ended";
    this.detachedAt = performance.now();
    this.#notify(this, { type: "status" });
  }

  /**
   * The app's process is gone (host use, for an app the viewer spawned): the
   * session ended even if the app never said so. Frames still in flight from
   * it are applied.
   */
  markEnded(): void {
    if (this.#state === "ended" || this.#state === "closed") return;
    this.#state = "ended";
    this.detachedAt ||= performance.now();
    this.#notify(this, { type: "status" });
  }

  /** Marks the session closed (host use); the app, if connected, is not told. */
  markClosed(): void {
    this.#state = "closed";
    this.#link = null;
  }

  /**
   * Called before applying a state message: after a re-attach the app re-sends
   * its whole state, so its old state is dropped first, in the same tick as the
   * new state arrives (a front end never shows an empty region in between).
   */
  beforeState(): void {
    if (!this.#needsReset) return;
    this.#needsReset = false;
    this.model.reset();
    this.#fillStandard();
    this.#notify(this, { type: "reset" });
  }

  /** Reports an event to observers (host use). */
  report(event: SessionEvent): void {
    this.#notify(this, event);
  }

  #fillStandard(): void {
    for (const [slot, value] of this.#standard) {
      this.model.apply({ type: "DEFINE", slot, value: { ...value } }, "viewer");
    }
  }
}

/**
 * Told about sessions as they come, change and go. Calls are synchronous and in
 * order; an observer that throws is logged and skipped, never breaks the host.
 * `sessionChanged` fires once per applied message: coalesce (e.g. per frame)
 * before doing expensive work.
 */
export interface SessionObserver {
  /** A session was created (an app attached or sent its first message). */
  sessionAdded?(session: Session): void;
  /** A session's model or status changed, or one of its messages was rejected. */
  sessionChanged?(session: Session, event: SessionEvent): void;
  /** A session was removed (closed by the user, by the app, or evicted). */
  sessionRemoved?(session: Session): void;
}
