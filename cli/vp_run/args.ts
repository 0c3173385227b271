/**
 * Command-line parsing for `vp-run`. Pure: argv in, a command out, or a
 * {@linkcode UsageError} naming the problem.
 *
 * @module
 */
import { UsageError } from "../args.ts";
import { isSessionId } from "../../src/transport/output_mode.ts";
import { parseViewportUri } from "../../src/transport/uri.ts";

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
 * const cmd = parseVpRunArgs(["--via", "stdio", "--to", "unix:///tmp/v.sock", "--", "top"]);
 * if (cmd.kind !== "run" || cmd.options.via !== "stdio" || cmd.options.command[0] !== "top") {
 *   throw new Error();
 * }
 * ```
 */
export function parseVpRunArgs(argv: readonly string[]): VpRunCommand {
  const o: VpRunOptions = { via: "unix", verbose: false, command: [] };
  const args = [...argv];
  while (args.length > 0) {
    const raw = args.shift()!;
    if (raw === "--") {
      o.command = args.splice(0);
      break;
    }
    if (!raw.startsWith("-") || raw === "-") {
      o.command = [raw, ...args.splice(0)];
      break;
    }
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || v === "" || (inline === undefined && v.startsWith("-"))) {
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
      case "--via": {
        const via = value();
        if (!RUN_VIAS.includes(via as RunVia)) {
          throw new UsageError(
            `--via ${JSON.stringify(via)}: expected one of ${RUN_VIAS.join(", ")}`,
          );
        }
        o.via = via as RunVia;
        break;
      }
      case "--to": {
        const uri = value();
        try {
          parseViewportUri(uri);
        } catch (err) {
          throw new UsageError(`--to: ${(err as Error).message}`);
        }
        o.to = uri;
        break;
      }
      case "--session": {
        const id = value();
        if (!isSessionId(id)) {
          throw new UsageError(
            `--session ${JSON.stringify(id)}: expected 1 to 128 visible ASCII characters`,
          );
        }
        o.session = id;
        break;
      }
      case "-v":
      case "--verbose":
        noValue();
        o.verbose = true;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(flag)}`);
    }
  }
  if (o.command.length === 0) throw new UsageError("no command given (expected -- CMD ARGS...)");
  return { kind: "run", options: o };
}
