/**
 * Pieces shared by the network schemes (tcp, tls, ws, wss): the listening
 * policy, address text, connect errors and timeouts.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { isLoopbackHost } from "../uri/mod.ts";

/**
 * Refuses a listener beyond loopback that nobody has to authenticate to
 * (decisions: "anything listening beyond loopback requires a token"), unless
 * the caller explicitly allowed it. `authenticated` is true when a token is set
 * or TLS client certificates are required.
 *
 * @example
 * ```ts
 * import { checkListenPolicy } from "./_net.ts";
 * checkListenPolicy("tcp", "127.0.0.1", 9400, false, false); // loopback: fine
 * let refused = false;
 * try {
 *   checkListenPolicy("tcp", "0.0.0.0", 9400, false, false);
 * } catch {
 *   refused = true;
 * }
 * if (!refused) throw new Error("expected a refusal");
 * ```
 */
export function checkListenPolicy(
  scheme: string,
  host: string,
  port: number,
  authenticated: boolean,
  allowInsecureRemote: boolean | undefined,
): void {
  if (authenticated || allowInsecureRemote || isLoopbackHost(host)) return;
  const how = scheme === "tls" || scheme === "wss"
    ? "a token (?token= or the token option) or client certificates (?ca=)"
    : "a token (?token= or the token option)";
  throw new ViewportError(
    "unauthorized",
    `refusing to listen on ${scheme}://${hostPort(host, port)} beyond loopback without ${how}; ` +
      "bind a loopback address, or pass allowInsecureRemote: true on a trusted network",
  );
}

/**
 * `host:port`, with brackets around an IPv6 address.
 *
 * @example
 * ```ts
 * import { hostPort } from "./_net.ts";
 * if (hostPort("::1", 9400) !== "[::1]:9400") throw new Error("no brackets");
 * ```
 */
export function hostPort(host: string, port?: number): string {
  const h = host.includes(":") ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

/**
 * The error `connect` rejects with when the endpoint cannot be reached: code
 * `closed`, naming the (sanitized) target and the system's reason.
 *
 * @example
 * ```ts
 * import { connectError } from "./_net.ts";
 * const e = connectError("tcp://127.0.0.1:1", new Error("Connection refused"));
 * if (e.code !== "closed" || !e.message.includes("Connection refused")) throw e;
 * ```
 */
export function connectError(target: string, cause: unknown): ViewportError {
  if (cause instanceof ViewportError && cause.code !== "closed") return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ViewportError("closed", `cannot connect to ${target}: ${reason}`, { cause });
}

/**
 * Runs `attempt` with an AbortSignal that fires after `ms`; a timeout rejects
 * with `closed` naming the target, and a result that arrives too late is given
 * to `dispose` (so a late connection is not leaked).
 *
 * @example
 * ```ts
 * import { withTimeout } from "./_net.ts";
 * const v = await withTimeout("x", 1000, () => Promise.resolve(42));
 * if (v !== 42) throw new Error("wrong value");
 * ```
 */
export async function withTimeout<T>(
  target: string,
  ms: number,
  attempt: (signal: AbortSignal) => Promise<T>,
  dispose?: (late: T) => void,
): Promise<T> {
  const ctl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
      reject(new ViewportError("closed", `cannot connect to ${target}: timed out after ${ms} ms`));
    }, ms);
  });
  const work = attempt(ctl.signal).then((value) => {
    if (timedOut) dispose?.(value);
    return value;
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
