/**
 * Golden screens: a screen compared with a text file kept beside the test,
 * rewritten when the test runs with `-- --update`, and a readable line diff
 * when they differ.
 *
 * @module
 */

/** Options of a golden comparison. */
export interface GoldenOptions {
  /** Where the files are (default: `__screens__` beside the test file that asked). */
  dir?: string | URL;
  /** Parts of the screen that change from run to run (times, counters): shown as `░`. */
  mask?: readonly RegExp[];
  /** Write the file instead of comparing (default: `--update`/`-u` after `--`, or `VIEWPORT_UPDATE_SCREENS=1`). */
  update?: boolean;
}

/** A golden file and the screen did not match, or the file is missing. */
export class GoldenMismatchError extends Error {
  override name = "GoldenMismatchError";
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * True when golden files should be rewritten: the test run was given
 * `-- --update` (or `-u`), or `VIEWPORT_UPDATE_SCREENS=1`.
 *
 * @example
 * ```ts
 * import { updateRequested } from "./golden.ts";
 * import assert from "node:assert/strict";
 * assert.equal(typeof updateRequested(), "boolean");
 * ```
 */
export function updateRequested(): boolean {
  if (Deno.args.includes("--update") || Deno.args.includes("-u")) return true;
  try {
    return Deno.env.get("VIEWPORT_UPDATE_SCREENS") === "1";
  } catch {
    return false;
  }
}

/** Replaces every match of `mask` with `░`, one per character, so columns stay put. */
export function applyMask(lines: readonly string[], mask: readonly RegExp[] = []): string[] {
  return lines.map((line) =>
    mask.reduce((l, re) => {
      const g = re.global ? re : new RegExp(re.source, re.flags + "g");
      return l.replace(g, (m) => "░".repeat([...m].length));
    }, line)
  );
}

/**
 * The folder of the test file that called into the driver: the first stack
 * frame outside `src/testing/`, its `__screens__` subfolder.
 */
export function callerScreensDir(): string {
  const stack = new Error().stack ?? "";
  for (const m of stack.matchAll(/(file:\/\/[^\s)]+?):\d+:\d+/g)) {
    const url = m[1];
    if (url.includes("/src/testing/")) continue;
    return new URL("./__screens__", url).pathname;
  }
  throw new Error("cannot tell which test file asked for a golden screen: pass { dir }");
}

function dirPath(dir: string | URL): string {
  return (dir instanceof URL ? dir.pathname : dir).replace(/\/$/, "");
}

/** The file of golden screen `name` in `dir`; throws a RangeError for a name that is not a plain file name. */
export function goldenPath(name: string, dir: string | URL): string {
  if (!NAME.test(name)) {
    throw new RangeError(
      `golden screen name ${JSON.stringify(name)}: expected letters, digits, . _ - (no slashes)`,
    );
  }
  return `${dirPath(dir)}/${name}.txt`;
}

/** The text a golden file holds for these screen lines. */
export function goldenText(lines: readonly string[], mask?: readonly RegExp[]): string {
  return applyMask(lines, mask).map((l) => l.trimEnd()).join("\n") + "\n";
}

/** The golden file's text, or null when there is none. */
export async function readGolden(name: string, dir: string | URL): Promise<string | null> {
  try {
    return await Deno.readTextFile(goldenPath(name, dir));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/**
 * Compares `lines` with the golden file `name`, or writes it when updating.
 * Throws {@linkcode GoldenMismatchError} with a line diff when they differ.
 *
 * @example
 * ```ts
 * import { assertGolden } from "./golden.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await assertGolden("hi", ["hello", ""], { dir, update: true });
 * await assertGolden("hi", ["hello", ""], { dir });
 * await assert.rejects(assertGolden("hi", ["hullo", ""], { dir })); // a change fails
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function assertGolden(
  name: string,
  lines: readonly string[],
  options: GoldenOptions = {},
): Promise<void> {
  const dir = dirPath(options.dir ?? callerScreensDir());
  const path = goldenPath(name, dir);
  const actual = applyMask(lines, options.mask).map((l) => l.trimEnd());
  const text = actual.join("\n") + "\n";
  if (options.update ?? updateRequested()) {
    await Deno.mkdir(dir, { recursive: true });
    const info = await Deno.lstat(path).catch(() => null);
    if (info?.isSymlink) throw new Error(`${path} is a symbolic link: not writing through it`);
    if (info && (await Deno.readTextFile(path)) === text) return;
    await Deno.writeTextFile(path, text);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(path);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    throw new GoldenMismatchError(
      `no golden screen ${JSON.stringify(name)} at ${path}\n` +
        `Create it by running the test with -- --update, then check the file.\n` +
        `The screen was:\n${actual.join("\n")}`,
    );
  }
  if (expected === text) return;
  const want = expected.replace(/\n$/, "").split("\n");
  throw new GoldenMismatchError(
    `screen ${JSON.stringify(name)} differs from ${path} (- expected, + actual):\n` +
      lineDiff(want, actual) +
      `\nIf the change is intended, run the test with -- --update (or VIEWPORT_UPDATE_SCREENS=1).`,
  );
}

/**
 * A line diff: every line, prefixed `-` (only expected), `+` (only actual) or
 * ` `, with line numbers of the side it comes from and `│` around the text so
 * that spaces show.
 *
 * @example
 * ```ts
 * import { lineDiff } from "./golden.ts";
 * import assert from "node:assert/strict";
 * const d = lineDiff(["a", "b"], ["a", "c"]);
 * assert.ok(d.includes("- 2 │b│"));
 * assert.ok(d.includes("+ 2 │c│"));
 * ```
 */
export function lineDiff(expected: readonly string[], actual: readonly string[]): string {
  const n = expected.length, m = actual.length;
  // Longest common subsequence, by suffix lengths.
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = expected[i] === actual[j]
        ? lcs[i + 1][j + 1] + 1
        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const w = String(Math.max(n, m)).length;
  const line = (mark: string, no: number, text: string) =>
    `${mark} ${String(no).padStart(w)} │${text}│`;
  const out: string[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      out.push(line(" ", j + 1, actual[j]));
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(line("-", i + 1, expected[i]));
      i++;
    } else {
      out.push(line("+", j + 1, actual[j]));
      j++;
    }
  }
  return out.join("\n");
}
