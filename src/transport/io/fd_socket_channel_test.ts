import net from "node:net";
import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { concat } from "../../../tests/_util/hex.ts";
import { encodeFrame } from "../../protocol/frame.ts";
import { type ByteChannel, StreamTransport } from "../core/mod.ts";
import { nodeSocketChannel } from "./node_socket_channel.ts";
import { slabSocketChannel } from "./fd_socket_channel.ts";

/** A TCP server that sends `data` in writes of random sizes, some after a pause. */
async function sender(data: Uint8Array, rand: (n: number) => number) {
  const server = net.createServer(async (s) => {
    for (let at = 0; at < data.length;) {
      const n = 1 + rand(200_000);
      s.write(data.subarray(at, at + n));
      at += n;
      if (rand(4) === 0) await new Promise((r) => setTimeout(r, 1));
    }
    s.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

/**
 * Random frames from a sender in random writes, to a consumer that sometimes
 * lags: every frame must arrive intact, and kept frames stay untouched.
 */
async function stress(open: (port: number) => ByteChannel): Promise<void> {
  let seed = 11;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const sizes = Array.from({ length: 400 }, () => rand(6) === 0 ? rand(300_000) : rand(2000));
  const data = concat(...sizes.map((n, i) => encodeFrame(0x05, new Uint8Array(n).fill(i & 0xff))));
  for (const transientFrames of [false, true]) {
    const { server, port } = await sender(data, rand);
    const t = new StreamTransport(open(port), { scheme: "test" });
    const kept: Uint8Array[] = [];
    let i = 0;
    for await (const f of t.frames({ transient: transientFrames })) {
      assertEquals(f.payload.length, sizes[i], `frame ${i}`);
      assert(
        f.payload.every((b) => b === (i & 0xff)),
        `frame ${i} overwritten (transientFrames ${transientFrames})`,
      );
      if (!transientFrames) kept.push(f.payload);
      // A lagging consumer lets Node read ahead, fill the slab and spill.
      // One long stall fills the read-ahead and makes the socket pause.
      if (rand(10) === 0 || i === 5) await new Promise((r) => setTimeout(r, i === 5 ? 150 : 2));
      i++;
    }
    assertEquals(i, sizes.length);
    // Without transientFrames every frame stays the consumer's to keep.
    kept.forEach((p, k) => assert(p.every((b) => b === (k & 0xff)), `kept frame ${k}`));
    await t.close();
    await new Promise((r) => server.close(r));
  }
}

Deno.test("slabSocketChannel: frames arrive intact through reads ahead, spills and pauses", () =>
  stress((port) =>
    slabSocketChannel((onread) =>
      net.connect({ port, host: "127.0.0.1", onread } as net.NetConnectOpts)
    )
  ));

Deno.test("nodeSocketChannel with slabs: frames arrive intact, copied together in place", () =>
  stress((port) => nodeSocketChannel(net.connect({ port, host: "127.0.0.1" }), { slabs: true })));

Deno.test("slabSocketChannel: a reset connection rejects the pending read; close ends it", async () => {
  const server = net.createServer((s) => setTimeout(() => s.resetAndDestroy(), 20));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const channel = slabSocketChannel((onread) =>
    net.connect({ port, host: "127.0.0.1", onread } as net.NetConnectOpts)
  );
  const outcome = await channel.read().then((v) => v, (e: Error) => e);
  assert(outcome === null || outcome instanceof Error, "a reset ends or fails the read");
  channel.close();
  assertEquals(await channel.read(), null);
  await new Promise((r) => server.close(r));
});
