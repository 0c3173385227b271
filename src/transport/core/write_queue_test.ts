import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { concat } from "../../../tests/_util/hex.ts";
import { WriteQueue } from "./_write_queue.ts";

function chunk(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + seed) & 0xff;
  return b;
}

/** Pushes `rounds` of small chunks, each round while the previous write is in flight. */
async function run() {
  const seen: Uint8Array[] = [];
  let release: (() => void) | null = null;
  const q = new WriteQueue(
    (bytes) => {
      seen.push(bytes.slice());
      return new Promise<void>((r) => release = r);
    },
    Infinity,
    () => {},
  );
  const sent: Uint8Array[] = [];
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 20; i++) {
      const c = chunk(100 + round * 10 + i, round * 20 + i);
      sent.push(c);
      void q.push(c);
    }
    while (!release) await Promise.resolve();
    const r: () => void = release;
    release = null;
    r();
    await new Promise((r) => setTimeout(r, 0));
  }
  while (release) {
    const r: () => void = release;
    release = null;
    r();
    await new Promise((r) => setTimeout(r, 0));
  }
  await q.idle(1000);
  return { seen, sent: concat(...sent) };
}

Deno.test("WriteQueue: every write carries exactly its own bytes, in order", async () => {
  const { seen, sent } = await run();
  assert(seen.length > 2, `expected several batches, got ${seen.length}`);
  assertEquals(concat(...seen), sent);
});

Deno.test("WriteQueue: a reusing writer gets one buffer for joined batches, big chunks uncopied", async () => {
  const buffers = new Set<ArrayBufferLike>();
  const big = chunk(200_000, 1);
  let bigSeen: Uint8Array | null = null;
  const q = new WriteQueue(
    (bytes) => {
      if (bytes.length === big.length) bigSeen = bytes;
      else buffers.add(bytes.buffer);
      return Promise.resolve();
    },
    Infinity,
    () => {},
  );
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 10; i++) void q.push(chunk(50, i));
    await q.idle(1000);
  }
  void q.push(big);
  await q.idle(1000);
  assertEquals(buffers.size, 1);
  assert(bigSeen === big, "a chunk past the batch size is written as it is");
});
