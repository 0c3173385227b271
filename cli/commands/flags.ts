/**
 * A small flag parser for the shell commands: `--name value`, `--name=value`,
 * boolean `--name`, `--` ends flags. Unknown flags are usage errors.
 *
 * @module
 */
import { UsageError } from "../args.ts";

/** Which flags a command takes. */
export interface FlagSpec {
  /** Flags that take a value. */
  string?: readonly string[];
  /** Flags without a value. */
  boolean?: readonly string[];
}

/** Parsed flags and positional arguments. */
export interface ParsedFlags {
  values: Record<string, string>;
  switches: Set<string>;
  positionals: string[];
}

/**
 * Parses `argv` for a command named `command` (used in error messages).
 *
 * @example
 * ```ts
 * import { parseFlags } from "./flags.ts";
 * import assert from "node:assert/strict";
 * const p = parseFlags("table", ["--format=csv", "--no-header", "x"], { string: ["format"], boolean: ["no-header"] });
 * assert.equal(p.values.format, "csv");
 * assert.ok(p.switches.has("no-header"));
 * assert.equal(p.positionals[0], "x");
 * ```
 */
export function parseFlags(command: string, argv: readonly string[], spec: FlagSpec): ParsedFlags {
  const strings = new Set(spec.string ?? []);
  const bools = new Set([...(spec.boolean ?? []), "help"]);
  const out: ParsedFlags = { values: {}, switches: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      out.switches.add("help");
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (strings.has(name)) {
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`viewport ${command}: --${name} needs a value`);
      out.values[name] = value;
    } else if (bools.has(name)) {
      if (eq >= 0) throw new UsageError(`viewport ${command}: --${name} takes no value`);
      out.switches.add(name);
    } else {
      const known = [...strings].map((s) => `--${s}`).concat([...bools].map((b) => `--${b}`));
      throw new UsageError(
        `viewport ${command}: unknown option '${arg.slice(0, eq < 0 ? undefined : eq)}' (known: ${
          known.join(", ")
        })`,
      );
    }
  }
  return out;
}

/**
 * Parses a non-negative integer flag value.
 *
 * @example
 * ```ts
 * import { intFlag } from "./flags.ts";
 * import assert from "node:assert/strict";
 * assert.equal(intFlag("table", "slot", "130", 128), 130);
 * ```
 */
export function intFlag(
  command: string,
  name: string,
  value: string | undefined,
  min = 0,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(
      `viewport ${command}: --${name} must be an integer >= ${min}, got '${value}'`,
    );
  }
  return n;
}
