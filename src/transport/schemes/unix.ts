/**
 * `unix://`: Unix domain stream sockets. The listener creates the socket file
 * mode 0600, replaces a stale file only when nobody listens on it, and removes
 * it on close (only if it is still the file it created).
 *
 * @module
 */
import {
  type ConnectOptions,
  denoConnChannel,
  type Listener,
  type ListenOptions,
  type PeerInfo,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { acceptInto } from "../io/deno_accept.ts";
import { connectError } from "./_net.ts";
import { formatViewportUri, type UnixUri } from "../uri/mod.ts";

/**
 * Connects to a viewer's Unix socket.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * import { connectUnix, listenUnix } from "./unix.ts";
 * const path = Deno.makeTempDirSync() + "/v.sock";
 * const listener = await listenUnix({ scheme: "unix", path });
 * const app = await connectUnix({ scheme: "unix", path });
 * const viewer = (await listener[Symbol.asyncIterator]().next()).value!;
 * await app.send(encodeFrame(5, new Uint8Array([0xa0])));
 * assert.equal((await viewer.frames().next()).value?.type, 5);
 * await viewer.close();
 * await app.close();
 * await listener.close();
 * ```
 */
export function connectUnix(uri: UnixUri, options: ConnectOptions = {}): Promise<Transport> {
  return connectUnixPath(uri.path, { scheme: "unix", peer: uri.path }, options);
}

/**
 * Connects to the socket file at `path`, reporting `info` (for schemes that
 * resolve to a socket file, like systemd://).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * import { connectUnixPath, listenUnix } from "./unix.ts";
 * const path = Deno.makeTempDirSync() + "/v.sock";
 * const listener = await listenUnix({ scheme: "unix", path });
 * const app = await connectUnixPath(path, { scheme: "systemd", peer: path });
 * const viewer = (await listener[Symbol.asyncIterator]().next()).value!;
 * await app.send(encodeFrame(5, new Uint8Array([0xa0])));
 * assert.equal((await viewer.frames().next()).value?.type, 5);
 * await viewer.close();
 * await app.close();
 * await listener.close();
 * ```
 */
export async function connectUnixPath(
  path: string,
  info: PeerInfo,
  options: ConnectOptions = {},
): Promise<Transport> {
  let conn: Deno.UnixConn;
  try {
    conn = await Deno.connect({ transport: "unix", path });
  } catch (err) {
    throw connectError(`${info.scheme}://${path}`, explain(err, path));
  }
  return new StreamTransport(denoConnChannel(conn), info, options);
}

/**
 * Listens on a Unix socket file (mode 0600).
 *
 * @example
 * ```ts
 * import { listenUnix } from "./unix.ts";
 * const path = Deno.makeTempDirSync() + "/v.sock";
 * const listener = await listenUnix({ scheme: "unix", path });
 * if ((Deno.statSync(path).mode! & 0o777) !== 0o600) throw new Error("not 0600");
 * await listener.close();
 * ```
 */
export async function listenUnix(uri: UnixUri, options: ListenOptions = {}): Promise<Listener> {
  const path = uri.path;
  await clearStaleSocket(path);
  const { listener: raw, ino } = bindPrivate(path);
  const info = { scheme: "unix", local: path };
  return acceptInto(raw, formatViewportUri(uri), info, {
    wrap: (conn) =>
      new StreamTransport(denoConnChannel(conn), { scheme: "unix", local: path }, options),
    onRejected: options.onRejected,
    cleanup: () => removeIfOurs(path, ino),
  });
}

/**
 * Binds a sibling temporary name with a umask that makes the socket 0600 from
 * the moment it exists, then renames it over `path` (atomic, and it replaces a
 * stale file in one step). Binding the final path directly would also make
 * Deno unlink whatever is at `path` when the listener closes, even a file that
 * is no longer ours; after the rename Deno unlinks the (gone) temporary name.
 */
function bindPrivate(path: string): { listener: Deno.UnixListener; ino: number | null } {
  const slash = path.lastIndexOf("/");
  const tmp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${randomSuffix()}`;
  const direct = new TextEncoder().encode(tmp).length > MAX_SUN_PATH;
  const bound = direct ? path : tmp;
  const old = Deno.umask(0o177);
  let listener: Deno.UnixListener;
  try {
    listener = Deno.listen({ transport: "unix", path: bound });
  } finally {
    Deno.umask(old);
  }
  try {
    Deno.chmodSync(bound, 0o600);
    if (!direct) Deno.renameSync(tmp, path);
    return { listener, ino: Deno.lstatSync(path).ino };
  } catch (err) {
    listener.close();
    throw err;
  }
}

// sun_path holds 108 bytes including the terminating NUL.
const MAX_SUN_PATH = 107;

function randomSuffix(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16)).join("");
}

/**
 * Checks that `path` may take a new socket: absent is fine; a socket nobody
 * accepts on is stale (replaced later); a live socket or any other file is an
 * error.
 */
async function clearStaleSocket(path: string): Promise<void> {
  let st: Deno.FileInfo;
  try {
    st = Deno.lstatSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  if (!st.isSocket) {
    throw new Deno.errors.AlreadyExists(
      `${path} exists and is not a socket; not replacing it (remove it or pick another path)`,
    );
  }
  try {
    const probe = await Deno.connect({ transport: "unix", path });
    probe.close();
  } catch (err) {
    // Stale: left for bindPrivate's rename to replace atomically.
    if (err instanceof Deno.errors.ConnectionRefused || err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  throw new Deno.errors.AddrInUse(`${path} is in use: another viewer is listening on it`);
}

function removeIfOurs(path: string, ino: number | null): void {
  try {
    if (Deno.lstatSync(path).ino === ino) Deno.removeSync(path);
  } catch {
    // Already gone (or replaced and then removed by someone else): nothing to do.
  }
}

function explain(err: unknown, path: string): unknown {
  if (err instanceof Deno.errors.NotFound) {
    return new Error(`no socket at ${path} (is the viewer running?)`, { cause: err });
  }
  if (err instanceof Deno.errors.ConnectionRefused) {
    return new Error(`nobody is listening on ${path} (stale socket file?)`, { cause: err });
  }
  return err;
}
