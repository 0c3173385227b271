/**
 * The terminal driver: raw mode, alternate screen (or inline), cursor, mouse
 * reporting, bracketed paste, the kitty keyboard protocol when the terminal
 * answers for it, resize notifications, and restoring all of it on close,
 * exit, uncaught errors, SIGINT and SIGTERM. Streams are injected.
 *
 * @module
 */

import { GRAPHICS_QUERY, GraphicsProbe, type GraphicsReply } from "./graphics_probe.ts";

/** The input side: `Deno.stdin` fits. */
export interface TerminalInput {
  readonly readable: ReadableStream<Uint8Array>;
  setRaw?(mode: boolean, options?: { cbreak: boolean }): void;
  isTerminal?(): boolean;
}

/** The output side: `Deno.stdout` fits. Writes are synchronous so that restoring works at exit. */
export interface TerminalOutput {
  writeSync(data: Uint8Array): number;
}

/** Options for {@linkcode TerminalDriver}. */
export interface TerminalOptions {
  stdin: TerminalInput;
  stdout: TerminalOutput;
  /** Use the alternate screen (default true); false draws inline below the cursor. */
  altScreen?: boolean;
  /** Report mouse clicks and wheel (default: on with the alternate screen). */
  mouse?: boolean;
  /** Report all pointer motion (for hover). Default false. */
  hover?: boolean;
  /** Listen to SIGINT, SIGTERM and SIGWINCH, uncaught errors and unload (default true). */
  signals?: boolean;
  /** Current size; default `Deno.consoleSize()`. */
  size?: () => { columns: number; rows: number };
  /** After a signal restored the terminal. Default: exit with 128 + the signal number. */
  onSignal?: (signal: "SIGINT" | "SIGTERM") => void;
  /**
   * Ask which pixel graphics the terminal has (kitty, sixel, cell size) with
   * the startup query; called with the answer, or `null` when none came
   * within a second.
   */
  onGraphics?: (reply: GraphicsReply | null) => void;
}

const SIGNAL_NUMBER = { SIGINT: 2, SIGTERM: 15 } as const;
// How long the graphics query may go unanswered before cells are used.
const GRAPHICS_WAIT_MS = 1000;
// How long a quick exit waits for the answer to the startup query.
const REPLY_WAIT_MS = 200;
const encoder = new TextEncoder();

/** Sequences that turn the terminal modes on (exported for tests). */
export const ENTER = {
  altScreen: "\x1b[?1049h",
  hideCursor: "\x1b[?25l",
  mouse: "\x1b[?1000h\x1b[?1002h\x1b[?1006h",
  hover: "\x1b[?1003h",
  paste: "\x1b[?2004h",
  /** Ask for the kitty keyboard flags, then for the device attributes (always answered). */
  kittyQuery: "\x1b[?u\x1b[c",
  kittyPush: "\x1b[>1u",
} as const;

/** Sequences that turn them off again. */
export const LEAVE = {
  kittyPop: "\x1b[<u",
  hover: "\x1b[?1003l",
  mouse: "\x1b[?1006l\x1b[?1002l\x1b[?1000l",
  paste: "\x1b[?2004l",
  reset: "\x1b[0m",
  showCursor: "\x1b[?25h",
  altScreen: "\x1b[?1049l",
} as const;

/**
 * Owns a terminal while an app runs in it.
 *
 * @example
 * ```ts
 * import { TerminalDriver } from "./terminal.ts";
 * const written: string[] = [];
 * const t = new TerminalDriver({
 *   stdin: { readable: new ReadableStream() },
 *   stdout: { writeSync: (b) => (written.push(new TextDecoder().decode(b)), b.length) },
 *   signals: false,
 *   size: () => ({ columns: 80, rows: 24 }),
 * });
 * t.start();
 * await t.restore();
 * if (!written.join("").endsWith("\x1b[?1049l")) throw new Error("left the alternate screen");
 * ```
 */
export class TerminalDriver {
  readonly altScreen: boolean;
  readonly mouse: boolean;
  #opts: TerminalOptions;
  #hover: boolean;
  #started = false;
  #restored = false;
  #kitty: "unknown" | "on" | "off" = "unknown";
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #inputListeners = new Set<(bytes: Uint8Array) => void>();
  #resizeListeners = new Set<(columns: number, rows: number) => void>();
  #cleanup: (() => void)[] = [];
  #reading: Promise<void> | null = null;
  #answered = false;
  #probe: GraphicsProbe | null = null;
  #graphicsTimer: ReturnType<typeof setTimeout> | undefined;
  #replied: (() => void) | null = null;
  /** Bytes written before restoring (the inline renderer's release). */
  beforeRestore: () => string = () => "";

  constructor(options: TerminalOptions) {
    this.#opts = options;
    this.altScreen = options.altScreen ?? true;
    this.mouse = options.mouse ?? this.altScreen;
    this.#hover = options.hover ?? false;
  }

  /** The terminal's size now. */
  size(): { columns: number; rows: number } {
    const s = this.#opts.size ? this.#opts.size() : Deno.consoleSize();
    return { columns: Math.max(1, s.columns), rows: Math.max(1, s.rows) };
  }

  /** Writes bytes (a string is UTF-8 encoded). */
  write(data: Uint8Array | string): void {
    if (this.#restored) return;
    writeAll(this.#opts.stdout, typeof data === "string" ? encoder.encode(data) : data);
  }

  /** Subscribes to input bytes. */
  onInput(listener: (bytes: Uint8Array) => void): () => void {
    this.#inputListeners.add(listener);
    return () => this.#inputListeners.delete(listener);
  }

  /** Subscribes to size changes. */
  onResize(listener: (columns: number, rows: number) => void): () => void {
    this.#resizeListeners.add(listener);
    return () => this.#resizeListeners.delete(listener);
  }

  /** Whether the kitty keyboard protocol is on. */
  get kittyKeyboard(): boolean {
    return this.#kitty === "on";
  }

  /** Turns reporting of all pointer motion on or off. */
  setHover(on: boolean): void {
    if (on === this.#hover) return;
    this.#hover = on;
    if (this.#started && !this.#restored && this.mouse) this.write(on ? ENTER.hover : LEAVE.hover);
  }

  /** Takes over the terminal. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { stdin } = this.#opts;
    try {
      stdin.setRaw?.(true);
    } catch {
      // Not a terminal (tests, pipes): carry on without raw mode.
    }
    let s = "";
    if (this.altScreen) s += ENTER.altScreen;
    s += ENTER.hideCursor;
    if (this.mouse) s += ENTER.mouse + (this.#hover ? ENTER.hover : "");
    s += ENTER.paste;
    // The graphics questions go before the device attributes, which come back last.
    if (this.#opts.onGraphics) {
      this.#probe = new GraphicsProbe();
      s += ENTER.kittyQuery.replace("\x1b[c", GRAPHICS_QUERY + "\x1b[c");
      this.#graphicsTimer = setTimeout(() => this.#graphicsAnswer(null), GRAPHICS_WAIT_MS);
    } else s += ENTER.kittyQuery;
    this.write(s);
    if (this.#opts.signals ?? true) this.#listen();
    this.#reading = this.#read();
  }

  #listen(): void {
    const restoreSync = () => this.#restoreSync();
    const onError = () => restoreSync();
    globalThis.addEventListener("error", onError);
    globalThis.addEventListener("unhandledrejection", onError);
    globalThis.addEventListener("unload", restoreSync);
    this.#cleanup.push(() => {
      globalThis.removeEventListener("error", onError);
      globalThis.removeEventListener("unhandledrejection", onError);
      globalThis.removeEventListener("unload", restoreSync);
    });
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      const handler = () => {
        this.#restoreSync();
        if (this.#opts.onSignal) this.#opts.onSignal(sig);
        else Deno.exit(128 + SIGNAL_NUMBER[sig]);
      };
      try {
        Deno.addSignalListener(sig, handler);
        this.#cleanup.push(() => Deno.removeSignalListener(sig, handler));
      } catch {
        // Signals unavailable here (Windows): restore on unload only.
      }
    }
    try {
      const onWinch = () => {
        const { columns, rows } = this.size();
        for (const l of this.#resizeListeners) l(columns, rows);
      };
      Deno.addSignalListener("SIGWINCH", onWinch);
      this.#cleanup.push(() => Deno.removeSignalListener("SIGWINCH", onWinch));
    } catch {
      // No SIGWINCH on this platform.
    }
  }

  async #read(): Promise<void> {
    const reader = this.#opts.stdin.readable.getReader();
    this.#reader = reader;
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done || !value) break;
        if (!this.#answered) this.#kittyReply(value);
        for (const l of this.#inputListeners) l(value);
      }
    } catch {
      // Input closed under us: nothing more to read.
    } finally {
      try {
        reader.releaseLock();
      } catch {
        // Already released.
      }
    }
  }

  #graphicsAnswer(reply: GraphicsReply | null): void {
    clearTimeout(this.#graphicsTimer);
    if (!this.#probe) return;
    this.#probe = null;
    this.#opts.onGraphics?.(reply);
  }

  #kittyReply(bytes: Uint8Array): void {
    const s = new TextDecoder().decode(bytes);
    const graphics = this.#probe?.feed(s);
    if (graphics) this.#graphicsAnswer(graphics);
    // deno-lint-ignore no-control-regex
    if (this.#kitty === "unknown" && /\x1b\[\?\d+u/.test(s)) {
      this.#kitty = "on";
      this.write(ENTER.kittyPush);
    }
    // The device attributes come last: every query has been answered.
    // deno-lint-ignore no-control-regex
    if (/\x1b\[\?[\d;]*c/.test(s)) {
      if (this.#kitty === "unknown") this.#kitty = "off";
      this.#answered = true;
      this.#replied?.();
    }
  }

  /** The sequences that undo {@linkcode TerminalDriver.start}. */
  restoreSequence(): string {
    let s = this.beforeRestore();
    if (this.#kitty === "on") s += LEAVE.kittyPop;
    if (this.mouse) s += (this.#hover ? LEAVE.hover : "") + LEAVE.mouse;
    s += LEAVE.paste + LEAVE.reset + LEAVE.showCursor;
    if (this.altScreen) s += LEAVE.altScreen;
    return s;
  }

  #isTerminal(): boolean {
    try {
      return this.#opts.stdin.isTerminal?.() ?? false;
    } catch {
      return false;
    }
  }

  #restoreSync(): void {
    if (!this.#started || this.#restored) return;
    clearTimeout(this.#graphicsTimer);
    const s = this.restoreSequence();
    try {
      writeAll(this.#opts.stdout, encoder.encode(s));
    } catch {
      // The terminal is gone: nothing to restore.
    }
    this.#restored = true;
    try {
      this.#opts.stdin.setRaw?.(false);
    } catch {
      // Not a terminal.
    }
    for (const c of this.#cleanup.splice(0)) c();
  }

  /** Gives the terminal back as it was; stops reading input. Idempotent. */
  async restore(): Promise<void> {
    // An app that ends at once must not leave the answer to the startup query
    // unread: back in cooked mode the terminal would echo it, or the shell read it.
    if (this.#started && !this.#restored && !this.#answered && this.#isTerminal()) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.#replied = resolve;
        timer = setTimeout(resolve, REPLY_WAIT_MS);
      });
      clearTimeout(timer);
      this.#replied = null;
    }
    this.#restoreSync();
    const reader = this.#reader;
    this.#reader = null;
    if (reader) {
      try {
        await reader.cancel();
      } catch {
        // Already closed.
      }
    }
    await this.#reading;
  }
}

function writeAll(out: TerminalOutput, data: Uint8Array): void {
  let off = 0;
  let spins = 0;
  while (off < data.length) {
    const n = out.writeSync(data.subarray(off));
    off += n;
    if (n === 0 && ++spins > 1000) throw new Error("terminal output stopped accepting bytes");
  }
}
