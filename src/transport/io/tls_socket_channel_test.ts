import { PassThrough } from "node:stream";
import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { makeTestCerts } from "../../../tests/transport/certs.ts";
import { nodeTlsPair } from "../../../tests/transport/tls_pair.ts";
import { ReadSlabs } from "../core/mod.ts";
import { NODE_SOCKET_PAUSE_AT } from "./node_socket_channel.ts";
import { readsIntoSlabs, tlsSocketChannel } from "./tls_socket_channel.ts";

const MiB = 1024 * 1024;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Byte i of the stream; 251 is prime, so a byte landing in the wrong place shows.
const pattern = (from: number, n: number) =>
  Uint8Array.from({ length: n }, (_, i) => (from + i) % 251);

/** Reads everything, checking each byte against `pattern`; returns the count. */
async function readAll(channel: ReturnType<typeof tlsSocketChannel>): Promise<number> {
  let got = 0;
  // As a frame reader does: the channel reads into our slabs, which we
  // release after each read (nothing is kept).
  const slabs = new ReadSlabs();
  channel.slabReads?.(slabs);
  for (let bytes; (bytes = await channel.read()) !== null;) {
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== (got + i) % 251) throw new Error(`byte ${got + i} is wrong`);
    }
    got += bytes.length;
    slabs.release(null);
  }
  return got;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array, progress?: (n: number) => void) {
  for (let at = 0; at < bytes.length;) {
    at += await conn.write(bytes.subarray(at, Math.min(bytes.length, at + MiB)));
    progress?.(at);
  }
}

Deno.test("tlsSocketChannel: under Deno it reads into slabs; bytes from before it come first, a stalled socket restarts", async () => {
  const certs = await makeTestCerts();
  const { socket, conn, stop } = await nodeTlsPair(certs);
  try {
    // Bytes that arrive before the channel exists wait in the socket's own
    // buffer; past its high-water mark the socket stops taking them.
    const early = 300_000;
    const writingEarly = writeAll(conn, pattern(0, early));
    for (let last = -1, i = 0; socket.readableLength !== last && i < 100; i++) {
      last = socket.readableLength;
      await delay(50);
    }
    assert(socket.readableLength > 0 && socket.readableLength < early, "expected a stalled socket");
    assert(readsIntoSlabs(socket), "Deno 2.9's node:net hooks for onread were not found");
    const channel = tlsSocketChannel(socket);
    const reading = readAll(channel);
    await writingEarly;
    await writeAll(conn, pattern(early, 3 * MiB));
    await conn.closeWrite();
    assertEquals(await reading, early + 3 * MiB);
    channel.close();
  } finally {
    await stop();
    certs.remove();
  }
});

Deno.test("tlsSocketChannel: a consumer far behind holds the peer back, then gets every byte and the end", async () => {
  const certs = await makeTestCerts();
  const { socket, conn, stop } = await nodeTlsPair(certs);
  try {
    const channel = tlsSocketChannel(socket);
    const total = 32 * MiB;
    let written = 0;
    const writing = (async () => {
      await writeAll(conn, pattern(0, total), (n) => written = n);
      await conn.closeWrite();
    })();
    for (let last = -1; written !== last;) {
      last = written;
      await delay(200);
    }
    // Unread bytes here stop near NODE_SOCKET_PAUSE_AT; the rest waits in
    // kernel buffers and the peer's writes stall.
    assert(written < total / 2, `the peer wrote ${written} of ${total} bytes to a stalled reader`);
    assert(written > NODE_SOCKET_PAUSE_AT / 2, `only ${written} bytes were written`);
    assertEquals(await readAll(channel), total);
    await writing;
    channel.close();
  } finally {
    await stop();
    certs.remove();
  }
});

Deno.test("tlsSocketChannel: without the hooks (any other stream) chunks are copied into slabs", async () => {
  const stream = new PassThrough();
  assert(!readsIntoSlabs(stream));
  const channel = tlsSocketChannel(stream);
  stream.write(pattern(0, 70_000));
  stream.end(pattern(70_000, 10));
  assertEquals(await readAll(channel), 70_010);
  channel.close();
});
