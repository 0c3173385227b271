/**
 * npm packages only the benchmarks compare against (cbor-x, cborg). They are
 * not the project's dependencies: npm installs them into `bench/.packages/`
 * on first use (pinned, install scripts off: cbor-x's native helper ships
 * prebuilt) and the benches import their files from there by path. So neither
 * `package.json` nor `deno.lock` holds them, and an app's or the tests' first
 * run installs nothing with a build step.
 *
 * @module
 */

/** The pinned versions. */
export const BENCH_PACKAGES: Readonly<Record<string, string>> = {
  "cbor-x": "1.6.0",
  "cborg": "4.5.8",
};

const DIR = new URL("./.packages/", import.meta.url);

async function installedVersion(name: string): Promise<string | undefined> {
  try {
    const pkg = await Deno.readTextFile(new URL(`node_modules/${name}/package.json`, DIR));
    return JSON.parse(pkg).version;
  } catch {
    return undefined;
  }
}

let ready: Promise<void> | undefined;

/** Installs the packages when missing (once per process). */
function ensureInstalled(): Promise<void> {
  ready ??= (async () => {
    const missing = [];
    for (const [name, version] of Object.entries(BENCH_PACKAGES)) {
      if (await installedVersion(name) !== version) missing.push(`${name}@${version}`);
    }
    if (missing.length === 0) return;
    console.error(`bench: installing ${missing.join(", ")} into bench/.packages (once)...`);
    const prefix = DIR.pathname;
    await Deno.mkdir(prefix, { recursive: true });
    const out = await new Deno.Command("npm", {
      args: [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-package-lock",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        ...Object.entries(BENCH_PACKAGES).map(([n, v]) => `${n}@${v}`),
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(
        `bench: npm could not install ${missing.join(", ")}: ` +
          new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" "),
      );
    }
  })();
  return ready;
}

/**
 * Imports `file` of bench package `name` (e.g. `("cbor-x", "index.js")`),
 * installing the packages first when needed.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: installs npm packages for the benchmarks.
 * import { benchImport } from "./_packages.ts";
 * const cborg = await benchImport<{ encode(v: unknown): Uint8Array }>("cborg", "cborg.js");
 * ```
 */
export async function benchImport<T>(name: string, file: string): Promise<T> {
  if (!(name in BENCH_PACKAGES)) throw new TypeError(`${name} is not a bench package`);
  await ensureInstalled();
  // A computed URL: the module graph (and so deno.lock) never sees it.
  return await import(new URL(`node_modules/${name}/${file}`, DIR).href) as T;
}

/** The part of cbor-x the benches use. */
export interface CborX {
  addExtension(extension: {
    Class: abstract new (...args: never[]) => unknown;
    tag: number;
    // deno-lint-ignore no-explicit-any
    encode(value: any, encode: (value: unknown) => Uint8Array): Uint8Array;
    // deno-lint-ignore no-explicit-any
    decode(value: any): unknown;
  }): void;
  Encoder: new (options: Record<string, unknown>) => { encode(value: unknown): Uint8Array };
  Decoder: new (options: Record<string, unknown>) => { decode(bytes: Uint8Array): unknown };
  decode(bytes: Uint8Array): unknown;
}

/**
 * cbor-x as the benches load it: its pure-JS build (what `cbor-x/encode`
 * resolves to under Deno), or with `native` the entry that loads the
 * prebuilt `cbor-extract` string decoder.
 */
export function loadCborX(native = false): Promise<CborX> {
  return benchImport<CborX>("cbor-x", native ? "node-index.js" : "index.js");
}

/** The part of cborg the benches use. */
export interface Cborg {
  encode(value: unknown, options?: unknown): Uint8Array;
  decode(bytes: Uint8Array, options?: unknown): unknown;
  Token: new (type: unknown, value: unknown) => unknown;
  Type: { tag: unknown; uint: unknown };
}

/** cborg. */
export function loadCborg(): Promise<Cborg> {
  return benchImport<Cborg>("cborg", "cborg.js");
}
