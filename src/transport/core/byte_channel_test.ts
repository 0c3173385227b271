import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { chunkedConn } from "../../../tests/transport/chunked_conn.ts";
import { denoConnChannel, type DenoConnLike } from "./byte_channel.ts";
import { ReadSlabs } from "./read_slabs.ts";

/** A connection whose every read fills part of the buffer with its read number. */
function patternConn(sizes: number[]): DenoConnLike & { reads: number } {
  const conn = {
    reads: 0,
    read(p: Uint8Array): Promise<number | null> {
      if (conn.reads === sizes.length) return Promise.resolve(null);
      const n = Math.min(p.length, sizes[conn.reads]);
      p.fill((conn.reads + 1) & 0xff, 0, n);
      conn.reads++;
      return Promise.resolve(n);
    },
    write: (p: Uint8Array) => Promise.resolve(p.length),
    close() {},
  };
  return conn;
}

Deno.test("denoConnChannel: bytes handed out are never written over by later reads", async () => {
  // Small and large reads, together far more than one read slab.
  const sizes = Array.from({ length: 400 }, (_, i) => i % 7 === 0 ? 200_000 : 1 + i * 37 % 5000);
  const channel = denoConnChannel(patternConn(sizes));
  const got: Uint8Array[] = [];
  for (;;) {
    const chunk = await channel.read();
    if (chunk === null) break;
    got.push(chunk);
  }
  assertEquals(got.length, sizes.length);
  got.forEach((chunk, i) => {
    assert(chunk.length > 0 && chunk.length <= sizes[i]);
    assert(chunk.every((b) => b === ((i + 1) & 0xff)), `read ${i} was overwritten`);
  });
});

Deno.test("denoConnChannel: close ends a pending read quietly and is idempotent", async () => {
  let fail: ((e: Error) => void) | null = null;
  const channel = denoConnChannel({
    read: () => new Promise((_, reject) => fail = reject),
    write: (p) => Promise.resolve(p.length),
    close: () => fail?.(new Error("Bad resource ID")),
  });
  const pending = channel.read();
  channel.close();
  channel.close();
  assertEquals(await pending, null);
  assertEquals(await channel.read(), null);
});

Deno.test("denoConnChannel: slabs start at 16 KiB and grow while reads fill them", async () => {
  const data = new Uint8Array(2_000_000);
  const channel = denoConnChannel(chunkedConn(data, 1 << 20));
  const sizes: number[] = [];
  for (let i = 0; i < 6; i++) sizes.push((await channel.read())!.buffer.byteLength);
  assertEquals(sizes[0], 16 * 1024);
  assertEquals(Math.max(...sizes), 256 * 1024);
});

Deno.test("denoConnChannel.slabReads: the tail grows in place while it fits, else moves once", async () => {
  const data = Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 13) & 0xff);
  const channel = denoConnChannel(chunkedConn(data, 50_000));
  const slabs = new ReadSlabs();
  const read = channel.slabReads!(slabs);
  let at = 0;
  let last: Uint8Array;
  do {
    last = (await channel.read())!;
    at += last.length;
  } while (last.buffer.byteLength < 256 * 1024);
  const first = last;
  const tail = first.subarray(first.length - 1000);
  const grown = (await read(tail, 40_000))!;
  assertEquals(grown.buffer, first.buffer, "grown in place");
  assertEquals(grown.byteOffset, tail.byteOffset);
  assertEquals(grown, data.subarray(at - 1000, at - 1000 + grown.length));
  // A frame of 2.5 MB cannot fit the slab: the tail moves to a buffer for all of it.
  const big = (await read(grown, 2_500_000))!;
  assert(big.buffer !== first.buffer, "moved to a new buffer");
  assert(big.buffer.byteLength >= 2_500_000, "room for the whole frame");
  assertEquals(big, data.subarray(at - 1000, at - 1000 + big.length));
  // The views handed out before are untouched, and further appends stay in place.
  assertEquals(first, data.subarray(at - first.length, at));
  let view: Uint8Array = big;
  while (view.length < 2_500_000) {
    const next = (await read(view, 2_500_000))!;
    assertEquals(next.buffer, big.buffer);
    view = next;
  }
  assertEquals(view, data.subarray(at - 1000, at - 1000 + view.length));
});

Deno.test("denoConnChannel.slabReads: a tail from elsewhere is copied; end of stream is null", async () => {
  const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
  const channel = denoConnChannel(chunkedConn(data, 400));
  const read = channel.slabReads!(new ReadSlabs());
  await channel.read();
  const foreign = Uint8Array.of(1, 2, 3);
  const joined = (await read(foreign, 100))!;
  assertEquals([...joined.subarray(0, 3)], [1, 2, 3]);
  assertEquals(joined.subarray(3), data.subarray(400, 400 + joined.length - 3));
  assertEquals([...foreign], [1, 2, 3]);
  await channel.read();
  assertEquals(await read(joined, 10_000), null);
});

Deno.test("denoConnChannel.slabReads: reads before land in the channel's own slabs, reads after in the reader's", async () => {
  const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
  const channel = denoConnChannel(chunkedConn(data, 300));
  const before = (await channel.read())!;
  const slabs = new ReadSlabs();
  const read = channel.slabReads!(slabs);
  const after = (await channel.read())!;
  const target = slabs.forRead();
  assert(after.buffer !== before.buffer, "a slab of the reader's");
  assertEquals(after.buffer, target.buffer);
  assertEquals(after, data.subarray(300, 600));
  const grown = (await read(after.subarray(200), 400))!;
  assertEquals(grown.byteOffset, after.byteOffset + 200, "grown in place");
  assertEquals(grown, data.subarray(500, 900));
});
