/**
 * `import_map.json`: package.json's dependencies as `npm:` specifiers, for
 * `deno install -g … --import-map URL/import_map.json URL/cli/viewport.ts`. A
 * checkout resolves bare specifiers through package.json; a module loaded from
 * a URL has no package.json, so this map stands in for it.
 *
 * @module
 */

/** An import map. */
export interface ImportMap {
  imports: Record<string, string>;
}

/**
 * The import map for a package.json's `dependencies` (exact versions only).
 * Throws a RangeError for a version range, which an installed CLI must not float on.
 *
 * @example
 * ```ts
 * import { importMapFor } from "./import_map.ts";
 * import assert from "node:assert/strict";
 * const m = importMapFor({ dependencies: { ws: "8.23.0" } });
 * assert.equal(m.imports.ws, "npm:ws@8.23.0");
 * assert.equal(m.imports["ws/"], "npm:/ws@8.23.0/");
 * ```
 */
export function importMapFor(pkg: { dependencies?: Record<string, string> }): ImportMap {
  const imports: Record<string, string> = {};
  for (const name of Object.keys(pkg.dependencies ?? {}).sort()) {
    const version = pkg.dependencies![name];
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
      throw new RangeError(`package.json pins ${name} to '${version}', not an exact version`);
    }
    imports[name] = `npm:${name}@${version}`;
    imports[`${name}/`] = `npm:/${name}@${version}/`;
  }
  return { imports };
}

/**
 * The file text of `import_map.json` for the package.json at `root`.
 *
 * @example
 * ```ts
 * import { importMapText } from "./import_map.ts";
 * import assert from "node:assert/strict";
 * const root = new URL("../../", import.meta.url).pathname;
 * assert.ok((await importMapText(root)).includes('"ws": "npm:ws@'));
 * ```
 */
export async function importMapText(root: string): Promise<string> {
  const pkg = JSON.parse(await Deno.readTextFile(`${root}/package.json`));
  return JSON.stringify(importMapFor(pkg), null, 2) + "\n";
}
