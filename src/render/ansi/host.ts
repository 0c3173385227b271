/**
 * `runAnsi`: an app's own terminal as its viewer. Draws a model with the
 * {@linkcode Renderer} through the {@linkcode TerminalDriver}, at most `fps`
 * frames a second and only after something changed (no timers while idle),
 * hands input to the app as INPUT messages, and can keep the live text
 * projection in a file.
 *
 * @module
 */
import type { ViewportModel } from "../../model/viewport_model.ts";
import type { InputMessage } from "../../protocol/messages/types.ts";
import { TextProjection } from "../../projection/text_projection.ts";
import { Renderer } from "./renderer.ts";
import {
  TerminalDriver,
  type TerminalInput,
  type TerminalOutput,
  type TerminalSignal,
} from "./terminal.ts";
import { hintLine } from "./hint_line.ts";
import { chooseGraphics, graphicsOverride } from "./graphics_probe.ts";

/** Options for {@linkcode runAnsi}. */
export interface AnsiHostOptions {
  /** The session to draw; the caller applies the app's messages to it. */
  model: ViewportModel;
  stdin: TerminalInput;
  stdout: TerminalOutput;
  /** The environment (color depth from `COLORTERM`, `TERM`, `NO_COLOR`, `FORCE_COLOR`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Terminal size; default `Deno.consoleSize()` (and on SIGWINCH). */
  size?: { columns: number; rows: number } | (() => { columns: number; rows: number });
  /** Alternate screen (default true); false renders inline below the prompt. */
  altScreen?: boolean;
  /**
   * Read keys and mouse (default true). False only draws: the terminal stays
   * cooked and ctrl+c is a signal (a progress bar, a line of text).
   */
  input?: boolean;
  /**
   * Keep the bottom row for a key-hint line: the app's keybindings and how to
   * quit (default: on with the alternate screen and input). Turn it off when
   * the app shows its own hints.
   */
  keyHints?: boolean;
  /** Most frames per second (default 30). */
  fps?: number;
  /** Keep the live text projection in this file (replaced atomically after frames). */
  textPath?: string;
  /** Report pointer motion as `hover` events (default false; see {@linkcode AnsiHost.setHover}). */
  hover?: boolean;
  /** Every INPUT event for the app. */
  onInput(msg: InputMessage): void;
  /** The terminal's size changed (after the relayout). */
  onResize?(columns: number, rows: number): void;
  /**
   * ctrl+c (or the `interrupt` keybinding). Called after the terminal was
   * restored. Default: exit the process with status 130.
   */
  onInterrupt?(): void;
  /**
   * A quit key (`q` when nothing takes it, `ctrl+q`). The host closes first
   * (the terminal is restored), then calls this. Default: just close.
   */
  onQuit?(): void;
  /**
   * SIGINT, SIGTERM or SIGHUP arrived, or the terminal's output closed
   * (reported as SIGHUP); called after the terminal was restored. Default:
   * exit 128+n.
   */
  onSignal?(signal: TerminalSignal): void;
  /** Install signal and exit handlers (default true; tests turn it off). */
  signals?: boolean;
}

/** A running ANSI host. */
export interface AnsiHost {
  /** The renderer (for tests and tools). */
  readonly renderer: Renderer;
  /** Draws what is pending, restores the terminal, stops reading input. */
  close(): Promise<void>;
  /** Tells the renderer the terminal's new size (SIGWINCH does this by itself). */
  resize(columns: number, rows: number): void;
  /** Turns hover reporting (pointer motion tracking) on or off. */
  setHover(on: boolean): void;
  /** Resolves once what is due has been drawn (at once when nothing is). */
  drawn(): Promise<void>;
  /** Writes bytes between frames (a bell, a notification sequence). */
  write(data: string): void;
  /** Resolves once closed. */
  readonly closed: Promise<void>;
}

// How long a lone ESC waits for the rest of an escape sequence.
const ESC_TIMEOUT_MS = 40;

/**
 * Runs the embedded ANSI renderer on a terminal.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { runAnsi } from "./host.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * let out = "";
 * const host = runAnsi({
 *   model,
 *   stdin: { readable: new ReadableStream() },
 *   stdout: { writeSync: (b) => (out += new TextDecoder().decode(b), b.length) },
 *   env: {},
 *   size: { columns: 20, rows: 5 },
 *   signals: false,
 *   onInput: () => {},
 * });
 * await host.close();
 * assert.ok(out.includes("hi"), "drew the tree before closing");
 * ```
 */
export function runAnsi(options: AnsiHostOptions): AnsiHost {
  const fps = options.fps ?? 30;
  if (!(fps > 0 && fps <= 1000)) throw new RangeError(`fps must be in (0, 1000], got ${fps}`);
  const sizeOf = typeof options.size === "function"
    ? options.size
    : options.size
    ? ((s) => () => s)(options.size)
    : undefined;
  const altScreen = options.altScreen ?? true;
  const input = options.input ?? true;
  const hints = (options.keyHints ?? (altScreen && input)) && altScreen;
  // Pixel graphics: forced by VIEWPORT_GRAPHICS, else asked of a real terminal with the
  // driver's startup query (full screen and reading keys only; not inside tmux or
  // screen, which pass neither protocol on).
  const forced = graphicsOverride(options.env);
  let isTerminal = false;
  try {
    isTerminal = options.stdin.isTerminal?.() ?? false;
  } catch { /* not a terminal */ }
  const ask = altScreen && input && !forced && isTerminal &&
    chooseGraphics(options.env, { kitty: true, sixel: true }) !== "cells";
  const term = new TerminalDriver({
    stdin: options.stdin,
    stdout: options.stdout,
    altScreen,
    input,
    hover: options.hover ?? false,
    signals: options.signals ?? true,
    size: sizeOf,
    onSignal: options.onSignal,
    onGraphics: ask
      ? (reply) => {
        const mode = chooseGraphics(options.env, reply);
        if (mode !== "cells") renderer.setGraphics(mode, reply?.cell);
      }
      : undefined,
  });
  let { columns, rows } = term.size();
  // The key-hint line takes the last row (none on a screen of one row).
  const areaRows = (r: number) => hints && r > 1 ? r - 1 : r;
  let closed = false;
  let resolveClosed!: () => void;
  const closedPromise = new Promise<void>((r) => (resolveClosed = r));

  const interrupt = () => {
    void close().then(() => {
      if (options.onInterrupt) options.onInterrupt();
      else Deno.exit(130);
    });
  };
  const quit = () => void close().then(() => options.onQuit?.());
  const renderer = new Renderer({
    model: options.model,
    width: columns,
    height: areaRows(rows),
    env: options.env,
    inline: !altScreen,
    hover: options.hover ?? false,
    onInterrupt: interrupt,
    onQuit: quit,
    graphics: forced,
  });
  let hintShown: string | null = null;
  /** The hint line's bytes when it changed, else "". */
  const hintBytes = (): string => {
    if (!hints || rows < 2) return "";
    const line = hintLine(renderer.keyHints(), columns, renderer.colorDepth === "none");
    if (line === hintShown) return "";
    hintShown = line;
    // Drawn with the cursor saved and restored, so the renderer's idea of where it is stays true.
    return `\x1b[?2026h\x1b7\x1b[${rows};1H${line}\x1b8\x1b[?2026l`;
  };
  term.beforeRestore = () => renderer.release();
  const projection = options.textPath
    ? new TextProjection(options.model, { width: columns })
    : null;
  let lastText: string | null = null;

  const deliver = (msgs: InputMessage[]) => {
    for (const m of msgs) {
      try {
        options.onInput(m);
      } catch (err) {
        // An app handler's error must not take the terminal down with it.
        console.error(err);
      }
    }
  };

  // Frame scheduling: one timer at most, only while something is due.
  const interval = 1000 / fps;
  let lastFrame = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let drawnWaiters: (() => void)[] = [];
  const draw = () => {
    timer = undefined;
    if (closed) return;
    lastFrame = performance.now();
    // One write for the frame and the hint line: a terminal read between two
    // writes showed a redrawn screen without its hint line.
    const out = renderer.render() + hintBytes();
    if (out) term.write(out);
    deliver(renderer.takeEvents());
    if (projection) writeProjection();
    const waiters = drawnWaiters;
    drawnWaiters = [];
    for (const w of waiters) w();
  };
  const schedule = () => {
    if (timer !== undefined || closed) return;
    const wait = Math.max(0, lastFrame + interval - performance.now());
    timer = setTimeout(draw, wait);
  };
  const unsubscribeDirty = renderer.onDirty(schedule);

  const writeProjection = () => {
    const text = projection!.text() + "\n";
    if (text === lastText) return;
    lastText = text;
    const tmp = `${options.textPath}.${Deno.pid}.tmp`;
    try {
      Deno.writeTextFileSync(tmp, text);
      Deno.renameSync(tmp, options.textPath!);
    } catch (err) {
      console.error(`viewport: cannot write the text projection: ${(err as Error).message}`);
    }
  };

  let escTimer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribeInput = term.onInput((bytes) => {
    if (escTimer !== undefined) {
      clearTimeout(escTimer);
      escTimer = undefined;
    }
    deliver(renderer.handleInput(bytes, deliver));
    if (renderer.inputPending) {
      escTimer = setTimeout(() => {
        escTimer = undefined;
        deliver(renderer.flushInput());
      }, ESC_TIMEOUT_MS);
    }
  });
  const resize = (c: number, r: number) => {
    if (closed || (c === columns && r === rows)) return;
    columns = c;
    rows = r;
    hintShown = null;
    renderer.resize(c, areaRows(r));
    if (projection) projection.width = c;
    options.onResize?.(c, areaRows(r));
  };
  const unsubscribeResize = term.onResize(resize);

  term.start();
  draw();

  async function close(): Promise<void> {
    if (closed) return closedPromise;
    if (timer !== undefined) clearTimeout(timer);
    if (escTimer !== undefined) clearTimeout(escTimer);
    timer = escTimer = undefined;
    // Show the final state before letting go (inline mode keeps it on screen).
    const bytes = renderer.frame();
    if (bytes) term.write(bytes);
    if (projection) writeProjection();
    closed = true;
    unsubscribeDirty();
    unsubscribeInput();
    unsubscribeResize();
    await term.restore();
    renderer.close();
    for (const w of drawnWaiters.splice(0)) w();
    resolveClosed();
  }

  return {
    renderer,
    close,
    resize,
    setHover(on: boolean) {
      renderer.hover = on;
      term.setHover(on);
    },
    drawn(): Promise<void> {
      if (closed || (timer === undefined && !renderer.dirty)) return Promise.resolve();
      schedule();
      return new Promise<void>((r) => drawnWaiters.push(r));
    },
    write(data: string) {
      if (!closed) term.write(data);
    },
    closed: closedPromise,
  };
}
