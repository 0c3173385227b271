import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { denoConnChannel, type DenoConnLike } from "./byte_channel.ts";

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
    // A read gets at least 64 KiB of room (the rest of a slab may be less than 256 KiB).
    assert(chunk.length >= Math.min(sizes[i], 64 * 1024) && chunk.length <= sizes[i]);
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
