import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { MessageSendQueue } from "./_message_send_queue.ts";
import type { MessageSocket } from "./message_transport.ts";

/** A socket whose writes complete when the test says so. */
function fakeSocket() {
  const sent: Uint8Array[] = [];
  let buffered = 0;
  let waiters: { limit: number; resolve: () => void }[] = [];
  const socket: MessageSocket & { complete(n: number): void; sent: Uint8Array[] } = {
    sent,
    listen() {},
    send(d) {
      sent.push(d);
      buffered += d.length;
    },
    get bufferedAmount() {
      return buffered;
    },
    whenBelow(limit) {
      if (buffered <= limit) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ limit, resolve }));
    },
    complete(n) {
      buffered -= n;
      const still = waiters.filter((w) => buffered > w.limit);
      for (const w of waiters) if (buffered <= w.limit) w.resolve();
      waiters = still;
    },
    close() {},
    terminate() {},
  };
  return socket;
}

const frame = (n: number, tag: number) => new Uint8Array(n).fill(tag);

Deno.test("MessageSendQueue: keeps frames back past the window and sends them in order", async () => {
  const socket = fakeSocket();
  const out = new MessageSendQueue(socket, 100);
  for (let i = 0; i < 5; i++) out.send(frame(60, i));
  assertEquals(socket.sent.map((f) => f[0]), [0, 1], "60 then 120 bytes in flight");
  assertEquals(out.bytes, 300);
  socket.complete(120);
  await Promise.resolve();
  await Promise.resolve();
  assertEquals(socket.sent.map((f) => f[0]), [0, 1, 2, 3]);
  const idle = out.idle();
  socket.complete(120);
  await idle;
  assertEquals(socket.sent.map((f) => f[0]), [0, 1, 2, 3, 4]);
  out.send(frame(50, 5));
  assertEquals(socket.sent.length, 6, "60 in flight, within the window: straight out");
  out.send(frame(10, 6));
  assertEquals(socket.sent.length, 6, "110 in flight: waits");
  socket.complete(110);
  await out.idle();
  assertEquals(socket.sent.map((f) => f[0]), [0, 1, 2, 3, 4, 5, 6]);
});

Deno.test("MessageSendQueue: whenBelow counts queued and in-flight bytes", async () => {
  const socket = fakeSocket();
  const out = new MessageSendQueue(socket, 50);
  for (let i = 0; i < 4; i++) out.send(frame(50, i));
  let below = false;
  const waiting = out.whenBelow(100).then(() => below = true);
  socket.complete(50);
  await new Promise((r) => setTimeout(r, 0));
  assert(!below, "150 unsent: 50 in flight, 100 queued");
  socket.complete(50);
  socket.complete(50);
  await waiting;
  assert(out.bytes <= 100);
});

Deno.test("MessageSendQueue: stop drops what waits and wakes every waiter", async () => {
  const socket = fakeSocket();
  const out = new MessageSendQueue(socket, 10);
  out.send(frame(20, 0));
  out.send(frame(20, 1));
  const waits = [out.idle(), out.whenBelow(0)];
  out.stop();
  await Promise.all(waits);
  out.send(frame(1, 2));
  assertEquals(socket.sent.length, 1, "nothing is sent after stop");
  assertEquals(out.bytes, 20, "only what the socket holds");
});

Deno.test("MessageSendQueue: a socket that claims room it lacks does not make it spin", async () => {
  const socket = fakeSocket();
  socket.whenBelow = () => Promise.resolve();
  const out = new MessageSendQueue(socket, 10);
  out.send(frame(20, 0));
  out.send(frame(20, 1));
  let ticks = 0;
  const counting = setInterval(() => ticks++, 1);
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(counting);
  // A queue that spun on microtasks would starve every timer, this one included.
  assert(ticks > 0, "timers still run");
  socket.complete(20);
  await out.idle();
  assertEquals(socket.sent.length, 2);
  out.stop();
});
