/**
 * `VIEWPORT` URIs (transport-spec section 3): parse one into a typed value per
 * scheme, render it back, and render it safely for logs. Errors name the bad part
 * and what is accepted, and never echo a secret: every echo of the input goes
 * through the same masking as {@linkcode sanitizeViewportUri}.
 *
 * @module
 */
import { ViewportError } from "../protocol/errors.ts";

/**
 * Every scheme `VIEWPORT` accepts, in the spec's order. `pipe` is the spec's alias
 * for `fd`; it is kept as written so that logs show what the user typed.
 *
 * @example
 * ```ts
 * import { SCHEMES } from "./uri.ts";
 * console.assert(SCHEMES.includes("unix-abstract") && SCHEMES.length === 16);
 * ```
 */
export const SCHEMES = [
  "text",
  "ansi",
  "headless",
  "unix",
  "unix-abstract",
  "fd",
  "pipe",
  "windows",
  "stdio",
  "tcp",
  "tls",
  "ws",
  "wss",
  "vsock",
  "launchd",
  "systemd",
] as const;

/** A scheme name from {@linkcode SCHEMES}. */
export type TransportScheme = typeof SCHEMES[number];

/** `VMADDR_CID_ANY`, the CID that `vsock://-1:PORT` stands for. */
export const VMADDR_CID_ANY = 0xffff_ffff;

/** `text:`: plain text lines on stdout. */
export interface TextUri {
  scheme: "text";
}
/** `ansi:`: the embedded terminal renderer. */
export interface AnsiUri {
  scheme: "ansi";
  /** Use the alternate screen buffer (`alt`, default true). */
  alt: boolean;
  /** Target frame rate (`fps`, 1..1000, default 30). */
  fps: number;
}
/** `headless:`: no output at all. */
export interface HeadlessUri {
  scheme: "headless";
}
/** `stdio:`: frames on stdout between ordinary terminal text. */
export interface StdioUri {
  scheme: "stdio";
  /** Frames carry the magic bytes so a reader can tell them from text (default true). */
  magic: boolean;
}
/** `unix://`: a Unix domain socket file. */
export interface UnixUri {
  scheme: "unix";
  /** Absolute, percent-decoded socket path. */
  path: string;
}
/** `unix-abstract://`: a Linux abstract socket (the SDK adds the leading NUL). */
export interface UnixAbstractUri {
  scheme: "unix-abstract";
  name: string;
}
/** `fd://` or its alias `pipe://`: an inherited file descriptor. */
export interface FdUri {
  scheme: "fd" | "pipe";
  fd: number;
  /** The fd is one end of a socketpair (`duplex`, default false). */
  duplex: boolean;
}
/** `windows://`: a Windows named pipe. */
export interface WindowsUri {
  scheme: "windows";
  name: string;
  /** `\\.\pipe\NAME`, derived from `name`. */
  path: string;
}
/** TLS query parameters shared by `tls://` and `wss://`. */
export interface TlsParams {
  /** CA certificate file for verification. */
  ca?: string;
  /** Client certificate file (mutual TLS); always paired with `key`. */
  cert?: string;
  /** Client private key file; always paired with `cert`. */
  key?: string;
  /** Skip certificate verification (default false). */
  insecure: boolean;
}
/** `tcp://HOST:PORT`. */
export interface TcpUri {
  scheme: "tcp";
  /** Host name, IPv4 address, or IPv6 address without brackets. */
  host: string;
  port: number;
  /** Bearer token; a secret. */
  token?: string;
}
/** `tls://HOST:PORT`. */
export interface TlsUri extends TlsParams {
  scheme: "tls";
  host: string;
  port: number;
  token?: string;
}
/** `ws://HOST[:PORT][/PATH]` (port defaults to 80). */
export interface WsUri {
  scheme: "ws";
  host: string;
  port: number;
  /** Request path as written (still percent-encoded), starting with `/`. */
  path: string;
  token?: string;
}
/** `wss://HOST[:PORT][/PATH]` (port defaults to 443). */
export interface WssUri extends TlsParams {
  scheme: "wss";
  host: string;
  port: number;
  path: string;
  token?: string;
}
/** `vsock://CID:PORT`. */
export interface VsockUri {
  scheme: "vsock";
  /** Context id; `-1` in the URI is {@linkcode VMADDR_CID_ANY}. */
  cid: number;
  port: number;
}
/** `launchd://LABEL`. */
export interface LaunchdUri {
  scheme: "launchd";
  label: string;
}
/** `systemd://UNIT`, e.g. `viewport.socket`. */
export interface SystemdUri {
  scheme: "systemd";
  name: string;
}

/** A parsed `VIEWPORT` value; `scheme` tells the variants apart. */
export type ViewportUri =
  | TextUri
  | AnsiUri
  | HeadlessUri
  | StdioUri
  | UnixUri
  | UnixAbstractUri
  | FdUri
  | WindowsUri
  | TcpUri
  | TlsUri
  | WsUri
  | WssUri
  | VsockUri
  | LaunchdUri
  | SystemdUri;

const USAGE: Record<TransportScheme, string> = {
  text: "text:",
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
};

const TLS_PARAMS = ["ca", "cert", "key", "insecure"];
const PARAMS: Record<TransportScheme, readonly string[]> = {
  text: [],
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
};

// Only these values may be shown; any other parameter (token, or a misspelling of
// it) is masked, because a typo must not turn a secret into log text.
const SHOWN_PARAMS = new Set(["alt", "fps", "duplex", "magic", "insecure", "ca", "cert", "key"]);
const HOST_SCHEMES = new Set(["tcp", "tls", "ws", "wss"]);
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,32}$/;
const DEFAULT_FPS = 30;
const MAX_FD = 0x7fff_ffff;
const MASK = "***";

interface Ctx {
  text: string;
  scheme: TransportScheme;
}

function bad(message: string, offset?: number): ViewportError {
  return new ViewportError("bad_uri", message, offset === undefined ? {} : { offset });
}

function fail(ctx: Ctx, problem: string, hint?: string): never {
  throw bad(`${problem} in ${quote(redact(ctx.text))}${hint === undefined ? "" : ` (${hint})`}`);
}

function quote(s: string): string {
  const shown = s.length > 120 ? `${s.slice(0, 117)}...` : s;
  let out = "";
  for (const ch of shown) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, "0")}` : ch;
  }
  return `'${out}'`;
}

/** Masks what may be secret in text that did not parse. */
function redact(text: string): string {
  let s = text;
  let fragment = "";
  const hash = s.indexOf("#");
  if (hash >= 0) [s, fragment] = [s.slice(0, hash), `#${MASK}`];
  const q = s.indexOf("?");
  let head = q < 0 ? s : s.slice(0, q);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(.*)$/s.exec(head);
  const scheme = m?.[1].toLowerCase() ?? "";
  // Known non-host schemes may legitimately contain '@' in a path or name.
  const hostLike = HOST_SCHEMES.has(scheme) || !(SCHEMES as readonly string[]).includes(scheme);
  if (m && hostLike && m[2].includes("@")) {
    head = `${m[1]}://${MASK}@${m[2].slice(m[2].lastIndexOf("@") + 1)}${m[3]}`;
  }
  if (q < 0) return head + fragment;
  const query = s.slice(q + 1).split("&").map((seg) => {
    const eq = seg.indexOf("=");
    const name = eq < 0 ? seg : seg.slice(0, eq);
    if (seg === "" || SHOWN_PARAMS.has(name)) return seg;
    return eq >= 0 && SAFE_NAME.test(name) ? `${name}=${MASK}` : MASK;
  });
  return `${head}?${query.join("&")}${fragment}`;
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

function ipv4Octets(s: string): number[] | undefined {
  if (!/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(s)) return undefined;
  const octets = s.split(".").map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address (no brackets, no zone), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  let s = text;
  const tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (lastColon < 0) return undefined;
  if (s.includes(".", lastColon)) {
    const v4 = ipv4Octets(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const [head, rest] = halves.map((h) => (h === "" ? [] : h.split(":")));
  if (![...head, ...(rest ?? [])].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const hex = (gs: string[]) => gs.map((g) => parseInt(g, 16));
  const used = head.length + (rest?.length ?? 0) + tail.length;
  if (rest === undefined) return used === 8 ? [...hex(head), ...tail] : undefined;
  if (used > 7) return undefined;
  return [...hex(head), ...new Array(8 - used).fill(0), ...hex(rest), ...tail];
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
  if (port === undefined || port === 0) {
    fail(ctx, `bad port ${quote(portText)}`, "expected an integer 1..65535");
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
 * import { parseViewportUri } from "./uri.ts";
 * const uri = parseViewportUri("tcp://[::1]:9400?token=s3cret");
 * console.assert(uri.scheme === "tcp" && uri.host === "::1" && uri.port === 9400);
 * try {
 *   parseViewportUri("tcp://localhost");
 * } catch (e) {
 *   console.assert(String(e).includes("missing port in 'tcp://localhost'"));
 * }
 * ```
 */
export function parseViewportUri(text: string): ViewportUri {
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
  const ctx: Ctx = { text, scheme: schemeText as TransportScheme };
  const rest = text.slice(colon + 1);
  if (rest.includes("#")) fail(ctx, "a fragment ('#...') is not accepted");
  const q = rest.indexOf("?");
  const body = q < 0 ? rest : rest.slice(0, q);
  const params = parseQuery(ctx, q < 0 ? "" : rest.slice(q + 1));
  return parseBody(ctx, body, params);
}

function parseBody(ctx: Ctx, body: string, params: Map<string, string>): ViewportUri {
  const scheme = ctx.scheme;
  switch (scheme) {
    case "text":
    case "headless":
      noBody(ctx, body);
      return { scheme };
    case "ansi": {
      noBody(ctx, body);
      const fpsText = params.get("fps");
      const fps = fpsText === undefined ? DEFAULT_FPS : intText(fpsText, 1000);
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
    case "headless":
      return `${uri.scheme}:`;
    case "ansi":
      return "ansi:" + query([
        ["alt", uri.alt ? undefined : "false"],
        ["fps", uri.fps === DEFAULT_FPS ? undefined : String(uri.fps)],
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
 * import { formatViewportUri, parseViewportUri } from "./uri.ts";
 * const text = formatViewportUri({ scheme: "unix", path: "/tmp/my sock" });
 * console.assert(text === "unix:///tmp/my%20sock");
 * console.assert(formatViewportUri(parseViewportUri("ANSI:?alt=1&fps=30")) === "ansi:");
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
 * import { sanitizeViewportUri } from "./uri.ts";
 * const safe = sanitizeViewportUri("wss://ide.example.com/viewport?token=abc123");
 * console.assert(safe === "wss://ide.example.com/viewport?token=***");
 * console.assert(sanitizeViewportUri("tcp://u:pw@h:1?tokn=abc") === "tcp://***@h:1?tokn=***");
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

/**
 * True for a host that is loopback on every system: `localhost`, 127.0.0.0/8, `::1`
 * (any spelling, with or without brackets) and `::ffff:127.x.x.x`. Other names that
 * may resolve to loopback (`*.localhost`) count as remote, the safe answer when this
 * decides whether a listener needs a token.
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from "./uri.ts";
 * console.assert(isLoopbackHost("127.0.0.2") && isLoopbackHost("[::1]"));
 * console.assert(!isLoopbackHost("192.168.1.50") && !isLoopbackHost("localhost.example.com"));
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  let h = host.toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h === "localhost" || h === "localhost.") return true;
  const v4 = ipv4Octets(h);
  if (v4) return v4[0] === 127;
  const pct = h.indexOf("%");
  const g = ipv6Groups(pct < 0 ? h : h.slice(0, pct));
  if (!g) return false;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  return (zeros(7) && g[7] === 1) || (zeros(5) && g[5] === 0xffff && g[6] >> 8 === 127);
}
