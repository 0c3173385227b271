/**
 * What the driver needs from wherever an app runs: its model, a way to send
 * it viewer messages, change notifications, and how it ended. One small
 * interface, three implementations: in-process, a spawned process, and a
 * session mirrored from a running viewer (`viewport mcp`).
 *
 * @module
 */
import type { ViewportModel } from "../model/viewport_model.ts";
import type { EnvMessage, Message } from "../protocol/messages/types.ts";
import { PROTOCOL_VERSION } from "../protocol/constants.ts";

/** How an app ended. */
export interface AppExit {
  /** The exit status (a process's, or an in-process app's `run()` result); null when unknown. */
  code: number | null;
  /** What ended it, in a few words ("exited", "closed its connection", "closed by the driver"). */
  reason: string;
}

/** A running app as the driver sees it. */
export interface DriverLink {
  /** The app in a few words, for messages (`deno run -A examples/counter.ts`). */
  readonly label: string;
  /** The session's state, kept up to date with what the app sends. */
  readonly model: ViewportModel;
  /** The session id (REGION attach, or the one it was given). */
  readonly session: string | undefined;
  /** The app's title (REGION title). */
  readonly title: string | undefined;
  /** Set once the app is gone (it may still have drawn its last state). */
  readonly exit: AppExit | null;
  /** Messages the viewer refused from the app, as one line each. */
  readonly rejections: readonly string[];
  /** Sends a viewer message (INPUT, ENV, REGION) to the app; false when it is gone. */
  send(message: Message): Promise<boolean>;
  /**
   * Gives the app a new display size. Optional: without it the driver sends
   * ENV and REGION resize itself (a mirrored session resizes through its viewer).
   */
  resize?(size: Size): Promise<boolean>;
  /** Called after each change of model or state; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** What the app wrote to stderr (the last 64 KiB), if it is known. */
  stderr(): string;
  /** Ends the app (asks first, then insists) and frees everything. Idempotent. */
  close(): Promise<AppExit>;
}

/** Keeps the last `limit` characters of a stream of text. */
export class TextTail {
  #text = "";
  #decoder = new TextDecoder();
  constructor(readonly limit = 64 * 1024) {}

  /** Appends bytes (decoded as UTF-8) or text. */
  push(chunk: Uint8Array | string): void {
    const s = typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true });
    this.#text = (this.#text + s).slice(-this.limit);
  }

  /** Everything kept so far. */
  get text(): string {
    return this.#text;
  }
}

/** A display size in cells. */
export interface Size {
  columns: number;
  rows: number;
}

/**
 * The ENV the driver sends as the viewer: a terminal-like display of `size`
 * cells, true color, canvases drawn.
 *
 * @example
 * ```ts
 * import { driverEnv } from "./link.ts";
 * import assert from "node:assert/strict";
 * assert.equal(driverEnv({ columns: 80, rows: 24 }, "s").display_height, 24);
 * ```
 */
export function driverEnv(size: Size, session: string | undefined): EnvMessage {
  const env: EnvMessage = {
    type: "ENV",
    viewport_version: PROTOCOL_VERSION,
    display_width: size.columns,
    display_height: size.rows,
    display_unit: "cell",
    pixel_density: 1,
    gpu: false,
    color_depth: 24,
    remote: false,
    latency_ms: 0,
    features: ["canvas"],
  };
  if (session !== undefined) env.session = session;
  return env;
}

/**
 * Checks a size: whole numbers of cells, 1 to 10000 each way.
 *
 * @example
 * ```ts
 * import { checkSize } from "./link.ts";
 * import assert from "node:assert/strict";
 * let bad = false;
 * try { checkSize({ columns: 0, rows: 24 }); } catch { bad = true; }
 * assert.ok(bad);
 * ```
 */
export function checkSize(size: Size): Size {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 10_000;
  if (!size || !ok(size.columns) || !ok(size.rows)) {
    throw new RangeError(
      `size must be {columns, rows}, whole numbers 1..10000, got ${JSON.stringify(size)}`,
    );
  }
  return { columns: size.columns, rows: size.rows };
}
