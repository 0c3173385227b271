/**
 * What a front end tells apps about itself: the ENV message (protocol-spec
 * section 10, decisions.md) is built from a {@linkcode DisplayInfo}.
 *
 * @module
 */
import { PROTOCOL_VERSION } from "../../src/protocol/constants.ts";
import type { EnvMessage } from "../../src/protocol/messages/types.ts";

/** A front end's display as apps see it. */
export interface DisplayInfo {
  /** Width of a new session's region. */
  width: number;
  /** Height of a new session's region. */
  height: number;
  /** `"cell"` for terminal-like front ends, `"px"` for pixel ones. */
  unit: "cell" | "px";
  /** `color_depth`: 0 no color, 1 monochrome, 4 sixteen colors, 8 256 colors, 24 true color. */
  colorDepth: number;
  /** Capability flags (`VIEWPORT_FEATURES`, ENV `features`). */
  features: readonly string[];
  /** CANVAS modes the front end draws; others are answered with `unsupported`. */
  canvasModes: readonly string[];
  /** Device pixels per unit. Default 1. */
  pixelDensity?: number;
  /** True when the display is on another machine than the viewer. */
  remote?: boolean;
  /**
   * Sounds the front end plays: AUDIO `play` builtins and `stream` formats.
   * Absent: none (every AUDIO is answered with ERROR `unsupported`).
   */
  audio?: { readonly builtins: readonly string[]; readonly formats: readonly string[] };
}

/** What a front end learned about the display (a browser tab's facts), merged into ENV. */
export type DisplayFacts = Partial<
  Pick<
    EnvMessage,
    | "pixel_density"
    | "color_depth"
    | "gpu"
    | "gpu_api"
    | "video_decode"
    | "audio_decode"
    | "theme"
    | "remote"
    | "latency_ms"
  >
>;

/** How {@linkcode envMessage} builds one session's ENV. */
export interface EnvOptions {
  session?: string;
  /** The session's region (default: the display's size). */
  width?: number;
  height?: number;
  /** Facts the front end measured (they win over the display's defaults). */
  facts?: DisplayFacts;
  /** The app's link crosses a network (tcp, tls, ws, wss, vsock). */
  remote?: boolean;
  /** The app link's measured round trip, in ms (added to the front end's). */
  latencyMs?: number;
}

/**
 * The display of a headless viewer: 80 x 24 cells (decisions.md), no color.
 * It keeps canvas drawings (vector2d) in the model, so it reports `canvas`.
 *
 * @example
 * ```ts
 * import { HEADLESS_DISPLAY } from "./display.ts";
 * if (HEADLESS_DISPLAY.width !== 80) throw new Error("headless is 80 cells wide");
 * ```
 */
export const HEADLESS_DISPLAY: Readonly<DisplayInfo> = Object.freeze({
  width: 80,
  height: 24,
  unit: "cell",
  colorDepth: 0,
  features: Object.freeze(["canvas"]),
  // Streams are kept (their poster and alt text); WebGPU needs a browser.
  canvasModes: Object.freeze(["vector2d", "stream"]),
});

/**
 * The ENV message for a session whose region is `width` x `height`.
 *
 * @example
 * ```ts
 * import { envMessage, HEADLESS_DISPLAY } from "./display.ts";
 * const env = envMessage(HEADLESS_DISPLAY, { session: "sess-1" });
 * if (env.display_width !== 80 || env.session !== "sess-1") throw new Error("bad ENV");
 * ```
 */
export function envMessage(display: DisplayInfo, options: EnvOptions = {}): EnvMessage {
  const f = options.facts ?? {};
  const gpu = f.gpu ?? false;
  const video = f.video_decode ?? [];
  const features = [...display.features];
  const add = (name: string, on: boolean) => {
    if (on && !features.includes(name)) features.push(name);
  };
  add("audio", display.audio !== undefined && display.audio.builtins.length > 0);
  add("gpu", gpu);
  add("video", video.length > 0);
  const env: EnvMessage = {
    type: "ENV",
    viewport_version: PROTOCOL_VERSION,
    display_width: options.width ?? display.width,
    display_height: options.height ?? display.height,
    display_unit: display.unit,
    pixel_density: f.pixel_density ?? display.pixelDensity ?? 1,
    gpu,
    color_depth: f.color_depth ?? display.colorDepth,
    video_decode: [...video],
    remote: (options.remote ?? false) || (f.remote ?? false) || (display.remote ?? false),
    // A tenth of a millisecond: a local link measures well below one.
    latency_ms: Math.round(((options.latencyMs ?? 0) + (f.latency_ms ?? 0)) * 10) / 10,
    features,
  };
  if (gpu) env.gpu_api = f.gpu_api ?? "webgpu";
  if (f.audio_decode !== undefined) env.audio_decode = [...f.audio_decode];
  if (f.theme !== undefined) env.theme = f.theme;
  if (options.session !== undefined) env.session = options.session;
  return env;
}
