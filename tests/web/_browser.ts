/**
 * Chromium for the browser tests: found at /usr/bin/chromium, installed with
 * apt-get when missing and running as root (once, under a machine-wide lock:
 * `deno task test` installs it before the suite starts), else a failure that
 * says how to install it. One browser per test file keeps the suite fast.
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM, ensurePackage } from "../_util/system_packages.ts";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = CHROMIUM.path;

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

/** Makes sure Chromium is installed; returns its path. */
export function ensureChromium(): Promise<string> {
  return ensurePackage(CHROMIUM);
}

/**
 * Launches headless Chromium. A launch that dies at start (it happens on a
 * machine loaded to the brim: the browser aborts before its first page) is
 * tried again, twice at most.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await ensureChromium();
  for (let attempt = 1;; attempt++) {
    try {
      return await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    } catch (err) {
      if (attempt >= 3) throw err;
      console.error(`chromium did not start (attempt ${attempt}): trying again`);
    }
  }
}

/** Saves a screenshot of `page` as `artifacts/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname });
}
