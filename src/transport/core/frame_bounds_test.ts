import { assertEquals } from "../../../tests/_util/assert.ts";
import { encodeFrame } from "../../protocol/frame.ts";
import { frameSize, wholeFramesEnd } from "./_frame_bounds.ts";

const a = encodeFrame(4, new Uint8Array(5)); // 13 bytes
const b = encodeFrame(4, new Uint8Array(300)); // 308 bytes
const both = new Uint8Array([...a, ...b]);

Deno.test("wholeFramesEnd: stops before an unfinished frame or header", () => {
  assertEquals(wholeFramesEnd(both, 1024), 321);
  assertEquals(wholeFramesEnd(both.subarray(0, 320), 1024), 13);
  assertEquals(wholeFramesEnd(both.subarray(0, 17), 1024), 13);
  assertEquals(wholeFramesEnd(both.subarray(0, 12), 1024), 0);
  assertEquals(wholeFramesEnd(new Uint8Array(0), 1024), 0);
});

Deno.test("wholeFramesEnd: a bad or oversized header hands everything to the decoder", () => {
  const bad = both.slice(0, 30);
  bad[13] = 0x41; // the second frame's magic
  assertEquals(wholeFramesEnd(bad, 1024), 30);
  assertEquals(wholeFramesEnd(both.subarray(0, 30), 100), 30); // 300 > maxPayload
  const version = both.slice(0, 30);
  version[15] = 9;
  assertEquals(wholeFramesEnd(version, 1024), 30);
  // An incomplete header is held back even if it will turn out bad.
  assertEquals(wholeFramesEnd(bad.subarray(0, 20), 1024), 13);
});

Deno.test("frameSize: the header size until the length is known", () => {
  assertEquals(frameSize(b.subarray(0, 7)), 8);
  assertEquals(frameSize(b.subarray(0, 8)), 308);
  assertEquals(frameSize(b), 308);
});
