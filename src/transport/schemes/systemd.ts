/**
 * `systemd://UNIT`: socket activation.
 *
 * Listening side (a viewer started by systemd, or by `systemd-socket-activate`
 * for testing): the socket comes from `LISTEN_PID` / `LISTEN_FDS` /
 * `LISTEN_FDNAMES` (sd_listen_fds(3)): fds from 3 on, picked by name (the unit's
 * name unless `FileDescriptorName=` says otherwise), served through
 * `node:net` `server.listen({ fd })`. The variables are removed afterwards so
 * children do not inherit them.
 *
 * Connecting side: an app that was itself activated for that name (an
 * `Accept=yes` unit hands it the connected socket) uses the fd; otherwise it
 * connects to the unit's socket path: the `Listen=` that `systemctl show`
 * reports when systemd is reachable, else the convention `%t/STEM.sock`
 * (`$XDG_RUNTIME_DIR`, or `/run` without it; STEM is the unit name without
 * `.socket`).
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import { inheritedFdChannel } from "../io/fd_socket_channel.ts";
import { listenInheritedFd } from "../io/node_accept.ts";
import {
  type ConnectOptions,
  type Listener,
  type ListenOptions,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { connectUnixPath } from "./unix.ts";
import { formatViewportUri, type SystemdUri } from "../uri/mod.ts";

const FIRST_FD = 3;

/** An environment to read, e.g. `Deno.env.toObject()`. */
export type Environment = Record<string, string | undefined>;

/**
 * The inherited fds meant for `unit` (sd_listen_fds(3)): empty when this process
 * was not socket-activated. Throws `bad_uri` when it was, but with no fd of that
 * name (the message lists the names it has).
 *
 * @example
 * ```ts
 * import { activatedFds } from "./systemd.ts";
 * const env = { LISTEN_PID: "42", LISTEN_FDS: "2", LISTEN_FDNAMES: "other:viewport.socket" };
 * if (activatedFds("viewport.socket", env, 42).join() !== "4") throw new Error("wrong fd");
 * if (activatedFds("viewport.socket", env, 7).length !== 0) throw new Error("not ours");
 * ```
 */
export function activatedFds(unit: string, env: Environment, pid: number = Deno.pid): number[] {
  if (env.LISTEN_PID !== String(pid)) return [];
  const count = Number(env.LISTEN_FDS);
  if (!Number.isInteger(count) || count <= 0) return [];
  const fds = Array.from({ length: count }, (_, i) => FIRST_FD + i);
  const names = env.LISTEN_FDNAMES?.split(":");
  if (names === undefined || names.length !== count) return count === 1 ? fds : [];
  const stem = unit.replace(/\.socket$/, "");
  const picked = fds.filter((_, i) => names[i] === unit || names[i] === stem);
  if (picked.length === 0) {
    throw new ViewportError(
      "bad_uri",
      `systemd://${unit}: socket-activated, but no fd is named '${unit}' ` +
        `(names: ${names.join(", ")}); set FileDescriptorName= or use the unit's name`,
    );
  }
  return picked;
}

/**
 * The path an app connects to for `unit`: systemd's `Listen=` for the unit when
 * `systemctl` can tell (user manager first), else `%t/STEM.sock`.
 *
 * @example
 * ```ts
 * import { conventionalSocketPath } from "./systemd.ts";
 * const p = conventionalSocketPath("viewport.socket", { XDG_RUNTIME_DIR: "/run/user/1000" });
 * if (p !== "/run/user/1000/viewport.sock") throw new Error(p);
 * ```
 */
export function conventionalSocketPath(unit: string, env: Environment): string {
  const runtime = env.XDG_RUNTIME_DIR || "/run";
  return `${runtime.replace(/\/$/, "")}/${unit.replace(/\.socket$/, "")}.sock`;
}

async function systemctlListen(unit: string): Promise<string | undefined> {
  // Never trigger a permission prompt from inside connect().
  const allowed = await Deno.permissions.query({ name: "run", command: "systemctl" });
  if (allowed.state !== "granted") return undefined;
  for (const scope of [["--user"], []]) {
    try {
      const out = await new Deno.Command("systemctl", {
        args: [...scope, "show", "--property=Listen", "--value", unit],
        stdin: "null",
        stdout: "piped",
        stderr: "null",
        signal: AbortSignal.timeout(2000),
      }).output();
      if (!out.success) continue;
      const path = /^(\/\S+) \(Stream\)$/m.exec(new TextDecoder().decode(out.stdout))?.[1];
      if (path) return path;
    } catch {
      // No systemctl, no permission to run it, or no systemd: use the convention.
    }
  }
  return undefined;
}

/**
 * Resolves the socket of `unit` for an app (see the module notes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemdSocketPath } from "./systemd.ts";
 * // A unit systemd does not know: the conventional path under XDG_RUNTIME_DIR.
 * const unit = `vp-doc-${crypto.randomUUID()}.socket`;
 * const path = await systemdSocketPath(unit, { XDG_RUNTIME_DIR: "/run/user/1000" });
 * assert.equal(path, `/run/user/1000/${unit.replace(/\.socket$/, "")}.sock`);
 * ```
 */
export async function systemdSocketPath(unit: string, env?: Environment): Promise<string> {
  return (await systemctlListen(unit)) ?? conventionalSocketPath(unit, env ?? Deno.env.toObject());
}

/**
 * App side: the activated fd for the unit if there is one, else its socket path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connectSystemd } from "./systemd.ts";
 * // Nobody listens on a unit that does not exist: a clean rejection.
 * const name = `vp-doc-${crypto.randomUUID()}.socket`;
 * await assert.rejects(connectSystemd({ scheme: "systemd", name }));
 * ```
 */
export async function connectSystemd(
  uri: SystemdUri,
  options: ConnectOptions = {},
): Promise<Transport> {
  const [fd] = activatedFds(uri.name, Deno.env.toObject());
  if (fd !== undefined) {
    const info = { scheme: "systemd", peer: `${uri.name} (fd ${fd})` };
    return new StreamTransport(await inheritedFdChannel(fd), info, options);
  }
  const path = await systemdSocketPath(uri.name);
  return await connectUnixPath(path, { scheme: "systemd", peer: path }, options);
}

/**
 * Viewer side: serves the socket systemd passed for the unit. Rejects with
 * `unsupported` when this process was not socket-activated.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenSystemd } from "./systemd.ts";
 * // Started by systemd (viewport.socket + viewport.service) this serves the
 * // socket; a process that was not socket-activated gets `unsupported`.
 * if (!Deno.env.get("LISTEN_FDS")) {
 *   await assert.rejects(listenSystemd({ scheme: "systemd", name: "viewport.socket" }), /not socket-activated/);
 * }
 * ```
 */
export async function listenSystemd(
  uri: SystemdUri,
  options: ListenOptions = {},
): Promise<Listener> {
  const env = Deno.env.toObject();
  const [fd] = activatedFds(uri.name, env);
  if (fd === undefined) {
    throw new ViewportError(
      "unsupported",
      `systemd://${uri.name}: this process was not socket-activated (LISTEN_PID/LISTEN_FDS ` +
        "do not name it); start it from a .socket unit, or listen on unix:// directly",
    );
  }
  for (const name of ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]) Deno.env.delete(name);
  const local = `${uri.name} (fd ${fd})`;
  return await listenInheritedFd(
    fd,
    { scheme: "systemd", uri: formatViewportUri(uri), local },
    options,
  );
}
