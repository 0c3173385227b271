import assert from "node:assert/strict";
import fc from "fast-check";
import { constantTimeEqual, newToken } from "./token.ts";

Deno.test("constantTimeEqual agrees with === on UTF-8 text", () => {
  const cases: [string, string, boolean][] = [
    ["", "", true],
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "ab", false],
    ["ab", "abc", false],
    ["", "a", false],
    ["a", "", false],
    ["é", "é", true],
    ["é", "e\u0301", false],
    ["\u0000", "", false],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(constantTimeEqual(a, b), expected, `${a}|${b}`);
  }
  fc.assert(fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
    assert.equal(constantTimeEqual(a, b), a === b);
    assert.ok(constantTimeEqual(a, a));
  }));
});

Deno.test("newToken: base64url of the requested size, unique", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const t = newToken();
    assert.match(t, /^[A-Za-z0-9_-]{32}$/);
    seen.add(t);
  }
  assert.equal(seen.size, 100);
  assert.equal(newToken(16).length, 22);
  assert.equal(newToken(17).length, 23);
  assert.equal(newToken(32).length, 43);
  assert.match(newToken(65536), /^[A-Za-z0-9_-]+$/);
  for (const bad of [0, 15, 1.5, 65537, NaN]) assert.throws(() => newToken(bad), RangeError);
});

Deno.test("newToken encodes like base64url", () => {
  // Check the encoder against btoa on random tokens by decoding them back.
  for (let i = 0; i < 50; i++) {
    const t = newToken(16 + i);
    const b64 = t.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    assert.equal(bytes.length, 16 + i);
    const again = btoa(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    assert.equal(again, t);
  }
});
