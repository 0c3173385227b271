/**
 * Rendering a {@linkcode ViewportUri} back to text: the canonical form (with
 * secrets, for a child's environment) and the sanitized form (for logs).
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { parseViewportUri } from "./_parse.ts";
import { MASK, quote, redact } from "./_redact.ts";
import {
  DEFAULT_ANSI_FPS,
  DEFAULT_NATS_PORT,
  DEFAULT_NATS_PREFIX,
  type TlsParams,
  type ViewportUri,
  VMADDR_CID_ANY,
} from "./_types.ts";

function bad(message: string): ViewportError {
  return new ViewportError("bad_uri", message);
}

const PATH_SAFE = "/!$&'()*+,;=:@";
const QUERY_SAFE = "/!$'()*+,;:@";

function encode(s: string, safe: string): string {
  let out = "";
  for (const ch of s) {
    out += /^[A-Za-z0-9\-._~]$/.test(ch) || safe.includes(ch) ? ch : encodeURIComponent(ch);
  }
  return out;
}

type Pair = [name: string, value: string | undefined];

function query(pairs: Pair[]): string {
  const kept = pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  return kept.length === 0 ? "" : `?${kept.join("&")}`;
}

function authority(host: string, port?: number): string {
  const h = host.includes(":") ? `[${host.replace("%", "%25")}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

function render(uri: ViewportUri, mask: boolean): string {
  const secret = "token" in uri ? uri.token : undefined;
  const token: Pair = [
    "token",
    secret === undefined ? undefined : mask ? MASK : encode(secret, QUERY_SAFE),
  ];
  const tls = (p: TlsParams): Pair[] => [
    ...(["ca", "cert", "key"] as const).map((k): Pair => {
      const v = p[k];
      return [k, v === undefined ? undefined : encode(v, QUERY_SAFE)];
    }),
    ["insecure", p.insecure ? "true" : undefined],
  ];
  switch (uri.scheme) {
    case "text":
      return "text:" + query([["format", uri.format]]);
    case "headless":
      return `${uri.scheme}:`;
    case "ansi":
      return "ansi:" + query([
        ["alt", uri.alt ? undefined : "false"],
        ["fps", uri.fps === DEFAULT_ANSI_FPS ? undefined : String(uri.fps)],
      ]);
    case "stdio":
      return "stdio:" + query([["magic", uri.magic ? undefined : "false"]]);
    case "unix":
      return `unix://${encode(uri.path, PATH_SAFE)}`;
    case "unix-abstract":
      return `unix-abstract://${encode(uri.name, PATH_SAFE)}`;
    case "fd":
    case "pipe":
      return `${uri.scheme}://${uri.fd}` + query([["duplex", uri.duplex ? "true" : undefined]]);
    case "windows":
      return `windows://${encode(uri.name, PATH_SAFE)}`;
    case "tcp":
      return `tcp://${authority(uri.host, uri.port)}` + query([token]);
    case "tls":
      return `tls://${authority(uri.host, uri.port)}` + query([...tls(uri), token]);
    case "ws":
    case "wss": {
      const port = uri.port === (uri.scheme === "ws" ? 80 : 443) ? undefined : uri.port;
      const q = uri.scheme === "ws" ? [token] : [...tls(uri), token];
      return `${uri.scheme}://${authority(uri.host, port)}${uri.path}` + query(q);
    }
    case "vsock":
      return `vsock://${uri.cid === VMADDR_CID_ANY ? -1 : uri.cid}:${uri.port}`;
    case "launchd":
      return `launchd://${encode(uri.label, PATH_SAFE)}`;
    case "systemd":
      return `systemd://${encode(uri.name, PATH_SAFE)}`;
    case "nats":
    case "nats+tls": {
      const secret = (v: string | undefined): string | undefined =>
        v === undefined ? undefined : mask ? MASK : encode(v, QUERY_SAFE);
      const plain = (v: string | undefined) => v === undefined ? undefined : encode(v, QUERY_SAFE);
      const port = uri.port === DEFAULT_NATS_PORT ? undefined : uri.port;
      const path = uri.prefix === DEFAULT_NATS_PREFIX ? "" : `/${uri.prefix}`;
      return `${uri.scheme}://${authority(uri.host, port)}${path}` + query([
        ...(uri.scheme === "nats+tls" ? tls(uri) : []),
        token,
        ["user", mask && uri.user !== undefined ? MASK : plain(uri.user)],
        ["password", secret(uri.password)],
        ["creds", plain(uri.creds)],
        ["nkey", plain(uri.nkey)],
      ]);
    }
    default:
      throw bad(`unknown scheme ${quote(String((uri as { scheme: unknown }).scheme))}`);
  }
}

/**
 * Renders a parsed URI back as its canonical string: lower-case scheme, `//` forms,
 * default query values left out. `parseViewportUri(formatViewportUri(x))` deep-equals
 * `x` for any parsed `x`. The result includes the token; use
 * {@linkcode sanitizeViewportUri} for logs. Throws `bad_uri` for a value no URI can
 * express (e.g. port 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatViewportUri, parseViewportUri } from "./mod.ts";
 * const text = formatViewportUri({ scheme: "unix", path: "/tmp/my sock" });
 * assert.ok(text === "unix:///tmp/my%20sock");
 * assert.ok(formatViewportUri(parseViewportUri("ANSI:?alt=1&fps=30")) === "ansi:");
 * ```
 */
export function formatViewportUri(uri: ViewportUri): string {
  let text: string;
  try {
    text = render(uri, false);
  } catch (e) {
    // encodeURIComponent throws on a lone surrogate.
    if (e instanceof ViewportError) throw e;
    throw bad(`cannot format a ${uri.scheme} URI: a field is not well-formed text`);
  }
  parseViewportUri(text); // a value that renders to an unparseable string is invalid
  return text;
}

/**
 * A form of a URI that is safe to log: the token is shown as `***`. A string that
 * does not parse is masked best-effort: userinfo (`user:pw@`), fragments and the value
 * of every query parameter except `alt`, `fps`, `duplex`, `magic`, `insecure`, `ca`,
 * `cert` and `key` become `***`. Paths are kept: they are not secrets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sanitizeViewportUri } from "./_format.ts";
 * const safe = sanitizeViewportUri("wss://ide.example.com/viewport?token=abc123");
 * assert.ok(safe === "wss://ide.example.com/viewport?token=***");
 * assert.ok(sanitizeViewportUri("tcp://u:pw@h:1?tokn=abc") === "tcp://***@h:1?tokn=***");
 * ```
 */
export function sanitizeViewportUri(uri: ViewportUri | string): string {
  try {
    return render(typeof uri === "string" ? parseViewportUri(uri) : uri, true);
  } catch {
    // Logging must not throw; a malformed object has nothing worth showing.
    return typeof uri === "string" ? redact(uri) : `${String(uri.scheme)}:${MASK}`;
  }
}
