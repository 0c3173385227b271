/**
 * ANSI mode: the app's own terminal is its viewer. The embedded renderer
 * ({@linkcode runAnsi}) draws the connection's model and turns keys, mouse and
 * resizes into the messages a viewer would send.
 *
 * @module
 */
import type { ViewportModel } from "../model/viewport_model.ts";
import type { AudioMessage, EnvMessage, Message } from "../protocol/messages/types.ts";
import { type NotifyStyle, notifyStyle, soundSequence } from "../render/ansi/sound.ts";
import { TextProjection } from "../projection/text_projection.ts";
import type { ColorDepth } from "../render/ansi/color.ts";
import { type AnsiHost, runAnsi } from "../render/ansi/host.ts";
import type { TerminalInput, TerminalOutput } from "../render/ansi/terminal.ts";
import type { Link } from "./link.ts";
import { stripControls } from "./text_link.ts";

/** A terminal size in cells. */
export interface CellSize {
  columns: number;
  rows: number;
}

/** Options for {@linkcode AnsiLink}. */
export interface AnsiLinkOptions {
  /** The connection's model; the renderer subscribes to its changes. */
  model: ViewportModel;
  stdin: TerminalInput;
  stdout: TerminalOutput;
  /** Variables that pick the color depth (`COLORTERM`, `TERM`, `NO_COLOR`, `FORCE_COLOR`...). */
  env: Readonly<Record<string, string | undefined>>;
  /** The terminal's size, or how to ask for it (default: the console, and SIGWINCH). */
  size?: CellSize | (() => CellSize);
  /** Alternate screen (default true); false draws inline below the prompt. */
  altScreen?: boolean;
  /** Read keys and mouse (default true); false only draws (the terminal stays cooked). */
  input?: boolean;
  /** The bottom row shows the key hints (default: with the alternate screen and input). */
  keyHints?: boolean;
  /** Print the final text after leaving the alternate screen (default true). */
  finalText?: boolean;
  /** Most frames per second (default 30). */
  fps?: number;
  /** Keep the live text projection in this file (`VIEWPORT_TEXT`). */
  textPath?: string;
  /** Clock for relative times in the final text. */
  now?: () => number;
  /** Install signal and exit handlers (default true; off for injected streams). */
  signals?: boolean;
  /** The ENV the app gets; its size and color depth are filled in from the terminal. */
  appEnv: EnvMessage;
  /** What a viewer would send: INPUT events, ENV and REGION `resize` on a resize. */
  receive(message: Message): void;
  /** Whether some node listens for hover (pointer motion is tracked only then). */
  wantsHover?(): boolean;
  /**
   * The user ended the app: a quit key (0), ctrl+c (130), SIGINT (130),
   * SIGTERM (143), or the terminal went away (SIGHUP or a closed output, 129).
   * Called once the terminal is restored and the final text printed.
   */
  onQuit(code: number): void;
}

const SIGNAL_STATUS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const DEPTH_BITS: Record<ColorDepth, number> = { none: 1, "16": 4, "256": 8, truecolor: 24 };
const encoder = new TextEncoder();

/**
 * The ANSI-mode link. Messages are already in the model when `send` gets them,
 * so the renderer only needs to hear that something changed (it does, from the
 * model) and frames follow at most `fps` times a second.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../model/viewport_model.ts";
 * import { AnsiLink } from "./ansi_link.ts";
 * let out = "";
 * const model = new ViewportModel();
 * const link = new AnsiLink({
 *   model,
 *   stdin: { readable: new ReadableStream() },
 *   stdout: { writeSync: (b) => (out += new TextDecoder().decode(b), b.length) },
 *   env: {},
 *   size: { columns: 20, rows: 4 },
 *   signals: false,
 *   appEnv: { type: "ENV" },
 *   receive: () => {},
 *   onQuit: () => {},
 * });
 * const msg = { type: "TREE" as const, root: { id: 1, type: "text" as const, props: { content: "hi" } } };
 * model.apply(msg);
 * link.send([msg]);
 * await link.close();
 * // Drawn on the alternate screen, then kept as text on the normal one.
 * if (!out.includes("\x1b[?1049h") || !out.endsWith("\x1b[?1049lhi\r\n")) throw new Error(out);
 * ```
 */
export class AnsiLink implements Link {
  #o: AnsiLinkOptions;
  #host: AnsiHost;
  #env: EnvMessage;
  #hover = false;
  #byUser = false;
  #closing: Promise<void> | null = null;
  #notify: NotifyStyle;
  #title = "";

  constructor(options: AnsiLinkOptions) {
    this.#o = options;
    const quit = (code: number) => {
      this.#byUser = true;
      void this.close().then(() => options.onQuit(code));
    };
    this.#host = runAnsi({
      model: options.model,
      stdin: options.stdin,
      stdout: options.stdout,
      env: options.env,
      size: options.size,
      altScreen: options.altScreen,
      input: options.input,
      keyHints: options.keyHints,
      fps: options.fps,
      textPath: options.textPath,
      signals: options.signals,
      onInput: (msg) => options.receive(msg),
      onResize: (columns, rows) => {
        this.#env = { ...this.#env, display_width: columns, display_height: rows };
        options.receive(this.#env);
        options.receive({ type: "REGION", action: "resize", width: columns, height: rows });
      },
      onInterrupt: () => quit(130),
      onQuit: () => quit(0),
      onSignal: (signal) => quit(SIGNAL_STATUS[signal]),
    });
    const r = this.#host.renderer;
    this.#env = {
      ...options.appEnv,
      display_width: r.width,
      display_height: r.height,
      display_unit: "cell",
      color_depth: DEPTH_BITS[r.colorDepth],
      pixel_density: 1,
      gpu: false,
      video_decode: [],
      remote: false,
      latency_ms: 0,
      features: ["canvas", "images", "audio"],
    };
    this.#notify = notifyStyle(options.env);
  }

  /** The ENV describing this terminal (size in cells, color depth in bits). */
  get env(): EnvMessage {
    return this.#env;
  }

  send(messages: Message[]): void {
    if (this.#closing) return;
    for (const m of messages) {
      if (m.type === "AUDIO") this.#sound(m);
      else if (m.type === "REGION" && m.action === "title") this.#title = m.title ?? "";
    }
    if (!this.#o.wantsHover) return;
    // Handlers only change with the tree; motion reports cost the terminal
    // (and us) a message per cell crossed, so they are on only while wanted.
    if (!messages.some((m) => m.type === "TREE" || m.type === "PATCH")) return;
    const hover = this.#o.wantsHover();
    if (hover !== this.#hover) {
      this.#hover = hover;
      this.#host.setHover(hover);
    }
  }

  flush(): Promise<void> {
    return this.#host.drawn();
  }

  #sound(m: AudioMessage): void {
    const seq = soundSequence(m, this.#notify, this.#title);
    if (seq !== null) return void (seq && this.#host.write(seq));
    // What a viewer would answer: a terminal plays builtins only.
    this.#o.receive({
      type: "ERROR",
      code: "unsupported",
      message: `AUDIO ${
        m.action === "stream"
          ? `stream of ${JSON.stringify(m.format)}`
          : `${m.action} ${JSON.stringify(m.builtin)}`
      } is not supported: a terminal plays bell and notification only`,
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#host.close().then(() => {
      // Leaving the alternate screen brings back what was there before; the
      // final state goes below it as text so the user keeps the last output.
      if ((this.#o.altScreen ?? true) && (this.#o.finalText ?? true)) this.#printFinal();
    });
    return this.#closing;
  }

  #printFinal(): void {
    const projection = new TextProjection(this.#o.model, {
      width: this.#host.renderer.width,
      now: this.#o.now,
      placeholders: false,
      // An app that ended by itself leaves all of its output, as in a pipe;
      // one the user left shows a screenful of each table (a log may be long).
      tableRows: this.#byUser ? Math.max(5, this.#host.renderer.height - 2) : undefined,
    });
    const text = projection.text().replace(/[ \t]+$/gm, "").replace(/\s+$/, "");
    if (text === "") return;
    // CR LF: the terminal may still be without output processing (raw mode).
    const bytes = encoder.encode(stripControls(text).replaceAll("\n", "\r\n") + "\r\n");
    try {
      for (let off = 0, spins = 0; off < bytes.length;) {
        const n = this.#o.stdout.writeSync(bytes.subarray(off));
        off += n;
        if (n === 0 && ++spins > 1000) break;
      }
    } catch {
      // The terminal is gone: nobody to show it to.
    }
  }
}
