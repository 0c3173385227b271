/**
 * The typed values `parseViewportUri` produces: one interface per `VIEWPORT`
 * scheme (transport-spec section 3), plus the scheme list.
 *
 * @module
 */

/**
 * Every scheme `VIEWPORT` accepts, in the spec's order. `pipe` is the spec's alias
 * for `fd`; it is kept as written so that logs show what the user typed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SCHEMES } from "./_types.ts";
 * assert.ok(SCHEMES.includes("unix-abstract") && SCHEMES.length === 18);
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
  "nats",
  "nats+tls",
] as const;

/** A scheme name from {@linkcode SCHEMES}. */
export type TransportScheme = typeof SCHEMES[number];

/** `VMADDR_CID_ANY`, the CID that `vsock://-1:PORT` stands for. */
export const VMADDR_CID_ANY = 0xffff_ffff;

/**
 * What text mode writes: `text` (the default) is the spec's human projection
 * (formatted values, the UI's text); `tsv` and `jsonl` write only the data
 * rows, with raw typed values, for `sort`, `awk` and `jq`.
 */
export type TextFormat = "text" | "tsv" | "jsonl";

/** The accepted `format` values of `text:`. */
export const TEXT_FORMATS: readonly TextFormat[] = ["text", "tsv", "jsonl"];

/** `text:`: plain text lines on stdout. */
export interface TextUri {
  scheme: "text";
  /** `?format=`; absent means `text`. */
  format?: Exclude<TextFormat, "text">;
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

/** The NATS subject prefix when a `nats://` URI has no path. */
export const DEFAULT_NATS_PREFIX = "viewport";
/** The NATS server's port when a `nats://` URI gives none. */
export const DEFAULT_NATS_PORT = 4222;

/**
 * `nats://HOST[:PORT][/PREFIX]` and `nats+tls://...`: frames through a NATS
 * server, on subjects under `prefix` (one tenant's). TLS fields only matter
 * for `nats+tls`.
 */
export interface NatsUri extends TlsParams {
  scheme: "nats" | "nats+tls";
  host: string;
  /** Default 4222. */
  port: number;
  /** Subject prefix: NATS tokens joined by '.', e.g. `viewport.team-a`. */
  prefix: string;
  /** NATS auth token; a secret. */
  token?: string;
  /** NATS user name (with `password`). */
  user?: string;
  /** NATS password; a secret. */
  password?: string;
  /** A `.creds` file (user JWT and NKey seed). */
  creds?: string;
  /** A file holding an NKey user seed (`SU...`). */
  nkey?: string;
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
  | SystemdUri
  | NatsUri;

/** `ansi:` frame rate when `fps` is not given. */
export const DEFAULT_ANSI_FPS = 30;
