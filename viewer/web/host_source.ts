/**
 * The viewer's {@linkcode SessionHost} as a {@linkcode WebSessionSource}: the
 * adapter between the session host's observer events and the browser hub.
 *
 * @module
 */
import type { Message } from "../../src/protocol/messages/types.ts";
import type { DisplayFacts } from "../shared/display.ts";
import type { SessionHost } from "../shared/session_host.ts";
import type { WebSession, WebSessionEvent, WebSessionSource, WebToAppMessage } from "./source.ts";

/** Message types that change a session's state (and so go to tabs). */
const STATE_TYPES: ReadonlySet<Message["type"]> = new Set([
  "DEFINE",
  "SCHEMA",
  "TREE",
  "PATCH",
  "DATA",
  "CANVAS",
]);

/**
 * Sessions of a {@linkcode SessionHost}, for the browser front end.
 *
 * @example
 * ```ts
 * import { SessionHost } from "../shared/session_host.ts";
 * import { HostSessionSource } from "./host_source.ts";
 * const source = new HostSessionSource(new SessionHost());
 * if ([...source.sessions()].length !== 0) throw new Error("a new host has no sessions");
 * ```
 */
export class HostSessionSource implements WebSessionSource {
  readonly host: SessionHost;

  constructor(host: SessionHost) {
    this.host = host;
  }

  sessions(): Iterable<WebSession> {
    return this.host.sessions;
  }

  onEvent(listener: (event: WebSessionEvent) => void): () => void {
    // What the tabs were told: the title and the state (live, disconnected, ended).
    const titles = new Map<string, string | undefined>();
    const label = (s: { title?: string; state: string }) => `${s.state}\n${s.title ?? ""}`;
    return this.host.observe({
      sessionAdded: (session) => {
        titles.set(session.id, label(session));
        listener({ kind: "added", session });
      },
      sessionChanged: (session, e) => {
        if (e.type === "message") {
          if (STATE_TYPES.has(e.message.type)) {
            listener({ kind: "messages", session, messages: [e.message] });
          }
        } else if (e.type === "audio" && e.message) {
          // Sounds are not state: they go to the tabs watching now, and no snapshot has them.
          listener({ kind: "messages", session, messages: [e.message] });
        } else if (e.type === "reset") listener({ kind: "reset", session });
        else if (e.type === "status" && titles.get(session.id) !== label(session)) {
          titles.set(session.id, label(session));
          listener({ kind: "title", session });
        }
      },
      sessionRemoved: (session) => {
        titles.delete(session.id);
        listener({ kind: "removed", id: session.id });
      },
    });
  }

  sendToApp(sessionId: string, message: WebToAppMessage): void {
    void this.host.session(sessionId)?.send(message);
  }

  resize(sessionId: string, width: number, height: number): void {
    void this.host.session(sessionId)?.resize(width, height);
  }

  env(sessionId: string, facts: DisplayFacts): void {
    void this.host.session(sessionId)?.setFacts(facts);
  }
}
