import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { ReadSlabs } from "./read_slabs.ts";

/** Reads up to `n` bytes, each its read number, as a socket would fill the target. */
function readInto(slabs: ReadSlabs, target: Uint8Array, n: number, mark: number): Uint8Array {
  n = Math.min(n, target.length);
  target.fill(mark & 0xff, 0, n);
  return slabs.commit(n);
}

Deno.test("ReadSlabs: without release, a slab once left is never read into again", () => {
  const slabs = new ReadSlabs();
  const seen: ArrayBufferLike[] = [];
  for (let i = 0; i < 2000; i++) {
    const view = readInto(slabs, slabs.forRead(), 1 + (i * 7919) % 60_000, i);
    if (seen.at(-1) !== view.buffer) {
      assert(!seen.includes(view.buffer), `read ${i} went back to an old slab`);
      seen.push(view.buffer);
    }
  }
});

Deno.test("ReadSlabs: views the consumer still holds survive; released slabs are reused", () => {
  const slabs = new ReadSlabs();
  const held: { view: Uint8Array; mark: number }[] = [];
  const buffers = new Set<ArrayBufferLike>();
  let seed = 3;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let i = 0; i < 5000; i++) {
    const view = readInto(slabs, slabs.forRead(), 1 + rand(40_000), i);
    held.push({ view, mark: i & 0xff });
    buffers.add(view.buffer);
    // The consumer finishes some of the oldest views, then says what it keeps.
    held.splice(0, rand(held.length + 1));
    slabs.release(held.length > 0 ? held[0].view.buffer : null);
    for (const h of held) assert(h.view.every((b) => b === h.mark), `a held view of read ${i}`);
  }
  assert(buffers.size < 20, `${buffers.size} slabs for ~100 MB of reads`);
});

Deno.test("ReadSlabs: a tail keeps its bytes when it moves into a reused slab", () => {
  // A stream of 200 KB frames, byte value = frame number, read 50 KB at a
  // time; each frame grows as the tail and is released once whole.
  const FRAME = 200_000;
  const slabs = new ReadSlabs();
  slabs.release(null);
  let offset = 0; // stream offset of the next byte read
  const read = (target: Uint8Array): Uint8Array => {
    const n = Math.min(target.length, 50_000);
    for (let k = 0; k < n; k++) target[k] = Math.floor((offset + k) / FRAME) & 0xff;
    offset += n;
    return slabs.commit(n);
  };
  let tail = read(slabs.forRead());
  const buffers = new Set<ArrayBufferLike>();
  for (let frame = 0; frame < 100; frame++) {
    while (tail.length < FRAME) tail = read(slabs.forAppend(tail, FRAME));
    const whole = tail.subarray(0, FRAME);
    assert(whole.every((b) => b === (frame & 0xff)), `frame ${frame} was overwritten`);
    buffers.add(whole.buffer);
    slabs.release(null);
    tail = tail.subarray(FRAME);
    if (tail.length === 0) tail = read(slabs.forRead());
  }
  assert(buffers.size <= 4, `${buffers.size} slabs for 100 frames`);
});

Deno.test("ReadSlabs: reads ahead of a lagging consumer queue up in slabs of their own, in order", () => {
  // A push-style socket reads whenever it likes (speculate), a consumer
  // claims when it gets to it and splits the bytes into frames (byte value =
  // frame number), keeping some for a while. Frames: small, 64 KiB-ish, and
  // larger than a slab.
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const sizes = Array.from(
    { length: 600 },
    () => [rand(3000) + 1, 65_544, rand(400_000) + 1][rand(3)],
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  const byteAt = (() => {
    const frameOf = new Uint32Array(sizes.length + 1);
    sizes.forEach((n, i) => frameOf[i + 1] = frameOf[i] + n);
    return (offset: number) => {
      let lo = 0, hi = sizes.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (frameOf[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo & 0xff;
    };
  })();
  const slabs = new ReadSlabs();
  slabs.release(null);
  let written = 0;
  let frame = 0;
  let tail: Uint8Array | null = null;
  const held: { view: Uint8Array; mark: number }[] = [];
  let queuedSwitches = 0;
  let maxReady = 0;
  while (frame < sizes.length) {
    // The socket reads a burst of up to 6 reads of up to 64 KiB.
    for (let r = rand(7); r > 0 && written < total; r--) {
      const region = slabs.speculate();
      const n = Math.min(region.length, 1 + rand(65_536), total - written);
      for (let k = 0; k < n; k++) region[k] = byteAt(written + k);
      assert(slabs.commitSpeculative(region, n), "a fresh read-ahead region is never stale");
      written += n;
    }
    maxReady = Math.max(maxReady, slabs.ready);
    if (slabs.ready === 0 || rand(3) === 0) continue;
    const before = tail?.buffer;
    let got: Uint8Array = slabs.claim(tail, sizes[frame]);
    if (tail && got.buffer !== before && got.byteOffset > 0) queuedSwitches++;
    while (frame < sizes.length && got.length >= sizes[frame]) {
      const whole = got.subarray(0, sizes[frame]);
      assert(whole.every((b) => b === (frame & 0xff)), `frame ${frame} (${sizes[frame]} B)`);
      if (rand(4) === 0) held.push({ view: whole, mark: frame & 0xff });
      got = got.subarray(sizes[frame]);
      frame++;
    }
    tail = got.length > 0 ? got : null;
    held.splice(0, rand(held.length + 1));
    slabs.release(held[0]?.view.buffer ?? tail?.buffer ?? null);
    for (const h of held) assert(h.view.every((b) => b === h.mark), "a held frame was overwritten");
  }
  assertEquals(written, total);
  assert(maxReady > 512 * 1024, `the consumer lagged by ${maxReady} B at most (more than a slab)`);
  assert(
    queuedSwitches > 10,
    `${queuedSwitches} frames completed in the room ahead of a queued slab`,
  );
});
