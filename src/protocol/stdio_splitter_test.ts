import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { concat, toHex } from "../../tests/_util/hex.ts";
import { encodeFrame } from "./frame.ts";
import { type StdioPiece, StdioSplitter } from "./stdio_splitter.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

// Stand-in for "the payload decodes": payloads in these tests start with 0xa1
// (a one-entry CBOR map). The CBOR-backed check is tested with the codec.
const valid = (_t: number, p: Uint8Array) => p.length > 0 && p[0] === 0xa1;

/** Collapses pieces into a readable list: text runs merged, frames as hex. */
function summarize(pieces: StdioPiece[]): string[] {
  const out: string[] = [];
  let text = "";
  for (const p of pieces) {
    if (p.kind === "text") text += dec.decode(p.bytes);
    else {
      if (text) out.push(`T:${JSON.stringify(text)}`);
      text = "";
      out.push(`F${p.frame.type}:${toHex(p.frame.payload)}`);
    }
  }
  if (text) out.push(`T:${JSON.stringify(text)}`);
  return out;
}

function splitAll(chunks: Uint8Array[]): string[] {
  const s = new StdioSplitter({ isValidPayload: valid });
  const pieces: StdioPiece[] = [];
  for (const c of chunks) pieces.push(...s.push(c));
  pieces.push(...s.flush());
  return summarize(pieces);
}

const frameA = encodeFrame(0x02, new Uint8Array([0xa1, 0x61, 0x61, 0x01]));
const frameB = encodeFrame(0x03, new Uint8Array([0xa1, 0x56, 0x50, 0x01, 0x0a, 0x0d]));
const ansi = enc.encode("\x1b[31mred VPN\x1b[0m\r\n");
const lookalike = enc.encode("VP\x01\x02 not a frame\n");

const stream = concat(ansi, frameA, enc.encode("middle\n"), frameB, lookalike, frameA, ansi);
const expected = [
  `T:${JSON.stringify("\x1b[31mred VPN\x1b[0m\r\n")}`,
  "F2:a1616101",
  `T:${JSON.stringify("middle\n")}`,
  "F3:a15650010a0d",
  `T:${JSON.stringify("VP\x01\x02 not a frame\n")}`,
  "F2:a1616101",
  `T:${JSON.stringify("\x1b[31mred VPN\x1b[0m\r\n")}`,
];

Deno.test("stdio splitter: frames interleaved with ANSI text and look-alike bytes", () => {
  assertEquals(splitAll([stream]), expected);
});

Deno.test("stdio splitter: same result when split at every byte boundary", () => {
  for (let cut = 0; cut <= stream.length; cut++) {
    assertEquals(splitAll([stream.slice(0, cut), stream.slice(cut)]), expected, `cut ${cut}`);
  }
});

Deno.test("stdio splitter: byte at a time", () => {
  const chunks = Array.from(stream, (b) => new Uint8Array([b]));
  assertEquals(splitAll(chunks), expected);
});

Deno.test("stdio splitter: 'VP' in plain text is text", () => {
  assertEquals(splitAll([enc.encode("VPVPV VP VPN")]), [`T:"VPVPV VP VPN"`]);
});

Deno.test("stdio splitter: a header with an unknown type or oversize length is text", () => {
  const unknownType = new Uint8Array([0x56, 0x50, 0x01, 0x40, 1, 0, 0, 0, 0xa1]);
  assertEquals(splitAll([unknownType]).length, 1);
  const s = new StdioSplitter({ isValidPayload: valid, maxPayload: 16 });
  const big = new Uint8Array([0x56, 0x50, 0x01, 0x02, 17, 0, 0, 0, 0x41]);
  const pieces = s.push(big);
  assert(pieces.every((p) => p.kind === "text"));
  assertEquals(s.pending, 0); // not held: never waits for 17 bytes
});

Deno.test("stdio splitter: an undecodable payload is text, and a frame inside it is found", () => {
  // A candidate claims 9 bytes; its payload is not valid, but it contains a real frame.
  const inner = encodeFrame(0x01, new Uint8Array([0xa1]));
  const fake = concat(new Uint8Array([0x56, 0x50, 0x01, 0x02, 9, 0, 0, 0]), inner);
  assertEquals(splitAll([fake]), [`T:${JSON.stringify("VP\x01\x02\t\x00\x00\x00")}`, "F1:a1"]);
});

Deno.test("stdio splitter: text is passed on at once; only a candidate is held", () => {
  const s = new StdioSplitter({ isValidPayload: valid });
  const pieces = s.push(enc.encode("hello V"));
  assertEquals(summarize(pieces), [`T:"hello "`]);
  assertEquals(s.pending, 1);
  assertEquals(summarize(s.push(enc.encode("iew"))), [`T:"View"`]);
  assertEquals(s.pending, 0);
});

Deno.test("stdio splitter: flush() gives back a held partial frame as text", () => {
  const s = new StdioSplitter({ isValidPayload: valid });
  const partial = frameA.subarray(0, 10);
  assertEquals(s.push(partial).length, 0);
  assertEquals(s.pending, 10);
  const flushed = s.flush();
  assertEquals(
    toHex(concat(...flushed.map((p) => (p.kind === "text" ? p.bytes : new Uint8Array())))),
    toHex(partial),
  );
  assertEquals(s.pending, 0);
});

Deno.test("stdio splitter: payloads full of 0x0A, 0x0D and magic bytes cross unchanged", () => {
  const payload = new Uint8Array(5000);
  payload[0] = 0xa1;
  for (let i = 1; i < payload.length; i++) payload[i] = [0x0a, 0x0d, 0x56, 0x50, 0x01][i % 5];
  const f = encodeFrame(0x04, payload);
  const s = new StdioSplitter({ isValidPayload: valid });
  const pieces: StdioPiece[] = [];
  for (let i = 0; i < f.length; i += 333) pieces.push(...s.push(f.subarray(i, i + 333)));
  assertEquals(pieces.length, 1);
  assert(pieces[0].kind === "frame");
  assertEquals(toHex(pieces[0].frame.payload), toHex(payload));
});

Deno.test("stdio splitter: frame offsets are stream offsets", () => {
  const s = new StdioSplitter({ isValidPayload: valid });
  const got = s.push(concat(enc.encode("abc"), frameA)).filter((p) => p.kind === "frame");
  assertEquals(got.length, 1);
  assert(got[0].kind === "frame");
  assertEquals(got[0].frame.offset, 3);
});

/** Text shaped like headers: every 16 bytes a header claiming 64 KiB, payloads that walk far. */
function nestedHeaders(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i + 16 <= n; i += 16) {
    out.set([0x56, 0x50, 0x01, 0x02, 0x00, 0x00, 0x01, 0x00, 0x9f, 0, 0, 0, 0, 0, 0, 0], i);
  }
  return out;
}

function textOf(pieces: StdioPiece[]): Uint8Array {
  return concat(...pieces.map((p) => (p.kind === "text" ? p.bytes : new Uint8Array())));
}

Deno.test("stdio splitter: hostile header-like text costs linear work, and comes out unchanged", () => {
  const decodes = (_t: number, p: Uint8Array) => {
    // A stand-in decoder that, like CBOR on an indefinite array, reads to the end.
    let x = 0;
    for (let i = 0; i < p.length; i++) x += p[i];
    return x < 0;
  };
  for (const n of [256 * 1024, 1024 * 1024]) {
    for (
      const [name, input] of [
        ["nested", nestedHeaders(n)],
        ["VP12", new Uint8Array(n).map((_, i) => [0x56, 0x50, 0x01, 0x02][i % 4])],
      ] as const
    ) {
      for (const size of [65536, 4093]) {
        const s = new StdioSplitter({ isValidPayload: decodes });
        const pieces: StdioPiece[] = [];
        for (let i = 0; i < input.length; i += size) {
          pieces.push(...s.push(input.subarray(i, i + size)));
        }
        pieces.push(...s.flush());
        // Before: each rejected candidate's 64 KiB was decoded again from each next byte.
        assert(
          s.work <= 4 * n + 4 * 1024 * 1024,
          `${name}, chunks of ${size}: work ${s.work} for ${n}`,
        );
        assertEquals(
          toHex(textOf(pieces)),
          toHex(input),
          `${name}: the text comes out as it went in`,
        );
        // Text comes out in runs, not a piece per byte.
        assert(pieces.length < n / 8, `${name}: ${pieces.length} pieces`);
      }
    }
  }
});

Deno.test("stdio splitter: a frame after hostile text (within its credit) is still found", () => {
  const hostile = nestedHeaders(4096);
  const s = new StdioSplitter({ isValidPayload: valid });
  // The false headers claim 64 KiB: their bytes are held until the stream goes idle.
  const pieces = s.push(concat(hostile, enc.encode("\n"), frameA, enc.encode("after")));
  pieces.push(...s.flush());
  const flushed = pieces.filter((p) => p.kind === "frame");
  assertEquals(flushed.length, 1);
  assertEquals(dec.decode(textOf(pieces)).endsWith("\nafter"), true);
});
