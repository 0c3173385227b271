/**
 * `viewport doctor --nats URI`: one frame from an app to a viewer through the
 * NATS server the URI names, on a private subject prefix below the URI's (so
 * that running apps are not asked to re-attach). Without a URI the check says
 * how to ask for it. The detail names the server, prefix, TLS and the kind of
 * credential, never the credential.
 *
 * @module
 */
import {
  formatViewportUri,
  type NatsUri,
  parseViewportUri,
  sanitizeViewportUri,
} from "../../src/transport/uri/mod.ts";
import { roundTrip, timed, type TransportCheck } from "./transports.ts";

/** How the URI authenticates, in words. */
function authOf(uri: NatsUri): string {
  if (uri.token !== undefined) return "token";
  if (uri.user !== undefined) return "user and password";
  if (uri.nkey !== undefined) return "NKey seed file";
  if (uri.creds !== undefined) return "creds file";
  return "no credentials";
}

/**
 * Checks a NATS URI (undefined: reports how to ask for the check).
 *
 * @example
 * ```ts
 * import { checkNats } from "./nats.ts";
 * import assert from "node:assert/strict";
 * assert.equal((await checkNats(undefined, 1000)).status, "available");
 * const bad = await checkNats("nats://h?password=s3cret", 1000);
 * assert.equal(bad.status, "fail");
 * assert.ok(!bad.detail.includes("s3cret"));
 * ```
 */
export async function checkNats(uri: string | undefined, timeout: number): Promise<TransportCheck> {
  if (uri === undefined) {
    return {
      scheme: "nats",
      status: "available",
      detail: "not tried: give --nats nats://HOST:PORT/PREFIX (or set VIEWPORT to one)",
    };
  }
  let parsed: NatsUri;
  try {
    const p = parseViewportUri(uri);
    if (p.scheme !== "nats" && p.scheme !== "nats+tls") {
      throw new Error(`--nats takes a nats:// or nats+tls:// URI, not ${sanitizeViewportUri(uri)}`);
    }
    parsed = p;
  } catch (err) {
    return { scheme: "nats", status: "fail", detail: (err as Error).message };
  }
  const id = crypto.randomUUID().slice(0, 8);
  const probe = formatViewportUri({ ...parsed, prefix: `${parsed.prefix}.doctor-${id}` });
  const tls = parsed.scheme === "nats+tls" ? "TLS" : "no TLS";
  const detail = `${parsed.host}:${parsed.port}, prefix ${parsed.prefix}, ${tls}, ${
    authOf(parsed)
  }`;
  const check = await timed(
    parsed.scheme,
    detail,
    timeout,
    () => roundTrip(probe, (l) => l.uri, timeout),
  );
  return check;
}
