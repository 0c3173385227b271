import { assertEquals } from "../../tests/_util/assert.ts";
import { Simple, Tagged } from "./cbor/tagged.ts";
import { inspectFrame, inspectValue } from "./inspect.ts";
import { slot } from "./slot_ref.ts";

Deno.test("inspect: slot refs, bytes, bigints, maps, tags, odd keys", () => {
  assertEquals(
    inspectValue({
      style: slot(12),
      data: new Uint8Array([1, 2, 255]),
      n: 2n ** 64n,
      "a-b": [true, null],
    }),
    `{style: @12, data: h'0102ff', n: 18446744073709551616, "a-b": [true, null]}`,
  );
  assertEquals(inspectValue(new Map<unknown, unknown>([[1, "x"]])), `{1: "x"}`);
  assertEquals(inspectValue(new Tagged(100, "x")), `100("x")`);
  assertEquals(inspectValue(new Simple(16)), "simple(16)");
  assertEquals(inspectValue(new Uint8Array(40), { maxBytes: 2 }), "h'0000…(40 bytes)'");
  assertEquals(inspectValue([[[1]]], { maxDepth: 2 }), "[[…]]");
  assertEquals(inspectFrame(0x7f, {}), "UNKNOWN(0x7f) {}");
});
