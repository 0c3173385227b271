/**
 * The seam between the session host and whatever shows sessions: the headless,
 * terminal and browser front ends all implement {@linkcode FrontEnd}.
 *
 * @module
 */
import type { DisplayInfo } from "./display.ts";
import type { SessionHost } from "./session_host.ts";

// Lives with the session since it is about sessions; re-exported for front ends.
export type { SessionObserver } from "./session.ts";

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
 * import { memoryPair } from "../../src/transport/mod.ts";
 * import { encodeMessage } from "../../src/protocol/wire.ts";
 * import assert from "node:assert/strict";
 * const names: string[] = [];
 * const fe: FrontEnd = {
 *   display: HEADLESS_DISPLAY,
 *   attach(host) { host.observe({ sessionAdded: (s) => names.push(s.id) }); },
 *   close: () => Promise.resolve(),
 * };
 * const host = new SessionHost({ display: fe.display });
 * fe.attach(host);
 * const [app, viewer] = memoryPair();
 * const served = host.accept(viewer);
 * await app.send(encodeMessage({ type: "REGION", action: "attach", session: "demo" }));
 * while (names.length === 0) await new Promise((r) => setTimeout(r, 1));
 * assert.deepEqual(names, ["demo"]);
 * await host.close();
 * await served;
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
