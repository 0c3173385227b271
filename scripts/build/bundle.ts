/**
 * Single-file bundles of the CLIs (`deno bundle`), runnable with
 * `deno run -A dist/viewport.js`. Packages with prebuilt native parts stay
 * external and are imported as exact `npm:` specifiers, which Deno resolves
 * for the platform the bundle runs on.
 *
 * @module
 */
import type { Cli } from "./clis.ts";
import { runDeno } from "./deno_cmd.ts";
import type { NpmPackage } from "./graph.ts";

const SHEBANG = "#!/usr/bin/env -S deno run -A\n";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * Rewrites bare imports of `natives` (`"@lydell/node-pty"`, subpaths too) in
 * bundled code to `npm:NAME@VERSION`.
 *
 * @example
 * ```ts
 * import { pinExternals } from "./bundle.ts";
 * import assert from "node:assert/strict";
 * const out = pinExternals('await import("pty"); import x from "pty/a.js";',
 *   [{ id: "pty@1.1.0", name: "pty", version: "1.1.0", dependencies: [] }]);
 * assert.equal(out, 'await import("npm:pty@1.1.0"); import x from "npm:pty@1.1.0/a.js";');
 * ```
 */
export function pinExternals(code: string, natives: readonly NpmPackage[]): string {
  for (const p of natives) {
    const re = new RegExp(
      `(\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s+)(["'])${escape(p.name)}(/[^"']*)?\\2`,
      "g",
    );
    code = code.replace(
      re,
      (_m, lead, q, sub = "") => `${lead}${q}npm:${p.name}@${p.version}${sub}${q}`,
    );
  }
  return code;
}

const CREATE_REQUIRE = "__deno_internal_createRequire(import.meta.url)";

/**
 * Makes the `require` that `deno bundle` defines for bundled CommonJS
 * packages work when the bundle is loaded from a URL (`deno install -g
 * https://…/viewport.js`): Node's `createRequire` takes only file URLs and
 * paths. Bundles require only Node built-ins and optional packages, so a
 * fixed file base serves a remote bundle; a local one keeps its own path.
 *
 * @example
 * ```ts
 * import { portableRequire } from "./bundle.ts";
 * import assert from "node:assert/strict";
 * const out = portableRequire("var __require = __deno_internal_createRequire(import.meta.url);");
 * assert.ok(out.includes('import.meta.url.startsWith("file:")'));
 * ```
 */
export function portableRequire(code: string): string {
  return code.replace(
    CREATE_REQUIRE,
    '__deno_internal_createRequire(import.meta.url.startsWith("file:") ? import.meta.url : ' +
      '"file:///viewport-remote-bundle.js")',
  );
}

/**
 * Bundles `cli` from the staging tree into `outFile`; resolves to undefined on
 * success or the reason it failed.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: part of a whole build (`scripts/build.ts`); needs a staged checkout.
 * import { bundleCli } from "./bundle.ts";
 * const why = await bundleCli("dist/.stage", cli, "dist/viewport.js", [], {});
 * ```
 */
export async function bundleCli(
  stageDir: string,
  cli: Cli,
  outFile: string,
  natives: readonly NpmPackage[],
  env: Record<string, string>,
  noCheck = true,
): Promise<string | undefined> {
  const args = ["bundle", "--quiet", "--platform", "deno", "--format", "esm"];
  args.push("--node-modules-dir=manual", "-o", outFile);
  if (!noCheck) args.push("--check");
  // `--external` takes several values: the `=` form keeps it off the entry.
  for (const p of natives) args.push(`--external=${p.name}`, `--external=${p.name}/*`);
  args.push(cli.entry);
  const r = await runDeno(args, stageDir, env);
  if (!r.ok) return `deno bundle failed: ${r.why}`;
  let code: string;
  try {
    code = await Deno.readTextFile(outFile);
  } catch {
    return "deno bundle succeeded but wrote no file";
  }
  const body = code.startsWith("#!") ? code.slice(code.indexOf("\n") + 1) : code;
  await Deno.writeTextFile(outFile, SHEBANG + portableRequire(pinExternals(body, natives)));
  if (Deno.build.os !== "windows") await Deno.chmod(outFile, 0o755);
  return undefined;
}
