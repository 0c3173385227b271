/**
 * Command-line parsing for `vp-run`. Pure: argv in, a command out, or a
 * {@linkcode UsageError} naming the problem.
 *
 * @module
 */
import { UsageError } from "../args.ts";
import { isSessionId, parseViewportUri } from "../../src/transport/mod.ts";

/** How CMD reaches `vp-run`. */
export type RunVia = "stdio" | "fd" | "unix" | "unix-abstract" | "tcp";

/** Every `--via` value, in the order the help lists them. */
export const RUN_VIAS: readonly RunVia[] = ["stdio", "fd", "unix", "unix-abstract", "tcp"];

/** A parsed `vp-run` run. */
export interface VpRunOptions {
  /** `--via` (default `unix`). */
  via: RunVia;
  /** `--to URI`: the viewer; unset means the caller's `VIEWPORT`. */
  to?: string;
  /** `--session ID`; unset means the caller's `VIEWPORT_SESSION`, else a fresh one. */
  session?: string;
  /** `--verbose`: connections and sessions on stderr. */
  verbose: boolean;
  /**
   * `--exit-with-app`: with the in-process terminal viewer, end when CMD ends
   * (by default its ended session stays on show until the user quits).
   */
  exitWithApp?: boolean;
  /** CMD ARGS. */
  command: string[];
}

/** A parsed command line. */
export type VpRunCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; options: VpRunOptions };

/**
 * Parses `vp-run`'s arguments. A command is required, after `--` (or from the
 * first word that is not an option).
 *
 * @example
 * ```ts
 * import { parseVpRunArgs } from "./args.ts";
 * import assert from "node:assert/strict";
 * const cmd = parseVpRunArgs(["--via", "stdio", "--to", "unix:///tmp/v.sock", "--", "top"]);
 * assert.equal(cmd.kind, "run");
 * assert.equal(cmd.options.via, "stdio");
 * assert.equal(cmd.options.command[0], "top");
 * ```
 */
export function parseVpRunArgs(argv: readonly string[]): VpRunCommand {
  const o: VpRunOptions = { via: "unix", verbose: false, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === "--" || !raw.startsWith("-") || raw === "-") {
      o.command = argv.slice(raw === "--" ? i + 1 : i);
      break;
    }
    if (raw === "-h" || raw === "--help") return { kind: "help" };
    if (raw === "-V" || raw === "--version") return { kind: "version" };
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    if (flag === "-v" || flag === "--verbose" || flag === "--exit-with-app") {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      if (flag === "--exit-with-app") o.exitWithApp = true;
      else o.verbose = true;
      continue;
    }
    const set = SETTERS[flag];
    if (!set) throw new UsageError(`unknown option ${JSON.stringify(flag)}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("-"))) {
      throw new UsageError(`${flag} needs a value`);
    }
    set(o, value);
  }
  if (o.command.length === 0) throw new UsageError("no command given (expected -- CMD ARGS...)");
  return { kind: "run", options: o };
}

/** The options that take a value: each checks it and stores it. */
const SETTERS: Record<string, (o: VpRunOptions, value: string) => void> = {
  "--via"(o, via) {
    if (!RUN_VIAS.includes(via as RunVia)) {
      throw new UsageError(`--via ${JSON.stringify(via)}: expected one of ${RUN_VIAS.join(", ")}`);
    }
    o.via = via as RunVia;
  },
  "--to"(o, uri) {
    try {
      parseViewportUri(uri);
    } catch (err) {
      throw new UsageError(`--to: ${(err as Error).message}`);
    }
    o.to = uri;
  },
  "--session"(o, id) {
    if (!isSessionId(id)) {
      throw new UsageError(
        `--session ${JSON.stringify(id)}: expected 1 to 128 visible ASCII characters`,
      );
    }
    o.session = id;
  },
};
