/**
 * `viewport --web --token-file PATH`: the browser viewer's token kept in a
 * file, so a restarted viewer takes the pages that were open (they rejoin
 * without a reload). The file is the key: it is created 0600 when missing,
 * and refused when it is a symlink, not a regular file, not the user's own,
 * or readable by others.
 *
 * @module
 */
import { newToken } from "../../src/transport/mod.ts";

const TOKEN = /^[A-Za-z0-9_-]{16,512}$/;

/**
 * The token in `path`, made (a new random token, mode 0600) when the file
 * does not exist. Throws with what to do when the file is unsafe or holds no
 * token.
 *
 * @example
 * ```ts
 * import { loadTokenFile } from "./token_file.ts";
 * const dir = await Deno.makeTempDir();
 * const first = await loadTokenFile(`${dir}/token`);
 * if (await loadTokenFile(`${dir}/token`) !== first) throw new Error("the token must be kept");
 * if (((await Deno.stat(`${dir}/token`)).mode! & 0o777) !== 0o600) throw new Error("0600");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadTokenFile(path: string): Promise<string> {
  let info: Deno.FileInfo | null = null;
  try {
    info = await Deno.lstat(path);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  if (info === null) {
    const token = newToken();
    let file: Deno.FsFile;
    try {
      // createNew: never through a symlink or over a file made meanwhile.
      file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    } catch (err) {
      if (err instanceof Deno.errors.AlreadyExists) return loadTokenFile(path);
      throw new Error(`--token-file ${path}: cannot create it: ${(err as Error).message}`);
    }
    try {
      await file.write(new TextEncoder().encode(token + "\n"));
    } finally {
      file.close();
    }
    return token;
  }
  if (info.isSymlink) {
    throw new Error(`--token-file ${path} is a symlink; refusing it (name the file itself)`);
  }
  if (!info.isFile) throw new Error(`--token-file ${path} is not a regular file`);
  const uid = Deno.uid?.();
  if (uid !== null && uid !== undefined && info.uid !== null && info.uid !== uid) {
    throw new Error(`--token-file ${path} belongs to another user; refusing it`);
  }
  if (info.mode !== null && (info.mode & 0o077) !== 0) {
    throw new Error(
      `--token-file ${path} can be read by others (mode ${
        (info.mode & 0o777).toString(8).padStart(3, "0")
      }); run chmod 600 ${path}`,
    );
  }
  const token = (await Deno.readTextFile(path)).trim();
  if (!TOKEN.test(token)) {
    throw new Error(
      `--token-file ${path} holds no token (expected 16-512 characters of A-Z a-z 0-9 - _; ` +
        "delete the file to have a new one made)",
    );
  }
  return token;
}
