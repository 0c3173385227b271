/**
 * Control connections: a tool (`viewport mcp`, a test driver) that connects
 * to a viewer's `--listen` endpoint and says `REGION {action: "control"}`
 * first gets every session mirrored to it and may send input, resizes and
 * closes to them. Only viewers started with `--allow-control` accept them;
 * every action is logged with the session it touched.
 *
 * Viewer to tool: `REGION sessions {sessions: [{id, title, state, width,
 * height}]}` whenever the list or a state changes; `REGION mirror {session,
 * reset?}` followed by that session's messages (a snapshot after `reset`,
 * then what its app sends, as it is applied). Tool to viewer: `INPUT` with a
 * `session` field, `REGION resize {session, width, height}`, `REGION close
 * {session}`; a bad request is answered with ERROR, and the connection stays.
 *
 * @module
 */
import { ErrorCode } from "../../src/protocol/constants.ts";
import type { Message } from "../../src/protocol/messages/types.ts";
import { snapshotMessages } from "../../src/model/snapshot.ts";
import type { Session, SessionEvent, SessionObserver } from "./session.ts";

/** What a control connection needs from the viewer. */
export interface ControlHost {
  readonly sessions: Session[];
  session(id: string): Session | undefined;
  observe(observer: SessionObserver): () => void;
  closeSession(id: string): boolean;
}

/** The connection's side that the control speaks through. */
export interface ControlPeer {
  send(message: Message): Promise<boolean>;
  /** The peer for logs (scheme and sanitized address). */
  readonly who: string;
}

/** What a connection that turned into a control connection hands its frames to. */
export interface ControlHandler {
  handle(message: Message): void;
  close(): void;
}

/**
 * Serves one control connection.
 *
 * @example
 * ```ts
 * import { ControlConnection } from "./control.ts";
 * import { SessionHost } from "./session_host.ts";
 * import assert from "node:assert/strict";
 * const sent: string[] = [];
 * const host = new SessionHost();
 * const c = new ControlConnection(host, { who: "test", send: (m) => (sent.push(m.type), Promise.resolve(true)) }, () => {});
 * c.close();
 * assert.equal(sent[0], "REGION");
 * ```
 */
export class ControlConnection implements ControlHandler, SessionObserver {
  #host: ControlHost;
  #peer: ControlPeer;
  #log: (line: string) => void;
  #mirrored: string | null = null;
  #unobserve: () => void;

  constructor(host: ControlHost, peer: ControlPeer, log: (line: string) => void) {
    this.#host = host;
    this.#peer = peer;
    this.#log = log;
    log(`control connection from ${peer.who}`);
    this.#sendList();
    for (const s of host.sessions) this.#snapshot(s);
    this.#unobserve = host.observe(this);
  }

  sessionAdded(session: Session): void {
    this.#sendList();
    this.#snapshot(session);
  }

  sessionRemoved(_session: Session): void {
    this.#sendList();
  }

  sessionChanged(session: Session, event: SessionEvent): void {
    switch (event.type) {
      case "message":
        this.#to(session.id);
        void this.#peer.send(event.message);
        return;
      case "reset":
        this.#snapshot(session);
        return;
      case "status":
        this.#sendList();
        return;
      case "error":
        if (event.to !== "app") return;
        this.#to(session.id);
        void this.#peer.send({ type: "ERROR", code: event.code, message: event.message });
        return;
    }
  }

  /** A request from the tool. */
  handle(message: Message): void {
    const named = (message as { session?: unknown }).session;
    const id = typeof named === "string" ? named : undefined;
    const session = id === undefined ? undefined : this.#host.session(id);
    if (!session) {
      return this.#error(
        ErrorCode.UNKNOWN_TARGET,
        `${message.type}: no session ${JSON.stringify(id ?? null)} (expected one of: ${
          this.#host.sessions.map((s) => s.id).join(", ") || "none"
        })`,
      );
    }
    if (message.type === "INPUT") {
      if (message.target !== undefined && !session.model.tree.get(message.target)) {
        return this.#error(
          ErrorCode.UNKNOWN_TARGET,
          `INPUT target ${message.target} is not a live node`,
        );
      }
      const { type: _t, session: _s, ...event } = message;
      this.#log(`control ${this.#peer.who}: ${describeInput(event)} in session ${session.id}`);
      void session.input(event as never);
      return;
    }
    if (message.type === "REGION" && message.action === "resize") {
      const w = message.width, h = message.height;
      if (
        !Number.isInteger(w) || !Number.isInteger(h) || w! < 1 || h! < 1 || w! > 10_000 ||
        h! > 10_000
      ) {
        return this.#error(
          ErrorCode.BAD_MESSAGE,
          "REGION resize: expected width and height 1..10000",
        );
      }
      this.#log(`control ${this.#peer.who}: resize to ${w}x${h} in session ${session.id}`);
      void session.resize(w!, h!);
      return;
    }
    if (message.type === "REGION" && message.action === "close") {
      this.#log(`control ${this.#peer.who}: close session ${session.id}`);
      this.#host.closeSession(session.id);
      return;
    }
    this.#error(
      ErrorCode.BAD_MESSAGE,
      `${message.type}${message.type === "REGION" ? ` ${message.action}` : ""}: a control ` +
        "connection sends INPUT, REGION resize or REGION close, each with a session",
    );
  }

  /** Stops mirroring (the connection ended). */
  close(): void {
    this.#unobserve?.();
    this.#log(`control connection from ${this.#peer.who} ended`);
  }

  #sendList(): void {
    const sessions = this.#host.sessions.map((s) => {
      const o: Record<string, unknown> = {
        id: s.id,
        state: s.state,
        width: s.width,
        height: s.height,
      };
      if (s.title !== undefined) o.title = s.title;
      return o;
    });
    void this.#peer.send({ type: "REGION", action: "sessions", sessions });
  }

  #snapshot(session: Session): void {
    this.#mirrored = session.id;
    void this.#peer.send({ type: "REGION", action: "mirror", session: session.id, reset: true });
    for (const m of snapshotMessages(session.model)) void this.#peer.send(m);
  }

  #to(id: string): void {
    if (this.#mirrored === id) return;
    this.#mirrored = id;
    void this.#peer.send({ type: "REGION", action: "mirror", session: id });
  }

  #error(code: string, message: string): void {
    this.#log(`control ${this.#peer.who}: refused: ${message}`);
    void this.#peer.send({ type: "ERROR", code, message });
  }
}

function describeInput(e: Record<string, unknown>): string {
  let s = String(e.kind);
  if (e.target !== undefined) s += ` on #${e.target}`;
  if (typeof e.key === "string") s += ` key ${e.key}`;
  // Values may be secrets (a password field): their length only.
  if (typeof e.value === "string") s += ` (${e.value.length} characters)`;
  if (e.scroll_top !== undefined) s += ` to ${e.scroll_top}`;
  return s;
}
