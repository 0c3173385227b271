/**
 * Parsing `VIEWPORT` text into a typed {@linkcode ViewportUri}.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { ipv4Octets, ipv6Groups } from "./_ip_address.ts";
import { quote, redact, SAFE_NAME, SHOWN_PARAMS } from "./_redact.ts";
import {
  DEFAULT_ANSI_FPS,
  DEFAULT_NATS_PORT,
  DEFAULT_NATS_PREFIX,
  type NatsUri,
  SCHEMES,
  TEXT_FORMATS,
  type TextFormat,
  type TlsParams,
  type TransportScheme,
  type ViewportUri,
  VMADDR_CID_ANY,
} from "./_types.ts";

const USAGE: Record<TransportScheme, string> = {
  text: "text:[?format=text|tsv|jsonl]",
  ansi: "ansi:",
  headless: "headless:",
  unix: "unix:///ABSOLUTE/PATH",
  "unix-abstract": "unix-abstract://NAME",
  fd: "fd://FD",
  pipe: "pipe://FD",
  windows: "windows://PIPE-NAME",
  stdio: "stdio:",
  tcp: "tcp://HOST:PORT",
  tls: "tls://HOST:PORT",
  ws: "ws://HOST[:PORT][/PATH]",
  wss: "wss://HOST[:PORT][/PATH]",
  vsock: "vsock://CID:PORT",
  launchd: "launchd://LABEL",
  systemd: "systemd://UNIT",
  nats: "nats://HOST[:PORT][/PREFIX]",
  "nats+tls": "nats+tls://HOST[:PORT][/PREFIX]",
};

const TLS_PARAMS = ["ca", "cert", "key", "insecure"];
const NATS_PARAMS = ["token", "user", "password", "creds", "nkey"];
const PARAMS: Record<TransportScheme, readonly string[]> = {
  text: ["format"],
  ansi: ["alt", "fps"],
  headless: [],
  unix: [],
  "unix-abstract": [],
  fd: ["duplex"],
  pipe: ["duplex"],
  windows: [],
  stdio: ["magic"],
  tcp: ["token"],
  tls: [...TLS_PARAMS, "token"],
  ws: ["token"],
  wss: [...TLS_PARAMS, "token"],
  vsock: [],
  launchd: [],
  systemd: [],
  nats: [...NATS_PARAMS],
  "nats+tls": [...TLS_PARAMS, ...NATS_PARAMS],
};

// Only these values may be shown; any other parameter (token, or a misspelling of
// it) is masked, because a typo must not turn a secret into log text.
const MAX_FD = 0x7fff_ffff;

interface Ctx {
  text: string;
  scheme: TransportScheme;
  anyPort?: boolean;
}

/** Options of {@linkcode parseViewportUri}. */
export interface ParseViewportUriOptions {
  /**
   * Accept port 0 ("any free port") in `tcp`, `tls`, `ws` and `wss` URIs: for
   * the listening side, which reports the port it got.
   */
  listening?: boolean;
}

function bad(message: string, offset?: number): ViewportError {
  return new ViewportError("bad_uri", message, offset === undefined ? {} : { offset });
}

function fail(ctx: Ctx, problem: string, hint?: string): never {
  throw bad(`${problem} in ${quote(redact(ctx.text))}${hint === undefined ? "" : ` (${hint})`}`);
}

function notAUri(text: string): string {
  const lower = text.toLowerCase();
  if ((SCHEMES as readonly string[]).includes(lower)) {
    return `missing ':' after the scheme in ${quote(text)} (expected ${
      USAGE[lower as TransportScheme]
    })`;
  }
  const hint = text.startsWith("/")
    ? `for a Unix socket write 'unix://${redact(text)}'`
    : "expected SCHEME:..., e.g. 'unix:///run/user/1000/viewport/sess.sock', " +
      "'tcp://localhost:9400', 'ansi:' or 'text:'";
  return `${quote(redact(text))} is not a VIEWPORT URI (${hint})`;
}

function decode(ctx: Ctx, s: string, what: string, secret = false): string {
  const badEscape = /%(?![0-9A-Fa-f]{2})/.exec(s);
  if (badEscape) {
    const shown = secret ? "" : ` ${quote(s.slice(badEscape.index, badEscape.index + 3))}`;
    fail(
      ctx,
      `${what} has bad percent-encoding${shown}`,
      "expected '%' followed by two hex digits",
    );
  }
  try {
    return decodeURIComponent(s);
  } catch {
    return fail(ctx, `${what} has percent-encoded bytes that are not UTF-8`);
  }
}

function parseQuery(ctx: Ctx, query: string): Map<string, string> {
  const accepted = PARAMS[ctx.scheme];
  const acceptedHint = accepted.length === 0
    ? `${ctx.scheme}: takes no query parameters`
    : `accepted for ${ctx.scheme}: ${accepted.join(", ")}`;
  const out = new Map<string, string>();
  for (const seg of query.split("&")) {
    if (seg === "") continue;
    const eq = seg.indexOf("=");
    const name = eq < 0 ? seg : seg.slice(0, eq);
    if (!accepted.includes(name)) {
      const shown = eq >= 0 && SAFE_NAME.test(name) ? ` ${quote(name)}` : "";
      fail(ctx, `unknown query parameter${shown}`, acceptedHint);
    }
    if (eq < 0) fail(ctx, `query parameter '${name}' has no value`, `expected ${name}=VALUE`);
    if (out.has(name)) fail(ctx, `query parameter '${name}' is given twice`);
    out.set(
      name,
      decode(ctx, seg.slice(eq + 1), `the value of '${name}'`, !SHOWN_PARAMS.has(name)),
    );
  }
  return out;
}

function boolParam(ctx: Ctx, params: Map<string, string>, name: string, dflt: boolean): boolean {
  const v = params.get(name);
  if (v === undefined) return dflt;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  return fail(ctx, `bad value ${quote(v)} for '${name}'`, "expected true, false, 1 or 0");
}

function intText(text: string, max: number): number | undefined {
  return /^[0-9]{1,10}$/.test(text) && Number(text) <= max ? Number(text) : undefined;
}

/** A non-empty text value; secrets must be visible ASCII (they go into HTTP headers). */
function textParam(ctx: Ctx, params: Map<string, string>, name: string): string | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  if (v === "") fail(ctx, `empty value for '${name}'`);
  const secret = !SHOWN_PARAMS.has(name);
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    if (secret ? c < 0x21 || c > 0x7e : c < 0x20 || c === 0x7f) {
      fail(
        ctx,
        `the value of '${name}' contains a ${
          secret ? "character outside visible ASCII" : "control character"
        }`,
      );
    }
  }
  return v;
}

function withToken<T extends object>(ctx: Ctx, params: Map<string, string>, uri: T): T {
  const token = textParam(ctx, params, "token");
  return token === undefined ? uri : { ...uri, token };
}

function tlsParams(ctx: Ctx, params: Map<string, string>): TlsParams {
  const out: TlsParams = { insecure: boolParam(ctx, params, "insecure", false) };
  for (const name of ["ca", "cert", "key"] as const) {
    const v = textParam(ctx, params, name);
    if (v !== undefined) out[name] = v;
  }
  if ((out.cert === undefined) !== (out.key === undefined)) {
    fail(
      ctx,
      out.cert === undefined ? "'key' without 'cert'" : "'cert' without 'key'",
      "expected both: mutual TLS needs the client certificate and its private key",
    );
  }
  return out;
}

function afterSlashes(ctx: Ctx, body: string): string {
  if (!body.startsWith("//")) {
    fail(ctx, `missing '//' after '${ctx.scheme}:'`, `expected ${USAGE[ctx.scheme]}`);
  }
  return body.slice(2);
}

function name(ctx: Ctx, raw: string, what: string): string {
  if (raw === "") fail(ctx, `missing ${what}`, `expected ${USAGE[ctx.scheme]}`);
  const v = decode(ctx, raw, `the ${what}`);
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f) fail(ctx, `the ${what} contains a control character`);
  }
  return v;
}

function ipv6Literal(ctx: Ctx, inner: string): string {
  const pct = inner.indexOf("%");
  const addr = (pct < 0 ? inner : inner.slice(0, pct)).toLowerCase();
  // RFC 6874: a zone id is written `%25zone` inside the brackets.
  const zone = pct < 0 ? undefined : inner.slice(pct);
  if (zone !== undefined && !/^%25[A-Za-z0-9._~-]+$/.test(zone)) {
    fail(ctx, `bad IPv6 zone ${quote(zone)}`, "expected %25 followed by an interface name");
  }
  if (!ipv6Groups(addr)) {
    fail(ctx, `bad IPv6 address ${quote(inner)}`, "expected e.g. [::1] or [2001:db8::1]");
  }
  return zone === undefined ? addr : `${addr}%${zone.slice(3)}`;
}

function hostName(ctx: Ctx, text: string): string {
  const host = text.toLowerCase();
  if (/^[0-9.]+$/.test(host)) {
    if (!ipv4Octets(host)) {
      fail(
        ctx,
        `bad IPv4 address ${quote(text)}`,
        "expected four numbers 0..255, e.g. 192.168.1.50",
      );
    }
    return host;
  }
  const labels = host.replace(/\.$/, "").split(".");
  const label = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
  if (host.length > 254 || !labels.every((l) => label.test(l))) {
    fail(
      ctx,
      `bad host ${quote(text)}`,
      "expected a DNS name (IDN in punycode), an IPv4 address or an IPv6 address in brackets",
    );
  }
  return host;
}

function hostPort(
  ctx: Ctx,
  authority: string,
  defaultPort?: number,
): { host: string; port: number } {
  const usage = `expected ${USAGE[ctx.scheme]}`;
  if (authority.includes("@")) {
    fail(ctx, "credentials before '@' are not accepted", `${usage}; pass a secret as ?token=`);
  }
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    if (close < 0) fail(ctx, "unclosed '[' in the host", "expected an IPv6 address such as [::1]");
    host = ipv6Literal(ctx, authority.slice(1, close));
    const after = authority.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) {
      fail(ctx, `unexpected ${quote(after)} after ']'`, "expected ':PORT'");
    }
    portText = after === "" ? undefined : after.slice(1);
  } else {
    const colon = authority.indexOf(":");
    if (colon !== authority.lastIndexOf(":")) {
      fail(ctx, "an IPv6 address needs brackets", `expected e.g. ${ctx.scheme}://[::1]:9400`);
    }
    const text = colon < 0 ? authority : authority.slice(0, colon);
    if (text === "") fail(ctx, "missing host", usage);
    host = hostName(ctx, text);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
  }
  if (portText === undefined || portText === "") {
    return defaultPort === undefined
      ? fail(ctx, "missing port", usage)
      : { host, port: defaultPort };
  }
  const port = intText(portText, 65535);
  if (port === undefined || (port === 0 && !ctx.anyPort)) {
    fail(
      ctx,
      `bad port ${quote(portText)}`,
      ctx.anyPort ? "expected an integer 0..65535" : "expected an integer 1..65535",
    );
  }
  return { host, port };
}

function noBody(ctx: Ctx, body: string): void {
  if (body !== "") {
    fail(ctx, `'${ctx.scheme}:' takes no authority or path`, `expected ${USAGE[ctx.scheme]}`);
  }
}

/**
 * Parses a `VIEWPORT` value. Throws `ViewportError` with code `bad_uri` naming the bad
 * part and what is accepted; no error message contains a token.
 *
 * Accepted forms beyond the spec's: scheme names in any case, the gRPC spellings
 * `unix:/PATH`, `unix-abstract:NAME` and `vsock:CID:PORT`, and an RFC 6874 zone in an
 * IPv6 literal (`[fe80::1%25eth0]`). Percent-encoding is decoded in paths, names and
 * query values (`+` stays a plus); a `ws`/`wss` path is kept encoded because it is sent
 * as the request target.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseViewportUri } from "./_parse.ts";
 * const uri = parseViewportUri("tcp://[::1]:9400?token=s3cret");
 * assert.ok(uri.scheme === "tcp" && uri.host === "::1" && uri.port === 9400);
 * try {
 *   parseViewportUri("tcp://localhost");
 * } catch (e) {
 *   assert.ok(String(e).includes("missing port in 'tcp://localhost'"));
 * }
 * ```
 */
export function parseViewportUri(
  text: string,
  options: ParseViewportUriOptions = {},
): ViewportUri {
  if (typeof text !== "string") throw bad(`VIEWPORT must be a string, got ${typeof text}`);
  if (text === "") {
    throw bad("VIEWPORT is empty (expected a URI such as 'unix:///PATH', 'ansi:' or 'text:')");
  }
  if (text.trim() !== text) {
    throw bad(`VIEWPORT has leading or trailing whitespace: ${quote(redact(text))}`);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) {
      const offset = new TextEncoder().encode(text.slice(0, i)).length;
      throw bad(
        `VIEWPORT has ${c === 0x20 ? "a space" : "a control character"} at offset ${offset}: ` +
          `${quote(redact(text))} (expected it percent-encoded, e.g. %20)`,
        offset,
      );
    }
  }
  const colon = text.indexOf(":");
  const schemeText = text.slice(0, colon).toLowerCase();
  if (colon < 0 || !/^[a-z][a-z0-9+.-]*$/.test(schemeText)) throw bad(notAUri(text));
  if (!(SCHEMES as readonly string[]).includes(schemeText)) {
    throw bad(`unknown scheme ${quote(schemeText)} (known: ${SCHEMES.join(", ")})`);
  }
  const ctx: Ctx = {
    text,
    scheme: schemeText as TransportScheme,
    anyPort: options.listening === true,
  };
  const rest = text.slice(colon + 1);
  if (rest.includes("#")) fail(ctx, "a fragment ('#...') is not accepted");
  // 'user:password@' is refused for every scheme, before any part is echoed.
  const authority = /^[^/?]*/.exec(rest.startsWith("//") ? rest.slice(2) : rest)![0];
  const at = authority.lastIndexOf("@");
  if (at >= 0 && authority.slice(0, at).includes(":")) {
    fail(ctx, "credentials before '@' are not accepted", "pass a secret as ?token=");
  }
  const q = rest.indexOf("?");
  const body = q < 0 ? rest : rest.slice(0, q);
  const params = parseQuery(ctx, q < 0 ? "" : rest.slice(q + 1));
  return parseBody(ctx, body, params);
}

function parseBody(ctx: Ctx, body: string, params: Map<string, string>): ViewportUri {
  const scheme = ctx.scheme;
  switch (scheme) {
    case "text": {
      noBody(ctx, body);
      const format = params.get("format");
      if (format === undefined || format === "text") return { scheme };
      if (!(TEXT_FORMATS as readonly string[]).includes(format)) {
        fail(ctx, `bad value ${quote(format)} for 'format'`, `expected ${TEXT_FORMATS.join(", ")}`);
      }
      return { scheme, format: format as Exclude<TextFormat, "text"> };
    }
    case "headless":
      noBody(ctx, body);
      return { scheme };
    case "ansi": {
      noBody(ctx, body);
      const fpsText = params.get("fps");
      const fps = fpsText === undefined ? DEFAULT_ANSI_FPS : intText(fpsText, 1000);
      if (fps === undefined || fps === 0) {
        fail(ctx, `bad value ${quote(fpsText ?? "")} for 'fps'`, "expected an integer 1..1000");
      }
      return { scheme, alt: boolParam(ctx, params, "alt", true), fps };
    }
    case "stdio":
      noBody(ctx, body);
      return { scheme, magic: boolParam(ctx, params, "magic", true) };
    case "unix": {
      if (!body.startsWith("/")) fail(ctx, "missing '//' after 'unix:'", `expected ${USAGE.unix}`);
      const raw = body.startsWith("//") ? body.slice(2) : body;
      const path = name(ctx, raw, "socket path");
      if (!path.startsWith("/")) {
        fail(ctx, `socket path ${quote(path)} is not absolute`, `expected ${USAGE.unix}`);
      }
      if (path.includes("\0")) fail(ctx, "the socket path contains a NUL byte");
      return { scheme, path };
    }
    case "unix-abstract":
      return { scheme, name: name(ctx, body.startsWith("//") ? body.slice(2) : body, "name") };
    case "fd":
    case "pipe": {
      const raw = afterSlashes(ctx, body);
      if (raw === "") fail(ctx, "missing fd", `expected ${USAGE[scheme]}`);
      const fd = intText(raw, MAX_FD);
      if (fd === undefined) {
        fail(ctx, `bad fd ${quote(raw)}`, `expected a non-negative integer up to ${MAX_FD}`);
      }
      return { scheme, fd, duplex: boolParam(ctx, params, "duplex", false) };
    }
    case "windows": {
      const pipe = name(ctx, afterSlashes(ctx, body), "pipe name");
      if (pipe.includes("\\")) {
        fail(
          ctx,
          "the pipe name contains '\\'",
          "expected a bare name; the SDK adds \\\\.\\pipe\\",
        );
      }
      return { scheme, name: pipe, path: `\\\\.\\pipe\\${pipe}` };
    }
    case "tcp":
    case "tls": {
      const authority = afterSlashes(ctx, body);
      const slash = authority.indexOf("/");
      if (slash >= 0) {
        fail(ctx, `unexpected path ${quote(authority.slice(slash))}`, `expected ${USAGE[scheme]}`);
      }
      const { host, port } = hostPort(ctx, authority);
      if (scheme === "tcp") return withToken(ctx, params, { scheme, host, port });
      return withToken(ctx, params, { scheme, host, port, ...tlsParams(ctx, params) });
    }
    case "ws":
    case "wss": {
      const raw = afterSlashes(ctx, body);
      const slash = raw.indexOf("/");
      const path = slash < 0 ? "/" : raw.slice(slash);
      if (!/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/.test(path)) {
        fail(
          ctx,
          `bad path ${quote(path)}`,
          "expected URI path characters, others percent-encoded",
        );
      }
      const { host, port } = hostPort(
        ctx,
        slash < 0 ? raw : raw.slice(0, slash),
        scheme === "ws" ? 80 : 443,
      );
      if (scheme === "ws") return withToken(ctx, params, { scheme, host, port, path });
      return withToken(ctx, params, { scheme, host, port, path, ...tlsParams(ctx, params) });
    }
    case "vsock": {
      const raw = body.startsWith("//") ? body.slice(2) : body;
      const colon = raw.lastIndexOf(":");
      if (colon < 0) {
        fail(ctx, raw === "" ? "missing CID and port" : "missing port", `expected ${USAGE.vsock}`);
      }
      const cidText = raw.slice(0, colon);
      const cid = cidText === "-1" ? VMADDR_CID_ANY : intText(cidText, 0xffff_ffff);
      if (cid === undefined) {
        fail(ctx, `bad CID ${quote(cidText)}`, "expected an integer 0..4294967295, or -1 for any");
      }
      const port = intText(raw.slice(colon + 1), 0xffff_ffff);
      if (port === undefined) {
        fail(ctx, `bad port ${quote(raw.slice(colon + 1))}`, "expected an integer 0..4294967295");
      }
      return { scheme, cid, port };
    }
    case "launchd":
      return { scheme, label: name(ctx, afterSlashes(ctx, body), "label") };
    case "nats":
    case "nats+tls":
      return natsUri(ctx, scheme, body, params);
    case "systemd": {
      const unit = name(ctx, afterSlashes(ctx, body), "unit name");
      if (unit.length > 255 || !/^[A-Za-z0-9:_.@\\-]+$/.test(unit)) {
        fail(
          ctx,
          `bad unit name ${quote(unit)}`,
          "expected a systemd unit name such as viewport.socket",
        );
      }
      return { scheme, name: unit };
    }
  }
}

/** A NATS subject token: no wildcards, separators or spaces. */
const NATS_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

function natsUri(
  ctx: Ctx,
  scheme: "nats" | "nats+tls",
  body: string,
  params: Map<string, string>,
): ViewportUri {
  const raw = afterSlashes(ctx, body);
  const slash = raw.indexOf("/");
  const { host, port } = hostPort(ctx, slash < 0 ? raw : raw.slice(0, slash), DEFAULT_NATS_PORT);
  if (port === 0) fail(ctx, "bad port '0'", "a NATS server's port is 1..65535 (default 4222)");
  const path = slash < 0 ? "" : decode(ctx, raw.slice(slash + 1), "the subject prefix");
  // '/a/b' and '/a.b' both mean the prefix 'a.b'.
  const tokens = path.replace(/\/$/, "").split(/[/.]/).filter((t, i) => t !== "" || i > 0);
  if (tokens.length > 8 || !tokens.every((t) => NATS_TOKEN.test(t))) {
    fail(
      ctx,
      `bad subject prefix ${quote(path)}`,
      "expected up to 8 tokens of letters, digits, '_' or '-', separated by '/' or '.'",
    );
  }
  const prefix = tokens.length === 0 ? DEFAULT_NATS_PREFIX : tokens.join(".");
  const tls = scheme === "nats+tls" ? tlsParams(ctx, params) : { insecure: false };
  const out: NatsUri = { scheme, host, port, prefix, ...tls };
  for (const k of ["token", "user", "password", "creds", "nkey"] as const) {
    const v = textParam(ctx, params, k);
    if (v !== undefined) out[k] = v;
  }
  if ((out.user === undefined) !== (out.password === undefined)) {
    fail(ctx, out.user === undefined ? "'password' without 'user'" : "'user' without 'password'");
  }
  const ways = [out.token, out.user, out.creds, out.nkey].filter((v) => v !== undefined).length;
  if (ways > 1) {
    fail(ctx, "more than one NATS credential", "give one of token, user+password, creds, nkey");
  }
  return out;
}
