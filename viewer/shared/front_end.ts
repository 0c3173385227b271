/**
 * The seam between the session host and whatever shows sessions: the headless,
 * terminal and browser front ends all implement {@linkcode FrontEnd}.
 *
 * @module
 */
import type { DisplayInfo } from "./display.ts";
import type { Session, SessionEvent } from "./session.ts";
import type { SessionHost } from "./session_host.ts";

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

/**
 * A front end. The CLI builds one, creates the host with its `display`, then
 * calls `attach(host)`: the front end observes the host (`host.observe(this)`)
 * and routes the user's input to sessions with `session.input()`,
 * `session.resize()`, `session.focus()`/`blur()` and `host.closeSession()`.
 *
 * @example
 * ```ts
 * import type { FrontEnd } from "./front_end.ts";
 * import { HEADLESS_DISPLAY } from "./display.ts";
 * import { SessionHost } from "./session_host.ts";
 * const names: string[] = [];
 * const fe: FrontEnd = {
 *   display: HEADLESS_DISPLAY,
 *   attach(host) { host.observe({ sessionAdded: (s) => names.push(s.id) }); },
 *   close: () => Promise.resolve(),
 * };
 * fe.attach(new SessionHost({ display: fe.display }));
 * ```
 */
export interface FrontEnd {
  /** Region size and capabilities new sessions are told in ENV. */
  readonly display: DisplayInfo;
  /** Starts showing the host's sessions. */
  attach(host: SessionHost): void | Promise<void>;
  /**
   * True when it draws on the viewer's own terminal: a spawned app then gets
   * no stdin, and its stdout and stderr are kept off the screen.
   */
  readonly ownsTerminal?: boolean;
  /** Resolves when the user asks to quit (a front end without a user never resolves it). */
  readonly done?: Promise<void>;
  /** Once `done`: the status the user's key asked for (0 quit, 130 interrupt). */
  readonly exitStatus?: number;
  /** Stops showing and restores whatever it took over (the terminal). Idempotent. */
  close(): Promise<void>;
}

/** Options every front-end factory receives from the CLI. */
export interface FrontEndOptions {
  /** Colors off (NO_COLOR, TERM=dumb). */
  noColor: boolean;
  /** Diagnostics sink (stderr in the CLI). */
  log: (line: string) => void;
  /** The environment, read once by the CLI. */
  env: Readonly<Record<string, string>>;
  /** Extra front-end specific settings from the command line (e.g. `--web` address). */
  settings: Readonly<Record<string, string>>;
}

/** Builds a front end; the CLI keeps a map of these by name. */
export type FrontEndFactory = (options: FrontEndOptions) => FrontEnd | Promise<FrontEnd>;
