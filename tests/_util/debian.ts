/**
 * System programs the tests need, from Debian's packages: found on the PATH,
 * else installed with apt-get (when running as root) once per machine, under
 * a file lock so parallel test files wait for one install instead of racing
 * (apt-get itself also waits for dpkg's lock rather than failing). Without
 * root the test fails saying how to install the package. Chromium is
 * installed the same way by `tests/web/_browser.ts`.
 *
 * @module
 */

async function onPath(name: string): Promise<string | null> {
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
    try {
      const p = `${dir}/${name}`;
      if ((await Deno.stat(p)).isFile) return p;
    } catch { /* not here */ }
  }
  return null;
}

async function aptGet(...args: string[]): Promise<{ ok: boolean; err: string }> {
  const out = await new Deno.Command("apt-get", {
    args: ["-o", "DPkg::Lock::Timeout=600", "-o", "APT::Get::Assume-Yes=true", ...args],
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdout: "null",
    stderr: "piped",
  }).output();
  return {
    ok: out.success,
    err: new TextDecoder().decode(out.stderr).trim().split("\n").slice(-2).join(" "),
  };
}

/**
 * The path of program `binary`, installing Debian package `pkg` if needed.
 *
 * @example
 * ```ts ignore
 * import { ensureDebianProgram } from "./debian.ts";
 * const ffmpeg = await ensureDebianProgram("ffmpeg", "ffmpeg");
 * ```
 */
export async function ensureDebianProgram(binary: string, pkg = binary): Promise<string> {
  const found = await onPath(binary);
  if (found) return found;
  if (Deno.uid?.() !== 0) {
    throw new Error(
      `the tests need ${binary}; install it with \`sudo apt-get install -y ${pkg}\` and run them again`,
    );
  }
  // One installer at a time across test processes; the others wait, then find it.
  const lock = await Deno.open(`/tmp/viewport-apt-${pkg}.lock`, { create: true, write: true });
  try {
    await lock.lock(true);
    const again = await onPath(binary);
    if (again) return again;
    let r = await aptGet("install", "--no-install-recommends", pkg);
    if (!r.ok) {
      await aptGet("update");
      r = await aptGet("install", "--no-install-recommends", pkg);
    }
    const path = await onPath(binary);
    if (path) return path;
    throw new Error(`installing ${pkg} with apt-get failed: ${r.err}`);
  } finally {
    await lock.unlock().catch(() => {});
    lock.close();
  }
}
