/**
 * What a CLI is made of, from `deno info --json`: the local modules to stage
 * and the npm packages it reaches, with each package's platform constraints
 * and integrity from deno.lock.
 *
 * @module
 */
import type { Target } from "./targets.ts";

/** One npm package in the resolution. */
export interface NpmPackage {
  /** `name@version`, as deno.lock and `deno info` key it. */
  id: string;
  name: string;
  version: string;
  /** Ids of the packages it depends on (optional ones included). */
  dependencies: string[];
  /** Where Deno installed it (absent or missing for other platforms' packages). */
  localPath?: string;
  /** npm `os`/`cpu` constraints: a prebuilt native package for one platform. */
  os?: string[];
  cpu?: string[];
  /** `sha512-…` of the tarball, from deno.lock. */
  integrity?: string;
}

/** A CLI's module graph. */
export interface ModuleGraph {
  /** Local files (absolute paths) the entry reaches statically or by literal dynamic import. */
  files: string[];
  /** Packages the CLI's own modules import. */
  roots: string[];
  /** Every package of the resolution, by id. */
  packages: Map<string, NpmPackage>;
}

interface InfoJson {
  modules: { kind: string; specifier: string; local?: string; npmPackage?: string }[];
  npmPackages: Record<
    string,
    { name: string; version: string; dependencies: string[]; localPath?: string }
  >;
}

interface LockJson {
  npm?: Record<string, { integrity?: string; os?: string[]; cpu?: string[] }>;
}

/**
 * Turns `deno info --json` output and deno.lock into a {@linkcode ModuleGraph}.
 *
 * @example
 * ```ts
 * import { graphFromInfo } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const g = graphFromInfo(
 *   { modules: [{ kind: "npm", specifier: "npm:/ws@8.23.0", npmPackage: "ws@8.23.0" }],
 *     npmPackages: { "ws@8.23.0": { name: "ws", version: "8.23.0", dependencies: [] } } },
 *   { npm: { "ws@8.23.0": { integrity: "sha512-x" } } },
 * );
 * assert.equal(g.roots[0], "ws@8.23.0");
 * assert.equal(g.packages.get("ws@8.23.0")?.integrity, "sha512-x");
 * ```
 */
export function graphFromInfo(info: InfoJson, lock: LockJson): ModuleGraph {
  const files: string[] = [];
  const roots = new Set<string>();
  for (const m of info.modules) {
    if (m.kind === "npm" && m.npmPackage) roots.add(m.npmPackage);
    else if (m.local && m.specifier.startsWith("file:")) files.push(m.local);
  }
  const packages = new Map<string, NpmPackage>();
  for (const [id, p] of Object.entries(info.npmPackages ?? {})) {
    const locked = lock.npm?.[id] ?? {};
    packages.set(id, {
      id,
      name: p.name,
      version: p.version,
      dependencies: [...p.dependencies],
      localPath: p.localPath,
      os: locked.os,
      cpu: locked.cpu,
      integrity: locked.integrity,
    });
  }
  return { files, roots: [...roots], packages };
}

/**
 * Runs `deno info --json` on an entry under `root` and reads deno.lock.
 *
 * @example
 * ```ts
 * import { readModuleGraph } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const root = new URL("../../", import.meta.url).pathname;
 * const g = await readModuleGraph(root, "scripts/build/targets.ts");
 * assert.ok(g.files.some((f) => f.endsWith("targets.ts")));
 * ```
 */
export async function readModuleGraph(root: string, entry: string): Promise<ModuleGraph> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  if (!out.success) {
    const why = new TextDecoder().decode(out.stderr).trim().split("\n")[0];
    throw new Error(`deno info ${entry} failed: ${why}`);
  }
  let lock: LockJson = {};
  try {
    lock = JSON.parse(await Deno.readTextFile(`${root}/deno.lock`));
  } catch {
    // No lock: no integrity checks and no platform constraints known.
  }
  return graphFromInfo(JSON.parse(new TextDecoder().decode(out.stdout)), lock);
}

/** Whether a package may be installed on a target (no constraint, or a matching one). */
function fits(p: NpmPackage, target: Target | undefined): boolean {
  if (!target) return p.os === undefined && p.cpu === undefined;
  return (p.os === undefined || p.os.includes(target.npmOs)) &&
    (p.cpu === undefined || p.cpu.includes(target.npmCpu));
}

/**
 * The packages a CLI needs on `target`: the closure of its roots, with other
 * platforms' prebuilt packages left out. Without a target, every
 * platform-specific package is left out (a bundle keeps native code external).
 *
 * @example
 * ```ts
 * import { packagesFor } from "./graph.ts";
 * import { TARGETS } from "./targets.ts";
 * import assert from "node:assert/strict";
 * const p = (id: string, deps: string[] = [], os?: string[]) =>
 *   [id, { id, name: id.split("@")[0], version: "1.0.0", dependencies: deps, os }] as const;
 * const g = { files: [], roots: ["pty@1"], packages: new Map([
 *   p("pty@1", ["pty-linux@1", "pty-darwin@1"]), p("pty-linux@1", [], ["linux"]),
 *   p("pty-darwin@1", [], ["darwin"]) ]) };
 * const ids = packagesFor(g, TARGETS[0]).map((x) => x.id);
 * assert.equal(ids.join(), "pty@1,pty-linux@1");
 * ```
 */
export function packagesFor(graph: ModuleGraph, target: Target | undefined): NpmPackage[] {
  const seen = new Set<string>();
  const out: NpmPackage[] = [];
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const p = graph.packages.get(id);
    if (!p || !fits(p, target)) return;
    out.push(p);
    p.dependencies.forEach(visit);
  };
  graph.roots.forEach(visit);
  return out;
}

/**
 * The packages with prebuilt native parts: those depending on a package
 * constrained to some platform. Bundles import them from npm at run time
 * instead of inlining them.
 *
 * @example
 * ```ts
 * import { nativePackages } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const g = { files: [], roots: ["pty@1"], packages: new Map([
 *   ["pty@1", { id: "pty@1", name: "pty", version: "1", dependencies: ["pty-x@1"] }],
 *   ["pty-x@1", { id: "pty-x@1", name: "pty-x", version: "1", dependencies: [], os: ["linux"] }],
 * ]) };
 * assert.equal(nativePackages(g).map((p) => p.name).join(), "pty");
 * ```
 */
export function nativePackages(graph: ModuleGraph): NpmPackage[] {
  const out: NpmPackage[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const p = graph.packages.get(id);
    if (!p) return;
    const platformDeps = p.dependencies.map((d) => graph.packages.get(d))
      .filter((d) => d && (d.os !== undefined || d.cpu !== undefined));
    if (platformDeps.length > 0) out.push(p);
    p.dependencies.forEach(visit);
  };
  graph.roots.forEach(visit);
  return out;
}
