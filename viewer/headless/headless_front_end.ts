/**
 * The headless front end (`viewport --headless`): draws nothing; sessions live
 * in the host (and in `--text-dir` files). For CI and scripts. With a log sink
 * it reports sessions coming and going, one line each.
 *
 * @module
 */
import { HEADLESS_DISPLAY } from "../shared/display.ts";
import type { FrontEnd, FrontEndOptions } from "../shared/front_end.ts";
import type { SessionHost } from "../shared/session_host.ts";

/**
 * A front end without a display.
 *
 * @example
 * ```ts
 * import { HeadlessFrontEnd } from "./headless_front_end.ts";
 * import { SessionHost } from "../shared/session_host.ts";
 * import assert from "node:assert/strict";
 * const fe = new HeadlessFrontEnd();
 * const host = new SessionHost({ display: fe.display });
 * fe.attach(host);
 * assert.equal(host.display.width, 80);
 * await fe.close();
 * ```
 */
export class HeadlessFrontEnd implements FrontEnd {
  readonly display: FrontEnd["display"] = HEADLESS_DISPLAY;
  #log: ((line: string) => void) | undefined;
  #unobserve: (() => void) | undefined;

  constructor(options: { log?: (line: string) => void } = {}) {
    this.#log = options.log;
  }

  attach(host: SessionHost): void {
    const log = this.#log;
    if (!log) return;
    // A session's state as last logged: a change is logged once.
    const told = new Map<string, string>();
    this.#unobserve = host.observe({
      sessionAdded: (s) => log(`session ${s.id}: added`),
      sessionRemoved: (s) => {
        told.delete(s.id);
        log(`session ${s.id}: removed`);
      },
      sessionChanged: (s, e) => {
        if (e.type === "error") {
          log(
            `session ${s.id}: ${e.to === "app" ? "rejected" : "app error"} ${e.code}: ${e.message}`,
          );
        } else if (e.type === "status" && told.get(s.id) !== s.state) {
          // A spawned app whose process is gone is `ended` at once (it cannot come back).
          if (s.state === "disconnected" || s.state === "ended") log(`session ${s.id}: ${s.state}`);
          told.set(s.id, s.state);
        }
      },
    });
  }

  close(): Promise<void> {
    this.#unobserve?.();
    this.#unobserve = undefined;
    return Promise.resolve();
  }
}

/**
 * The factory the CLI registers as `headless`.
 *
 * @example
 * ```ts
 * import { createHeadlessFrontEnd } from "./headless_front_end.ts";
 * import assert from "node:assert/strict";
 * const fe = createHeadlessFrontEnd({ noColor: true, log: () => {}, env: {}, settings: {} });
 * assert.equal(fe.display.width, 80);
 * ```
 */
export function createHeadlessFrontEnd(options: FrontEndOptions): HeadlessFrontEnd {
  return new HeadlessFrontEnd({ log: options.settings.verbose ? options.log : undefined });
}
