import { assert, assertEquals, assertRejectsViewportError } from "../../../tests/_util/assert.ts";
import { encodeFrame, type Frame } from "../../protocol/frame.ts";
import { isViewportError } from "../../protocol/errors.ts";
import { decodeFrame } from "../../protocol/wire.ts";
import { type ByteChannel, denoConnChannel } from "./byte_channel.ts";
import { StreamTransport } from "./stream_transport.ts";
import { chunkedConn } from "../../../tests/transport/chunked_conn.ts";
import { concat } from "../../../tests/_util/hex.ts";

/** A scripted channel: reads come from `feed`, writes are recorded and held until released. */
class FakeChannel implements ByteChannel {
  readonly slabReads = null;
  writes: Uint8Array[] = [];
  closed = false;
  holdWrites = false;
  #held: (() => void)[] = [];
  #reads: (Uint8Array | null | Error)[] = [];
  #wake: (() => void) | null = null;

  feed(item: Uint8Array | null | Error): void {
    this.#reads.push(item);
    this.#wake?.();
  }
  release(): void {
    for (const r of this.#held.splice(0)) r();
  }
  async read(): Promise<Uint8Array | null> {
    while (this.#reads.length === 0 && !this.closed) {
      await new Promise<void>((r) => this.#wake = r);
    }
    if (this.closed) return null;
    const item = this.#reads.shift()!;
    if (item instanceof Error) throw item;
    return item;
  }
  write(bytes: Uint8Array): Promise<void> {
    this.writes.push(bytes.slice());
    if (!this.holdWrites) return Promise.resolve();
    return new Promise((r) => this.#held.push(r));
  }
  close(): void {
    this.closed = true;
    this.#wake?.();
  }
}

const frame = (n: number) => encodeFrame(0x05, new Uint8Array(n).fill(0x40));

Deno.test("frames sent in one tick go out in one write", async () => {
  const ch = new FakeChannel();
  const t = new StreamTransport(ch, { scheme: "test" });
  for (let i = 0; i < 50; i++) void t.send(frame(10));
  await t.close();
  assertEquals(ch.writes.length, 1);
  assertEquals(ch.writes[0].length, 50 * 18);
});

Deno.test("frames sent while a write is in flight are coalesced into the next write", async () => {
  const ch = new FakeChannel();
  ch.holdWrites = true;
  const t = new StreamTransport(ch, { scheme: "test" });
  await t.send(frame(1));
  await Promise.resolve();
  for (let i = 0; i < 10; i++) await t.send(frame(1));
  assertEquals(ch.writes.length, 1);
  ch.release();
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(ch.writes.length, 2);
  assertEquals(ch.writes[1].length, 10 * 9);
  ch.holdWrites = false;
  ch.release();
  await t.close();
});

Deno.test("send past the high-water mark waits until the queue drains", async () => {
  const ch = new FakeChannel();
  ch.holdWrites = true;
  const t = new StreamTransport(ch, { scheme: "test" }, { highWaterMark: 100 });
  let resolved = false;
  await t.send(frame(50));
  const p = t.send(frame(60)).then(() => resolved = true);
  await new Promise((r) => setTimeout(r, 5));
  assert(!resolved, "send above the mark must stay pending");
  ch.holdWrites = false;
  ch.release();
  await p;
  assert(resolved);
  await t.close();
});

Deno.test("pending sends reject with closed when the connection drops", async () => {
  const ch = new FakeChannel();
  ch.holdWrites = true;
  const t = new StreamTransport(ch, { scheme: "test" }, { highWaterMark: 10, closeTimeout: 10 });
  const pending = t.send(frame(50));
  ch.feed(null); // peer closed
  await assertRejectsViewportError(() => pending, "closed");
  assertEquals((await t.closed).local, false);
  await assertRejectsViewportError(() => t.send(frame(1)), "closed", /send after close/);
  await t.close();
});

Deno.test("a peer that ends mid-frame gives bad_frame naming the cut frame", async () => {
  const ch = new FakeChannel();
  const t = new StreamTransport(ch, { scheme: "unix", peer: "/tmp/x.sock" });
  ch.feed(frame(3));
  ch.feed(frame(100).subarray(0, 40));
  ch.feed(null);
  const it = t.frames();
  assertEquals((await it.next()).value?.payload.length, 3);
  const err = await it.next().then(() => null, (e) => e);
  assert(isViewportError(err, "bad_frame"), String(err));
  assertMatch(err.message, /unix peer \/tmp\/x\.sock closed the connection inside a frame/);
  assertMatch(err.message, /at byte 11 \(40 bytes of an unfinished frame\)/);
  const info = await t.closed;
  assert(info.error === err.cause || info.error === err);
  await t.close();
});

Deno.test("a read error with no partial frame is a closed error", async () => {
  const ch = new FakeChannel();
  const t = new StreamTransport(ch, { scheme: "tcp", peer: "127.0.0.1:1" });
  ch.feed(new Error("Connection reset by peer (os error 104)"));
  const err = await t.frames().next().then(() => null, (e) => e);
  assert(isViewportError(err, "closed"), String(err));
  assertMatch(err.message, /tcp peer 127\.0\.0\.1:1: connection broke: Connection reset/);
  await t.close();
});

Deno.test("bad magic closes the connection and tells the peer with an ERROR frame", async () => {
  const ch = new FakeChannel();
  const t = new StreamTransport(ch, { scheme: "test" });
  ch.feed(new TextEncoder().encode("HTTP/1.1 400 Bad Request\r\n"));
  const err = await t.frames().next().then(() => null, (e) => e);
  assert(isViewportError(err, "bad_frame"), String(err));
  assertMatch(err.message, /bad magic 0x4854/);
  await t.closed;
  assertEquals(ch.writes.length, 1);
  const reply = ch.writes[0];
  const msg = decodeFrame({ type: reply[3], payload: reply.subarray(8), offset: 0 });
  assertEquals(msg.type, "ERROR");
  assert(msg.type === "ERROR" && msg.code === "bad_frame");
  await t.close();
});

Deno.test("reading pauses while the consumer is behind (read-ahead bound)", async () => {
  const ch = new FakeChannel();
  const t = new StreamTransport(ch, { scheme: "test" }, { readAhead: 100 });
  for (let i = 0; i < 5; i++) ch.feed(frame(60));
  await new Promise((r) => setTimeout(r, 5));
  // 2 frames (120 bytes) exceed 100: the reader stops before taking the rest.
  const it = t.frames();
  for (let i = 0; i < 5; i++) assertEquals((await it.next()).value?.payload.length, 60);
  await t.close();
});

Deno.test("send rejects a non-Uint8Array with TypeError", async () => {
  const t = new StreamTransport(new FakeChannel(), { scheme: "test" });
  const err = await t.send("nope" as unknown as Uint8Array).then(() => null, (e) => e);
  assert(err instanceof TypeError);
  await t.close();
});

/** A channel over a connection delivering `data` in reads of `step` bytes. */
function slowConn(data: Uint8Array, step: number) {
  return denoConnChannel(chunkedConn(data, step));
}

Deno.test("frames cut by reads are completed in place and arrive whole, in order", async () => {
  const sizes = [3, 70_000, 5, 1_500_000, 1, 40_000, 300_000, 7];
  const frames = sizes.map((n, i) => encodeFrame(0x05, new Uint8Array(n).fill(i + 1)));
  for (const step of [7, 4096, 65_537]) {
    const t = new StreamTransport(slowConn(concat(...frames), step), { scheme: "test" });
    const got: Frame[] = [];
    for await (const f of t.frames()) got.push(f);
    assertEquals(got.map((f) => f.payload.length), sizes);
    got.forEach((f, i) => assert(f.payload.every((b) => b === i + 1), `frame ${i} (step ${step})`));
    assertEquals(
      got.map((f) => f.offset),
      frames.map((_, i) => concat(...frames.slice(0, i)).length),
    );
    await t.close();
  }
});

Deno.test("with in-place reads: a cut frame at the end and bad magic are still reported exactly", async () => {
  const whole = encodeFrame(0x05, new Uint8Array(3));
  const cut = new StreamTransport(
    slowConn(
      concat(whole, encodeFrame(0x05, new Uint8Array(100_000)).subarray(0, 50_000)),
      4096,
    ),
    { scheme: "unix" },
  );
  const it = cut.frames();
  assertEquals((await it.next()).value?.payload.length, 3);
  const err = await it.next().then(() => null, (e) => e);
  assert(isViewportError(err, "bad_frame"), String(err));
  assertMatch(err.message, /the unix peer closed the connection inside a frame/);
  assertMatch(err.message, /at byte 11 \(50000 bytes of an unfinished frame\)/);
  await cut.close();

  const garbage = concat(whole, new TextEncoder().encode("HTTP/1.1 400"));
  const bad = new StreamTransport(slowConn(garbage, 5), { scheme: "test" });
  const it2 = bad.frames();
  assertEquals((await it2.next()).value?.payload.length, 3);
  const err2 = await it2.next().then(() => null, (e) => e);
  assert(isViewportError(err2, "bad_frame"), String(err2));
  assertEquals(err2.offset, 11);
  assertMatch(err2.message, /bad magic 0x4854 at byte 11/);
  await bad.close();

  const huge = new Uint8Array(whole);
  huge[4] = 0xff, huge[5] = 0xff, huge[6] = 0xff; // 16 MiB - 1 + ...: over the limit
  huge[7] = 0x01;
  const big = new StreamTransport(slowConn(huge.subarray(0, 8), 3), { scheme: "test" });
  const err3 = await big.frames().next().then(() => null, (e) => e);
  assert(isViewportError(err3, "too_large"), String(err3));
  await big.close();
});

function assertMatch(text: string, re: RegExp): void {
  assert(re.test(text), `${JSON.stringify(text)} does not match ${re}`);
}

Deno.test("a failed write still lets the frames the peer sent before closing be read", async () => {
  const ch = new FakeChannel();
  const epipe = new Error("Broken pipe (os error 32)");
  ch.write = () => Promise.reject(epipe);
  const t = new StreamTransport(ch, { scheme: "test" });
  await t.send(frame(3)).catch(() => {});
  // The peer's last frames were already in the socket when our write failed.
  ch.feed(frame(4));
  ch.feed(frame(5));
  ch.feed(null);
  const sizes: number[] = [];
  for await (const f of t.frames()) sizes.push(f.payload.length);
  assertEquals(sizes, [4, 5]);
  const info = await t.closed;
  assertEquals(info.error, undefined, "a clean end after the peer's last frame");
  await assertRejectsViewportError(() => t.send(frame(1)), "closed", /write failed/);
});

Deno.test("a failed write with a peer that never ends its stream closes after closeTimeout", async () => {
  const ch = new FakeChannel();
  ch.write = () => Promise.reject(new Error("Broken pipe (os error 32)"));
  const t = new StreamTransport(ch, { scheme: "test" }, { closeTimeout: 50 });
  await t.send(frame(3)).catch(() => {});
  const info = await t.closed;
  assert(isViewportError(info.error) && /write failed/.test(info.error.message), `${info.error}`);
  await t.close();
});

async function distinctBuffers(
  data: Uint8Array,
  step: number,
  transientFrames: boolean,
  check: (f: Frame, i: number) => Promise<void>,
): Promise<number> {
  const t = new StreamTransport(slowConn(data, step), { scheme: "test" });
  const buffers = new Set<ArrayBufferLike>();
  let i = 0;
  for await (const f of t.frames({ transient: transientFrames })) {
    buffers.add(f.payload.buffer);
    await check(f, i++);
  }
  await t.close();
  return buffers.size;
}

Deno.test("frames({ transient: true }): each frame is intact when taken, and read buffers are reused", async () => {
  // Sizes up to 100 KB with a fill byte per frame; a consumer that sometimes
  // lags lets frames queue up across many slabs before it takes them.
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const sizes = Array.from({ length: 600 }, () => rand(8) === 0 ? rand(100_000) : rand(3000));
  const data = concat(...sizes.map((n, i) => encodeFrame(0x05, new Uint8Array(n).fill(i & 0xff))));
  for (const step of [1000, 65_537, 300_000]) {
    let taken = 0;
    const check = async (f: Frame, i: number) => {
      const what = `frame ${i} (step ${step})`;
      assertEquals(f.payload.length, sizes[i], what);
      assert(f.payload.every((b) => b === (i & 0xff)), `${what} overwritten`);
      taken++;
      if (rand(50) === 0) await new Promise((r) => setTimeout(r, 0));
    };
    const reused = await distinctBuffers(data, step, true, check);
    assertEquals(taken, sizes.length);
    const fresh = await distinctBuffers(data, step, false, () => Promise.resolve());
    assert(reused * 2 <= fresh, `step ${step}: ${reused} buffers reused vs ${fresh} fresh`);
  }
});

Deno.test("frames are made from bytes already read only as the consumer gets near them (parse-ahead bound)", async () => {
  // 8,000 frames of 30 bytes arrive in reads of up to 256 KiB: one read is
  // thousands of frames. Made at once, each would be an object queued for as
  // long as the consumer is behind.
  const n = 8000;
  const tiny = (i: number) => encodeFrame(0x05, new Uint8Array(22).fill(i & 0xff));
  const data = concat(...Array.from({ length: n }, (_, i) => tiny(i)));
  const t = new StreamTransport(slowConn(data, 256 * 1024), { scheme: "test" });
  const it = t.frames() as AsyncIterableIterator<Frame> & { size: number };
  // Let the reader run as far as it will with nobody taking frames.
  let last = -1, still = 0;
  while (still < 20) {
    await new Promise((r) => setTimeout(r, 0));
    still = it.size === last && it.size > 0 ? still + 1 : 0;
    last = it.size;
  }
  // At most 16 KiB of frames (payload + 96 bytes each) plus one piece of 4 KiB.
  const bound = Math.ceil(16 * 1024 / (22 + 96)) + Math.ceil(4 * 1024 / 30) + 1;
  assert(it.size <= bound, `${it.size} frames made ahead of the consumer (at most ${bound})`);
  let i = 0;
  for await (const f of it) {
    assertEquals(f.payload.length, 22);
    assertEquals(f.payload[0], i & 0xff, `frame ${i}`);
    assertEquals(f.offset, i * 30);
    i++;
  }
  assertEquals(i, n);
  await t.close();
});
