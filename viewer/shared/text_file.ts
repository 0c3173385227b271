/**
 * Writing the live text files safely in a directory others may share: the
 * directory is made 0700, files are 0600, each write goes to a temporary file
 * with a random name created exclusively (`O_CREAT|O_EXCL`, which never
 * follows a symlink) and is then renamed over the target (rename replaces the
 * directory entry, a symlink included, and never writes through it). A text
 * that is too long is cut, and one that cannot be built is replaced by a line
 * saying so, so that a stale file never passes for a current one.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Options of {@linkcode writeTextFileSafely}. */
export interface SafeWriteOptions {
  /** Longest text written, in UTF-8 bytes; a longer one is cut with a marker line. */
  maxBytes: number;
  /** What to call the text in a marker line (e.g. `session "a"`). */
  what: string;
}

/**
 * Makes `dir` (0700, parents as needed) unless it exists. Returns a warning
 * when an existing directory lets others in (group or other permission bits),
 * else undefined.
 *
 * @example
 * ```ts
 * import { preparePrivateDir } from "./text_file.ts";
 * import assert from "node:assert/strict";
 * const base = await Deno.makeTempDir();
 * assert.equal(preparePrivateDir(`${base}/out`), undefined);
 * assert.equal((Deno.statSync(`${base}/out`).mode! & 0o777), 0o700);
 * await Deno.remove(base, { recursive: true });
 * ```
 */
export function preparePrivateDir(dir: string): string | undefined {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(dir);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode passes through the umask; make sure of 0700.
    Deno.chmodSync(dir, 0o700);
    return undefined;
  }
  if (!info.isDirectory) throw new Error(`${dir} is not a directory`);
  const mode = (info.mode ?? 0) & 0o777;
  if (mode & 0o077 && Deno.build.os !== "windows") {
    return `text dir ${dir} has mode ${mode.toString(8).padStart(4, "0")}: others can list ` +
      `it (its files are 0600); use a 0700 directory to keep session names private`;
  }
  return undefined;
}

/**
 * Replaces `dir/name` atomically with `text()` plus a newline. `text` is
 * called once; if it throws (a projection too large for a string), the file
 * gets a marker line naming the problem instead.
 *
 * @example
 * ```ts
 * import { writeTextFileSafely } from "./text_file.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * writeTextFileSafely(dir, "a.txt", () => "hello", { maxBytes: 1 << 20, what: "session a" });
 * assert.equal(Deno.readTextFileSync(`${dir}/a.txt`), "hello\n");
 * assert.equal((Deno.statSync(`${dir}/a.txt`).mode! & 0o777), 0o600);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function writeTextFileSafely(
  dir: string,
  name: string,
  text: () => string,
  options: SafeWriteOptions,
): void {
  const bytes = contents(text, options);
  const temp = `${dir}/.${name}.${randomHex()}.tmp`;
  const file = Deno.openSync(temp, { write: true, createNew: true, mode: 0o600 });
  try {
    let off = 0;
    while (off < bytes.length) off += file.writeSync(bytes.subarray(off));
  } catch (err) {
    file.close();
    removeQuietly(temp);
    throw err;
  }
  file.close();
  try {
    Deno.renameSync(temp, `${dir}/${name}`);
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
}

/** The file's bytes: the text and a newline, cut or replaced by a marker when needed. */
function contents(text: () => string, options: SafeWriteOptions): Uint8Array {
  let value: string;
  try {
    value = text();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return encoder.encode(`[viewport: the text of ${options.what} could not be built: ${why}]\n`);
  }
  // UTF-8 is at most 3 bytes per UTF-16 unit: short texts need no check.
  if (value.length * 3 <= options.maxBytes) return encoder.encode(value + "\n");
  const all = encoder.encode(value);
  if (all.length <= options.maxBytes) return encoder.encode(value + "\n");
  let cut = options.maxBytes;
  while (cut > 0 && (all[cut] & 0xc0) === 0x80) cut--; // not inside a character
  const marker = encoder.encode(
    `\n[viewport: the text of ${options.what} is cut here: ${all.length - cut} more bytes ` +
      `(of ${all.length}) are over the limit of ${options.maxBytes}]\n`,
  );
  const out = new Uint8Array(cut + marker.length);
  out.set(all.subarray(0, cut));
  out.set(marker, cut);
  return out;
}

function randomHex(): string {
  let out = "";
  for (const b of crypto.getRandomValues(new Uint8Array(12))) {
    out += b.toString(16).padStart(2, "0");
  }
  return out;
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch { /* already gone */ }
}
