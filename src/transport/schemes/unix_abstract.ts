/**
 * `unix-abstract://NAME`: a Linux abstract socket (Deno's `"\0NAME"` path). No
 * file, so nothing stale to clean up, but also no permissions: any process in
 * the same network namespace can connect.
 *
 * @module
 */
import {
  type ConnectOptions,
  denoConnChannel,
  type Listener,
  type ListenOptions,
  StreamTransport,
  type Transport,
} from "../core/mod.ts";
import { acceptInto } from "../io/deno_accept.ts";
import { connectError } from "./_net.ts";
import { requirePlatform } from "./_unsupported.ts";
import { formatViewportUri, type UnixAbstractUri } from "../uri/mod.ts";

function linuxOnly(): void {
  requirePlatform(
    "linux",
    "unix-abstract://",
    "abstract sockets exist on Linux only; use unix:///PATH",
  );
}

/**
 * Connects to a viewer's abstract socket.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame } from "../../protocol/frame.ts";
 * import { connectUnixAbstract, listenUnixAbstract } from "./unix_abstract.ts";
 * const uri = { scheme: "unix-abstract" as const, name: `doc-${crypto.randomUUID()}` };
 * const listener = await listenUnixAbstract(uri);
 * const app = await connectUnixAbstract(uri);
 * const viewer = (await listener[Symbol.asyncIterator]().next()).value!;
 * await app.send(encodeFrame(5, new Uint8Array([0xa0])));
 * assert.equal((await viewer.frames().next()).value?.type, 5);
 * await viewer.close();
 * await app.close();
 * await listener.close();
 * ```
 */
export async function connectUnixAbstract(
  uri: UnixAbstractUri,
  options: ConnectOptions = {},
): Promise<Transport> {
  linuxOnly();
  let conn: Deno.UnixConn;
  try {
    conn = await Deno.connect({ transport: "unix", path: `\0${uri.name}` });
  } catch (err) {
    throw connectError(`unix-abstract://${uri.name}`, err);
  }
  const info = { scheme: "unix-abstract", peer: `@${uri.name}` };
  return new StreamTransport(denoConnChannel(conn), info, options);
}

/**
 * Listens on an abstract socket; the name disappears when the listener closes.
 *
 * @example
 * ```ts
 * import { listenUnixAbstract } from "./unix_abstract.ts";
 * const listener = await listenUnixAbstract({ scheme: "unix-abstract", name: "doc-listen" });
 * if (listener.uri !== "unix-abstract://doc-listen") throw new Error(listener.uri);
 * await listener.close();
 * ```
 */
export function listenUnixAbstract(
  uri: UnixAbstractUri,
  options: ListenOptions = {},
): Promise<Listener> {
  linuxOnly();
  const raw = Deno.listen({ transport: "unix", path: `\0${uri.name}` });
  const local = `@${uri.name}`;
  return Promise.resolve(
    acceptInto(raw, formatViewportUri(uri), { scheme: "unix-abstract", local }, {
      wrap: (conn) =>
        new StreamTransport(denoConnChannel(conn), { scheme: "unix-abstract", local }, options),
      onRejected: options.onRejected,
    }),
  );
}
