/**
 * The platforms `scripts/build.ts` compiles for, and how each maps to npm's
 * `os`/`cpu` names (which pick the prebuilt native packages a target needs).
 *
 * @module
 */

/** One `deno compile --target`. */
export interface Target {
  /** The Rust target triple `deno compile --target` takes. */
  triple: string;
  /** npm's `os` for this target (`process.platform`). */
  npmOs: "linux" | "darwin" | "win32";
  /** npm's `cpu` for this target (`process.arch`). */
  npmCpu: "x64" | "arm64";
  /** Executable suffix (`.exe` on Windows). */
  exe: string;
}

/**
 * Every target the build knows, in build order.
 *
 * @example
 * ```ts
 * import { TARGETS } from "./targets.ts";
 * import assert from "node:assert/strict";
 * assert.equal(TARGETS.length, 5);
 * assert.equal(TARGETS[4].exe, ".exe");
 * ```
 */
export const TARGETS: readonly Target[] = [
  { triple: "x86_64-unknown-linux-gnu", npmOs: "linux", npmCpu: "x64", exe: "" },
  { triple: "aarch64-unknown-linux-gnu", npmOs: "linux", npmCpu: "arm64", exe: "" },
  { triple: "x86_64-apple-darwin", npmOs: "darwin", npmCpu: "x64", exe: "" },
  { triple: "aarch64-apple-darwin", npmOs: "darwin", npmCpu: "arm64", exe: "" },
  { triple: "x86_64-pc-windows-msvc", npmOs: "win32", npmCpu: "x64", exe: ".exe" },
];

/** Short names accepted on the command line besides the triples. */
const ALIASES: Readonly<Record<string, string>> = {
  "linux-x64": "x86_64-unknown-linux-gnu",
  "linux-arm64": "aarch64-unknown-linux-gnu",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
  "macos-x64": "x86_64-apple-darwin",
  "macos-arm64": "aarch64-apple-darwin",
  "windows-x64": "x86_64-pc-windows-msvc",
  "win32-x64": "x86_64-pc-windows-msvc",
};

/**
 * The target Deno itself runs on (`Deno.build.target`), if it is one of
 * {@linkcode TARGETS}.
 *
 * @example
 * ```ts
 * import { hostTarget } from "./targets.ts";
 * import assert from "node:assert/strict";
 * const host = hostTarget("x86_64-unknown-linux-gnu");
 * assert.equal(host?.npmOs, "linux");
 * ```
 */
export function hostTarget(triple: string = Deno.build.target): Target | undefined {
  return TARGETS.find((t) => t.triple === triple);
}

/**
 * Resolves a comma-separated list of triples, aliases (`linux-arm64`), `host`
 * or `all` to targets in build order, without duplicates. Throws a RangeError
 * naming the unknown entry and the known ones.
 *
 * @example
 * ```ts
 * import { resolveTargets } from "./targets.ts";
 * import assert from "node:assert/strict";
 * const t = resolveTargets("darwin-arm64,x86_64-unknown-linux-gnu");
 * assert.equal(t.map((x) => x.triple).join(), "x86_64-unknown-linux-gnu,aarch64-apple-darwin");
 * ```
 */
export function resolveTargets(list: string, host: string = Deno.build.target): Target[] {
  const wanted = new Set<string>();
  for (const raw of list.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    if (raw === "all") {
      for (const t of TARGETS) wanted.add(t.triple);
      continue;
    }
    const triple = raw === "host" ? host : ALIASES[raw] ?? raw;
    if (!TARGETS.some((t) => t.triple === triple)) {
      throw new RangeError(
        `unknown target '${raw}' (known: all, host, ${
          TARGETS.map((t) => t.triple).join(", ")
        }, or ${Object.keys(ALIASES).join(", ")})`,
      );
    }
    wanted.add(triple);
  }
  if (wanted.size === 0) throw new RangeError("no target given (try --target all)");
  return TARGETS.filter((t) => wanted.has(t.triple));
}

/**
 * The file name of a compiled CLI for a target: `viewport-x86_64-pc-windows-msvc.exe`.
 *
 * @example
 * ```ts
 * import { binaryName, TARGETS } from "./targets.ts";
 * import assert from "node:assert/strict";
 * assert.equal(binaryName("vp-run", TARGETS[0]), "vp-run-x86_64-unknown-linux-gnu");
 * ```
 */
export function binaryName(cli: string, target: Target): string {
  return `${cli}-${target.triple}${target.exe}`;
}
