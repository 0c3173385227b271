import { assert } from "../../tests/_util/assert.ts";
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
