import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { chunkedConn } from "../../../tests/transport/chunked_conn.ts";
import { concat } from "../../../tests/_util/hex.ts";
import { isViewportError } from "../../protocol/errors.ts";
import { encodeFrame, type Frame } from "../../protocol/frame.ts";
import { FrameDecoder } from "../../protocol/frame_decoder.ts";
import { type ByteChannel, denoConnChannel } from "./byte_channel.ts";
import { FrameReader } from "./_frame_reader.ts";
import { SplitterDecoder } from "./splitter_decoder.ts";

const a = encodeFrame(4, new Uint8Array(5)); // 13 bytes
const b = encodeFrame(4, new Uint8Array(300)); // 308 bytes
const both = concat(a, b);

Deno.test("FrameDecoder.writeWhole: whole frames go out, the boundary of the unfinished one comes back", () => {
  const ends = (bytes: Uint8Array) => {
    const types: number[] = [];
    const end = new FrameDecoder({ maxPayload: 1024 }).writeWhole(bytes, (f) => types.push(f.type));
    return [end, types.length];
  };
  assertEquals(ends(both), [321, 2]);
  assertEquals(ends(both.subarray(0, 320)), [13, 1]);
  assertEquals(ends(both.subarray(0, 17)), [13, 1]);
  assertEquals(ends(both.subarray(0, 12)), [0, 0]);
  assertEquals(ends(new Uint8Array(0)), [0, 0]);
});

Deno.test("FrameDecoder.writeWhole: a bad or oversized header throws at once; an incomplete one is held back", () => {
  const bad = both.slice(0, 30);
  bad[13] = 0x41; // the second frame's magic
  const decode = (bytes: Uint8Array, max = 1024) => {
    try {
      return new FrameDecoder({ maxPayload: max }).writeWhole(bytes, () => {});
    } catch (err) {
      return err;
    }
  };
  assert(isViewportError(decode(bad), "bad_frame"), "bad magic");
  assert(isViewportError(decode(both.subarray(0, 30), 100), "too_large"), "300 > maxPayload");
  assertEquals(decode(bad.subarray(0, 20)), 13, "an incomplete header is held back");
});

/** Reads everything through a reader; the frames' payload lengths and buffers. */
async function readAll(reader: FrameReader): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (let chunk; (chunk = await reader.read()) !== null;) {
    reader.decode(chunk, (f) => frames.push(f));
  }
  reader.end((f) => frames.push(f));
  return frames;
}

Deno.test("FrameReader: a frame cut by reads grows in place in the reader's slabs", async () => {
  const big = encodeFrame(5, new Uint8Array(10_000).fill(9));
  const data = concat(a, big, a);
  const reader = new FrameReader(denoConnChannel(chunkedConn(data, 1000)), new FrameDecoder());
  assert(reader.release !== null, "whole frames: the reader can say what to reuse");
  const frames: Frame[] = [];
  const first = (await reader.read())!;
  reader.decode(first, (f) => frames.push(f));
  assertEquals(frames.length, 1);
  // The next read hands out the held-back start of the big frame and the new
  // bytes right after it: same memory, nothing copied together.
  const second = (await reader.read())!;
  assertEquals(second.buffer, first.buffer);
  assertEquals(second.byteOffset, first.byteOffset + a.length);
  assertEquals(second.length, 2000 - a.length);
  reader.decode(second, (f) => frames.push(f));
  frames.push(...await readAll(reader));
  assertEquals(frames.map((f) => f.payload.length), [5, 10_000, 5]);
  assert(frames[1].payload.every((x) => x === 9));
  assertEquals(frames[1].payload.buffer, first.buffer);
});

Deno.test("FrameReader: the end inside a frame is the decoder's bad_frame, counting the held-back bytes", async () => {
  const data = concat(a, b.subarray(0, 100));
  const reader = new FrameReader(denoConnChannel(chunkedConn(data, 30)), new FrameDecoder());
  let chunk;
  while ((chunk = await reader.read()) !== null) reader.decode(chunk, () => {});
  assertEquals(reader.buffered, 100);
  let err: unknown = null;
  try {
    reader.end(() => {});
  } catch (e) {
    err = e;
  }
  assert(isViewportError(err, "bad_frame"), String(err));
  assertEquals(err.offset, 13);
});

Deno.test("FrameReader: without slab reads, or with another decoder, chunks are decoded as they come", async () => {
  const plain: ByteChannel = {
    ...denoConnChannel(chunkedConn(both, 7)),
    slabReads: null,
  };
  const reader = new FrameReader(plain, new FrameDecoder());
  assertEquals(reader.release, null);
  assertEquals((await readAll(reader)).map((f) => f.payload.length), [5, 300]);

  const text: string[] = [];
  const splitter = new SplitterDecoder((t) => text.push(new TextDecoder().decode(t)));
  const map = encodeFrame(4, Uint8Array.of(0xa0)); // an empty CBOR map: a frame, not text
  const mixed = concat(new TextEncoder().encode("hi "), map, map);
  const reader2 = new FrameReader(denoConnChannel(chunkedConn(mixed, 7)), splitter);
  assertEquals(reader2.release, null, "the splitter keeps bytes of its own");
  assertEquals((await readAll(reader2)).map((f) => f.payload.length), [1, 1]);
  assertEquals(text.join(""), "hi ");
});

Deno.test("FrameReader: decode with upTo makes frames from about that many bytes; the rest waits, in order", async () => {
  const tiny = encodeFrame(3, new Uint8Array(22)); // 30 bytes
  const big = encodeFrame(5, new Uint8Array(5000).fill(7));
  const tail = encodeFrame(3, new Uint8Array(40));
  // 100 tiny frames, one larger than a piece, 100 more, then the start of one.
  const data = concat(
    ...Array(100).fill(tiny),
    big,
    ...Array(100).fill(tiny),
    tail.subarray(0, 20),
  );
  const reader = new FrameReader(
    denoConnChannel(chunkedConn(data, data.length)),
    new FrameDecoder(),
  );
  const chunk = (await reader.read())!;
  assertEquals(chunk.length, data.length, "one read holds everything");
  const pieces: number[][] = [];
  const piece = () => {
    const sizes: number[] = [];
    pieces.push(sizes);
    return (f: Frame) => sizes.push(f.payload.length);
  };
  reader.decode(chunk, piece(), 1000);
  while (reader.pending) reader.decodeRest(piece(), 1000);
  // 1000 bytes hold 33 whole tiny frames; a frame larger than the piece comes whole, alone.
  assertEquals(pieces.map((p) => p.length), [33, 33, 33, 1, 1, 33, 33, 33, 1]);
  assertEquals(pieces.flat(), [...Array(100).fill(22), 5000, ...Array(100).fill(22)]);
  assertEquals(reader.buffered, 20, "the unfinished frame is held back, as without upTo");
  assertEquals(await reader.read(), null);
  let err: unknown = null;
  try {
    reader.end(() => {});
  } catch (e) {
    err = e;
  }
  assert(isViewportError(err, "bad_frame"), String(err));
});
