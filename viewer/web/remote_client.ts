/**
 * The browser client of a CLI run from a URL (`deno install -g
 * https://…/cli/viewport.ts`): its sources are not on disk, so it is bundled
 * from the same URL (`deno bundle` takes a remote entry) and kept in a cache
 * folder per version and URL, so later starts need neither the network nor
 * a bundler run.
 *
 * @module
 */
import { bundleClient } from "./bundle_client.ts";
import type { ClientFiles } from "./embedded_client.ts";

/** Options for {@linkcode remoteClient}. */
export interface RemoteClientOptions {
  /** The version the cache is kept under (deno.json's). */
  version: string;
  /** The environment that places the cache (`XDG_CACHE_HOME`, `HOME`, `LOCALAPPDATA`). */
  env?: Record<string, string | undefined>;
  /** Give up on the remote host after this long (default 60 s). */
  timeoutMs?: number;
}

/**
 * The cache folder of the client for `root` (the repository root URL):
 * `$XDG_CACHE_HOME/viewport/VERSION/HASH`, else `~/.cache/viewport/…`, else
 * `%LOCALAPPDATA%\viewport\…`; HASH names the URL. Throws an Error when the
 * environment names no cache folder.
 *
 * @example
 * ```ts
 * import { clientCacheDir } from "./remote_client.ts";
 * import assert from "node:assert/strict";
 * const dir = await clientCacheDir(new URL("https://h/v1/"), "0.1.0", { HOME: "/home/a" });
 * assert.match(dir, /^\/home\/a\/\.cache\/viewport\/0\.1\.0\/[0-9a-f]{16}$/);
 * ```
 */
export async function clientCacheDir(
  root: URL,
  version: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const base = env.XDG_CACHE_HOME || (env.HOME ? `${env.HOME}/.cache` : env.LOCALAPPDATA);
  if (!base) {
    throw new Error(
      "no cache folder for the browser client: set XDG_CACHE_HOME or HOME",
    );
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(root.href));
  const hash = [...new Uint8Array(digest).slice(0, 8)]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${base}/viewport/${version}/${hash}`;
}

async function readCached(dir: string): Promise<ClientFiles | undefined> {
  try {
    const [js, css] = await Promise.all([
      Deno.readTextFile(`${dir}/client.js`),
      Deno.readTextFile(`${dir}/client.css`),
    ]);
    return { js, css };
  } catch {
    return undefined;
  }
}

/** The URL without credentials, query or fragment: safe to show. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

async function fetchText(url: URL, signal: AbortSignal): Promise<string> {
  const res = await fetch(url, { signal });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`${shown(url)}: HTTP ${res.status}`);
  }
  return await res.text();
}

/**
 * The client for the repository at `root`: from the cache when it was built
 * before, else bundled from `root`'s `viewer/web/client/main.ts` and
 * `client.css` and cached. Throws an Error naming the URL, the cause and the
 * ways around it when it cannot be built.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: fetches the client from a remote host.
 * import { remoteClient } from "./remote_client.ts";
 * const { js } = await remoteClient(new URL("https://host/viewport/v0.1.0/"), { version: "0.1.0" });
 * ```
 */
export async function remoteClient(root: URL, options: RemoteClientOptions): Promise<ClientFiles> {
  const env = options.env ?? Deno.env.toObject();
  const dir = await clientCacheDir(root, options.version, env);
  const cached = await readCached(dir);
  if (cached) return cached;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const entry = new URL("viewer/web/client/main.ts", root);
  const cssUrl = new URL("viewer/web/client/client.css", root);
  try {
    await Deno.mkdir(dir, { recursive: true });
    const css = await fetchText(cssUrl, AbortSignal.timeout(timeoutMs));
    await bundleClient(entry.href, `${dir}/client.js`, {
      cwd: dir,
      noConfig: true,
      allowImport: root.host,
      timeoutMs,
    });
    // client.css last: its presence says the cache is complete.
    const tmp = `${dir}/client.css.${Deno.pid}.tmp`;
    await Deno.writeTextFile(tmp, css);
    await Deno.rename(tmp, `${dir}/client.css`);
  } catch (err) {
    const why = (err as Error)?.message ?? String(err);
    throw new Error(
      `the browser client could not be built from ${shown(entry)} (into ${dir}): ${why}\n` +
        "It is built once per version and URL, so this needs the host reachable once; " +
        "or use a checkout install, a bundle or a compiled binary, which carry the client.",
    );
  }
  const built = await readCached(dir);
  if (!built) throw new Error(`the browser client was built into ${dir} but cannot be read back`);
  return built;
}
