/**
 * `--text-dir DIR`: keeps `DIR/<session>.txt` equal to each session's live text
 * projection followed by one newline, replaced atomically (write a temporary
 * file, then rename it over the old one), so a reader never sees half a file.
 *
 * Writes are coalesced: all changes a session gets in one turn of the event
 * loop produce one write, on the next turn. Writing takes at most about a
 * millisecond per turn, and a file is not rewritten sooner than nine times its
 * last write took (a few dozen times a second for a 10,000-row table), so file
 * writing stays a small share of the viewer's time; under load changes just
 * coalesce more. Once the viewer is idle (no messages arriving) every file
 * holds its session's current projection; {@linkcode TextDirWriter.flush}
 * waits for that moment.
 *
 * @module
 */
import type { Session, SessionEvent, SessionObserver } from "./session.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { preparePrivateDir, writeTextFileSafely } from "./text_file.ts";

/**
 * The file name of a session's text file: the id with every character outside
 * `A-Z a-z 0-9 _ - @ :` and any leading dot percent-encoded, plus `.txt`.
 * Distinct ids give distinct names, and no id can leave the directory.
 *
 * @example
 * ```ts
 * import { textFileName } from "./text_dir.ts";
 * import assert from "node:assert/strict";
 * assert.equal(textFileName("sess-1"), "sess-1.txt");
 * assert.equal(textFileName("../x"), "%2E.%2Fx.txt");
 * ```
 */
export function textFileName(sessionId: string): string {
  let out = "";
  for (let i = 0; i < sessionId.length; i++) {
    const ch = sessionId[i];
    const safe = /[A-Za-z0-9_@:-]/.test(ch) || (ch === "." && i > 0);
    out += safe ? ch : percent(ch);
  }
  return `${out}.txt`;
}

function percent(ch: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(ch)) {
    out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Longest stretch of file writing before the event loop gets a turn (see `#pump`). */
const SLICE_MS = 1;
/** A session's file waits at least this many times its last write's duration. */
const BACKOFF = 9;

/** Options for {@linkcode TextDirWriter}. */
export interface TextDirOptions {
  /** Where write errors are reported (default: discard). */
  log?: (line: string) => void;
  /** Only sessions this accepts get a file (default: all). */
  only?: (session: Session) => boolean;
  /** Longest text written per file, in bytes (default: the viewer's `maxTextBytes`). */
  maxTextBytes?: number;
}

/**
 * Observes a host and mirrors every session's projection into a directory.
 *
 * @example
 * ```ts
 * import { TextDirWriter } from "./text_dir.ts";
 * import { Session } from "./session.ts";
 * import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const writer = new TextDirWriter(dir);
 * const s = new Session({ id: "a", width: 80, height: 24, standardSlots: STANDARD_SLOTS, notify: () => {} });
 * s.model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * writer.sessionAdded(s);
 * await writer.flush();
 * assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "hi\n", "not written");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class TextDirWriter implements SessionObserver {
  readonly dir: string;
  // Sessions waiting for a write, oldest first; a session changed again while
  // waiting keeps its place and is written once.
  #dirty = new Set<Session>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idle: (() => void)[] = [];
  #log: (line: string) => void;
  #made = false;
  #due = new WeakMap<Session, number>();
  #timerAt = 0;
  #only: (session: Session) => boolean;
  #maxTextBytes: number;

  constructor(dir: string, options: TextDirOptions = {}) {
    this.dir = dir;
    this.#log = options.log ?? (() => {});
    this.#only = options.only ?? (() => true);
    this.#maxTextBytes = options.maxTextBytes ?? DEFAULT_LIMITS.maxTextBytes;
  }

  sessionAdded(session: Session): void {
    this.#schedule(session);
  }

  sessionChanged(session: Session, event: SessionEvent): void {
    // Status covers a resize, which changes separator widths.
    if (event.type === "model" || event.type === "status") this.#schedule(session);
  }

  /** Resolves once every change seen so far is on disk. */
  flush(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(session: Session): void {
    if (!this.#only(session)) return;
    this.#dirty.add(session);
    this.#wake(0);
  }

  /** Makes sure a pump runs within `ms` (an earlier wake-up wins). */
  #wake(ms: number): void {
    const at = performance.now() + ms;
    if (this.#timer !== undefined) {
      if (this.#timerAt <= at) return;
      clearTimeout(this.#timer);
    }
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, ms);
  }

  /**
   * Writes dirty sessions, oldest first, for at most SLICE_MS, then yields to
   * the event loop, so applying messages never waits long behind file writes.
   * A session is not rewritten sooner than BACKOFF times its last write took:
   * a small file is rewritten every turn, a big one (a 10,000-row table) a few
   * dozen times a second, keeping file writing to a small share of the time.
   * Writes are synchronous: a small write costs less than a hop to an I/O thread.
   */
  #pump(): void {
    const start = performance.now();
    let wait = Infinity;
    for (const session of this.#dirty) {
      const due = this.#due.get(session) ?? 0;
      if (due > start) {
        wait = Math.min(wait, due - start);
        continue;
      }
      this.#dirty.delete(session);
      const t0 = performance.now();
      try {
        this.#write(session);
      } catch (err) {
        this.#log(`text file of session ${session.id}: ${(err as Error).message}`);
      }
      const t1 = performance.now();
      this.#due.set(session, t1 + (t1 - t0) * BACKOFF);
      if (t1 - start >= SLICE_MS) {
        wait = 0;
        break;
      }
    }
    if (this.#dirty.size > 0) {
      this.#wake(Math.ceil(wait));
      return;
    }
    if (this.#isIdle()) {
      const waiters = this.#idle;
      this.#idle = [];
      for (const w of waiters) w();
    }
  }

  #isIdle(): boolean {
    return this.#timer === undefined && this.#dirty.size === 0;
  }

  #write(session: Session): void {
    if (!this.#made) {
      const warning = preparePrivateDir(this.dir);
      if (warning) this.#log(`viewport: ${warning}`);
      this.#made = true;
    }
    writeTextFileSafely(this.dir, textFileName(session.id), () => session.text(), {
      maxBytes: this.#maxTextBytes,
      what: `session ${JSON.stringify(session.id)}`,
    });
  }
}
