/**
 * Resolves the app's output mode from `VIEWPORT` and its companion variables
 * (transport-spec sections 2, 4 and 5). Pure: the environment and whether stdout is
 * a terminal are passed in.
 *
 * @module
 */
import { PROTOCOL_VERSION } from "../protocol/constants.ts";
import {
  isFeatureName,
  isSessionId,
  parseViewportUri,
  sanitizeViewportUri,
  type TransportScheme,
  type ViewportUri,
} from "../transport/mod.ts";

/** What the app knows about its viewer connection; holds no secrets. */
export interface TransportInfo {
  scheme: TransportScheme;
  /** The URI with the token masked, safe to log or show. */
  uri: string;
  /** `VIEWPORT_FEATURES`: trimmed, lower-cased, deduplicated, in the given order. */
  features: string[];
  /**
   * `VIEWPORT_VERSION` as the viewer announced it (default 1). Frames are written at
   * `min(version, PROTOCOL_VERSION)`.
   */
  version: number;
}

/** How the app draws its UI (transport-spec section 5). */
export type OutputMode =
  | { type: "text"; format?: "tsv" | "jsonl" }
  | { type: "ansi"; altScreen: boolean; fps: number }
  | { type: "viewer"; transport: TransportInfo }
  | { type: "headless" };

/** Environment access: a plain record or a lookup function (e.g. `Deno.env.get`). */
export type EnvSource =
  | Readonly<Record<string, string | undefined>>
  | ((name: string) => string | undefined);

/** Everything the SDK needs to start: the public mode plus what connecting needs. */
export interface ResolvedConnection {
  /** The mode to expose as `conn.outputMode`. */
  mode: OutputMode;
  /**
   * The parsed `VIEWPORT`, secrets included, for the code that connects; absent when
   * the mode was auto-detected. Never log it; log `mode.transport.uri` instead.
   */
  uri?: ViewportUri;
  /** `VIEWPORT_SESSION`, to send in REGION `attach`. */
  session?: string;
  /** `VIEWPORT_TEXT`, the live text projection file. */
  textPath?: string;
  /** Non-fatal problems, each one line, to print once to stderr. Never hold secrets. */
  warnings: string[];
}

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}

function readVersion(raw: string | undefined, warnings: string[]): number {
  if (raw === undefined || raw.trim() === "") return PROTOCOL_VERSION;
  const text = raw.trim();
  if (/^[1-9][0-9]{0,8}$/.test(text)) return Number(text);
  warnings.push(
    `ignoring VIEWPORT_VERSION=${shown(raw)} (expected a positive integer); ` +
      `assuming ${PROTOCOL_VERSION}`,
  );
  return PROTOCOL_VERSION;
}

function readFeatures(raw: string | undefined, warnings: string[]): string[] {
  const out: string[] = [];
  for (const entry of (raw ?? "").split(",")) {
    const name = entry.trim().toLowerCase();
    if (name === "" || out.includes(name)) continue;
    if (isFeatureName(name)) out.push(name);
    else {
      warnings.push(
        `ignoring VIEWPORT_FEATURES entry ${shown(entry.trim())} ` +
          "(expected comma-separated names like gpu,audio,canvas)",
      );
    }
  }
  return out;
}

function modeFor(
  uri: ViewportUri,
  get: (name: string) => string | undefined,
  warnings: string[],
): OutputMode {
  switch (uri.scheme) {
    case "text":
      return uri.format ? { type: "text", format: uri.format } : { type: "text" };
    case "headless":
      return { type: "headless" };
    case "ansi":
      return { type: "ansi", altScreen: uri.alt, fps: uri.fps };
    default:
      // Version and features only matter to a viewer; other modes ignore them so
      // that a stale value in the environment does not produce noise.
      return {
        type: "viewer",
        transport: {
          scheme: uri.scheme,
          uri: sanitizeViewportUri(uri),
          features: readFeatures(get("VIEWPORT_FEATURES"), warnings),
          version: readVersion(get("VIEWPORT_VERSION"), warnings),
        },
      };
  }
}

/**
 * Resolves `VIEWPORT` and the supplementary variables into the output mode plus the
 * parsed URI for the connecting code. Throws `ViewportError` `bad_uri` for a
 * malformed `VIEWPORT`; anything else that is wrong becomes a warning.
 *
 * - Unset, empty or only whitespace: auto-detect. A terminal gets
 *   `{type: "ansi", altScreen: true, fps: 30}`, anything else `{type: "text"}`.
 *   Empty counts as unset so that `VIEWPORT= my-app` clears an inherited value.
 * - `1` (the protocol draft's Tier 1 example): `stdio:` on a terminal, `text:`
 *   otherwise, with a warning to use the explicit form.
 * - `text:`, `ansi:`, `headless:`: that mode; `ansi:` is honoured off a terminal too.
 * - Every other scheme: `viewer` mode.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveConnection } from "./output_mode.ts";
 * const env = { VIEWPORT: "wss://ide.example.com/viewport?token=abc123", VIEWPORT_FEATURES: "GPU, audio" };
 * const { mode, uri, warnings } = resolveConnection(env, false);
 * assert.ok(mode.type === "viewer" && mode.transport.uri.endsWith("token=***"));
 * assert.ok(mode.type === "viewer" && mode.transport.features.join() === "gpu,audio");
 * assert.ok(uri?.scheme === "wss" && uri.token === "abc123" && warnings.length === 0);
 * ```
 */
export function resolveConnection(env: EnvSource, isTerminal: boolean): ResolvedConnection {
  const get = typeof env === "function" ? env : (name: string) => env[name];
  const warnings: string[] = [];
  if ((get("VIEWPORT_SOCKET") ?? "") !== "") {
    warnings.push("VIEWPORT_SOCKET is obsolete and ignored; set VIEWPORT=unix:///PATH instead");
  }
  const raw = get("VIEWPORT") ?? "";
  let uri: ViewportUri | undefined;
  if (raw === "1") {
    warnings.push("VIEWPORT=1 is the draft's legacy form; set VIEWPORT=stdio: or VIEWPORT=text:");
    uri = isTerminal ? { scheme: "stdio", magic: true } : { scheme: "text" };
  } else if (raw.trim() !== "") {
    uri = parseViewportUri(raw);
  } else if (raw !== "") {
    warnings.push("VIEWPORT holds only whitespace; treated as unset");
  }
  const mode: OutputMode = uri !== undefined
    ? modeFor(uri, get, warnings)
    : isTerminal
    ? { type: "ansi", altScreen: true, fps: 30 }
    : { type: "text" };
  const out: ResolvedConnection = { mode, warnings };
  if (uri !== undefined) out.uri = uri;
  const session = get("VIEWPORT_SESSION") ?? "";
  if (isSessionId(session)) out.session = session;
  else if (session !== "") {
    warnings.push("ignoring VIEWPORT_SESSION: expected 1 to 128 visible ASCII characters");
  }
  const textPath = get("VIEWPORT_TEXT") ?? "";
  if (textPath !== "") out.textPath = textPath;
  return out;
}

/**
 * Just the output mode of {@linkcode resolveConnection}, for code that neither
 * connects nor reports warnings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveOutputMode } from "./output_mode.ts";
 * assert.ok(resolveOutputMode({}, false).type === "text");
 * assert.ok(resolveOutputMode({}, true).type === "ansi");
 * assert.ok(resolveOutputMode({ VIEWPORT: "headless:" }, true).type === "headless");
 * ```
 */
export function resolveOutputMode(env: EnvSource, isTerminal: boolean): OutputMode {
  return resolveConnection(env, isTerminal).mode;
}

const HEX = "0123456789abcdef";

/**
 * A new session id, `sess-` and six lower-case hex digits (e.g. `sess-a3f2c9`). The
 * id names a session within one viewer and is not a secret; the viewer still checks
 * it against its live sessions. `random` (values in [0, 1)) makes it reproducible in
 * tests; without it the digits come from `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newSessionId } from "./output_mode.ts";
 * assert.ok(/^sess-[0-9a-f]{6}$/.test(newSessionId()));
 * assert.ok(newSessionId(() => 0.5) === "sess-888888");
 * ```
 */
export function newSessionId(random?: () => number): string {
  let digits = "";
  if (random === undefined) {
    for (const byte of crypto.getRandomValues(new Uint8Array(3))) {
      digits += HEX[byte >> 4] + HEX[byte & 15];
    }
  } else {
    for (let i = 0; i < 6; i++) {
      const r = random();
      if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return [0, 1), got ${r}`);
      digits += HEX[Math.floor(r * 16)];
    }
  }
  return `sess-${digits}`;
}
