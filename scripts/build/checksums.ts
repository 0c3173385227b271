/**
 * `SHA256SUMS` in the format `sha256sum -c` reads: one `HEX  NAME` line per
 * file, sorted by name.
 *
 * @module
 */

/**
 * The SHA-256 of a file as lowercase hex.
 *
 * @example
 * ```ts
 * import { sha256File } from "./checksums.ts";
 * import assert from "node:assert/strict";
 * const f = await Deno.makeTempFile();
 * await Deno.writeTextFile(f, "abc");
 * const hex = await sha256File(f);
 * await Deno.remove(f);
 * assert.ok(hex.startsWith("ba7816bf"));
 * ```
 */
export async function sha256File(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Formats checksum lines for `{ name: hex }`.
 *
 * @example
 * ```ts
 * import { formatChecksums } from "./checksums.ts";
 * import assert from "node:assert/strict";
 * const text = formatChecksums({ b: "22", a: "11" });
 * assert.equal(text, "11  a\n22  b\n");
 * ```
 */
export function formatChecksums(sums: Readonly<Record<string, string>>): string {
  return Object.keys(sums).sort().map((name) => {
    if (/[\n\\]/.test(name)) throw new RangeError(`file name '${name}' cannot be listed`);
    return `${sums[name]}  ${name}\n`;
  }).join("");
}

/**
 * Parses checksum lines (text mode `HEX  NAME` or binary mode `HEX *NAME`).
 * Throws a SyntaxError naming the first bad line.
 *
 * @example
 * ```ts
 * import { parseChecksums } from "./checksums.ts";
 * import assert from "node:assert/strict";
 * const sums = parseChecksums("ab".repeat(32) + "  viewport.js\n");
 * assert.equal(sums["viewport.js"], "ab".repeat(32));
 * ```
 */
export function parseChecksums(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split("\n").forEach((line, i) => {
    if (line === "") return;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new SyntaxError(`line ${i + 1} is not 'SHA256  NAME': ${line.slice(0, 80)}`);
    out[m[2]] = m[1];
  });
  return out;
}

/**
 * Hashes `names` (relative to `dir`) and writes `dir/SHA256SUMS`. Returns the sums.
 *
 * @example
 * ```ts
 * import { writeChecksums } from "./checksums.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
 * const sums = await writeChecksums(dir, ["a.txt"]);
 * const text = await Deno.readTextFile(`${dir}/SHA256SUMS`);
 * await Deno.remove(dir, { recursive: true });
 * assert.ok(text.endsWith("  a.txt\n"));
 * assert.ok(sums["a.txt"]);
 * ```
 */
export async function writeChecksums(
  dir: string,
  names: readonly string[],
): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const name of names) sums[name] = await sha256File(`${dir}/${name}`);
  await Deno.writeTextFile(`${dir}/SHA256SUMS`, formatChecksums(sums));
  return sums;
}
