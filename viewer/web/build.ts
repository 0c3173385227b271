/**
 * Where the browser client comes from. {@linkcode loadClient} picks, in order:
 * the copy embedded in a single-file bundle or compiled binary
 * (`embedded_client.ts`, filled in by `scripts/build.ts`); for sources on
 * disk, a bundle of `client/main.ts` and what it imports from `src/protocol`,
 * `src/model` and `src/projection`, rebuilt only when a source is newer
 * ({@linkcode buildClient}); for sources loaded from a URL, a bundle of the
 * remote sources kept in a cache folder (`remote_client.ts`).
 * Run `deno run -A viewer/web/build.ts` to build ahead of time.
 *
 * @module
 */
import { fileURLToPath as fromFileUrl } from "node:url";
import config from "../../deno.json" with { type: "json" };
import { bundleClient } from "./bundle_client.ts";
import { type ClientFiles, EMBEDDED_CLIENT } from "./embedded_client.ts";
import { remoteClient } from "./remote_client.ts";

export type { ClientFiles } from "./embedded_client.ts";

const HERE = new URL(".", import.meta.url);
const ROOT = new URL("../../", import.meta.url);
const SOURCE_DIRS = ["viewer/web/client/", "src/protocol/", "src/model/", "src/projection/"];

/** Where the built client lives. */
export interface ClientBundle {
  /** The bundled client script. */
  js: string;
  /** The stylesheet. */
  css: string;
}

/** Options for {@linkcode buildClient}. */
export interface BuildOptions {
  /** Output directory (default `viewer/web/dist`). */
  outDir?: string;
  /** Rebuild even when the bundle is up to date. */
  force?: boolean;
}

/**
 * The client to serve: embedded, built from the sources on disk, or built
 * from the sources' URL and cached (see the module documentation).
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: builds the browser client (tens of seconds).
 * import { loadClient } from "./build.ts";
 * import assert from "node:assert/strict";
 * const { js, css } = await loadClient();
 * assert.ok(js.length > 0 && css.length > 0);
 * ```
 */
export async function loadClient(options: BuildOptions = {}): Promise<ClientFiles> {
  if (EMBEDDED_CLIENT) return EMBEDDED_CLIENT;
  if (ROOT.protocol !== "file:") return await remoteClient(ROOT, { version: config.version });
  const bundle = await buildClient(options);
  const [js, css] = await Promise.all([
    Deno.readTextFile(bundle.js),
    Deno.readTextFile(bundle.css),
  ]);
  return { js, css };
}

const inFlight = new Map<string, Promise<ClientBundle>>();

/**
 * Builds the client bundle from the sources on disk if it is missing or older
 * than its sources, and returns the paths of the files to serve. Concurrent
 * calls share one build.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: builds the browser client (tens of seconds).
 * import { buildClient } from "./build.ts";
 * import assert from "node:assert/strict";
 * const { js } = await buildClient();
 * assert.ok((await Deno.stat(js)).isFile);
 * ```
 */
export function buildClient(options: BuildOptions = {}): Promise<ClientBundle> {
  const outDir = options.outDir ?? fromFileUrl(new URL("dist/", HERE));
  const key = outDir + (options.force ? "!" : "");
  let p = inFlight.get(key);
  if (!p) {
    p = build(outDir, options.force ?? false).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

async function build(outDir: string, force: boolean): Promise<ClientBundle> {
  const js = `${outDir}/client.js`;
  const css = fromFileUrl(new URL("client/client.css", HERE));
  if (!force && await isFresh(js)) return { js, css };
  await Deno.mkdir(outDir, { recursive: true });
  const entry = fromFileUrl(new URL("client/main.ts", HERE));
  await bundleClient(entry, js, { cwd: fromFileUrl(ROOT) });
  return { js, css };
}

async function isFresh(bundle: string): Promise<boolean> {
  let built: number;
  try {
    built = (await Deno.stat(bundle)).mtime?.getTime() ?? 0;
  } catch {
    return false;
  }
  try {
    for (const dir of SOURCE_DIRS) {
      if (await newerThan(fromFileUrl(new URL(dir, ROOT)), built)) return false;
    }
  } catch {
    // No sources to compare with: serve the bundle there is.
  }
  return true;
}

async function newerThan(dir: string, time: number): Promise<boolean> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      if (await newerThan(path, time)) return true;
    } else if (entry.name.endsWith(".ts")) {
      if (((await Deno.stat(path)).mtime?.getTime() ?? 0) > time) return true;
    }
  }
  return false;
}

if (import.meta.main) {
  const { js } = await buildClient({ force: true });
  console.log(`built ${js}`);
}
