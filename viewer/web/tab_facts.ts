/**
 * What browser tabs tell the viewer about their displays (the `env` control
 * message: device pixel ratio, color depth, WebGPU, the codecs WebCodecs
 * accepts, color scheme, measured latency), checked, and combined for a
 * session that several tabs show. The rule: whatever the app chooses must
 * work in every tab, so capabilities are those all tabs share (`gpu` only if
 * every tab has it, decoders in every tab), density is the highest (the
 * sharpest tab decides how fine to draw), color depth and latency the
 * worst, theme the last reported. With no tab left the session keeps the
 * last facts: an app does not drop to its fallback because a tab reloads.
 *
 * @module
 */
import type { DisplayFacts } from "../shared/display.ts";

/** Codec names a tab may report (ENV `video_decode`, `audio_decode`). */
export const VIDEO_CODECS = ["h264", "vp8", "vp9", "av1", "hevc"] as const;
export const AUDIO_CODECS = ["opus", "aac", "flac", "mp3", "vorbis"] as const;

function list<T extends string>(v: unknown, allowed: readonly T[], name: string): T[] | string {
  if (!Array.isArray(v) || v.length > allowed.length || !v.every((x) => allowed.includes(x))) {
    return `${name}: expected a list of ${allowed.join(", ")}`;
  }
  return [...new Set(v as T[])];
}

/**
 * Checks a tab's `env` control message; returns the facts or a problem.
 *
 * @example
 * ```ts
 * import { parseTabFacts } from "./tab_facts.ts";
 * const f = parseTabFacts({ type: "env", pixel_density: 2, gpu: true, video_decode: ["h264"] });
 * if (typeof f === "string" || f.pixel_density !== 2) throw new Error(String(f));
 * if (typeof parseTabFacts({ type: "env", pixel_density: -1 }) !== "string") throw new Error();
 * ```
 */
export function parseTabFacts(m: Record<string, unknown>): DisplayFacts | string {
  const f: DisplayFacts = {};
  const num = (k: string, lo: number, hi: number) => {
    const v = m[k];
    if (v === undefined) return null;
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
      return `${k}: expected a number ${lo}-${hi}`;
    }
    return v;
  };
  const pd = num("pixel_density", 0.25, 16);
  if (typeof pd === "number") f.pixel_density = pd;
  const cd = num("color_depth", 1, 48);
  if (typeof cd === "number") f.color_depth = Math.round(cd);
  const lat = num("latency_ms", 0, 60_000);
  if (typeof lat === "number") f.latency_ms = lat;
  for (const p of [pd, cd, lat]) if (typeof p === "string") return p;
  if (m.gpu !== undefined) {
    if (typeof m.gpu !== "boolean") return "gpu: expected true or false";
    f.gpu = m.gpu;
    if (m.gpu) f.gpu_api = "webgpu";
  }
  if (m.video_decode !== undefined) {
    const v = list(m.video_decode, VIDEO_CODECS, "video_decode");
    if (typeof v === "string") return v;
    f.video_decode = v;
  }
  if (m.audio_decode !== undefined) {
    const v = list(m.audio_decode, AUDIO_CODECS, "audio_decode");
    if (typeof v === "string") return v;
    f.audio_decode = v;
  }
  if (m.theme !== undefined) {
    if (m.theme !== "light" && m.theme !== "dark") return 'theme: expected "light" or "dark"';
    f.theme = m.theme;
  }
  return f;
}

/**
 * One session's facts from the facts of the tabs showing it (see the module
 * documentation for the rule). `remote` marks tabs on another machine.
 *
 * @example
 * ```ts
 * import { combineFacts } from "./tab_facts.ts";
 * const f = combineFacts([
 *   { facts: { pixel_density: 1, gpu: true, gpu_api: "webgpu", video_decode: ["h264", "vp9"] }, remote: false },
 *   { facts: { pixel_density: 2, gpu: false, video_decode: ["vp9"] }, remote: true },
 * ]);
 * if (f.pixel_density !== 2 || f.gpu !== false || f.video_decode?.join() !== "vp9" || !f.remote) {
 *   throw new Error(JSON.stringify(f));
 * }
 * ```
 */
export function combineFacts(
  tabs: readonly { facts: DisplayFacts; remote: boolean }[],
): DisplayFacts {
  const out: DisplayFacts = {};
  const all = tabs.map((t) => t.facts);
  const max = (k: "pixel_density" | "latency_ms") => {
    const v = all.map((f) => f[k]).filter((x): x is number => x !== undefined);
    if (v.length > 0) out[k] = Math.max(...v);
  };
  max("pixel_density");
  max("latency_ms");
  const depths = all.map((f) => f.color_depth).filter((x): x is number => x !== undefined);
  if (depths.length > 0) out.color_depth = Math.min(...depths);
  if (all.some((f) => f.gpu !== undefined)) {
    out.gpu = all.every((f) => f.gpu === true);
    if (out.gpu) out.gpu_api = "webgpu";
  }
  for (const k of ["video_decode", "audio_decode"] as const) {
    const lists = all.map((f) => f[k]).filter((x): x is string[] => x !== undefined);
    if (lists.length > 0) out[k] = lists[0].filter((c) => lists.every((l) => l.includes(c)));
  }
  for (const f of all) if (f.theme !== undefined) out.theme = f.theme;
  if (tabs.some((t) => t.remote)) out.remote = true;
  return out;
}
