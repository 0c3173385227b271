import {
  assert,
  assertEquals,
  assertThrows,
  assertViewportError,
} from "../../tests/_util/assert.ts";
import { concat, hex, toHex } from "../../tests/_util/hex.ts";
import { decodeFrameHeader, encodeFrame, writeFrameHeader } from "./frame.ts";
import { FrameDecoder } from "./frame_decoder.ts";
import { ViewportError } from "./errors.ts";

Deno.test("frame header: hex vector for a PATCH with a 3-byte payload", () => {
  assertEquals(toHex(encodeFrame(0x03, hex("a1 61 61"))), "5650010303000000a16161");
});

Deno.test("frame header: length is little-endian u32", () => {
  const buf = new Uint8Array(8);
  writeFrameHeader(buf, 0, 0x04, 0x12345678);
  assertEquals(toHex(buf), "5650010478563412");
  assertEquals(decodeFrameHeader(buf, 0, 0xffffffff), { version: 1, type: 4, length: 0x12345678 });
  writeFrameHeader(buf, 0, 0x04, 0xffffffff);
  assertEquals(decodeFrameHeader(buf, 0, 0xffffffff).length, 0xffffffff);
});

Deno.test("frame header: rejects bad type, length, magic and version", () => {
  assertThrows(() => writeFrameHeader(new Uint8Array(8), 0, 256, 0), RangeError);
  assertThrows(() => writeFrameHeader(new Uint8Array(8), 0, 1, -1), RangeError);
  assertViewportError(
    () => decodeFrameHeader(hex("41 42 01 02 00 00 00 00"), 0),
    "bad_frame",
    /bad magic 0x4142/,
  );
  assertViewportError(
    () => decodeFrameHeader(hex("56 50 02 02 00 00 00 00"), 0),
    "bad_frame",
    /version 2/,
  );
  assertViewportError(() => decodeFrameHeader(hex("56 50 01"), 0), "bad_frame", /truncated/);
});

function frames(n: number): Uint8Array[] {
  return Array.from(
    { length: n },
    (_, i) => encodeFrame(1 + (i % 11), new Uint8Array(i * 7).fill(i)),
  );
}

Deno.test("FrameDecoder: a stream split at every byte boundary yields the same frames", () => {
  const list = frames(6);
  const stream = concat(...list);
  for (let cut = 0; cut <= stream.length; cut++) {
    const dec = new FrameDecoder();
    const got = [...dec.push(stream.slice(0, cut)), ...dec.push(stream.slice(cut))];
    assertEquals(got.length, list.length, `cut at ${cut}`);
    got.forEach((f, i) => {
      assertEquals(toHex(f.payload), toHex(list[i].subarray(8)));
      assertEquals(f.type, list[i][3]);
    });
    dec.end();
  }
});

Deno.test("FrameDecoder: two cuts at every pair of boundaries in a header+payload", () => {
  const one = encodeFrame(0x02, hex("a1 64 72 6f 6f 74 f6"));
  for (let a = 0; a <= one.length; a++) {
    for (let b = a; b <= one.length; b++) {
      const dec = new FrameDecoder();
      const got = [
        ...dec.push(one.slice(0, a)),
        ...dec.push(one.slice(a, b)),
        ...dec.push(one.slice(b)),
      ];
      assertEquals(got.length, 1);
      assertEquals(toHex(got[0].payload), "a164726f6f74f6");
      assertEquals(got[0].offset, 0);
    }
  }
});

Deno.test("FrameDecoder: byte-at-a-time input of a large frame stays linear and exact", () => {
  const payload = new Uint8Array(200_000).map((_, i) => (i * 31) & 0xff);
  const bytes = encodeFrame(0x04, payload);
  const dec = new FrameDecoder();
  let got: Uint8Array | undefined;
  for (let i = 0; i < bytes.length; i++) {
    for (const f of dec.push(bytes.subarray(i, i + 1))) got = f.payload;
  }
  assertEquals(got?.length, payload.length);
  assertEquals(toHex(got!.subarray(0, 64)), toHex(payload.subarray(0, 64)));
  assertEquals(got![199_999], payload[199_999]);
});

Deno.test("FrameDecoder: frame offsets count from the stream start", () => {
  const [a, b] = frames(2);
  const dec = new FrameDecoder();
  const got = dec.push(concat(a, b));
  assertEquals(got.map((f) => f.offset), [0, a.length]);
  assertEquals(dec.offset, a.length + b.length);
});

Deno.test("FrameDecoder: a 3 GB length is rejected from the header alone", () => {
  const dec = new FrameDecoder();
  const err = assertViewportError(
    () => dec.push(hex("56 50 01 03 00 00 00 c0")),
    "too_large",
    /3221225472 bytes .* limit of 16777216/,
  );
  assertEquals(err.offset, 0);
  // Only the 8 header bytes were given: the limit is enforced before any payload
  // is awaited or allocated.
  assert(dec.buffered <= 8);
  // The decoder stays failed: the connection must be closed.
  assertViewportError(() => dec.push(new Uint8Array(1)), "too_large");
});

Deno.test("FrameDecoder: maxPayload option", () => {
  const dec = new FrameDecoder({ maxPayload: 4 });
  assertEquals(dec.push(encodeFrame(1, new Uint8Array(4))).length, 1);
  assertViewportError(() => dec.push(encodeFrame(1, new Uint8Array(5))), "too_large", /limit of 4/);
  assertThrows(() => new FrameDecoder({ maxPayload: -1 }), RangeError);
});

Deno.test("FrameDecoder: garbage gives bad_frame with the offset", () => {
  const dec = new FrameDecoder();
  dec.push(encodeFrame(1, new Uint8Array(2)));
  const err = assertViewportError(
    () => dec.push(new TextEncoder().encode("hello world")),
    "bad_frame",
  );
  assertEquals(err.offset, 10);
});

Deno.test("FrameDecoder: end() inside a frame reports the truncation", () => {
  const dec = new FrameDecoder();
  dec.push(encodeFrame(1, new Uint8Array(10)).subarray(0, 12));
  assertViewportError(() => dec.end(), "bad_frame", /stream ended inside a frame at byte 0/);
});

Deno.test("FrameDecoder: unknown type bytes pass through (the message layer skips them)", () => {
  const got = new FrameDecoder().push(encodeFrame(0x7f, new Uint8Array([0xf6])));
  assertEquals(got[0].type, 0x7f);
});

Deno.test("FrameDecoder.write: a throwing callback keeps the rest of the chunk buffered", () => {
  const [a, b] = frames(3).slice(1);
  const dec = new FrameDecoder();
  let calls = 0;
  try {
    dec.write(concat(a, b), () => {
      calls++;
      throw new Error("consumer failed");
    });
  } catch (err) {
    assertEquals((err as Error).message, "consumer failed");
  }
  assertEquals(calls, 1);
  assertEquals(dec.buffered, b.length);
  const rest = dec.push(new Uint8Array(0));
  assertEquals(rest.length, 1);
  assertEquals(toHex(rest[0].payload), toHex(b.subarray(8)));
});

Deno.test("FrameDecoder.scan: ranges match write() at every split, and are the payload bytes", () => {
  const list = frames(6);
  const stream = concat(...list);
  for (let cut = 0; cut <= stream.length; cut++) {
    const dec = new FrameDecoder();
    const got: [number, string, number][] = [];
    const onRange = (type: number, bytes: Uint8Array, start: number, end: number, at: number) => {
      got.push([type, toHex(bytes.subarray(start, end)), at]);
    };
    dec.scan(stream.slice(0, cut), onRange);
    dec.scan(stream.slice(cut), onRange);
    dec.end();
    const viaWrite = new FrameDecoder().push(stream).map((
      f,
    ) => [f.type, toHex(f.payload), f.offset]);
    assertEquals(got, viaWrite, `cut at ${cut}`);
  }
});

Deno.test("FrameDecoder: a handler's ViewportError does not fail the decoder", () => {
  // A frame whose payload is bad is the consumer's problem; the framing is fine.
  const [a, b] = frames(3).slice(1);
  const dec = new FrameDecoder();
  assertViewportError(() =>
    dec.scan(a, () => {
      throw new ViewportError("bad_cbor", "payload", { offset: 3 });
    }), "bad_cbor");
  assertEquals(dec.push(b).length, 1);
  dec.end();
});

Deno.test("FrameDecoder: a bad header fails the decoder for good, through scan and write", () => {
  const dec = new FrameDecoder();
  assertViewportError(() => dec.scan(hex("00 00 01 03 00 00 00 00"), () => {}), "bad_frame");
  assertViewportError(() => dec.push(frames(1)[0]), "bad_frame");
});
