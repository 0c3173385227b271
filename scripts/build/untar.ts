/**
 * Unpacking npm package tarballs (`.tgz`) without an external `tar`, so the
 * build runs the same on Linux, macOS and Windows build hosts.
 *
 * @module
 */

/** One regular file of an archive. */
export interface TarFile {
  /** Path inside the archive, `/`-separated, first component (`package/`) removed. */
  path: string;
  /** Unix permission bits. */
  mode: number;
  data: Uint8Array;
}

const decoder = new TextDecoder();

function field(block: Uint8Array, at: number, len: number): string {
  const bytes = block.subarray(at, at + len);
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function octal(block: Uint8Array, at: number, len: number): number {
  const text = field(block, at, len).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new SyntaxError(`bad octal number '${text}' in a tar header`);
  return parseInt(text, 8);
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "LEN key=value\n".
  for (const line of decoder.decode(data).split("\n")) {
    const m = /^\d+ path=(.*)$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

function safePath(raw: string): string | undefined {
  const parts = raw.replaceAll("\\", "/").split("/").filter((p) => p !== "" && p !== ".");
  if (raw.startsWith("/") || parts.some((p) => p === ".." || p.includes(":"))) {
    throw new SyntaxError(`unsafe path '${raw}' in the archive`);
  }
  // npm tarballs put everything under one top folder (usually `package/`).
  return parts.length > 1 ? parts.slice(1).join("/") : undefined;
}

/**
 * Reads the regular files of an uncompressed tar archive (ustar, with pax
 * long names). Throws a SyntaxError on a truncated archive or an unsafe path
 * (absolute or containing `..`).
 *
 * @example
 * ```ts
 * import { readTar } from "./untar.ts";
 * import assert from "node:assert/strict";
 * const block = new Uint8Array(1024 + 512);
 * const put = (s: string, at: number) => block.set(new TextEncoder().encode(s), at);
 * put("package/a.txt", 0); put("0000644", 100); put("00000000002", 124); put("0", 156);
 * put("hi", 512);
 * const [f] = readTar(block);
 * assert.equal(f.path, "a.txt");
 * assert.equal(new TextDecoder().decode(f.data), "hi");
 * ```
 */
export function readTar(archive: Uint8Array): TarFile[] {
  const files: TarFile[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= archive.length) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 0x30);
    const start = at + 512;
    if (start + size > archive.length) throw new SyntaxError("the tar archive is truncated");
    const data = archive.subarray(start, start + size);
    at = start + Math.ceil(size / 512) * 512;
    if (type === "x") {
      longName = paxPath(data);
      continue;
    }
    if (type === "L") {
      longName = field(data, 0, data.length);
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ??
      (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type !== "0" && type !== "7") continue; // directories, links, global headers
    const path = safePath(name);
    if (path !== undefined) files.push({ path, mode: octal(header, 100, 8) & 0o777, data });
  }
  return files;
}

/**
 * Unpacks a gzipped npm tarball into `dir` (created), skipping files for
 * which `keep` returns false. Returns the written paths (relative).
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a package tarball.
 * import { unpackTgz } from "./untar.ts";
 * await unpackTgz(await Deno.readFile("pkg.tgz"), "/tmp/pkg");
 * ```
 */
export async function unpackTgz(
  tgz: Uint8Array,
  dir: string,
  keep: (path: string) => boolean = () => true,
): Promise<string[]> {
  const stream = new Blob([tgz as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  const tar = new Uint8Array(await new Response(stream).arrayBuffer());
  const written: string[] = [];
  for (const file of readTar(tar)) {
    if (!keep(file.path)) continue;
    const target = `${dir}/${file.path}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(target, file.data, { mode: file.mode || 0o644 });
    // writeFile's mode is masked by the umask and ignored for existing files.
    if (Deno.build.os !== "windows") await Deno.chmod(target, file.mode || 0o644);
    written.push(file.path);
  }
  return written;
}
