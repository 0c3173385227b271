/**
 * `scripts/build.ts` command line: pure parsing, a {@linkcode BuildOptions}
 * or a RangeError naming the problem.
 *
 * @module
 */
import { type Cli, resolveClis } from "./clis.ts";
import { resolveTargets, type Target } from "./targets.ts";

/** What to build. */
export interface BuildOptions {
  help: boolean;
  targets: Target[];
  clis: Cli[];
  /** Output folder (absolute or relative to the working directory); default `<root>/dist`. */
  out?: string;
  bundle: boolean;
  compile: boolean;
  /** No downloads: neither `denort` runtimes by `deno compile` nor packages by `npm pack`. */
  offline: boolean;
  /** Exit 1 when nothing at all was built. */
  strict: boolean;
  /** Pass `--no-check` to `deno compile` and `deno bundle` (skip type checking). */
  noCheck: boolean;
  /** Write `import_map.json` from package.json and stop. */
  writeImportMap: boolean;
}

/**
 * `scripts/build.ts --help`.
 *
 * @example
 * ```ts
 * import { BUILD_HELP } from "./args.ts";
 * import assert from "node:assert/strict";
 * assert.ok(BUILD_HELP.includes("DENORT_BIN"));
 * ```
 */
export const BUILD_HELP: string = `Usage: deno run -A scripts/build.ts [options]

Builds Viewport's CLIs (viewport, vp-run) into dist/:
  <cli>.js                     single-file bundles (deno bundle): deno run -A dist/viewport.js
  <cli>-<target>[.exe]         self-contained binaries (deno compile)
  SHA256SUMS, VERSION, build.json
A CLI whose entry module is missing is reported and skipped.

Options:
  --target LIST   targets, comma-separated (default all): x86_64-unknown-linux-gnu,
                  aarch64-unknown-linux-gnu, x86_64-apple-darwin, aarch64-apple-darwin,
                  x86_64-pc-windows-msvc; or linux-x64, linux-arm64, darwin-x64,
                  darwin-arm64, windows-x64, host, all
  --cli LIST      CLIs to build (default viewport,vp-run); NAME=PATH builds another entry
  --out DIR       output folder (default dist/ in the checkout)
  --no-bundle     skip the bundles
  --no-compile    skip the binaries
  --offline       never download: no denort runtimes, no npm pack of other
                  platforms' native packages (missing ones are reported as skipped)
  --no-check      skip type checking
  --strict        exit 1 when nothing at all could be built
  --write-import-map  regenerate import_map.json from package.json (for URL installs) and exit
  -h, --help      this help

deno compile appends the program to a 'denort' runtime per target. It is taken from
DENORT_BIN (used only for the platform its header names), else from
$DENO_DIR/dl/release/v<deno version>/denort-<target>.zip, else downloaded by deno
(unless --offline). A target without a runtime is skipped with the reason.
Binaries for the host target are run once (--version) before they are listed.

Environment: NO_COLOR or TERM=dumb turn colors off; DENORT_BIN, DENO_DIR as above.
Exit status: 0; 1 on an error (or nothing built with --strict); 2 on a usage error.
`;

/**
 * Parses the build's arguments.
 *
 * @example
 * ```ts
 * import { parseBuildArgs } from "./args.ts";
 * import assert from "node:assert/strict";
 * const o = parseBuildArgs(["--target=linux-arm64", "--no-bundle", "--offline"]);
 * assert.equal(o.targets[0].triple, "aarch64-unknown-linux-gnu");
 * assert.ok(!o.bundle);
 * assert.ok(o.offline);
 * ```
 */
export function parseBuildArgs(argv: readonly string[]): BuildOptions {
  const o: BuildOptions = {
    help: false,
    targets: resolveTargets("all"),
    clis: [],
    bundle: true,
    compile: true,
    offline: false,
    strict: false,
    noCheck: false,
    writeImportMap: false,
  };
  const cliSpecs: string[] = [];
  const switches: Record<string, (o: BuildOptions) => void> = {
    "--help": (o) => o.help = true,
    "-h": (o) => o.help = true,
    "--no-bundle": (o) => o.bundle = false,
    "--no-compile": (o) => o.compile = false,
    "--offline": (o) => o.offline = true,
    "--strict": (o) => o.strict = true,
    "--no-check": (o) => o.noCheck = true,
    "--write-import-map": (o) => o.writeImportMap = true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (switches[name]) {
      if (name !== arg) throw new RangeError(`${name} takes no value`);
      switches[name](o);
      continue;
    }
    if (name !== "--target" && name !== "--cli" && name !== "--out") {
      throw new RangeError(`unknown argument '${arg}' (see --help)`);
    }
    const value = name !== arg ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new RangeError(`${name} needs a value`);
    if (name === "--target") o.targets = resolveTargets(value);
    else if (name === "--cli") cliSpecs.push(value);
    else o.out = value;
  }
  o.clis = resolveClis(cliSpecs);
  if (!o.bundle && !o.compile && !o.writeImportMap && !o.help) {
    throw new RangeError("--no-bundle with --no-compile leaves nothing to build");
  }
  return o;
}
