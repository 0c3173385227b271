/**
 * The terminal session helper: raw mode, alternate screen (or inline), cursor,
 * mouse reporting, bracketed paste, the kitty keyboard protocol when the
 * terminal answers for it, which pixel graphics it has (when asked), resize
 * notifications, and restoring all of it on
 * close, exit, uncaught errors, SIGINT, SIGTERM, SIGHUP and a closed output.
 * The embedded renderer, the terminal viewer, `vp-run` and the shell commands
 * all take the terminal through it. Streams are injected.
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

/** Why the driver gave the terminal back on its own. */
export type TerminalSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** Options for {@linkcode TerminalDriver}. */
export interface TerminalOptions {
  stdin: TerminalInput;
  stdout: TerminalOutput;
  /** Use the alternate screen (default true); false draws inline below the cursor. */
  altScreen?: boolean;
  /**
   * Read keys (default true): raw mode, bracketed paste, the keyboard
   * protocol query, and input listeners. False leaves the terminal cooked
   * (ctrl+c stays a signal): for output that only draws, like a progress bar.
   */
  input?: boolean;
  /** Report mouse clicks and wheel (default: on with the alternate screen and input). */
  mouse?: boolean;
  /** Bracketed paste (default: with input). */
  paste?: boolean;
  /**
   * Ask the terminal about the kitty keyboard protocol (default: with input).
   * A program that only passes keys on to a child turns it off.
   */
  query?: boolean;
  /** Report all pointer motion (for hover). Default false. */
  hover?: boolean;
  /** Hide the cursor while running (default true). */
  hideCursor?: boolean;
  /**
   * Listen to SIGINT, SIGTERM, SIGHUP and SIGWINCH, uncaught errors and
   * unload (default true).
   */
  signals?: boolean;
  /**
   * Restore the terminal when a signal comes, before `onSignal` (default
   * true). False leaves restoring to the caller (a launcher that passes
   * signals on to a child and keeps forwarding keys).
   */
  restoreOnSignal?: boolean;
  /** Current size; default `Deno.consoleSize()`. */
  size?: () => { columns: number; rows: number };
  /**
   * After a signal restored the terminal, or after its output closed (reported
   * as SIGHUP: the terminal is gone). Default: exit with 128 + the signal number.
   */
  onSignal?: (signal: TerminalSignal) => void;
  /**
   * Ask which pixel graphics the terminal has (kitty, sixel, cell size) with
   * the startup query (so only when keys are read); called once with the
   * answer, or `null` when none came within a second. The replies are taken
   * out of the input like the query's other answers: they never become keys.
   */
  onGraphics?: (reply: GraphicsReply | null) => void;
}

const SIGNAL_NUMBER = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
// How long restoring waits for the answer to the startup query.
const REPLY_WAIT_MS = 200;
// How long the graphics question may go unanswered before cells are used.
const GRAPHICS_WAIT_MS = 1000;
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
 * Owns a terminal while a program draws on it: the one place that turns
 * terminal modes on and gives them back. Every exit path restores: `restore()`,
 * normal exit (`unload`), uncaught errors and unhandled rejections, SIGINT,
 * SIGTERM, SIGHUP, and output that stops being writable. The answer to the
 * startup query is waited for (briefly) before raw mode ends, so that it is
 * never echoed at the shell prompt.
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
  /** Whether keys are read (raw mode). */
  readonly input: boolean;
  #opts: TerminalOptions;
  #hover: boolean;
  #hideCursor: boolean;
  #paste: boolean;
  #query: boolean;
  #started = false;
  #restored = false;
  #gone = false;
  #kitty: "unknown" | "on" | "off" = "unknown";
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #inputListeners = new Set<(bytes: Uint8Array) => void>();
  #resizeListeners = new Set<(columns: number, rows: number) => void>();
  #cleanup: (() => void)[] = [];
  #reading: Promise<void> | null = null;
  #asked = false;
  #answered = false;
  #replied: (() => void) | null = null;
  #replyText = "";
  #decoder = new TextDecoder();
  /** Whether the startup query asks about graphics (their replies are taken out too). */
  #graphicsAsked = false;
  #probe: GraphicsProbe | null = null;
  #graphicsTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bytes written before restoring (the inline renderer's release). */
  beforeRestore: () => string = () => "";

  constructor(options: TerminalOptions) {
    this.#opts = options;
    this.altScreen = options.altScreen ?? true;
    this.input = options.input ?? true;
    this.mouse = options.mouse ?? (this.altScreen && this.input);
    this.#hover = options.hover ?? false;
    this.#hideCursor = options.hideCursor ?? true;
    this.#paste = options.paste ?? this.input;
    this.#query = (options.query ?? true) && this.input;
  }

  /** The terminal's size now. */
  size(): { columns: number; rows: number } {
    let s = { columns: 80, rows: 24 };
    try {
      s = this.#opts.size ? this.#opts.size() : Deno.consoleSize();
    } catch {
      // Not a terminal after all: the classic size.
    }
    return { columns: Math.max(1, s.columns), rows: Math.max(1, s.rows) };
  }

  /** True once restored (or once the terminal went away). */
  get restored(): boolean {
    return this.#restored;
  }

  /**
   * Writes bytes (a string is UTF-8 encoded). When the terminal stops taking
   * them (closed, hung up), the driver gives up on it and reports SIGHUP.
   */
  write(data: Uint8Array | string): void {
    if (this.#restored || this.#gone) return;
    try {
      writeAll(this.#opts.stdout, typeof data === "string" ? encoder.encode(data) : data);
    } catch {
      this.#lost();
    }
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
    if (this.input) {
      try {
        this.#opts.stdin.setRaw?.(true);
      } catch {
        // Not a terminal (tests, pipes): carry on without raw mode.
      }
    }
    let s = "";
    if (this.altScreen) s += ENTER.altScreen;
    if (this.#hideCursor) s += ENTER.hideCursor;
    if (this.mouse) s += ENTER.mouse + (this.#hover ? ENTER.hover : "");
    if (this.#paste) s += ENTER.paste;
    if (this.#query) {
      // The graphics questions go before the device attributes, which come back last.
      if (this.#opts.onGraphics) {
        this.#probe = new GraphicsProbe();
        this.#graphicsAsked = true;
        s += ENTER.kittyQuery.replace("\x1b[c", GRAPHICS_QUERY + "\x1b[c");
        this.#graphicsTimer = setTimeout(() => this.#graphicsAnswer(null), GRAPHICS_WAIT_MS);
      } else s += ENTER.kittyQuery;
      this.#asked = true;
    }
    if (this.#opts.signals ?? true) this.#listen();
    this.write(s);
    if (this.input) this.#reading = this.#read();
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
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      const handler = () => this.#signal(sig);
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

  #signal(sig: TerminalSignal): void {
    if (this.#opts.restoreOnSignal ?? true) this.#restoreSync();
    if (this.#opts.onSignal) this.#opts.onSignal(sig);
    else Deno.exit(128 + SIGNAL_NUMBER[sig]);
  }

  /** The output failed: nothing more can be drawn or restored there. */
  #lost(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#restoreSync();
    if (!this.#started) return;
    const { onSignal, signals } = this.#opts;
    if (onSignal) queueMicrotask(() => onSignal("SIGHUP"));
    else if (signals ?? true) queueMicrotask(() => Deno.exit(128 + SIGNAL_NUMBER.SIGHUP));
  }

  async #read(): Promise<void> {
    const reader = this.#opts.stdin.readable.getReader();
    this.#reader = reader;
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done || !value) break;
        const rest = this.#answered || !this.#asked ? value : this.#takeReply(value);
        if (rest.length === 0 || this.#restored) continue;
        for (const l of this.#inputListeners) l(rest);
      }
    } catch {
      // Input closed under us: nothing more to read.
    } finally {
      // Nothing will answer now: restoring must not wait for it.
      this.#answered = true;
      this.#replied?.();
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
    if (!this.#restored) this.#opts.onGraphics?.(reply);
  }

  /**
   * Takes the answers to the startup query out of the input (they are not
   * keys) and notes what they say. Returns what is left for the listeners.
   */
  #takeReply(bytes: Uint8Array): Uint8Array {
    // Keys without an escape byte cannot hold a reply: passed on untouched.
    if (this.#replyText === "" && !bytes.includes(0x1b)) return bytes;
    this.#replyText += this.#decoder.decode(bytes, { stream: true });
    let text = this.#replyText;
    if (this.#graphicsAsked) {
      // The graphics answers (also when they come after the wait for them ended): a
      // kitty graphics reply (APC) and the cell size in pixels.
      // deno-lint-ignore no-control-regex
      const answers = /\x1b_G[^\x1b]*\x1b\\|\x1b\[6;\d+;\d+t/g;
      let found = "";
      text = text.replace(answers, (m) => (found += m, ""));
      if (found) this.#probe?.feed(found);
    }
    // deno-lint-ignore no-control-regex
    const kitty = /\x1b\[\?\d+u/.exec(text);
    if (kitty) {
      if (this.#kitty === "unknown" && !this.#restored) {
        this.#kitty = "on";
        this.write(ENTER.kittyPush);
      }
      text = text.slice(0, kitty.index) + text.slice(kitty.index + kitty[0].length);
    }
    // The device attributes come last: every query has been answered.
    // deno-lint-ignore no-control-regex
    const da = /\x1b\[\?[\d;]*c/.exec(text);
    if (da) {
      // Attribute 4 is sixel: the probe reads it, then the answer is complete.
      if (this.#probe) this.#graphicsAnswer(this.#probe.feed(da[0]));
      text = text.slice(0, da.index) + text.slice(da.index + da[0].length);
      if (this.#kitty === "unknown") this.#kitty = "off";
      this.#answered = true;
      this.#replyText = "";
      this.#replied?.();
      return encoder.encode(text);
    }
    // A reply may still be coming in pieces: hold back a trailing partial one
    // (nobody types ESC [ ? or ESC _; a lone ESC or ESC [ may be keys and is
    // passed on; ESC [ 6 ; may start ctrl+PgDn, whose next byte tells).
    const partial = this.#graphicsAsked
      // deno-lint-ignore no-control-regex
      ? /\x1b(\[\?[\d;]*|_[^\x1b]*\x1b?|\[6;[\d;]*)$/.exec(text)
      // deno-lint-ignore no-control-regex
      : /\x1b\[\?[\d;]*$/.exec(text);
    this.#replyText = partial ? text.slice(partial.index) : "";
    return encoder.encode(partial ? text.slice(0, partial.index) : text);
  }

  /** The sequences that undo {@linkcode TerminalDriver.start}. */
  restoreSequence(): string {
    let s = this.beforeRestore();
    if (this.#kitty === "on") s += LEAVE.kittyPop;
    if (this.mouse) s += (this.#hover ? LEAVE.hover : "") + LEAVE.mouse;
    if (this.#paste) s += LEAVE.paste;
    if (this.#hideCursor || this.altScreen || this.mouse) s += LEAVE.reset;
    if (this.#hideCursor) s += LEAVE.showCursor;
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
    this.#restored = true;
    clearTimeout(this.#graphicsTimer);
    if (!this.#gone) {
      try {
        writeAll(this.#opts.stdout, encoder.encode(this.restoreSequence()));
      } catch {
        // The terminal is gone: nothing to restore.
      }
    }
    if (this.input) {
      try {
        this.#opts.stdin.setRaw?.(false);
      } catch {
        // Not a terminal.
      }
    }
    for (const c of this.#cleanup.splice(0)) c();
  }

  /** Gives the terminal back as it was; stops reading input. Idempotent. */
  async restore(): Promise<void> {
    // The answer to the startup query must not be left unread: back in
    // cooked mode the terminal would echo it, or the shell would read it.
    if (
      this.#started && !this.#restored && this.#asked && !this.#answered && !this.#gone &&
      this.#isTerminal()
    ) {
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
