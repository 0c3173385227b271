/**
 * A `node:tls` server's accepted socket and a Deno TLS client connected to it,
 * for tests of how our channels read `node:tls` sockets.
 *
 * @module
 */
import tls from "node:tls";
import type { TLSSocket } from "node:tls";
import type { TestCerts } from "./certs.ts";

/** The accepted socket, the client, and `stop()` to close both and the server. */
export interface TlsPair {
  socket: TLSSocket;
  conn: Deno.TlsConn;
  stop(): Promise<void>;
}

/**
 * Listens with `node:tls` on a loopback port and connects with Deno's TLS;
 * resolves once the server accepted the connection (handshake done).
 *
 * @example
 * ```ts
 * import { makeTestCerts } from "./certs.ts";
 * import { nodeTlsPair } from "./tls_pair.ts";
 * import assert from "node:assert/strict";
 * const certs = await makeTestCerts();
 * const { socket, conn, stop } = await nodeTlsPair(certs);
 * await conn.write(new Uint8Array([1]));
 * const got = await new Promise<Uint8Array>((r) => socket.once("data", r));
 * assert.deepEqual([...got], [1]);
 * await stop();
 * certs.remove();
 * ```
 */
export async function nodeTlsPair(certs: TestCerts): Promise<TlsPair> {
  const pem = (p: string) => Deno.readTextFileSync(p);
  let accept!: (s: TLSSocket) => void;
  const accepted = new Promise<TLSSocket>((r) => accept = r);
  const server = tls.createServer(
    { cert: pem(certs.serverCert), key: pem(certs.serverKey) },
    accept,
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const conn = await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts: [pem(certs.ca)] });
  await conn.handshake();
  const socket = await accepted;
  const stop = async () => {
    socket.destroy();
    conn.close();
    await new Promise((r) => server.close(r));
  };
  return { socket, conn, stop };
}
