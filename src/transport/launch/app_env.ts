/**
 * The environment a viewer (or launching shell) gives an app it spawns
 * (transport-spec sections 4 and 6.1).
 *
 * @module
 */
import { PROTOCOL_VERSION } from "../../protocol/constants.ts";
import { ViewportError } from "../../protocol/errors.ts";
import { formatViewportUri, parseViewportUri, type ViewportUri } from "../uri/mod.ts";

/**
 * The variables {@linkcode buildAppEnv} sets, in order. Each is always present in its
 * result so that merging it over a parent environment replaces, rather than inherits,
 * values meant for the parent (an app launched from an app must not reuse its
 * parent's session).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VIEWPORT_ENV_NAMES } from "./app_env.ts";
 * assert.ok(VIEWPORT_ENV_NAMES[0] === "VIEWPORT");
 * ```
 */
export const VIEWPORT_ENV_NAMES = [
  "VIEWPORT",
  "VIEWPORT_VERSION",
  "VIEWPORT_FEATURES",
  "VIEWPORT_TEXT",
  "VIEWPORT_SESSION",
] as const;

/** What {@linkcode buildAppEnv} needs to know about the app's connection. */
export interface AppEnvOptions {
  /** Where the app connects (or which self-rendering mode it uses). */
  uri: ViewportUri | string;
  /** Session id for reconnection, e.g. from {@linkcode newSessionId}. */
  session?: string;
  /** Viewer capability flags. */
  features?: readonly string[];
  /** Path of the live text projection file. */
  textPath?: string;
  /** Protocol version the viewer speaks (default `PROTOCOL_VERSION`). */
  version?: number;
}

const FEATURE_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * True for a feature name as `VIEWPORT_FEATURES` carries it: lower-case letters,
 * digits, `_`, `.` and `-`, at most 64 characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isFeatureName } from "./app_env.ts";
 * assert.ok(isFeatureName("gpu") && !isFeatureName("gpu audio") && !isFeatureName("GPU"));
 * ```
 */
export function isFeatureName(name: string): boolean {
  return FEATURE_NAME.test(name);
}

/**
 * True for a session id as `VIEWPORT_SESSION` carries it: 1 to 128 visible ASCII
 * characters (no spaces), so it survives environments, logs and the wire unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSessionId } from "./app_env.ts";
 * assert.ok(isSessionId("sess-a3f2") && !isSessionId("") && !isSessionId("a b"));
 * ```
 */
export function isSessionId(id: string): boolean {
  return /^[\x21-\x7e]{1,128}$/.test(id);
}

function bad(message: string): ViewportError {
  return new ViewportError("bad_uri", message);
}

/**
 * Builds `VIEWPORT`, `VIEWPORT_VERSION`, `VIEWPORT_FEATURES`, `VIEWPORT_TEXT` and
 * `VIEWPORT_SESSION` for a spawned app. `VIEWPORT` is the canonical form of `uri`
 * (a string is parsed first, so a bad one fails here, not in the child) and keeps its
 * token: the child needs it. Features are trimmed, lower-cased and deduplicated.
 * An option that is not given yields an empty value, which the app reads as unset.
 * Throws `ViewportError` `bad_uri` for a malformed option.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildAppEnv } from "./app_env.ts";
 * const env = buildAppEnv({ uri: "unix:///tmp/v.sock", session: "sess-a3f2c9", features: ["gpu", "canvas"] });
 * assert.ok(env.VIEWPORT === "unix:///tmp/v.sock" && env.VIEWPORT_VERSION === "1");
 * assert.ok(env.VIEWPORT_FEATURES === "gpu,canvas" && env.VIEWPORT_TEXT === "");
 * ```
 */
export function buildAppEnv(options: AppEnvOptions): Record<string, string> {
  const { uri, session, features, textPath, version = PROTOCOL_VERSION } = options;
  const parsed = typeof uri === "string" ? parseViewportUri(uri) : uri;
  if (!Number.isInteger(version) || version < 1) {
    throw bad(`bad version ${String(version)} (expected a positive integer)`);
  }
  if (session !== undefined && !isSessionId(session)) {
    throw bad("bad session id (expected 1 to 128 visible ASCII characters)");
  }
  if (textPath !== undefined && (textPath === "" || textPath.includes("\0"))) {
    throw bad("bad text path (expected a non-empty path without NUL)");
  }
  const names: string[] = [];
  for (const feature of features ?? []) {
    const name = feature.trim().toLowerCase();
    if (!isFeatureName(name)) {
      throw bad(`bad feature name ${JSON.stringify(feature)} (expected e.g. gpu, audio, canvas)`);
    }
    if (!names.includes(name)) names.push(name);
  }
  return {
    VIEWPORT: formatViewportUri(parsed),
    VIEWPORT_VERSION: String(version),
    VIEWPORT_FEATURES: names.join(","),
    VIEWPORT_TEXT: textPath ?? "",
    VIEWPORT_SESSION: session ?? "",
  };
}

/**
 * The environment of an app a launcher spawns on its own link (`uri`, e.g.
 * `fd://3?duplex=true` or `stdio:`): `base` (default: this process's
 * environment) with `VIEWPORT` set on top. Other `VIEWPORT_*` variables pass
 * through unchanged (a launcher that knows them sets them with
 * {@linkcode buildAppEnv}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { launchEnv } from "./app_env.ts";
 * const env = launchEnv("stdio:", { PATH: "/bin", VIEWPORT: "tcp://old:1" });
 * assert.deepEqual(env, { PATH: "/bin", VIEWPORT: "stdio:" });
 * ```
 */
export function launchEnv(uri: string, base?: Record<string, string>): Record<string, string> {
  return { ...(base ?? Deno.env.toObject()), VIEWPORT: uri };
}
