/**
 * `vsock://CID:PORT`: virtio sockets between a VM and its host (Linux). Deno
 * supports them natively behind `--unstable-vsock`; without the feature Deno
 * ends the whole process on the first vsock call, so this module checks first
 * and rejects with `unsupported` instead. A token (the `token` option) works as
 * on `tcp://`.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { authLine, checkAuthLine } from "./_auth_line.ts";
import {
  type ConnectOptions,
  DEFAULT_HANDSHAKE_TIMEOUT,
  denoConnChannel,
  type Listener,
  type ListenOptions,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { acceptInto } from "../io/deno_accept.ts";
import { connectError } from "./_net.ts";
import { formatViewportUri, VMADDR_CID_ANY, type VsockUri } from "../uri/mod.ts";

/**
 * Whether this process may use vsock: Linux, and Deno's vsock feature enabled by
 * `--unstable-vsock` (or `--unstable`) on the command line, or by `"unstable":
 * ["vsock"]` in the deno.json that applies to the working directory. (A
 * compiled binary's flags are not visible: pass `assumeEnabled`.)
 *
 * @example
 * ```ts
 * import { vsockEnabled } from "./vsock.ts";
 * if (typeof vsockEnabled() !== "boolean") throw new Error("expected a boolean");
 * ```
 */
export function vsockEnabled(): boolean {
  if (Deno.build.os !== "linux") return false;
  try {
    const args = Deno.readTextFileSync("/proc/self/cmdline").split("\0");
    if (args.some((a) => a === "--unstable-vsock" || a === "--unstable")) return true;
  } catch {
    // No /proc: fall through to the config check.
  }
  return configEnablesVsock(Deno.cwd());
}

function configEnablesVsock(start: string): boolean {
  for (let dir = start;;) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      try {
        const text = Deno.readTextFileSync(`${dir}/${name}`);
        // deno.jsonc may hold comments; a plain search for the entry suffices.
        return /"unstable"\s*:\s*\[[^\]]*"vsock"/.test(text);
      } catch {
        // Not here (or unreadable): keep looking upwards.
      }
    }
    const parent = dir.replace(/\/[^/]*$/, "");
    if (parent === dir || parent === "") return false;
    dir = parent;
  }
}

function requireVsock(what: string): void {
  if (Deno.build.os !== "linux") {
    throw new ViewportError(
      "unsupported",
      `${what} is unsupported on this platform (${Deno.build.os}): vsock exists on Linux only`,
    );
  }
  if (!vsockEnabled()) {
    throw new ViewportError(
      "unsupported",
      `${what} needs Deno's vsock support: run with --unstable-vsock ` +
        '(or "unstable": ["vsock"] in deno.json)',
    );
  }
}

// Deno takes VMADDR_CID_ANY as -1.
const denoCid = (cid: number) => cid === VMADDR_CID_ANY ? -1 : cid;

/**
 * Connects to a viewer over vsock (e.g. `vsock://2:5000`, the host).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connectVsock } from "./vsock.ts";
 * // Inside a VM (run with --unstable-vsock) this reaches the host (CID 2). Here
 * // there is no vsock peer, or no --unstable-vsock: a clean rejection either way.
 * await assert.rejects(connectVsock({ scheme: "vsock", cid: 2, port: 5000 }));
 * ```
 */
export async function connectVsock(
  uri: VsockUri,
  options: ConnectOptions = {},
): Promise<Transport> {
  const target = `vsock://${uri.cid}:${uri.port}`;
  requireVsock(target);
  let conn: Deno.VsockConn;
  try {
    conn = await Deno.connect({ transport: "vsock", cid: denoCid(uri.cid), port: uri.port });
  } catch (err) {
    throw connectError(target, err);
  }
  const token = options.token;
  return new StreamTransport(denoConnChannel(conn), {
    scheme: "vsock",
    peer: `${uri.cid}:${uri.port}`,
  }, {
    ...options,
    preamble: token === undefined ? undefined : authLine(token),
  });
}

/**
 * Listens on vsock (`vsock://-1:5000`: any CID). With the `token` option every
 * peer must present it first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenVsock, vsockEnabled } from "./vsock.ts";
 * const uri = { scheme: "vsock", cid: 0xffff_ffff, port: 0 } as const;
 * if (vsockEnabled()) await (await listenVsock(uri)).close();
 * else await assert.rejects(async () => await listenVsock(uri), /unstable-vsock/);
 * ```
 */
export function listenVsock(uri: VsockUri, options: ListenOptions = {}): Promise<Listener> {
  requireVsock(`vsock://${uri.cid === VMADDR_CID_ANY ? -1 : uri.cid}:${uri.port}`);
  const raw = Deno.listen({ transport: "vsock", cid: denoCid(uri.cid), port: uri.port });
  const local = `${uri.cid === VMADDR_CID_ANY ? -1 : uri.cid}:${raw.addr.port}`;
  const token = options.token;
  const timeout = options.authTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT;
  return Promise.resolve(
    acceptInto(
      raw,
      formatViewportUri({ ...uri, port: raw.addr.port }),
      { scheme: "vsock", local },
      {
        wrap: async (conn) => {
          const channel = await checkAuthLine(denoConnChannel(conn), token, timeout);
          const peer = `${conn.remoteAddr.cid}:${conn.remoteAddr.port}`;
          return new StreamTransport(channel, { scheme: "vsock", peer, local }, options);
        },
        onRejected: options.onRejected,
      },
    ),
  );
}
