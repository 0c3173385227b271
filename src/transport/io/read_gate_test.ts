import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { makeTestCerts } from "../../../tests/transport/certs.ts";
import { nodeTlsPair } from "../../../tests/transport/tls_pair.ts";
import { nodeReadGate } from "./read_gate.ts";

const MiB = 1024 * 1024;
const TOTAL = 32 * MiB;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("nodeReadGate: a paused node:tls socket holds its peer back and still sees the end", async () => {
  const certs = await makeTestCerts();
  const { socket, conn, stop } = await nodeTlsPair(certs);
  let got = 0;
  socket.on("data", (d: Uint8Array) => got += d.length);
  const ended = new Promise<void>((r) => socket.on("end", r));
  const gate = nodeReadGate(socket);
  gate.pause();
  assert(gate.paused);
  let written = 0;
  const writing = (async () => {
    const chunk = new Uint8Array(MiB);
    while (written < TOTAL) written += await conn.write(chunk.subarray(0, TOTAL - written));
    await conn.closeWrite();
  })();
  // Paused, the writer stalls once the kernel buffers are full; `pause()` on
  // the TLS socket itself would have let all 32 MiB in.
  for (let last = -1; written !== last;) {
    last = written;
    await delay(200);
  }
  assert(written < TOTAL / 2, `the peer wrote ${written} bytes into a paused socket`);
  gate.resume();
  assert(!gate.paused);
  await writing;
  await ended;
  assertEquals(got, TOTAL);
  await stop();
  certs.remove();
});
