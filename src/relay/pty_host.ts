/**
 * Runs a program in a pseudo-terminal and splits what it writes into terminal
 * text and Viewport frames (`stdio:`, protocol-spec 1.1: frames verbatim
 * between runs of text).
 *
 * @module
 */
import { type IPty, spawn as spawnPty } from "@lydell/node-pty";
import { type StdioPiece, StdioSplitter } from "../protocol/stdio_splitter.ts";
import { isDecodablePayload } from "../protocol/wire.ts";
import { fdWriter } from "../transport/native/mod.ts";
import { PtyFrames } from "./pty_frames.ts";

/** Options of {@linkcode PtyHost.spawn}. */
export interface PtyHostOptions {
  /** The program and its arguments. */
  command: readonly string[];
  /** Its whole environment. */
  env: Record<string, string>;
  /** Terminal width in cells. Default 80. */
  cols?: number;
  /** Terminal height in cells. Default 24. */
  rows?: number;
  /** Working directory. Default: this process's. */
  cwd?: string;
  /** Receives the program's terminal text, byte-exact, in order. */
  onText: (bytes: Uint8Array) => void;
  /** A candidate frame claiming a larger payload is text. Default 16 MiB. */
  maxPayload?: number;
  /**
   * How long a possible frame start may wait for its remaining bytes before it
   * is given up as text (an app that printed "VP" and waits). Default 250 ms.
   */
  idleFlushMs?: number;
  /** Unread frame bytes past which the PTY is paused (backpressure). Default 4 MiB. */
  readAhead?: number;
}

/** Signals {@linkcode PtyHost.signal} forwards. */
export type ForwardedSignal = "SIGINT" | "SIGTERM" | "SIGHUP" | "SIGKILL" | "SIGQUIT";

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
};

// The PTY's output post-processing (newline to CR-LF) is turned off before the
// program starts, so frames pass byte-exact whoever writes them. The text still
// looks right: the user's terminal does its own post-processing.
const OPOST_OFF = 'stty -opost 2>/dev/null; stty iutf8 2>/dev/null; exec "$0" "$@"';

/**
 * A program in a PTY. Its text goes to `onText`; the frames it writes come out
 * of {@linkcode PtyHost.frames}, and frames sent there are written into its
 * input, like keystrokes from {@linkcode PtyHost.write}.
 *
 * @example
 * ```ts
 * import { PtyHost } from "./pty_host.ts";
 * import assert from "node:assert/strict";
 * let text = "";
 * const host = PtyHost.spawn({
 *   command: ["printf", "a\\nb"], env: { PATH: "/usr/bin:/bin" },
 *   onText: (b) => text += new TextDecoder().decode(b),
 * });
 * assert.equal(await host.status, 0);
 * assert.equal(text, "a\nb");
 * ```
 */
export class PtyHost {
  /** The program's process id. */
  readonly pid: number;
  /** The program's frames, as a transport. */
  readonly frames: PtyFrames;
  /** The exit status: the code, or 128 + the signal number. */
  readonly status: Promise<number>;
  readonly #pty: IPty;
  readonly #input: InputWriter;
  readonly #splitter: StdioSplitter;
  readonly #onText: (bytes: Uint8Array) => void;
  readonly #idleFlushMs: number;
  readonly #readAhead: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #exited = false;
  #paused = false;
  #dropped = 0;

  private constructor(pty: IPty, options: PtyHostOptions) {
    this.#pty = pty;
    this.pid = pty.pid;
    this.#onText = options.onText;
    this.#idleFlushMs = options.idleFlushMs ?? 250;
    this.#readAhead = options.readAhead ?? 4 * 1024 * 1024;
    this.#splitter = new StdioSplitter({
      maxPayload: options.maxPayload,
      isValidPayload: isDecodablePayload,
    });
    this.#input = inputWriter(pty);
    this.frames = new PtyFrames(
      { scheme: "stdio", peer: `pty pid ${pty.pid}` },
      { write: (bytes) => this.#exited ? Promise.resolve() : this.#input.write(bytes) },
    );
    pty.onData((data) => this.#output(data as unknown as Uint8Array));
    this.status = new Promise((resolve) => {
      pty.onExit(({ exitCode, signal }) => {
        this.#exited = true;
        this.#input.abandon();
        clearTimeout(this.#timer);
        this.#route(this.#splitter.flush());
        this.frames.end();
        resolve(signal ? 128 + signal : exitCode);
      });
    });
  }

  /**
   * Starts `command` in a new PTY. Throws when the PTY cannot be made; a
   * command that does not exist exits with status 127.
   */
  static spawn(options: PtyHostOptions): PtyHost {
    if (options.command.length === 0) throw new RangeError("PtyHost.spawn: no command given");
    const pty = spawnPty("/bin/sh", ["-c", OPOST_OFF, ...options.command], {
      name: options.env.TERM || "xterm-256color",
      cols: options.cols ?? 80,
      rows: options.rows ?? 24,
      cwd: options.cwd ?? Deno.cwd(),
      env: options.env,
      encoding: null,
    });
    return new PtyHost(pty, options);
  }

  /** True once the program ended. */
  get exited(): boolean {
    return this.#exited;
  }

  /** Frames the program wrote after the frames transport was closed. */
  get droppedFrames(): number {
    return this.#dropped;
  }

  /** Types into the program's terminal (keystrokes, pasted text). */
  write(bytes: Uint8Array): void {
    if (!this.#exited && bytes.length > 0) void this.#input.write(bytes).catch(() => {});
  }

  /** Resizes the terminal; the program gets SIGWINCH. */
  resize(cols: number, rows: number): void {
    if (this.#exited || !(cols > 0 && rows > 0)) return;
    try {
      this.#pty.resize(Math.floor(cols), Math.floor(rows));
    } catch { /* the PTY just closed */ }
  }

  /**
   * Sends a signal to the program's process group (what the terminal would do
   * for ^C), or to the program alone when the group is gone.
   */
  signal(signal: ForwardedSignal): void {
    if (this.#exited) return;
    try {
      Deno.kill(-this.pid, signal);
    } catch {
      try {
        Deno.kill(this.pid, signal);
      } catch { /* already gone */ }
    }
  }

  /** The number of a forwarded signal (for `128 + n` statuses). */
  static signalNumber(signal: ForwardedSignal): number {
    return SIGNAL_NUMBERS[signal];
  }

  #output(data: Uint8Array): void {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.#route(this.#splitter.push(bytes));
    clearTimeout(this.#timer);
    if (this.#splitter.pending > 0) {
      this.#armFlush();
    }
    if (!this.#paused && this.frames.queuedBytes > this.#readAhead) {
      this.#paused = true;
      this.#pty.pause();
      void this.frames.waitForRoom(this.#readAhead / 2).then(() => {
        this.#paused = false;
        if (!this.#exited) this.#pty.resume();
      });
    }
  }

  // Held bytes that stay incomplete are text after all; while the PTY is paused
  // here, the rest of a frame cannot arrive, so the wait starts over.
  #armFlush(): void {
    this.#timer = setTimeout(() => {
      if (this.#paused) this.#armFlush();
      else this.#route(this.#splitter.flush());
    }, this.#idleFlushMs);
  }

  #route(pieces: StdioPiece[]): void {
    for (const piece of pieces) {
      if (piece.kind === "text") this.#onText(piece.bytes);
      else if (this.frames.open) this.frames.deliver(piece.frame);
      else this.#dropped++;
    }
  }
}

/**
 * Everything typed into the PTY (keystrokes and frames) goes through one
 * ordered writer, so that a keystroke never lands inside a frame. Writes go
 * straight to the master fd (`fdWriter`, through FFI): Deno's Node layer loses
 * them once the PTY's input buffer is full. Without FFI, node-pty's own write
 * serves small input.
 */
function inputWriter(pty: IPty): InputWriter {
  const fd = (pty as unknown as { fd?: number }).fd;
  const direct = typeof fd === "number" ? fdWriter(fd) : null;
  if (!direct) {
    return {
      write(bytes) {
        pty.write(bytes as unknown as string);
        return Promise.resolve();
      },
      abandon() {},
    };
  }
  let tail: Promise<void> = Promise.resolve();
  let gone: Error | null = null;
  return {
    write(bytes) {
      // Each write starts once the one before it is all written.
      const run = () => gone ? Promise.reject(gone) : direct(bytes);
      const next = tail.then(run, run);
      tail = next.catch(() => {});
      return next;
    },
    abandon() {
      // The master fd closes with the program: its number may soon name another file.
      gone ??= new Error("the program ended");
    },
  };
}

interface InputWriter {
  write(bytes: Uint8Array): Promise<void>;
  abandon(): void;
}
