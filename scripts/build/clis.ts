/**
 * The command-line programs the build ships, and which of them exist in this
 * checkout (vp-run may not yet).
 *
 * @module
 */

/** A CLI to bundle and compile. */
export interface Cli {
  /** The command name (`viewport`), used for output file names. */
  name: string;
  /** Entry module, relative to the repository root. */
  entry: string;
  /**
   * Files or folders (relative to the root) a compiled binary reads at run
   * time besides its module graph; embedded with `deno compile --include`.
   */
  include: readonly string[];
}

/**
 * The CLIs Viewport ships.
 *
 * @example
 * ```ts
 * import { CLIS } from "./clis.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CLIS.map((c) => c.name).join(), "viewport,vp-run");
 * ```
 */
export const CLIS: readonly Cli[] = [
  // The browser client is embedded as a module (see client.ts): no files to include.
  { name: "viewport", entry: "cli/viewport.ts", include: [] },
  { name: "vp-run", entry: "cli/vp_run.ts", include: [] },
];

/**
 * Resolves `--cli` values: names from {@linkcode CLIS}, or `NAME=PATH` for any
 * other entry module (used by tests). Empty means every shipped CLI.
 *
 * @example
 * ```ts
 * import { resolveClis } from "./clis.ts";
 * import assert from "node:assert/strict";
 * const [c] = resolveClis(["probe=tests/ship/fixtures/pty_probe.ts"]);
 * assert.equal(c.name, "probe");
 * assert.equal(c.entry, "tests/ship/fixtures/pty_probe.ts");
 * ```
 */
export function resolveClis(specs: readonly string[]): Cli[] {
  if (specs.length === 0) return [...CLIS];
  const out: Cli[] = [];
  for (const spec of specs.flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean)) {
    const eq = spec.indexOf("=");
    let cli: Cli | undefined;
    if (eq > 0) {
      const name = spec.slice(0, eq);
      if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
        throw new RangeError(`bad CLI name '${name}' (letters, digits, . _ -)`);
      }
      cli = { name, entry: spec.slice(eq + 1), include: [] };
    } else {
      cli = CLIS.find((c) => c.name === spec);
      if (!cli) {
        throw new RangeError(
          `unknown CLI '${spec}' (known: ${CLIS.map((c) => c.name).join(", ")}, or NAME=PATH)`,
        );
      }
    }
    if (!out.some((c) => c.name === cli.name)) out.push(cli);
  }
  return out;
}

/** The CLIs whose entry exists, and why the others are left out. */
export interface CliPresence {
  present: Cli[];
  missing: { cli: Cli; reason: string }[];
}

/**
 * Splits CLIs into those whose entry module exists under `root` and those
 * that do not (each with a reason to report).
 *
 * @example
 * ```ts
 * import { findClis } from "./clis.ts";
 * import assert from "node:assert/strict";
 * const root = new URL("../../", import.meta.url).pathname;
 * const { present, missing } = findClis(root, [{ name: "x", entry: "nope.ts", include: [] }]);
 * assert.equal(present.length, 0);
 * assert.ok(missing[0].reason.includes("nope.ts"));
 * ```
 */
export function findClis(root: string, clis: readonly Cli[]): CliPresence {
  const out: CliPresence = { present: [], missing: [] };
  for (const cli of clis) {
    try {
      if (Deno.statSync(`${root}/${cli.entry}`).isFile) {
        out.present.push(cli);
        continue;
      }
    } catch {
      // Reported below.
    }
    out.missing.push({ cli, reason: `${cli.entry} does not exist in this checkout` });
  }
  return out;
}
