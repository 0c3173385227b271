/**
 * The terminal front end (`viewport` on a terminal): sessions as tabs, each
 * drawn by the ANSI renderer into the rows between a tab bar and a status
 * line. Keys go to the focused session; Ctrl-] then a command key switches
 * (n/p, Tab, arrows, 1-9), closes (x) or quits (q). The quit rule is the
 * embedded renderer's (docs/ansi.md, "Quitting"): `q` when the focused app
 * does not take it, `ctrl+q` anywhere (both exit 0), `ctrl+c` interrupts
 * (130); the status line names the key that quits now.
 *
 * @module
 */
import type { InputMessage } from "../../src/protocol/messages/types.ts";
import { type ColorDepth, detectColorDepth } from "../../src/render/ansi/color.ts";
import type { CellPixels, GraphicsMode } from "../../src/render/ansi/graphics.ts";
import { chooseGraphics, graphicsOverride } from "../../src/render/ansi/graphics_probe.ts";
import {
  type NotifyStyle,
  notifyStyle,
  soundSequence,
  TERMINAL_AUDIO,
} from "../../src/render/ansi/sound.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import {
  TerminalDriver,
  type TerminalInput,
  type TerminalOutput,
} from "../../src/render/ansi/terminal.ts";
import type { DisplayInfo } from "../shared/display.ts";
import type { FrontEnd, FrontEndOptions } from "../shared/front_end.ts";
import type { Session, SessionEvent } from "../shared/session.ts";
import type { SessionHost } from "../shared/session_host.ts";
import { statusLine, tabBar, type TabInfo } from "./chrome.ts";
import { type InputPiece, PrefixSplitter } from "./prefix_keys.ts";

/** Options for {@linkcode TerminalFrontEnd}. */
export interface TerminalFrontEndOptions {
  stdin: TerminalInput;
  stdout: TerminalOutput;
  /** The environment (color depth). */
  env: Readonly<Record<string, string | undefined>>;
  /** Terminal size; default `Deno.consoleSize()` (and on SIGWINCH). */
  size?: () => { columns: number; rows: number };
  /** Most frames per second (default 60). */
  fps?: number;
  /** Install signal and exit handlers that restore the terminal (default true). */
  signals?: boolean;
  /**
   * Pixel graphics for images and canvases (`--graphics`): `kitty`, `sixel`
   * or `cells`. Default: `VIEWPORT_GRAPHICS`, else asked of the terminal.
   */
  graphics?: GraphicsMode;
}

const DEPTH_BITS: Record<ColorDepth, number> = { none: 1, "16": 4, "256": 8, truecolor: 24 };
// Quit keys as a terminal sends them (legacy bytes and the kitty protocol's
// forms), for when no app is there to take keys.
const QUIT_BYTES: Record<string, number> = {
  q: 0,
  "\x11": 0,
  "\x1b[113;5u": 0,
  "\x03": 130,
  "\x1b[99;5u": 130,
};
// How long a lone ESC waits for the rest of an escape sequence.
const ESC_TIMEOUT_MS = 40;
// How long a status message stays.
const MESSAGE_MS = 4000;
// Chrome is drawn with the cursor and pen saved and restored (DECSC/DECRC), so
// the renderer's idea of where the cursor is stays true.
const SAVE = "\x1b[?2026h\x1b7";
const RESTORE = "\x1b8\x1b[?2026l";

/**
 * Sessions as tabs on a terminal.
 *
 * @example
 * ```ts
 * import { TerminalFrontEnd } from "./terminal_front_end.ts";
 * import { SessionHost } from "../shared/session_host.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const fe = new TerminalFrontEnd({
 *   stdin: { readable: new ReadableStream() },
 *   stdout: { writeSync: (b) => (out += new TextDecoder().decode(b), b.length) },
 *   env: {}, size: () => ({ columns: 40, rows: 10 }), signals: false,
 * });
 * fe.attach(new SessionHost({ display: fe.display }));
 * await fe.close();
 * assert.ok(out.includes("waiting for apps"), "no tab bar");
 * ```
 */
export class TerminalFrontEnd implements FrontEnd {
  readonly display: DisplayInfo;
  readonly ownsTerminal = true;
  readonly done: Promise<void>;
  #quit!: () => void;
  #exitStatus: number | undefined;
  #quitKeyShown = "q";
  #term: TerminalDriver;
  #env: Readonly<Record<string, string | undefined>>;
  #depth: ColorDepth;
  #columns: number;
  #rows: number;
  #interval: number;
  #host: SessionHost | null = null;
  #unobserve: (() => void) | null = null;
  #tabs: Session[] = [];
  #renderers = new Map<Session, Renderer>();
  #focused: Session | null = null;
  #splitter: PrefixSplitter;
  #decoder = new TextDecoder();
  #message: string | undefined;
  #messageTimer: ReturnType<typeof setTimeout> | undefined;
  #frameTimer: ReturnType<typeof setTimeout> | undefined;
  #escTimer: ReturnType<typeof setTimeout> | undefined;
  #lastFrame = -Infinity;
  #chromeDirty = true;
  #closed = false;
  #cleanup: (() => void)[] = [];
  #tabSpans: [number, number][] = [];
  #notify: NotifyStyle;
  #graphics: GraphicsMode = "cells";
  #cell: CellPixels | undefined;

  constructor(options: TerminalFrontEndOptions) {
    this.#env = options.env;
    this.#depth = detectColorDepth(options.env);
    this.#graphics = options.graphics ?? graphicsOverride(options.env) ?? "cells";
    this.#interval = 1000 / (options.fps ?? 60);
    this.#term = new TerminalDriver({
      stdin: options.stdin,
      stdout: options.stdout,
      signals: options.signals ?? true,
      size: options.size,
      // The CLI's own signal handling asks the apps to close; don't exit here.
      onSignal: () => this.#quit(),
      onGraphics: this.#askGraphics(options)
        ? (reply) => {
          this.#graphics = chooseGraphics(options.env, reply);
          this.#cell = reply?.cell;
          for (const r of this.#renderers.values()) r.setGraphics(this.#graphics, this.#cell);
          this.#schedule();
        }
        : undefined,
    });
    const { columns, rows } = this.#term.size();
    this.#columns = columns;
    this.#rows = rows;
    this.done = new Promise((r) => this.#quit = r);
    this.#splitter = new PrefixSplitter((row) => this.#isChromeRow(row));
    const region = this.#region();
    this.display = {
      width: region.width,
      height: region.height,
      unit: "cell",
      colorDepth: DEPTH_BITS[this.#depth],
      features: ["canvas", "images", "audio"],
      // Streams show their poster frames; WebGPU needs a browser.
      canvasModes: ["vector2d", "stream"],
      audio: TERMINAL_AUDIO,
    };
    this.#notify = notifyStyle(options.env);
  }

  /** Whether to ask the terminal for its graphics (not forced, a real terminal, not tmux). */
  #askGraphics(options: TerminalFrontEndOptions): boolean {
    if (options.graphics ?? graphicsOverride(options.env)) return false;
    if (chooseGraphics(options.env, { kitty: true, sixel: true }) === "cells") return false;
    try {
      return options.stdin.isTerminal?.() ?? false;
    } catch {
      return false;
    }
  }

  attach(host: SessionHost): void {
    this.#host = host;
    this.#unobserve = host.observe({
      sessionAdded: (s) => this.#added(s),
      sessionChanged: (s, e) => this.#changed(s, e),
      sessionRemoved: (s) => this.#removed(s),
    });
    for (const s of host.sessions) this.#added(s);
    this.#cleanup.push(this.#term.onInput((bytes) => this.#input(bytes)));
    this.#cleanup.push(this.#term.onResize((c, r) => this.#resize(c, r)));
    this.#term.start();
    this.#draw();
  }

  /** Once `done`: 0 after a quit key, 130 after ctrl+c. */
  get exitStatus(): number | undefined {
    return this.#exitStatus;
  }

  #leave(status: number): void {
    this.#exitStatus ??= status;
    this.#quit();
  }

  /** The focused session (for tests and tools). */
  get focused(): Session | null {
    return this.#focused;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of [this.#frameTimer, this.#escTimer, this.#messageTimer]) clearTimeout(t);
    this.#unobserve?.();
    for (const c of this.#cleanup.splice(0)) c();
    // Pictures (kitty images, the sixel cursor mode) are taken down before leaving.
    for (const r of this.#renderers.values()) {
      const gone = r.hidePictures();
      if (gone) this.#term.write(gone);
      r.close();
    }
    this.#renderers.clear();
    await this.#term.restore();
    this.#quit();
  }

  // --- layout ---

  /** The session area: between the tab bar and the status line (no chrome below 3 rows). */
  #region(): { y: number; width: number; height: number } {
    if (this.#rows < 3) return { y: 0, width: this.#columns, height: this.#rows };
    return { y: 1, width: this.#columns, height: this.#rows - 2 };
  }

  #isChromeRow(row: number): boolean {
    return this.#rows >= 3 && (row === 0 || row === this.#rows - 1);
  }

  // --- sessions ---

  #added(session: Session): void {
    if (this.#renderers.has(session)) return;
    const region = this.#region();
    const renderer = new Renderer({
      model: session.model,
      width: region.width,
      height: region.height,
      region: { x: 0, y: region.y },
      screenWidth: this.#columns,
      colorDepth: this.#depth,
      env: this.#env,
      graphics: this.#graphics,
      cellPixels: this.#cell,
      onQuit: () => this.#leave(0),
      onInterrupt: () => this.#leave(130),
    });
    renderer.onDirty(() => {
      if (session === this.#focused) this.#schedule();
    });
    this.#renderers.set(session, renderer);
    this.#tabs.push(session);
    void session.resize(region.width, region.height);
    if (!this.#focused) this.#focus(session);
    else this.#say(`new session ${session.title ?? session.id}`);
    this.#chromeDirty = true;
    this.#schedule();
  }

  #removed(session: Session): void {
    const renderer = this.#renderers.get(session);
    if (!renderer) return;
    renderer.close();
    this.#renderers.delete(session);
    const index = this.#tabs.indexOf(session);
    this.#tabs.splice(index, 1);
    if (this.#focused === session) {
      this.#focused = null;
      const next = this.#tabs[Math.min(index, this.#tabs.length - 1)];
      if (next) this.#focus(next);
      else this.#clearRegion();
    }
    this.#chromeDirty = true;
    this.#schedule();
  }

  #changed(session: Session, event: SessionEvent): void {
    switch (event.type) {
      case "status":
        this.#chromeDirty = true;
        this.#schedule();
        return;
      case "reset":
        // The app re-attached (a reconnect) and sends its state again: the
        // tab on show tells it that it has the focus, and on which node.
        if (session === this.#focused) {
          void session.focus();
          this.#renderers.get(session)?.announceFocus();
        }
        return;
      case "error":
        if (session === this.#focused && event.to === "app") {
          this.#say(`rejected ${event.code}: ${event.message}`);
        }
        return;
      case "audio": {
        const seq = event.message &&
          soundSequence(event.message, this.#notify, session.title ?? session.id);
        if (seq) this.#term.write(seq);
        return;
      }
      default:
        return;
    }
  }

  #focus(session: Session): void {
    const old = this.#focused;
    if (old === session) return;
    if (old) {
      void old.blur();
      // Its pictures are not part of the cells the new tab repaints: take them down.
      const gone = this.#renderers.get(old)?.hidePictures();
      if (gone) this.#term.write(gone);
    }
    this.#focused = session;
    this.#renderers.get(session)?.invalidate();
    void session.focus();
    this.#chromeDirty = true;
    this.#schedule();
  }

  #step(by: number): void {
    const n = this.#tabs.length;
    if (n === 0) return;
    const i = this.#focused ? this.#tabs.indexOf(this.#focused) : 0;
    this.#focus(this.#tabs[(i + by + n) % n]);
  }

  // --- input ---

  #input(bytes: Uint8Array): void {
    if (this.#escTimer !== undefined) {
      clearTimeout(this.#escTimer);
      this.#escTimer = undefined;
    }
    const text = this.#decoder.decode(bytes, { stream: true });
    for (const piece of this.#splitter.push(text)) this.#piece(piece);
    const renderer = this.#focused && this.#renderers.get(this.#focused);
    if (renderer?.inputPending) {
      this.#escTimer = setTimeout(() => {
        this.#escTimer = undefined;
        this.#deliver(renderer.flushInput());
      }, ESC_TIMEOUT_MS);
    }
    this.#chromeDirty ||= this.#splitter.armed;
    this.#schedule();
  }

  #piece(piece: InputPiece): void {
    const renderer = this.#focused && this.#renderers.get(this.#focused);
    switch (piece.kind) {
      case "text": {
        // No app to take keys (none yet, or its app ended): the quit keys act here.
        const status = this.#focused?.state === "live" ? undefined : QUIT_BYTES[piece.text];
        if (status !== undefined) this.#leave(status);
        else if (renderer) this.#deliver(renderer.handleInput(piece.text));
        return;
      }
      case "chrome-click":
        if (piece.y === 0) this.#clickTab(piece.x);
        return;
      case "command":
        this.#command(piece.key);
        this.#chromeDirty = true;
    }
  }

  #command(key: string): void {
    const renderer = this.#focused && this.#renderers.get(this.#focused);
    if (key === "n" || key === "tab" || key === "right") this.#step(1);
    else if (key === "p" || key === "left") this.#step(-1);
    else if (/^[1-9]$/.test(key)) {
      const s = this.#tabs[Number(key) - 1];
      if (s) this.#focus(s);
    } else if (key === "x") {
      if (this.#focused) this.#host?.closeSession(this.#focused.id);
    } else if (key === "q") {
      this.#leave(0);
    } else if (key === "prefix") {
      if (renderer) this.#deliver(renderer.handleInput("\x1d"));
    } else if (key !== "escape") {
      this.#say(`unknown command ^] ${key} (n/p switch, 1-9, x close, q quit)`);
    }
  }

  #clickTab(x: number): void {
    const i = this.#tabSpans.findIndex(([start, end]) => x >= start && x < end);
    if (i >= 0) this.#focus(this.#tabs[i]);
  }

  #deliver(messages: InputMessage[]): void {
    const session = this.#focused;
    if (!session) return;
    for (const m of messages) void session.input(m);
  }

  // --- drawing ---

  #resize(columns: number, rows: number): void {
    if (this.#closed || (columns === this.#columns && rows === this.#rows)) return;
    this.#columns = columns;
    this.#rows = rows;
    const region = this.#region();
    for (const [session, renderer] of this.#renderers) {
      renderer.resize(region.width, region.height);
      renderer.move(0, region.y);
      void session.resize(region.width, region.height);
    }
    this.#chromeDirty = true;
    this.#term.write("\x1b[0m\x1b[2J");
    this.#schedule();
  }

  #say(message: string): void {
    this.#message = message;
    clearTimeout(this.#messageTimer);
    this.#messageTimer = setTimeout(() => {
      this.#message = undefined;
      this.#chromeDirty = true;
      this.#schedule();
    }, MESSAGE_MS);
    this.#chromeDirty = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frameTimer !== undefined || this.#closed) return;
    const wait = Math.max(0, this.#lastFrame + this.#interval - performance.now());
    this.#frameTimer = setTimeout(() => {
      this.#frameTimer = undefined;
      this.#draw();
    }, wait);
  }

  #draw(): void {
    if (this.#closed) return;
    this.#lastFrame = performance.now();
    const session = this.#focused;
    const renderer = session && this.#renderers.get(session);
    if (renderer) {
      const bytes = renderer.frame();
      if (bytes) this.#term.write(bytes);
      this.#deliver(renderer.takeEvents());
    }
    const quitKey = this.#quitKey();
    if (quitKey !== this.#quitKeyShown) {
      this.#quitKeyShown = quitKey;
      this.#chromeDirty = true;
    }
    if (this.#chromeDirty) {
      this.#chromeDirty = false;
      this.#drawChrome();
    }
  }

  #drawChrome(): void {
    if (this.#rows < 3) return;
    const tabs: TabInfo[] = this.#tabs.map((s) => ({ id: s.id, title: s.title, state: s.state }));
    const index = this.#focused ? this.#tabs.indexOf(this.#focused) : -1;
    const status = statusLine({
      tab: index >= 0 ? tabs[index] : undefined,
      index: index + 1,
      count: tabs.length,
      message: this.#message,
      prefix: this.#splitter.armed,
      quitKey: this.#quitKeyShown,
    }, this.#columns);
    const bar = tabBar(tabs, index, this.#columns);
    this.#tabSpans = bar.spans;
    this.#term.write(
      `${SAVE}\x1b[1;1H${bar.line}` +
        `\x1b[${this.#rows};1H${status}${RESTORE}`,
    );
  }

  /** The key that quits now: the focused app's (`ctrl+q` while typing), else `q`. */
  #quitKey(): string {
    const session = this.#focused;
    const renderer = session && session.state === "live" && this.#renderers.get(session);
    if (!renderer) return "q";
    return renderer.keyHints().find((h) => h.label === "quit")?.key ?? "ctrl+q";
  }

  #clearRegion(): void {
    const { y, height } = this.#region();
    let s = SAVE + "\x1b[0m";
    for (let row = y; row < y + height; row++) s += `\x1b[${row + 1};1H\x1b[2K`;
    this.#term.write(s + RESTORE);
  }
}

/**
 * The factory the CLI registers as `terminal`: the process's own terminal.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: takes over the process's own terminal.
 * import { createTerminalFrontEnd } from "./terminal_front_end.ts";
 * const fe = createTerminalFrontEnd({ noColor: false, log: console.error, env: {}, settings: {} });
 * ```
 */
export function createTerminalFrontEnd(options: FrontEndOptions): TerminalFrontEnd {
  const g = options.settings.graphics;
  return new TerminalFrontEnd({
    stdin: Deno.stdin,
    stdout: Deno.stdout,
    env: options.noColor ? { ...options.env, NO_COLOR: "1" } : options.env,
    graphics: g === "kitty" || g === "sixel" || g === "cells" ? g : undefined,
  });
}
