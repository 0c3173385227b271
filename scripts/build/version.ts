/**
 * The version stamp of a build: deno.json's version plus the git commit, as
 * semver build metadata (`0.1.0+3f7d1c2a9b10`, with `.dirty` after it for local changes).
 *
 * @module
 */

/** What a build is stamped with. */
export interface VersionStamp {
  /** `version` from deno.json. */
  version: string;
  /** Full commit id, when the root is a git checkout. */
  commit?: string;
  /** The checkout has uncommitted changes to tracked files. */
  dirty: boolean;
  /** `version[+commit12[.dirty]]`: what `--version` of the built CLIs prints. */
  stamp: string;
}

/**
 * Builds the stamp from its parts.
 *
 * @example
 * ```ts
 * import { formatStamp } from "./version.ts";
 * import assert from "node:assert/strict";
 * const s = formatStamp("0.1.0", "0123456789abcdef0123", true);
 * assert.equal(s, "0.1.0+0123456789ab.dirty");
 * ```
 */
export function formatStamp(version: string, commit: string | undefined, dirty: boolean): string {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new RangeError(`deno.json version '${version}' is not semver (MAJOR.MINOR.PATCH)`);
  }
  if (commit === undefined) return version;
  return `${version}+${commit.slice(0, 12)}${dirty ? ".dirty" : ""}`;
}

async function git(root: string, args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("git", {
      args,
      cwd: root,
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
  } catch {
    return undefined; // git is not installed
  }
}

/**
 * Reads deno.json's version and the git commit of `root`.
 *
 * @example
 * ```ts
 * import { readVersionStamp } from "./version.ts";
 * import assert from "node:assert/strict";
 * const root = new URL("../../", import.meta.url).pathname;
 * const v = await readVersionStamp(root);
 * assert.ok(v.stamp.startsWith(v.version));
 * ```
 */
export async function readVersionStamp(root: string): Promise<VersionStamp> {
  const config = JSON.parse(await Deno.readTextFile(`${root}/deno.json`));
  const version = String(config.version ?? "");
  const commit = await git(root, ["rev-parse", "HEAD"]);
  const status = commit === undefined
    ? ""
    : await git(root, ["status", "--porcelain", "--untracked-files=no"]);
  const dirty = (status ?? "") !== "";
  return { version, commit, dirty, stamp: formatStamp(version, commit, dirty) };
}
