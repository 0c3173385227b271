/**
 * Test helper: a program in a pseudo-terminal (`@lydell/node-pty`) whose
 * output is replayed through a headless xterm, so tests read the screen a user
 * would see, and the terminal answers queries as a real one does.
 */
import pty from "@lydell/node-pty";
import { assert } from "../_util/assert.ts";
import { LEAVE } from "../../src/render/ansi/terminal.ts";
import { Screen } from "./_xterm.ts";
import { waitForScreen } from "../_util/screen_wait.ts";

/** The repository root, with a trailing slash. */
export const ROOT: string = new URL("../../", import.meta.url).pathname;

/** How a program ended. */
export interface PtyExit {
  exitCode: number;
  signal?: number;
}

/** A running program and its screen. */
export class PtyApp {
  readonly screen: Screen;
  readonly exited: Promise<PtyExit>;
  #proc: ReturnType<typeof pty.spawn>;
  #raw = "";
  #parsed: Promise<void> = Promise.resolve();
  #done = false;

  /** Runs `deno run -A <file> ...args` in a `cols` x `rows` terminal. */
  constructor(
    file: string,
    options: { cols: number; rows: number; env?: Record<string, string>; args?: string[] },
  ) {
    this.screen = new Screen(options.cols, options.rows);
    const env: Record<string, string> = { ...Deno.env.toObject(), ...options.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    if (options.env?.NO_COLOR) env.NO_COLOR = options.env.NO_COLOR;
    this.#proc = pty.spawn(
      Deno.execPath(),
      ["run", "-A", "--quiet", file.startsWith("/") ? file : ROOT + file, ...(options.args ?? [])],
      { cols: options.cols, rows: options.rows, cwd: ROOT, env },
    );
    this.#proc.onData((d: string) => {
      this.#raw += d;
      this.#parsed = this.screen.write(d);
    });
    // Answers to the program's queries (device attributes) go back as a terminal's would.
    this.screen.term.onData((d: string) => {
      if (!this.#done) this.#proc.write(d);
    });
    this.exited = new Promise((resolve) =>
      this.#proc.onExit((e: PtyExit) => {
        this.#done = true;
        resolve(e);
      })
    );
  }

  /** Everything the program wrote. */
  get raw(): string {
    return this.#raw;
  }

  /** The visible lines, right-trimmed, once everything written is parsed. */
  async lines(): Promise<string[]> {
    await this.#parsed;
    return this.screen.lines();
  }

  /** The visible text (trailing empty lines dropped). */
  async text(): Promise<string> {
    await this.#parsed;
    return this.screen.text();
  }

  /** Waits until the screen shows `what` (a string, or a test on the text). */
  waitFor(what: string | ((text: string) => boolean), timeoutMs = 20_000): Promise<string> {
    return waitForScreen(() => this.text(), what, timeoutMs, 20);
  }

  /** Sends bytes as typed. */
  type(text: string): void {
    this.#proc.write(text);
  }

  /** Presses and releases the left mouse button at a cell (0-based), as SGR reports. */
  click(x: number, y: number): void {
    this.type(`\x1b[<0;${x + 1};${y + 1}M\x1b[<0;${x + 1};${y + 1}m`);
  }

  /** Resizes the terminal (the program gets SIGWINCH). */
  resize(cols: number, rows: number): void {
    this.screen.term.resize(cols, rows);
    this.#proc.resize(cols, rows);
  }

  /** Sends a signal. */
  kill(signal: string): void {
    this.#proc.kill(signal);
  }

  /** Waits for the exit (killing the program after `timeoutMs`). */
  async exit(timeoutMs = 20_000): Promise<PtyExit> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<PtyExit>((_, reject) =>
      timer = setTimeout(() => {
        this.dispose();
        reject(new Error(`the program did not exit; screen:\n${this.screen.text()}`));
      }, timeoutMs)
    );
    try {
      const e = await Promise.race([this.exited, timeout]);
      await this.#parsed;
      return e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the program if still running and frees the terminal. */
  dispose(): void {
    if (!this.#done) {
      try {
        this.#proc.kill("SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
}

/** Checks that the terminal modes were turned off after the last frame. */
export function assertRestored(raw: string, label = ""): void {
  const at = raw.lastIndexOf(LEAVE.mouse);
  assert(at > 0, `${label}: mouse reporting turned off`);
  const tail = raw.slice(at);
  for (const seq of [LEAVE.paste, LEAVE.reset, LEAVE.showCursor, LEAVE.altScreen]) {
    assert(tail.includes(seq), `${label}: ${JSON.stringify(seq)} written after the last frame`);
  }
}
