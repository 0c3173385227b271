/**
 * Bundles the browser client (`client/main.ts` and what it imports from
 * `src/protocol`, `src/model` and `src/projection`) into one ES module with
 * `deno bundle`, which works offline. The server calls {@linkcode buildClient}
 * on start; it rebuilds only when a source is newer than the bundle.
 * Run `deno run -A viewer/web/build.ts` to build ahead of time.
 *
 * @module
 */
import { fileURLToPath as fromFileUrl } from "node:url";

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

const inFlight = new Map<string, Promise<ClientBundle>>();

/**
 * Builds the client bundle if it is missing or older than its sources, and
 * returns the paths of the files to serve. Concurrent calls share one build;
 * the bundle is written to a temporary file and renamed, so a reader never sees
 * half a file.
 *
 * @example
 * ```ts ignore
 * import { buildClient } from "./build.ts";
 * const { js } = await buildClient();
 * if (!(await Deno.stat(js)).isFile) throw new Error("no bundle");
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
  const tmp = `${js}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const entry = fromFileUrl(new URL("client/main.ts", HERE));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "browser", "--format", "esm", "-o", tmp, entry],
    cwd: fromFileUrl(ROOT),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!out.success) {
    await Deno.remove(tmp).catch(() => {});
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`building the browser client with deno bundle failed:\n${err}`);
  }
  await Deno.rename(tmp, js);
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
    // No sources to compare with (a compiled binary carries only the bundle).
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
