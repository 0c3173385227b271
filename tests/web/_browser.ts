/**
 * Chromium for the browser tests: found at /usr/bin/chromium, installed with
 * apt-get when missing and running as root, else a failure that says how to
 * install it. One browser per test file keeps the suite fast.
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Chromium flags for headless, sandbox-less, offline CI runs. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = new URL("./artifacts/", import.meta.url);

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function aptGet(...args: string[]): Promise<boolean> {
  const out = await new Deno.Command("apt-get", {
    // Wait for dpkg's lock rather than fail: ffmpeg may be installing (tests/_util/debian.ts).
    args: ["-o", "DPkg::Lock::Timeout=600", ...args],
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdout: "null",
    stderr: "piped",
  }).output();
  return out.success;
}

/** Makes sure Chromium is installed; returns its path. */
export async function ensureChromium(): Promise<string> {
  if (await exists(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const root = Deno.uid?.() === 0;
  if (root) {
    if (!await aptGet("install", "-y", "chromium")) {
      await aptGet("update");
      await aptGet("install", "-y", "chromium");
    }
    if (await exists(CHROMIUM_PATH)) return CHROMIUM_PATH;
  }
  throw new Error(
    `the browser tests need Chromium at ${CHROMIUM_PATH}; install it with ` +
      "`sudo apt-get install -y chromium` (Debian/Ubuntu) and run the tests again",
  );
}

/** Launches headless Chromium. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await ensureChromium();
  return await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Saves a screenshot of `page` as `artifacts/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname });
}
