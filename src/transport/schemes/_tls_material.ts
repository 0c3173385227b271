/**
 * The certificate files a `tls://` or `wss://` URI names, read once.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import type { TlsParams } from "../uri/mod.ts";

/** PEM contents of the files a `tls://` or `wss://` URI names. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Reads the `ca`, `cert` and `key` files of a URI; a missing file is a
 * `bad_uri` error naming the parameter and path.
 *
 * @example
 * ```ts
 * import { readTlsMaterial } from "./_tls_material.ts";
 * const none = await readTlsMaterial({ insecure: false });
 * if (none.ca !== undefined) throw new Error("nothing to read");
 * ```
 */
export async function readTlsMaterial(params: TlsParams): Promise<TlsMaterial> {
  const out: TlsMaterial = {};
  for (const name of ["ca", "cert", "key"] as const) {
    const path = params[name];
    if (path === undefined) continue;
    try {
      out[name] = await Deno.readTextFile(path);
    } catch (err) {
      throw new ViewportError(
        "bad_uri",
        `cannot read the '${name}' file ${path}: ${err instanceof Error ? err.message : err}`,
        { cause: err },
      );
    }
  }
  return out;
}
