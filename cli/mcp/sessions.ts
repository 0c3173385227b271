/**
 * The sessions `viewport mcp` can reach: apps it launched itself, and the
 * sessions of the one viewer it joined (if any). Each is driven by the same
 * test driver, so an agent gets what a test gets.
 *
 * @module
 */
import { AppDriver } from "../../src/testing/driver.ts";
import { openProcess } from "../../src/testing/open.ts";
import type { Size } from "../../src/testing/link.ts";
import type { ViewerControl } from "../../src/testing/join.ts";

/** One reachable session. */
export interface SessionInfo {
  id: string;
  title?: string;
  /** `live`, `ended (status N)`, or the viewer's state. */
  state: string;
  size: Size;
  /** Where it runs: `launched: CMD` or `viewer`. */
  origin: string;
}

/** Options of {@linkcode Sessions.launch}. */
export interface LaunchOptions {
  cwd?: string;
  size?: Size;
  session?: string;
  env?: Record<string, string>;
}

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Launched apps plus a joined viewer's sessions, by id.
 *
 * @example
 * ```ts
 * import { Sessions } from "./sessions.ts";
 * import assert from "node:assert/strict";
 * const s = new Sessions(null, (line) => console.error(line));
 * assert.equal(s.list().length, 0);
 * await s.closeAll();
 * ```
 */
export class Sessions {
  #launched = new Map<string, { driver: AppDriver; command: readonly string[] }>();
  #viewer: ViewerControl | null;
  #log: (line: string) => void;
  #n = 0;

  constructor(viewer: ViewerControl | null, log: (line: string) => void) {
    this.#viewer = viewer;
    this.#log = log;
  }

  /** Every reachable session, launched ones first. */
  list(): SessionInfo[] {
    const out: SessionInfo[] = [];
    for (const [id, { driver, command }] of this.#launched) {
      const exit = driver.exit;
      out.push({
        id,
        title: driver.title,
        state: exit ? `ended (${exit.reason}, status ${exit.code ?? "?"})` : "live",
        size: driver.size,
        origin: `launched: ${command.join(" ")}`,
      });
    }
    for (const v of this.#viewer?.list() ?? []) {
      out.push({
        id: v.id,
        title: v.title,
        state: v.state,
        size: { columns: v.width, rows: v.height },
        origin: "viewer",
      });
    }
    return out;
  }

  /**
   * The driver of session `id`; with no id, the only session there is.
   * Throws an Error that lists the sessions when it cannot tell.
   */
  get(id?: string): AppDriver {
    if (id === undefined || id === "") {
      const all = this.list();
      if (all.length === 1) return this.get(all[0].id);
      throw new Error(
        all.length === 0
          ? "no sessions yet: launch an app with the launch tool"
          : `${all.length} sessions: name one (${all.map((s) => s.id).join(", ")})`,
      );
    }
    const mine = this.#launched.get(id)?.driver;
    if (mine) return mine;
    const theirs = this.#viewer?.driver(id);
    if (theirs) return theirs;
    throw new Error(
      `no session ${JSON.stringify(id)}; sessions: ${
        this.list().map((s) => s.id).join(", ") || "none"
      }`,
    );
  }

  /** Starts `command` as a new session and waits for its first tree. */
  async launch(command: readonly string[], options: LaunchOptions = {}): Promise<string> {
    if (options.session !== undefined && !ID.test(options.session)) {
      throw new RangeError(
        `session ${
          JSON.stringify(options.session)
        }: expected 1-128 characters of A-Z a-z 0-9 . _ : @ -`,
      );
    }
    const base = (command.find((w, i) => i > 0 && /\.\w+$/.test(w)) ?? command[0])
      .replace(/^.*\//, "").replace(/\.\w+$/, "").replace(/[^A-Za-z0-9._-]/g, "") || "app";
    let id = options.session;
    if (id === undefined || this.#taken(id)) {
      do id = `${base}-${++this.#n}`; while (this.#taken(id));
    }
    const driver = await openProcess(command, {
      session: id,
      cwd: options.cwd,
      size: options.size,
      env: options.env,
      strict: false,
      timeout: 15_000,
    });
    this.#launched.set(id, { driver, command });
    this.#log(`launched ${command.join(" ")} as session ${id}`);
    return id;
  }

  #taken(id: string): boolean {
    return this.#launched.has(id) || (this.#viewer?.has(id) ?? false);
  }

  /** Ends a session: a launched app is asked to end (then stopped); a viewer's session is closed in the viewer. */
  async close(id: string): Promise<string> {
    const mine = this.#launched.get(id);
    if (mine) {
      this.#launched.delete(id);
      const exit = await mine.driver.close();
      this.#log(`closed session ${id}`);
      return `closed ${id} (${exit.reason}${exit.code === null ? "" : `, status ${exit.code}`})`;
    }
    if (this.#viewer?.has(id)) {
      await this.#viewer.closeSession(id);
      return `asked the viewer to close ${id}`;
    }
    throw new Error(`no session ${JSON.stringify(id)}`);
  }

  /** Ends every launched app and leaves the viewer. */
  async closeAll(): Promise<void> {
    const all = [...this.#launched.values()];
    this.#launched.clear();
    await Promise.all(all.map((s) => s.driver.close().catch(() => {})));
    await this.#viewer?.close();
  }
}

export { AppDriver };
