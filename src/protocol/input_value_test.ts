import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { mergeValues, VALUE_HISTORY, ValueSync } from "./input_value.ts";

Deno.test("mergeValues: non-overlapping changes both apply; positions follow", () => {
  const cases: [string, string, string, string | null][] = [
    ["buy milk", "buy milkw", "", "w"], // clear after Enter, typing continued
    ["ab", "abc", "AB", "ABc"], // the app transformed, the user appended
    ["hello", "xhello", "hello!", "xhello!"], // both ends
    ["hello", "hello", "bye", "bye"], // no local change: theirs
    ["hello", "help", "hello", "help"], // no app change: mine
    ["ab", "abX", "abY", "abYX"], // one insertion point: theirs first
    ["buy milk", "buy smilk", "", null], // overlap
    ["a😀b", "a😀bc", "a😁b", "a😁bc"], // a surrogate pair is never split
  ];
  for (const [base, mine, theirs, want] of cases) {
    assertEquals(mergeValues(base, mine, theirs)?.value ?? null, want, `${base}/${mine}/${theirs}`);
  }
  const m = mergeValues("hello world", "hello brave world", "HELLO world")!;
  assertEquals(m.value, "HELLO brave world");
  assertEquals(m.map(12), 12, "a caret after the user's insertion stays after it");
  const clear = mergeValues("buy milk", "buy milkw", "")!;
  assertEquals(clear.map(9), 1, "the caret at the end stays at the end");
});

Deno.test("ValueSync: an app value that saw every edit replaces the local one", () => {
  const s = new ValueSync("", 0);
  assertEquals(s.edit("h"), { value: "h", seq: 1, base_seq: 0 });
  assertEquals(s.edit("hi"), { value: "hi", seq: 2, base_seq: 0 });
  const r = s.app("", 2)!;
  assertEquals([r.value, r.report, s.value], ["", undefined, ""]);
  assertEquals(s.edit("x"), { value: "x", seq: 3, base_seq: 2 }, "edits now start from seq 2");
  assertEquals(s.app("x", 3), null, "an echo changes nothing");
  assertEquals(s.app("", 3)?.value, "", "a set to the value the app set before still applies");
});

Deno.test("ValueSync: a late app value keeps the edits it did not see and reports the merge", () => {
  const s = new ValueSync("", 0);
  for (const v of ["b", "bu", "buy"]) s.edit(v);
  s.edit("buyx");
  s.edit("buyxy");
  const r = s.app("", 3)!;
  assertEquals(r.value, "xy");
  assertEquals(r.report, { value: "xy", seq: 6, base_seq: 3 });
  assertEquals(r.caret(5), 2);
  assertEquals(s.app("", 3), null, "the same props again (another prop patched) change nothing");
  assertEquals(s.edit("xyz"), { value: "xyz", seq: 7, base_seq: 3 });
  assertEquals(s.app("xy", 6), null, "an echo of the merge");
  assertEquals(s.value, "xyz");
});

Deno.test("ValueSync: an echo of the local value leaves base_seq on the app's last change", () => {
  // A controlled input renders back each value it is told; the app counts
  // only its changes of the value (src/sdk/input_values.ts), so edits after
  // an echo keep the older base and the app takes them.
  const s = new ValueSync("", 0);
  assertEquals(s.edit("a"), { value: "a", seq: 1, base_seq: 0 });
  assertEquals(s.app("a", 1), null, "the echo of seq 1 arrives in time");
  assertEquals(s.edit("ab"), { value: "ab", seq: 2, base_seq: 0 });
  assertEquals(s.edit("abc"), { value: "abc", seq: 3, base_seq: 0 });
  assertEquals(s.app("ab", 2), null, "a late echo changes nothing");
  assertEquals(s.value, "abc");
  const r = s.app("", 3)!; // a change: the app cleared the field
  assertEquals([r.value, s.edit("x")], ["", { value: "x", seq: 4, base_seq: 3 }]);
});

Deno.test("ValueSync: overlapping changes keep the user's and report them", () => {
  const s = new ValueSync("buy milk", 4);
  s.edit("buy smilk");
  const r = s.app("", 4)!;
  assertEquals([r.value, r.report], ["buy smilk", { value: "buy smilk", seq: 6, base_seq: 4 }]);
});

Deno.test("ValueSync: without value_seq (an older app) the app wins unless it echoes a report", () => {
  const s = new ValueSync("");
  s.edit("a");
  s.edit("ab");
  s.edit("abc");
  assertEquals(s.app("ab", undefined), null, "an echo of an earlier report is not replayed");
  assertEquals(s.value, "abc");
  assertEquals(s.app("", undefined)?.value, "", "a clear applies");
  assertEquals(s.app(undefined, 3), null, "no value prop: the viewer keeps its own");
});

Deno.test("ValueSync: history is bounded; the app's value is kept for its repeats", () => {
  const s = new ValueSync("", 0);
  s.app("start", 0);
  let v = "start";
  for (let i = 0; i < VALUE_HISTORY * 3; i++) s.edit(v += "x");
  assertEquals(s.app("start", 0), null, "a repeat of the app's value is still known");
  const r = s.app("other", 5)!;
  assert(r.report, "a value made from a forgotten edit keeps the user's text and reports it");
  assertEquals(r.value, v);
});
