import { assertEquals } from "../../../tests/_util/assert.ts";
import { FrameView } from "../../protocol/frame.ts";
import { FrameQueue } from "./frame_queue.ts";

Deno.test("FrameQueue onRelease: the next frame's buffer when one is queued, null when waiting", async () => {
  const released: (ArrayBufferLike | null)[] = [];
  const q = new FrameQueue({ onRelease: (keepFrom) => released.push(keepFrom) });
  const a = new Uint8Array(16), b = new Uint8Array(16);
  q.push(new FrameView(3, a, 8, 16, 0));
  q.push(new FrameView(3, b, 8, 16, 16));
  await q.next();
  await q.next();
  const waiting = q.next();
  q.end();
  await waiting;
  assertEquals(released, [a.buffer, b.buffer, null]);
  await q.return();
  assertEquals(released.at(-1), null);
});

Deno.test("FrameQueue without onRelease behaves as before", async () => {
  const q = new FrameQueue();
  q.push({ type: 3, payload: new Uint8Array([0xa0]), offset: 0 });
  q.end();
  assertEquals((await q.next()).value?.type, 3);
  assertEquals((await q.next()).done, true);
});
