/**
 * `--text-dir DIR`: keeps `DIR/<session>.txt` equal to each session's live text
 * projection followed by one newline, replaced atomically (write a temporary
 * file, then rename it over the old one), so a reader never sees half a file.
 *
 * Writes are coalesced: changes made in one turn of the event loop produce one
 * write, and while a write is in flight further changes wait for it and are
 * written together. Once the viewer is idle (no messages arriving) every file
 * holds its session's current projection; {@linkcode TextDirWriter.flush}
 * waits for that moment.
 *
 * @module
 */
import type { SessionObserver } from "./front_end.ts";
import type { Session, SessionEvent } from "./session.ts";

/**
 * The file name of a session's text file: the id with every character outside
 * `A-Z a-z 0-9 _ - @ :` and any leading dot percent-encoded, plus `.txt`.
 * Distinct ids give distinct names, and no id can leave the directory.
 *
 * @example
 * ```ts
 * import { textFileName } from "./text_dir.ts";
 * if (textFileName("sess-1") !== "sess-1.txt") throw new Error();
 * if (textFileName("../x") !== "%2E.%2Fx.txt") throw new Error();
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

/** Options for {@linkcode TextDirWriter}. */
export interface TextDirOptions {
  /** Where write errors are reported (default: discard). */
  log?: (line: string) => void;
  /** Only sessions this accepts get a file (default: all). */
  only?: (session: Session) => boolean;
}

/**
 * Observes a host and mirrors every session's projection into a directory.
 *
 * @example
 * ```ts
 * import { TextDirWriter } from "./text_dir.ts";
 * import { Session } from "./session.ts";
 * import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";
 * const dir = await Deno.makeTempDir();
 * const writer = new TextDirWriter(dir);
 * const s = new Session({ id: "a", width: 80, height: 24, standardSlots: STANDARD_SLOTS, notify: () => {} });
 * s.model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * writer.sessionAdded(s);
 * await writer.flush();
 * if (await Deno.readTextFile(`${dir}/a.txt`) !== "hi\n") throw new Error("not written");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class TextDirWriter implements SessionObserver {
  readonly dir: string;
  #dirty = new Set<Session>();
  #writing = new Map<Session, Promise<void>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idle: (() => void)[] = [];
  #log: (line: string) => void;
  #made: Promise<void> | undefined;
  #only: (session: Session) => boolean;

  constructor(dir: string, options: TextDirOptions = {}) {
    this.dir = dir;
    this.#log = options.log ?? (() => {});
    this.#only = options.only ?? (() => true);
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
    if (this.#timer === undefined && this.#dirty.size === 0 && this.#writing.size === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(session: Session): void {
    if (!this.#only(session)) return;
    this.#dirty.add(session);
    if (this.#timer === undefined) this.#timer = setTimeout(() => this.#drain(), 0);
  }

  #drain(): void {
    this.#timer = undefined;
    for (const session of this.#dirty) {
      if (this.#writing.has(session)) continue; // picked up when that write ends
      this.#dirty.delete(session);
      this.#start(session);
    }
    this.#settle();
  }

  #start(session: Session): void {
    const done = this.#write(session).catch((err) => {
      this.#log(`text file of session ${session.id}: ${(err as Error).message}`);
    }).finally(() => {
      this.#writing.delete(session);
      if (this.#dirty.has(session)) {
        this.#dirty.delete(session);
        this.#start(session);
      }
      this.#settle();
    });
    this.#writing.set(session, done);
  }

  async #write(session: Session): Promise<void> {
    this.#made ??= Deno.mkdir(this.dir, { recursive: true });
    await this.#made;
    const name = textFileName(session.id);
    const target = `${this.dir}/${name}`;
    const temp = `${this.dir}/.${name}.${Deno.pid}.tmp`;
    await Deno.writeTextFile(temp, session.text() + "\n");
    await Deno.rename(temp, target);
  }

  #settle(): void {
    if (this.#timer !== undefined || this.#dirty.size > 0 || this.#writing.size > 0) return;
    const waiters = this.#idle;
    this.#idle = [];
    for (const w of waiters) w();
  }
}
