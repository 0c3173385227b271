/**
 * Getting an npm package for another platform (e.g. node-pty's prebuilt
 * `pty.node` for macOS when building on Linux): Deno installs only the host's.
 * Looked up in Deno's npm cache, then in the build cache, then fetched with
 * `npm pack`; a fetched tarball must match deno.lock's integrity.
 *
 * @module
 */
import type { NpmPackage } from "./graph.ts";
import { unpackTgz } from "./untar.ts";

/** Where to look for packages, and whether fetching is allowed. */
export interface PackageSources {
  /** Deno's cache directory (its `npm/<registry>/<name>/<version>/` folders). */
  denoDir?: string;
  /** The build's own cache of tarballs and unpacked packages. */
  cacheDir: string;
  /** Never run `npm pack`. */
  offline: boolean;
}

/** A package's files on disk and where they came from. */
export interface FoundPackage {
  dir: string;
  source: "node_modules" | "deno cache" | "build cache" | "npm pack";
}

/**
 * Checks bytes against an npm integrity string (`sha512-BASE64`, also sha384/sha256/sha1).
 *
 * @example
 * ```ts
 * import { matchesIntegrity } from "./native.ts";
 * import assert from "node:assert/strict";
 * const ok = await matchesIntegrity(new TextEncoder().encode("abc"),
 *   "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
 * assert.ok(ok);
 * ```
 */
export async function matchesIntegrity(bytes: Uint8Array, integrity: string): Promise<boolean> {
  const algos: Record<string, string> = {
    sha512: "SHA-512",
    sha384: "SHA-384",
    sha256: "SHA-256",
    sha1: "SHA-1",
  };
  for (const entry of integrity.trim().split(/\s+/)) {
    const dash = entry.indexOf("-");
    const algo = algos[entry.slice(0, dash)];
    if (!algo) continue;
    const digest = new Uint8Array(
      await crypto.subtle.digest(algo, bytes as Uint8Array<ArrayBuffer>),
    );
    if (btoa(String.fromCharCode(...digest)) === entry.slice(dash + 1)) return true;
  }
  return false;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function inDenoCache(denoDir: string, p: NpmPackage): Promise<string | undefined> {
  try {
    for await (const registry of Deno.readDir(`${denoDir}/npm`)) {
      if (!registry.isDirectory) continue;
      const dir = `${denoDir}/npm/${registry.name}/${p.name}/${p.version}`;
      if (await isFile(`${dir}/package.json`)) return dir;
    }
  } catch {
    // No npm cache.
  }
  return undefined;
}

/** The file name `npm pack` gives a package: `@a/b` 1.0.0 → `a-b-1.0.0.tgz`. */
function tarballName(p: NpmPackage): string {
  return `${p.name.replace(/^@/, "").replace("/", "-")}-${p.version}.tgz`;
}

async function npmPack(p: NpmPackage, dir: string): Promise<void> {
  const npm = Deno.build.os === "windows" ? "npm.cmd" : "npm";
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(npm, {
      args: ["pack", `${p.name}@${p.version}`, "--pack-destination", dir, "--silent"],
      cwd: dir,
      stdout: "null",
      stderr: "piped",
      stdin: "null",
    }).output();
  } catch (err) {
    throw new Error(`npm is not available to fetch ${p.id} (${(err as Error).message})`);
  }
  if (!out.success) {
    const why = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1);
    throw new Error(`npm pack ${p.id} failed: ${why}`);
  }
}

/** Debug symbols of Windows builds (`.pdb`) are large and never loaded. */
const keepFile = (path: string) => !path.endsWith(".pdb");

/**
 * Finds or fetches a package's files. Throws an Error saying where it looked
 * (offline) or why fetching failed; a tarball whose hash differs from
 * deno.lock's integrity is deleted and reported.
 *
 * @example
 * ```ts
 * import { obtainPackage } from "./native.ts";
 * import assert from "node:assert/strict";
 * const cacheDir = await Deno.makeTempDir();
 * const p = { id: "nope@1.0.0", name: "nope", version: "1.0.0", dependencies: [] };
 * let why = "";
 * await obtainPackage(p, { cacheDir, offline: true }).catch((e) => why = e.message);
 * await Deno.remove(cacheDir, { recursive: true });
 * assert.ok(why.includes("offline"));
 * ```
 */
export async function obtainPackage(p: NpmPackage, src: PackageSources): Promise<FoundPackage> {
  if (p.localPath && await isFile(`${p.localPath}/package.json`)) {
    return { dir: p.localPath, source: "node_modules" };
  }
  if (src.denoDir) {
    const dir = await inDenoCache(src.denoDir, p);
    if (dir) return { dir, source: "deno cache" };
  }
  const unpacked = `${src.cacheDir}/${p.name.replace("/", "+")}@${p.version}`;
  if (await isFile(`${unpacked}/package.json`)) return { dir: unpacked, source: "build cache" };
  await Deno.mkdir(src.cacheDir, { recursive: true });
  const tgz = `${src.cacheDir}/${tarballName(p)}`;
  let source: FoundPackage["source"] = "build cache";
  if (!await isFile(tgz)) {
    if (src.offline) {
      throw new Error(
        `${p.id} is not installed, not in Deno's npm cache, and not in ${src.cacheDir} ` +
          "(offline: not fetched; drop --offline, or put the npm pack tarball there)",
      );
    }
    await npmPack(p, src.cacheDir);
    source = "npm pack";
  }
  const bytes = await Deno.readFile(tgz);
  if (p.integrity && !await matchesIntegrity(bytes, p.integrity)) {
    await Deno.remove(tgz);
    throw new Error(`${tarballName(p)} does not match deno.lock's integrity for ${p.id}; deleted`);
  }
  if (!p.integrity) throw new Error(`deno.lock has no integrity for ${p.id}; refusing ${tgz}`);
  const tmp = `${unpacked}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await unpackTgz(bytes, tmp, keepFile);
  await Deno.rename(tmp, unpacked);
  return { dir: unpacked, source };
}
