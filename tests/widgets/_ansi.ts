/**
 * Widget tests in the embedded ANSI renderer: an SDK connection whose model a
 * {@linkcode Renderer} draws, frames replayed through a headless xterm.js, and
 * keys and mouse clicks fed as terminal bytes, as ansi mode does.
 *
 * @module
 */
import { ViewportModel } from "../../src/model/viewport_model.ts";
import type { InputMessage } from "../../src/protocol/messages/types.ts";
import type { ColorDepth } from "../../src/render/ansi/color.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { Connection } from "../../src/sdk/connection.ts";
import { HeadlessLink } from "../../src/sdk/link.ts";
import { Screen } from "../ansi/_xterm.ts";

/** Key names to the bytes a terminal sends. */
export const KEYS: Readonly<Record<string, string>> = {
  enter: "\r",
  tab: "\t",
  "shift+tab": "\x1b[Z",
  escape: "\x1b",
  space: " ",
  backspace: "\x7f",
  up: "\x1b[A",
  down: "\x1b[B",
  right: "\x1b[C",
  left: "\x1b[D",
  home: "\x1b[H",
  end: "\x1b[F",
  pageup: "\x1b[5~",
  pagedown: "\x1b[6~",
  "shift+up": "\x1b[1;2A",
  "shift+down": "\x1b[1;2B",
  "ctrl+a": "\x01",
};

/** A running app in a headless terminal. */
export interface AnsiApp {
  conn: Connection;
  renderer: Renderer;
  screen: Screen;
  /** Every INPUT the renderer produced. */
  inputs: InputMessage[];
  /** Waits for re-renders, draws a frame and replays it. */
  settle(): Promise<void>;
  /** Presses keys (names from {@linkcode KEYS}, or literal text). */
  press(...keys: string[]): Promise<void>;
  /** Clicks the cell at (x, y), 0-based. */
  click(x: number, y: number): Promise<void>;
  /** Scrolls the wheel at (x, y): positive is down. */
  wheel(x: number, y: number, steps: number): Promise<void>;
  /** The screen's text, lines right-trimmed, trailing blank lines dropped. */
  text(): string;
  /** The screen's lines. */
  lines(): string[];
  /** The (x, y) of the first cell of `needle` on screen, or throws. */
  find(needle: string): { x: number; y: number };
  close(): Promise<void>;
}

/** Options of {@linkcode ansiApp}. */
export interface AnsiAppOptions {
  width?: number;
  height?: number;
  colorDepth?: ColorDepth;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Runs `setup` on a fresh interactive connection drawn into a `width` x `height` terminal. */
export async function ansiApp(
  setup: (conn: Connection) => void,
  o: AnsiAppOptions = {},
): Promise<AnsiApp> {
  const width = o.width ?? 60, height = o.height ?? 20;
  const model = new ViewportModel({ maxRows: 2_000_000 });
  const conn = new Connection({
    mode: { type: "ansi", altScreen: true, fps: 30 },
    model,
    link: new HeadlessLink(),
    env: { type: "ENV", display_width: width, display_height: height, display_unit: "cell" },
    interactive: true,
  });
  const renderer = new Renderer({
    model,
    width,
    height,
    colorDepth: o.colorDepth ?? "truecolor",
  });
  const screen = new Screen(width, height);
  const inputs: InputMessage[] = [];
  const deliver = (msgs: InputMessage[]) => {
    for (const m of msgs) {
      inputs.push(m);
      conn.receive(m);
    }
  };
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await tick();
      await screen.write(renderer.frame());
      deliver(renderer.takeEvents());
    }
  };
  setup(conn);
  await settle();
  const feed = async (bytes: string) => {
    deliver(renderer.handleInput(bytes));
    if (renderer.inputPending) deliver(renderer.flushInput());
    await settle();
  };
  const app: AnsiApp = {
    conn,
    renderer,
    screen,
    inputs,
    settle,
    async press(...keys) {
      for (const k of keys) await feed(KEYS[k] ?? k);
    },
    async click(x, y) {
      await feed(`\x1b[<0;${x + 1};${y + 1}M`);
      await feed(`\x1b[<0;${x + 1};${y + 1}m`);
    },
    async wheel(x, y, steps) {
      for (let i = 0; i < Math.abs(steps); i++) {
        await feed(`\x1b[<${steps > 0 ? 65 : 64};${x + 1};${y + 1}M`);
      }
    },
    text: () => screen.lines().map((l) => l.trimEnd()).join("\n").trimEnd(),
    lines: () => screen.lines(),
    find(needle) {
      const lines = screen.lines();
      for (let y = 0; y < lines.length; y++) {
        const x = lines[y].indexOf(needle);
        if (x >= 0) return { x: [...lines[y].slice(0, x)].length, y };
      }
      throw new Error(`${JSON.stringify(needle)} is not on screen:\n${lines.join("\n")}`);
    },
    async close() {
      renderer.close();
      screen.dispose();
      await conn.close();
    },
  };
  return app;
}
