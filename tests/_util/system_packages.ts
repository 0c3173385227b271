/**
 * System packages the tests need (Chromium for the browser tests, jq for the
 * typed-pipe test, ffmpeg for the media tests, nats-server for the NATS
 * transport tests), installed from Debian when missing and running as root.
 * One install at a time: a lock file serializes every process of every test
 * file (and `scripts/test_setup.ts`, which installs them once before the
 * suite starts), and apt waits for the dpkg lock instead of failing on it.
 *
 * @module
 */

/** Where the lock lives: one per machine, shared by all checkouts. */
export const LOCK_PATH = "/tmp/viewport-system-packages.lock";

/** A Debian package that provides a program. */
export interface SystemPackage {
  /** The program's absolute path once installed, e.g. `/usr/bin/chromium`. */
  path: string;
  /** The Debian package name. */
  pkg: string;
  /** What needs it, for the messages. */
  purpose: string;
}

/** Chromium for the browser tests. */
export const CHROMIUM: SystemPackage = {
  path: "/usr/bin/chromium",
  pkg: "chromium",
  purpose: "the browser tests",
};

/** jq for the typed-pipe test. */
export const JQ: SystemPackage = { path: "/usr/bin/jq", pkg: "jq", purpose: "the jq pipe test" };

/** ffmpeg for the media tests (video clips made in the test, the video example). */
export const FFMPEG: SystemPackage = {
  path: "/usr/bin/ffmpeg",
  pkg: "ffmpeg",
  purpose: "the media tests",
};

/** nats-server for the NATS transport tests (conformance, fleet end to end). */
export const NATS_SERVER: SystemPackage = {
  path: "/usr/sbin/nats-server",
  pkg: "nats-server",
  purpose: "the NATS transport tests",
};

/** Every package the suite needs: `scripts/test_setup.ts` installs them up front. */
export const TEST_PACKAGES: readonly SystemPackage[] = [CHROMIUM, JQ, FFMPEG, NATS_SERVER];

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function aptGet(args: string[]): Promise<{ ok: boolean; err: string }> {
  try {
    const out = await new Deno.Command("apt-get", {
      // Wait for a dpkg lock another installer holds rather than fail at once.
      args: ["-o", "DPkg::Lock::Timeout=600", ...args],
      env: { DEBIAN_FRONTEND: "noninteractive" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    return { ok: out.success, err: new TextDecoder().decode(out.stderr).trim() };
  } catch (err) {
    return { ok: false, err: (err as Error).message };
  }
}

/** `apt-get install`, after `apt-get update` when the package lists are stale. */
async function aptInstall(pkg: string): Promise<{ ok: boolean; err: string }> {
  const r = await aptGet(["install", "-y", "--no-install-recommends", pkg]);
  if (r.ok) return r;
  await aptGet(["update"]);
  return await aptGet(["install", "-y", "--no-install-recommends", pkg]);
}

/** Runs `body` holding the machine-wide install lock. */
async function withLock<T>(body: () => Promise<T>): Promise<T> {
  const file = await Deno.open(LOCK_PATH, { create: true, write: true });
  try {
    await file.lock(true);
    return await body();
  } finally {
    file.close(); // closing releases the lock
  }
}

/**
 * Makes sure `p` is installed; returns its path, or throws an error that says
 * how to install it. `say` reports an install as it starts (stderr by default).
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: installs a system package (root, apt).
 * import { CHROMIUM, ensurePackage } from "./system_packages.ts";
 * const chromium = await ensurePackage(CHROMIUM);
 * ```
 */
export async function ensurePackage(
  p: SystemPackage,
  say: (line: string) => void = (line) => console.error(line),
  options: { install?: (pkg: string) => Promise<{ ok: boolean; err: string }>; root?: boolean } =
    {},
): Promise<string> {
  if (await isFile(p.path)) return p.path;
  const root = options.root ?? Deno.uid?.() === 0;
  let detail = "not running as root, so it cannot be installed here";
  if (root) {
    const install = options.install ?? aptInstall;
    detail = await withLock(async () => {
      // Another process may have installed it while this one waited.
      if (await isFile(p.path)) return "";
      say(`installing ${p.pkg} from Debian for ${p.purpose} (once)...`);
      const r = await install(p.pkg);
      return r.ok ? "" : `apt-get failed: ${r.err.split("\n").slice(-3).join(" ")}`;
    });
    if (await isFile(p.path)) return p.path;
  }
  throw new Error(
    `${p.purpose} need ${p.pkg} at ${p.path} (${detail || "the install did not provide it"}); ` +
      `install it with \`sudo apt-get install -y ${p.pkg}\` (Debian/Ubuntu) and run the tests again`,
  );
}
