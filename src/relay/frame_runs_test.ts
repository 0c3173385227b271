import { assertEquals } from "../../tests/_util/assert.ts";
import { encodeFrame, type Frame } from "../protocol/frame.ts";
import { FrameQueue } from "../transport/core/mod.ts";
import { ForwardError, forwardRuns } from "./frame_runs.ts";

/** `n` frames laid out back to back in one buffer, as a decoder hands them out. */
function adjacent(n: number, size = 3): { frames: Frame[]; wire: Uint8Array } {
  const one = (i: number) => encodeFrame(4, new Uint8Array(size).fill(0x40 + i));
  const parts = Array.from({ length: n }, (_, i) => one(i));
  const wire = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  const frames: Frame[] = [];
  let at = 0;
  for (const p of parts) {
    wire.set(p, at);
    frames.push({ type: 4, payload: wire.subarray(at + 8, at + p.length), offset: at });
    at += p.length;
  }
  return { frames, wire };
}

/** A sink's `send` that records what it gets (as `map` makes it). */
function collect<T>(into: T[], map: (b: Uint8Array) => T = (b) => b as T) {
  return (b: Uint8Array): Promise<void> => {
    into.push(map(b));
    return Promise.resolve();
  };
}

function queueOf(frames: Frame[], end = true): FrameQueue {
  const q = new FrameQueue();
  for (const f of frames) q.push(f);
  if (end) q.end();
  return q;
}

Deno.test("forwardRuns: adjacent ready frames go as one send, byte for byte", async () => {
  const { frames, wire } = adjacent(50);
  const sent: Uint8Array[] = [];
  const n = await forwardRuns(queueOf(frames), {
    joins: true,
    send: collect(sent),
  });
  assertEquals(n, 50);
  assertEquals(sent.length, 1);
  assertEquals([...sent[0]], [...wire]);
});

Deno.test("forwardRuns: without joins, one frame per send (message transports)", async () => {
  const { frames, wire } = adjacent(5);
  const sent: Uint8Array[] = [];
  await forwardRuns(queueOf(frames), { send: collect(sent) });
  assertEquals(sent.map((b) => b.length), [11, 11, 11, 11, 11]);
  assertEquals([...sent[4]], [...wire.subarray(44)]);
});

Deno.test("forwardRuns: a frame not ready at once is not waited for; inspected frames split runs", async () => {
  const { frames, wire } = adjacent(6);
  const q = queueOf(frames.slice(0, 3), false);
  const sent: number[][] = [];
  const done = forwardRuns(q, {
    joins: true,
    send: collect(sent, (b) => [b.byteOffset, b.length]),
    // The 5th frame is swapped for a fresh one (as the attach gate does).
    inspect: (f) => f === frames[4] ? [encodeFrame(7, new Uint8Array([0xa0]))] : undefined,
  });
  // The first three are sent before the next frame arrives.
  for (let i = 0; i < 10 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
  assertEquals(sent, [[0, 33]]);
  for (const f of frames.slice(3)) q.push(f);
  q.end();
  assertEquals(await done, 6);
  assertEquals(sent, [[0, 33], [33, 11], [0, 9], [55, 11]]);
  assertEquals(wire.length, 66);
});

Deno.test("forwardRuns: frames not in wire form are sent as a fresh copy", async () => {
  const payload = new Uint8Array([0xa1, 0x01, 0x02]);
  const sent: Uint8Array[] = [];
  await forwardRuns(queueOf([{ type: 3, payload, offset: 0 }]), {
    joins: true,
    send: collect(sent),
  });
  assertEquals([...sent[0]], [...encodeFrame(3, payload)]);
});

Deno.test("forwardRuns: errors name the side that failed", async () => {
  const failing = new FrameQueue();
  failing.end(new Error("reset"));
  const source = await forwardRuns(failing, { send: () => Promise.resolve() }).catch((e) => e);
  assertEquals([source instanceof ForwardError, source.side, source.message], [
    true,
    "source",
    "reset",
  ]);
  const { frames } = adjacent(2);
  const sink = await forwardRuns(queueOf(frames), {
    send: () => Promise.reject(new Error("gone")),
  }).catch((e) => e);
  assertEquals([sink.side, sink.message], ["sink", "gone"]);
});

Deno.test("forwardRuns: iterators that do not tell their size still form runs", async () => {
  const { frames, wire } = adjacent(4);
  const q = queueOf(frames);
  // Hide `size`: the race against a settled promise decides.
  const plain: AsyncIterator<Frame> = { next: () => q.next() };
  const sent: number[] = [];
  await forwardRuns(plain, { joins: true, send: collect(sent, (b) => b.length) });
  assertEquals(sent, [wire.length]);
});
