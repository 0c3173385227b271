/**
 * The input value contract end to end, simulated: a viewer (ValueSync) and a
 * todo app (InputValues) joined by two ordered links with random delays, the
 * user typing words and Enter faster than the app's answers come back. The
 * app's field is uncontrolled (only the clear after Enter is set) or
 * controlled (every value it takes is rendered back, as a text field does).
 */
import { assertEquals } from "../../tests/_util/assert.ts";
import { ValueSync } from "../protocol/input_value.ts";
import type { InputMessage } from "../protocol/messages/types.ts";
import { InputValues } from "./input_values.ts";
import { rng } from "../../tests/_util/rng.ts";

type Event = { at: number; order: number; run: () => void };

function simulate(seed: number, controlled = false) {
  const random = rng(seed);
  const queue: Event[] = [];
  let order = 0;
  const at = (time: number, run: () => void) => queue.push({ at: time, order: order++, run });
  // Ordered links: a message never overtakes the one before it.
  let toApp = 0, toViewer = 0;
  let now = 0;
  const sendToApp = (m: InputMessage) => {
    toApp = Math.max(toApp, now + random() * 30);
    at(toApp, () => app(m));
  };
  const sendToViewer = (value: string, valueSeq: number) => {
    toViewer = Math.max(toViewer, now + random() * 30);
    at(toViewer, () => {
      const r = sync.app(value, valueSeq);
      if (r?.report) sendToApp({ type: "INPUT", kind: "value_change", target: 2, ...r.report });
    });
  };

  // The viewer.
  const sync = new ValueSync("", 0);
  // The todo app: keeps the draft from onChange, submits and clears on Enter.
  const inputs = new InputValues();
  let draft = "";
  const items: string[] = [];
  const setValue = (value: string) => {
    const seq = inputs.valueSeq(2);
    inputs.sent(2, value);
    sendToViewer(value, seq);
  };
  const app = (m: InputMessage) => {
    if (!inputs.accept(m)) return;
    if (m.kind === "value_change") {
      const changed = draft !== m.value;
      draft = m.value ?? "";
      // render() sends a controlled input's value when it changed.
      if (controlled && changed) setValue(draft);
    }
    if (m.kind === "key" && m.key === "enter" && draft !== "") {
      items.push(draft);
      draft = "";
      setValue("");
    }
  };

  // The user: three to six words of letters, each followed by Enter, a key
  // every 1-15 ms.
  let typed = "";
  let t = 0;
  const words = 3 + Math.floor(random() * 4);
  for (let w = 0; w < words; w++) {
    const len = 1 + Math.floor(random() * 10);
    for (let i = 0; i < len; i++) {
      const ch = String.fromCharCode(97 + Math.floor(random() * 26));
      typed += ch;
      at(t += 1 + random() * 14, () => {
        const report = sync.edit(sync.value + ch);
        sendToApp({ type: "INPUT", kind: "value_change", target: 2, ...report });
      });
    }
    at(t += 1 + random() * 14, () => sendToApp({ type: "INPUT", kind: "key", key: "enter" }));
  }
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.order - b.order);
    const e = queue.shift()!;
    now = e.at;
    e.run();
  }
  return { typed, items, viewer: sync.value, draft };
}

Deno.test("input values: typing faster than the app answers loses and repeats nothing", () => {
  for (let seed = 1; seed <= 500; seed++) {
    const { typed, items, viewer, draft } = simulate(seed);
    assertEquals(items.join("") + viewer, typed, `seed ${seed}: ${JSON.stringify(items)}`);
    assertEquals(draft, viewer, `seed ${seed}: the app knows what the field shows`);
  }
});

Deno.test("input values: a controlled field echoing every value loses nothing either", () => {
  for (let seed = 1; seed <= 500; seed++) {
    const { typed, items, viewer, draft } = simulate(seed, true);
    assertEquals(items.join("") + viewer, typed, `seed ${seed}: ${JSON.stringify(items)}`);
    assertEquals(draft, viewer, `seed ${seed}: the app knows what the field shows`);
  }
});

Deno.test("input values: after an echo of the viewer's value, edits on an older base count", () => {
  const iv = new InputValues();
  const vc = (value: string, seq: number, base_seq: number): InputMessage => ({
    type: "INPUT",
    kind: "value_change",
    target: 5,
    value,
    seq,
    base_seq,
  });
  assertEquals(iv.accept(vc("a", 1, 0)), true);
  iv.sent(5, "a"); // a controlled field renders the report back
  assertEquals(iv.accept(vc("ab", 2, 0)), true, "typed on the echoed value, reported on base 0");
  assertEquals([iv.valueSeq(5), iv.viewerValue(5)], [2, "ab"]);
  iv.sent(5, ""); // not an echo: a clear
  assertEquals(iv.accept(vc("abc", 3, 0)), false, "made before the clear reached the viewer");
});

Deno.test("input values: value_seq and stale reports", () => {
  const iv = new InputValues();
  const vc = (value: string, seq: number, base_seq: number): InputMessage => ({
    type: "INPUT",
    kind: "value_change",
    target: 5,
    value,
    seq,
    base_seq,
  });
  assertEquals(iv.valueSeq(5), 0);
  assertEquals(iv.accept(vc("a", 1, 0)), true);
  assertEquals([iv.valueSeq(5), iv.viewerValue(5)], [1, "a"]);
  iv.sent(5, "");
  assertEquals(iv.viewerValue(5), "");
  assertEquals(iv.accept(vc("ab", 2, 0)), false, "made before the viewer had the app's value");
  assertEquals(iv.viewerValue(5), "", "a stale report changes nothing");
  assertEquals(iv.accept(vc("b", 3, 1)), true, "the viewer's merge");
  assertEquals(iv.accept({ type: "INPUT", kind: "value_change", target: 5, value: "z" }), true);
  assertEquals([iv.valueSeq(5), iv.viewerValue(5)], [3, "z"], "an older viewer sends no seq");
  const sends: [number, string][] = [];
  const tree = iv.stampTree({
    id: 1,
    type: "box",
    props: {},
    children: [{ id: 5, type: "input", props: { value: "q" } }, {
      id: 6,
      type: "text",
      props: {},
    }],
  }, sends);
  assertEquals(tree.children?.[0].props, { value: "q", value_seq: 3 });
  assertEquals(sends, [[5, "q"]]);
  const untouched = { id: 7, type: "input" as const, props: { placeholder: "x" } };
  assertEquals(iv.stampTree(untouched, []) === untouched, true, "no value: no copy");
  const typeOf = (id: number) => (id === 5 ? "input" : "text");
  assertEquals(
    iv.stampPatch({ target: 5, set: { value: null } }, typeOf, []).set,
    { value: null, value_seq: null },
  );
  assertEquals(iv.stampPatch({ target: 6, set: { value: "x" } }, typeOf, []).set, { value: "x" });
});
