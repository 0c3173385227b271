/**
 * One `deno bundle` of the browser client (`client/main.ts` and what it
 * imports) into an ES module for browsers. Shared by the checkout build, the
 * build of a URL install and `scripts/build.ts`, which embeds the result in
 * the single-file CLIs.
 *
 * @module
 */

/** Options for {@linkcode bundleClient}. */
export interface BundleClientOptions {
  /** Where deno runs (config discovery starts here). Default: the current directory. */
  cwd?: string;
  /** `host[:port]` remote modules may be imported from (`--allow-import`). */
  allowImport?: string;
  /** Ignore any deno.json and lock file (a remote entry has none of its own). */
  noConfig?: boolean;
  /** Kill deno after this long (a remote host that never answers). Default: no limit. */
  timeoutMs?: number;
}

/**
 * Bundles `entry` (a path or URL of `client/main.ts`) into `outFile`. The
 * bundle is written to a temporary file and renamed, so a reader never sees
 * half a file. Throws an Error carrying deno's message when bundling fails.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: bundles the browser client (tens of seconds).
 * import { bundleClient } from "./bundle_client.ts";
 * import assert from "node:assert/strict";
 * await bundleClient("viewer/web/client/main.ts", "/tmp/client.js");
 * const js = await Deno.readTextFile("/tmp/client.js");
 * assert.ok(js.includes("WebSocket"));
 * ```
 */
export async function bundleClient(
  entry: string,
  outFile: string,
  options: BundleClientOptions = {},
): Promise<void> {
  const tmp = `${outFile}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const args = ["bundle", "--quiet", "--platform", "browser", "--format", "esm", "-o", tmp];
  if (options.noConfig) args.push("--no-config", "--no-lock");
  if (options.allowImport) args.push(`--allow-import=${options.allowImport}`);
  args.push(entry);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let timedOut = false;
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs);
  const out = await child.output().finally(() => clearTimeout(timer));
  if (!out.success) {
    await Deno.remove(tmp).catch(() => {});
    const err = timedOut
      ? `no answer within ${options.timeoutMs! / 1000} s`
      : new TextDecoder().decode(out.stderr).trim();
    throw new Error(`deno bundle of the browser client failed: ${err}`);
  }
  await Deno.rename(tmp, outFile);
}
