/**
 * The staging tree a build compiles from: the CLIs' modules copied from the
 * checkout with deno.json's version replaced by the stamp, and a flat
 * `node_modules` holding exactly the packages a target needs (its own
 * platform's prebuilt native packages, nobody else's).
 *
 * @module
 */
import type { NpmPackage } from "./graph.ts";
import { type FoundPackage, obtainPackage, type PackageSources } from "./native.ts";

/**
 * Copies a file or folder (following symlinks), skipping paths for which
 * `keep` returns false.
 *
 * @example
 * ```ts
 * import { copyTree } from "./stage.ts";
 * import assert from "node:assert/strict";
 * const a = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${a}/x.txt`, "x");
 * await Deno.writeTextFile(`${a}/x.pdb`, "debug");
 * await copyTree(a, `${a}-copy`, (p) => !p.endsWith(".pdb"));
 * const names = [...Deno.readDirSync(`${a}-copy`)].map((e) => e.name);
 * await Deno.remove(a, { recursive: true });
 * await Deno.remove(`${a}-copy`, { recursive: true });
 * assert.equal(names.join(), "x.txt");
 * ```
 */
export async function copyTree(
  from: string,
  to: string,
  keep: (path: string) => boolean = () => true,
): Promise<void> {
  const info = await Deno.stat(from);
  if (!keep(from)) return;
  if (info.isFile) {
    await Deno.mkdir(to.slice(0, Math.max(to.lastIndexOf("/"), 1)), { recursive: true });
    await Deno.copyFile(from, to);
    return;
  }
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    await copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`, keep);
  }
}

const CONFIG_KEYS_KEPT = ["name", "version", "exports", "imports", "scopes", "compilerOptions"];

/**
 * Writes the staging tree's sources: `files` (absolute paths under `root`),
 * `include` (paths relative to `root`, skipped when absent), package.json,
 * deno.lock, and a deno.json stamped with `stamp` that uses the staged
 * `node_modules` as is.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a checkout at /repo.
 * import { stageSources } from "./stage.ts";
 * await stageSources("/repo", "/repo/dist/.stage", ["/repo/cli/viewport.ts"], [], "0.1.0+abc");
 * ```
 */
export async function stageSources(
  root: string,
  stageDir: string,
  files: readonly string[],
  include: readonly string[],
  stamp: string,
): Promise<void> {
  await Deno.remove(stageDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(stageDir, { recursive: true });
  const prefix = root.endsWith("/") ? root : `${root}/`;
  for (const file of files) {
    if (!file.startsWith(prefix) || file.endsWith("/deno.json")) continue;
    await copyTree(file, `${stageDir}/${file.slice(prefix.length)}`);
  }
  for (const path of include) {
    try {
      await copyTree(`${prefix}${path}`, `${stageDir}/${path}`, (p) => !p.endsWith("_test.ts"));
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  for (const name of ["package.json", "deno.lock"]) {
    await copyTree(`${prefix}${name}`, `${stageDir}/${name}`).catch(() => {});
  }
  const config = JSON.parse(await Deno.readTextFile(`${prefix}deno.json`));
  const staged: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS_KEPT) if (key in config) staged[key] = config[key];
  staged.version = stamp;
  staged.nodeModulesDir = "manual";
  await Deno.writeTextFile(`${stageDir}/deno.json`, JSON.stringify(staged, null, 2) + "\n");
}

/** A staged package and where it came from. */
export interface StagedPackage {
  id: string;
  source: FoundPackage["source"];
}

/**
 * Replaces `stageDir/node_modules` with a flat folder of `packages` (each
 * under its name, as npm would hoist them). Throws an Error when two versions
 * of one package are needed, or when a package cannot be found or fetched.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: part of a whole build; needs a staged checkout and the package cache.
 * import { stageNodeModules } from "./stage.ts";
 * await stageNodeModules("/repo/dist/.stage", packages, { cacheDir: "/tmp/c", offline: true });
 * ```
 */
export async function stageNodeModules(
  stageDir: string,
  packages: readonly NpmPackage[],
  src: PackageSources,
): Promise<StagedPackage[]> {
  const byName = new Map<string, NpmPackage>();
  for (const p of packages) {
    const other = byName.get(p.name);
    if (other && other.version !== p.version) {
      throw new Error(`${other.id} and ${p.id} are both needed; a flat node_modules holds one`);
    }
    byName.set(p.name, p);
  }
  const dir = `${stageDir}/node_modules`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const staged: StagedPackage[] = [];
  for (const p of byName.values()) {
    const found = await obtainPackage(p, src);
    await copyTree(found.dir, `${dir}/${p.name}`, (path) => !path.endsWith(".pdb"));
    staged.push({ id: p.id, source: found.source });
  }
  return staged;
}
