import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { AsyncQueue } from "./async_queue.ts";

Deno.test("AsyncQueue: weights follow what is queued, taken and put back", () => {
  const q = new AsyncQueue<Uint8Array>({ weigh: (b) => b.length });
  q.push(new Uint8Array(10));
  q.push(new Uint8Array(20));
  assertEquals([q.size, q.bytes], [2, 30]);
  const first = q.shift()!;
  assertEquals([q.size, q.bytes], [1, 20]);
  q.unshift(first.subarray(4));
  assertEquals([q.size, q.bytes], [2, 26]);
  assertEquals(q.shift()!.length, 6, "the rest comes back first");
  assertEquals(q.shift()!.length, 20);
  assertEquals([q.size, q.bytes, q.shift()], [0, 0, undefined]);
});

Deno.test("AsyncQueue: waitForRoom resolves once the consumer took enough, or at the end", async () => {
  const q = new AsyncQueue<number>({ weigh: (n) => n });
  for (let i = 0; i < 5; i++) q.push(10);
  let roomy = false;
  const room = q.waitForRoom(25).then(() => roomy = true);
  await q.next();
  await q.next();
  await Promise.resolve();
  assert(!roomy, "30 queued is still over 25");
  await q.next();
  await room;
  assertEquals(q.bytes, 20);
  const never = q.waitForRoom(0);
  q.end();
  await never;
});

Deno.test("AsyncQueue: many items taken one by one stay in order (head index, compaction)", async () => {
  const q = new AsyncQueue<number>();
  const got: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 3000; i++) q.push(round * 3000 + i);
    for (let i = 0; i < 2500; i++) got.push((await q.next()).value!);
  }
  q.end();
  for (let r = await q.next(); !r.done; r = await q.next()) got.push(r.value);
  assertEquals(got, Array.from({ length: 9000 }, (_, i) => i));
});

Deno.test("AsyncQueue: cancel drops what is queued and ends without the error", async () => {
  const q = new AsyncQueue<number>();
  q.push(1);
  q.end(new Error("gone"));
  q.cancel();
  assertEquals(await q.next(), { value: undefined, done: true });
  assertEquals(q.push(2), false);
});

Deno.test("AsyncQueue lateItems: pushes after end are queued until the consumer saw the end", async () => {
  const q = new AsyncQueue<number>({ lateItems: true });
  q.push(1);
  q.end();
  assertEquals(q.push(2), true, "the end is not seen yet");
  assertEquals((await q.next()).value, 1);
  assertEquals((await q.next()).value, 2);
  assertEquals((await q.next()).done, true);
  assertEquals(q.push(3), false, "after the end was seen");
  const strict = new AsyncQueue<number>();
  strict.end();
  assertEquals(strict.push(1), false);
});
