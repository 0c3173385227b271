/**
 * Command-line parsing for `viewport`. Pure: argv in, a command out, or a
 * {@linkcode UsageError} that names the problem.
 *
 * @module
 */
import { parseViewportUri } from "../src/transport/mod.ts";
import { resolveLimits, type ViewerLimits } from "../viewer/shared/limits.ts";

/** How a spawned app reaches the viewer. */
export type Via = "unix" | "unix-abstract" | "fd" | "tcp";
const VIAS: readonly Via[] = ["unix", "unix-abstract", "fd", "tcp"];

/** Options of the viewer itself (`viewport [options] [-- CMD ARGS...]`). */
export interface RunOptions {
  /** `--listen URI`, in order. */
  listen: string[];
  /** `--via`: the spawned app's private endpoint. */
  via: Via;
  /** `--session ID` for the spawned app (default: a fresh `sess-xxxxxx`). */
  session?: string;
  /** `--headless`, `--terminal`, `--web`; unset: terminal on a TTY, else headless. */
  frontEnd?: string;
  /** Front-end specific settings (`--web=ADDR` gives `{ address: ADDR }`). */
  settings: Record<string, string>;
  /** `--text-dir DIR`. */
  textDir?: string;
  /** `--theme`: the standard colour slots the viewer gives every app. */
  theme?: "dark" | "light";
  /** `--keep`: stay up after the spawned app ends (the default with a user: terminal, web). */
  keep: boolean;
  /** `--exit-with-app`: end when the spawned app ends (the default headless). */
  exitWithApp: boolean;
  /** `--verbose`: log connections and sessions to stderr. */
  verbose: boolean;
  /** `--allow-control`: accept control connections (`viewport mcp --viewer`) on the --listen URIs. */
  allowControl?: boolean;
  /** `--max-*` flags. */
  limits: Partial<ViewerLimits>;
  /** The command after `--` (empty: nothing to spawn). */
  command: string[];
}

/** A parsed command line. */
export type Command =
  | { kind: "help"; topic?: "decode" }
  | { kind: "version" }
  | { kind: "decode"; file: string; maxPayload?: number }
  | { kind: "run"; options: RunOptions };

/**
 * A command line that cannot be run: the CLI prints the message and exits 2.
 *
 * @example
 * ```ts
 * import { UsageError } from "./args.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new UsageError("x").name, "UsageError");
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const LIMIT_FLAGS: Readonly<Record<string, keyof ViewerLimits>> = {
  "--max-connections": "maxConnections",
  "--max-pending": "maxPending",
  "--max-sessions": "maxSessions",
  "--max-payload": "maxPayload",
  "--max-nodes": "maxNodes",
  "--max-depth": "maxDepth",
  "--max-slots": "maxSlots",
  "--max-rows": "maxRows",
  "--max-session-bytes": "maxSessionBytes",
  "--max-viewer-bytes": "maxViewerBytes",
  "--max-text-bytes": "maxTextBytes",
  "--max-send-queue": "maxSendQueue",
  "--handshake-timeout": "handshakeTimeoutMs",
  "--idle-timeout": "idleTimeoutMs",
  "--session-ttl": "sessionTtlMs",
};

/** Limits given in bytes (k, M, G allowed) and in time (ms, s, m, h). */
const SIZE_LIMITS = new Set<keyof ViewerLimits>([
  "maxPayload",
  "maxSessionBytes",
  "maxViewerBytes",
  "maxTextBytes",
  "maxSendQueue",
]);
const TIME_LIMITS = new Set<keyof ViewerLimits>([
  "handshakeTimeoutMs",
  "idleTimeoutMs",
  "sessionTtlMs",
]);

const SESSION_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Parses `viewport`'s arguments.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import assert from "node:assert/strict";
 * const cmd = parseArgs(["--headless", "--text-dir", "out", "--", "deno", "run", "app.ts"]);
 * assert.equal(cmd.kind, "run");
 * assert.equal(cmd.options.command[0], "deno");
 * assert.equal(parseArgs(["decode", "-"]).kind, "decode");
 * ```
 */
export function parseArgs(argv: readonly string[]): Command {
  if (argv[0] === "decode") return parseDecode(argv.slice(1));
  const o: RunOptions = {
    listen: [],
    via: "unix",
    settings: {},
    keep: false,
    exitWithApp: false,
    verbose: false,
    limits: {},
    command: [],
  };
  const args = [...argv];
  while (args.length > 0) {
    const raw = args.shift()!;
    if (raw === "--") {
      o.command = args.splice(0);
      if (o.command.length === 0) throw new UsageError("nothing after -- (expected a command)");
      break;
    }
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || (inline === undefined && v.startsWith("-") && v !== "-")) {
        throw new UsageError(`${flag} needs a value`);
      }
      return v;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case "-h":
      case "--help":
        return { kind: "help" };
      case "-V":
      case "--version":
        return { kind: "version" };
      case "--listen": {
        const uri = value();
        checkUri(uri, flag);
        o.listen.push(uri);
        break;
      }
      case "--via": {
        const via = value();
        if (!VIAS.includes(via as Via)) {
          throw new UsageError(`--via ${JSON.stringify(via)}: expected one of ${VIAS.join(", ")}`);
        }
        o.via = via as Via;
        break;
      }
      case "--session": {
        const id = value();
        if (!SESSION_ID.test(id)) {
          throw new UsageError(
            `--session ${JSON.stringify(id)}: expected 1-128 characters of A-Z a-z 0-9 . _ : @ -`,
          );
        }
        o.session = id;
        break;
      }
      case "--headless":
      case "--terminal":
        noValue();
        setFrontEnd(o, flag.slice(2));
        break;
      case "--web":
        setFrontEnd(o, "web");
        if (inline !== undefined) o.settings.address = inline;
        // `--web HOST:PORT` / `--web PORT`: the next word only when it looks like one.
        else if (/^(\[[0-9a-fA-F:.]+\]|[\w.-]*):\d+$|^\d+$/.test(args[0] ?? "")) {
          o.settings.address = args.shift()!;
        }
        break;
      case "--graphics": {
        // Terminal front end: how pictures are drawn (else asked of the terminal).
        const mode = value();
        if (!["kitty", "sixel", "cells", "auto"].includes(mode)) {
          throw new UsageError(
            `--graphics ${JSON.stringify(mode)}: expected kitty, sixel, cells or auto`,
          );
        }
        o.settings.graphics = mode;
        break;
      }
      case "--cert":
      case "--key":
      case "--allow-origin":
      case "--token-file":
        // Browser front-end settings (TLS files, extra WebSocket origins, the kept token).
        o.settings[flag.slice(2).replace("-", "_")] = value();
        break;
      case "--text-dir":
        o.textDir = value();
        if (o.textDir === "") throw new UsageError("--text-dir needs a directory");
        break;
      case "--theme": {
        const theme = value();
        if (theme !== "dark" && theme !== "light") {
          throw new UsageError(`--theme ${JSON.stringify(theme)}: expected dark or light`);
        }
        o.theme = theme;
        break;
      }
      case "--keep":
        noValue();
        o.keep = true;
        break;
      case "--allow-control":
        noValue();
        o.allowControl = true;
        break;
      case "--exit-with-app":
        noValue();
        o.exitWithApp = true;
        break;
      case "-v":
      case "--verbose":
        noValue();
        o.verbose = true;
        break;
      default: {
        const limit = LIMIT_FLAGS[flag];
        if (limit) {
          o.limits[limit] = TIME_LIMITS.has(limit)
            ? parseDuration(flag, value())
            : parseCount(flag, value(), SIZE_LIMITS.has(limit));
          break;
        }
        if (raw.startsWith("-")) {
          throw new UsageError(`unknown option ${JSON.stringify(flag)}`);
        }
        throw new UsageError(
          `unexpected argument ${JSON.stringify(raw)} (to run a command, put it after --)`,
        );
      }
    }
  }
  if (o.settings.token_file !== undefined && o.frontEnd !== "web") {
    throw new UsageError("--token-file keeps the browser viewer's token: it goes with --web");
  }
  if (o.keep && o.exitWithApp) {
    throw new UsageError("--keep and --exit-with-app contradict each other");
  }
  try {
    resolveLimits(o.limits);
  } catch (err) {
    // Name the flag the user typed, not the option behind it.
    const flag = Object.keys(LIMIT_FLAGS).find((f) =>
      (err as Error).message.startsWith(`${LIMIT_FLAGS[f]} `)
    );
    throw new UsageError(`${flag}: ${(err as Error).message.replace(/^\w+ /, "")}`);
  }
  if (o.allowControl && o.listen.length === 0) {
    throw new UsageError("--allow-control needs --listen URI (where tools connect)");
  }
  if (o.listen.length === 0 && o.command.length === 0) {
    throw new UsageError("nothing to do: give --listen URI and/or -- CMD ARGS...");
  }
  return { kind: "run", options: o };
}

function parseDecode(args: string[]): Command {
  let file: string | undefined;
  let maxPayload: number | undefined;
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === "-h" || a === "--help") return { kind: "help", topic: "decode" };
    if (a === "--max-payload" || a.startsWith("--max-payload=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args.shift();
      if (v === undefined) throw new UsageError("--max-payload needs a value");
      maxPayload = parseCount("--max-payload", v, true);
    } else if (a.startsWith("-") && a !== "-") {
      throw new UsageError(`decode: unknown option ${JSON.stringify(a)}`);
    } else if (file !== undefined) {
      throw new UsageError(`decode: one input at a time (got ${JSON.stringify(a)} too)`);
    } else {
      file = a;
    }
  }
  return { kind: "decode", file: file ?? "-", maxPayload };
}

function setFrontEnd(o: RunOptions, name: string): void {
  if (o.frontEnd !== undefined && o.frontEnd !== name) {
    throw new UsageError(`--${name} and --${o.frontEnd} cannot be combined (one front end)`);
  }
  o.frontEnd = name;
}

function checkUri(uri: string, flag: string): void {
  try {
    parseViewportUri(uri, { listening: true });
  } catch (err) {
    throw new UsageError(`${flag}: ${(err as Error).message}`);
  }
}

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * A non-negative integer flag value; sizes may end in k, M or G (powers of 1024).
 *
 * @example
 * ```ts
 * import { parseCount } from "./args.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseCount("--max-payload", "16M", true), 16 * 1024 * 1024);
 * ```
 */
export function parseCount(flag: string, text: string, size = false): number {
  const m = /^(\d{1,15})([kKmMgG]?)(i?B)?$/.exec(text);
  if (!m || (!size && (m[2] || m[3]))) {
    throw new UsageError(
      `${flag} ${JSON.stringify(text)}: expected a whole number${size ? " (k, M, G allowed)" : ""}`,
    );
  }
  return Number(m[1]) * UNITS[m[2].toLowerCase()];
}

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000 };

/**
 * A duration flag value in ms: a whole number with `ms`, `s`, `m` or `h`
 * (plain numbers are seconds).
 *
 * @example
 * ```ts
 * import { parseDuration } from "./args.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseDuration("--idle-timeout", "90s"), 90_000);
 * assert.equal(parseDuration("--idle-timeout", "250ms"), 250);
 * assert.equal(parseDuration("--session-ttl", "2"), 2000);
 * ```
 */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d{1,12})(ms|s|m|h)?$/.exec(text);
  if (!m) {
    throw new UsageError(
      `${flag} ${JSON.stringify(text)}: expected a duration such as 500ms, 10s, 5m or 1h`,
    );
  }
  return Number(m[1]) * TIME_UNITS[m[2] ?? "s"];
}
