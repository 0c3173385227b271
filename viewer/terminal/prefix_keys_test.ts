import { assertEquals } from "../../tests/_util/assert.ts";
import { PrefixSplitter } from "./prefix_keys.ts";

Deno.test("prefix keys: the command may arrive in the next read", () => {
  const s = new PrefixSplitter(() => false);
  assertEquals(s.push("x\x1d"), [{ kind: "text", text: "x" }]);
  assertEquals(s.armed, true);
  assertEquals(s.push("p"), [{ kind: "command", key: "p" }]);
  assertEquals(s.armed, false);
});

Deno.test("prefix keys: kitty's ctrl+], arrows, tab, and the prefix twice", () => {
  const s = new PrefixSplitter(() => false);
  assertEquals(s.push("\x1b[93;5u\x1b[C\x1d\t\x1d\x1d\x1dN"), [
    { kind: "command", key: "right" },
    { kind: "command", key: "tab" },
    { kind: "command", key: "prefix" },
    { kind: "command", key: "n" },
  ]);
});

Deno.test("prefix keys: mouse presses on chrome rows are taken, others pass through", () => {
  const s = new PrefixSplitter((row) => row === 0 || row === 23);
  assertEquals(s.push("\x1b[<0;5;1M\x1b[<0;5;1m\x1b[<0;7;3Mq\x1b[<64;2;24M"), [
    { kind: "chrome-click", x: 4, y: 0 },
    { kind: "text", text: "\x1b[<0;7;3Mq" },
  ]);
});
