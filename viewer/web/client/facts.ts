/// <reference lib="dom" />
/**
 * What this tab can tell the viewer about its display, for the app's ENV:
 * device pixel ratio, color depth, color scheme, whether WebGPU has an
 * adapter, which video and audio codecs WebCodecs accepts, and the measured
 * round trip to the viewer. Sent as an `env` control message once known and
 * again when the pixel ratio (zoom, another screen) or the color scheme
 * changes.
 *
 * @module
 */

/** The facts a tab reports (the `env` control message without its type). */
export interface TabFacts {
  pixel_density: number;
  color_depth: number;
  theme: "light" | "dark";
  gpu: boolean;
  video_decode: string[];
  audio_decode: string[];
  latency_ms?: number;
}

/** Candidate codecs: ENV name and a WebCodecs codec string to ask about. */
const VIDEO: [string, string][] = [
  ["h264", "avc1.42E01E"],
  ["vp8", "vp8"],
  ["vp9", "vp09.00.10.08"],
  ["av1", "av01.0.04M.08"],
  ["hevc", "hvc1.1.6.L93.B0"],
];
const AUDIO: [string, AudioDecoderConfig][] = [
  ["opus", { codec: "opus", sampleRate: 48000, numberOfChannels: 2 }],
  ["flac", { codec: "flac", sampleRate: 48000, numberOfChannels: 2 }],
  ["mp3", { codec: "mp3", sampleRate: 48000, numberOfChannels: 2 }],
];

async function videoCodecs(): Promise<string[]> {
  if (typeof VideoDecoder === "undefined") return [];
  const out: string[] = [];
  for (const [name, codec] of VIDEO) {
    const r = await VideoDecoder.isConfigSupported({ codec, codedWidth: 640, codedHeight: 480 })
      .catch(() => ({ supported: false }));
    if (r.supported) out.push(name);
  }
  return out;
}

async function audioCodecs(): Promise<string[]> {
  if (typeof AudioDecoder === "undefined") return [];
  const out: string[] = [];
  for (const [name, cfg] of AUDIO) {
    const r = await AudioDecoder.isConfigSupported(cfg).catch(() => ({ supported: false }));
    if (r.supported) out.push(name);
  }
  return out;
}

async function hasGpu(): Promise<boolean> {
  if (!("gpu" in navigator) || !navigator.gpu) return false;
  const adapter = await navigator.gpu.requestAdapter().catch(() => null);
  return adapter !== null;
}

/**
 * Gathers the tab's facts and reports them through `send`, and again on
 * changes. `latency` gives the last measured round trip, if any.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a browser page (the DOM).
 * import { watchFacts } from "./facts.ts";
 * const stop = watchFacts((facts) => socket.send(JSON.stringify({ type: "env", ...facts })), () => 3);
 * ```
 */
export function watchFacts(send: (facts: TabFacts) => void, latency: () => number | undefined): {
  stop(): void;
  /** Sends the facts again (after a reconnect, or a new latency). */
  resend(): void;
  /** The last facts sent, if any. */
  readonly facts: TabFacts | undefined;
} {
  let slow: Promise<[boolean, string[], string[]]> | null = null;
  let facts: TabFacts | undefined;
  const dark = matchMedia("(prefers-color-scheme: dark)");
  let dprQuery: MediaQueryList | null = null;
  let stopped = false;
  const report = async () => {
    slow ??= Promise.all([hasGpu(), videoCodecs(), audioCodecs()]);
    const [gpu, video, audio] = await slow;
    if (stopped) return;
    facts = {
      pixel_density: globalThis.devicePixelRatio || 1,
      color_depth: screen.colorDepth || 24,
      // `viewport --theme` fixes the page's scheme (page.ts); else the OS's.
      theme: forcedTheme() ?? (dark.matches ? "dark" : "light"),
      gpu,
      video_decode: video,
      audio_decode: audio,
    };
    const l = latency();
    if (l !== undefined) facts.latency_ms = Math.round(l * 10) / 10;
    send(facts);
    watchDensity();
  };
  // A change of device pixel ratio (zoom, another screen) fires the query for the old ratio.
  const onDensity = () => void report();
  const watchDensity = () => {
    dprQuery?.removeEventListener("change", onDensity);
    dprQuery = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    dprQuery.addEventListener("change", onDensity);
  };
  const onTheme = () => void report();
  dark.addEventListener("change", onTheme);
  // Some ratio changes (a window moved to another screen, an emulated device)
  // come with a resize only, or with nothing at all: look once a second too.
  const onResize = () => {
    if (facts && facts.pixel_density !== (globalThis.devicePixelRatio || 1)) void report();
  };
  addEventListener("resize", onResize);
  const poll = setInterval(onResize, 1000);
  void report();
  return {
    stop() {
      stopped = true;
      dark.removeEventListener("change", onTheme);
      removeEventListener("resize", onResize);
      clearInterval(poll);
      dprQuery?.removeEventListener("change", onDensity);
    },
    resend: () => void report(),
    get facts() {
      return facts;
    },
  };
}

/** The scheme `viewport --theme` fixed for the page, if any (`data-vp-theme` on the root). */
export function forcedTheme(): "dark" | "light" | undefined {
  const t = document.documentElement.dataset.vpTheme;
  return t === "dark" || t === "light" ? t : undefined;
}
