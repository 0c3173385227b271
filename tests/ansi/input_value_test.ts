/**
 * The input value contract in the ANSI renderer (embedded and in the terminal
 * viewer): reports carry seq/base_seq, an app value that saw every edit
 * replaces the field, one that arrives after newer typing is merged with it
 * and reported, `clear_on_enter` empties the field at once.
 */
import { assertEquals } from "../_util/assert.ts";
import type { InputMessage } from "../../src/protocol/messages/types.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { modelOf } from "./_util.ts";

function field(props: Record<string, unknown> = {}) {
  const model = modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "input", width: 20, value: "", value_seq: 0, ...props },
      {
        id: 3,
        type: "box",
        interactive: "clickable",
        disabled: true,
        children: [{ id: 4, type: "text", content: "Off" }],
      },
    ],
  });
  const r = new Renderer({ model, width: 24, height: 4, colorDepth: "none" });
  r.frame();
  r.takeEvents();
  return { model, r };
}

const changes = (msgs: InputMessage[]) =>
  msgs.filter((m) => m.kind === "value_change").map((m) => [m.value, m.seq, m.base_seq]);
const set = (props: Record<string, unknown>) => ({
  type: "PATCH" as const,
  patches: [{ target: 2, set: props }],
});

Deno.test("ansi input: reports count edits; the app's value after them replaces the field", () => {
  const { model, r } = field();
  assertEquals(changes(r.handleInput("ab")), [["a", 1, 0], ["ab", 2, 0]]);
  model.apply(set({ value: "", value_seq: 2 }));
  r.frame();
  assertEquals(r.takeEvents(), []);
  assertEquals(r.screenText().split("\n")[0].trim(), "");
  assertEquals(changes(r.handleInput("c")), [["c", 3, 2]], "edits now start from the app's value");
  model.apply(set({ value: "c", value_seq: 3 }));
  r.frame();
  assertEquals(r.takeEvents(), [], "an echo sends nothing");
  model.apply(set({ value: "", value_seq: 3 }));
  r.frame();
  assertEquals(r.screenText().split("\n")[0].trim(), "", "the same value set again applies");
  r.close();
});

Deno.test("ansi input: keys typed while the app's clear is in flight survive it", () => {
  const { model, r } = field();
  const typed = r.handleInput("buy milk\rwa");
  assertEquals(typed.filter((m) => m.kind === "key").map((m) => [m.key, m.value]), [
    ["enter", "buy milk"],
  ]);
  // The app saw "buy milk" (seq 8) and Enter, and clears; "wa" was typed meanwhile.
  model.apply(set({ value: "", value_seq: 8 }));
  r.frame();
  assertEquals(changes(r.takeEvents()), [["wa", 11, 8]], "the merge is reported");
  assertEquals(r.screenText().split("\n")[0].trimEnd(), "wa");
  assertEquals(changes(r.handleInput("lk")), [["wal", 12, 8], ["walk", 13, 8]]);
  r.close();
});

Deno.test("ansi input: clear_on_enter keeps fast submits apart", () => {
  const { r } = field({ clear_on_enter: true });
  const msgs = r.handleInput("one\rtwo\rthree");
  assertEquals(
    msgs.filter((m) => m.kind === "key").map((m) => m.value),
    ["one", "two"],
    "each Enter carries its own line",
  );
  assertEquals(changes(msgs).map(([v]) => v).filter((v) => v === ""), ["", ""]);
  r.frame();
  assertEquals(r.screenText().split("\n")[0].trimEnd(), "three");
  r.close();
});

Deno.test("ansi input: a disabled clickable takes no clicks", () => {
  const { r } = field();
  assertEquals(r.handleInput("\t").map((m) => m.kind), ["blur", "focus"]);
  assertEquals(r.handleInput("\r"), [], "Enter on a disabled button");
  assertEquals(r.handleInput("\x1b[<0;2;2M\x1b[<0;2;2m").map((m) => m.kind), [], "a click");
  r.close();
});

Deno.test("ansi input: with per-event delivery an app in the process answers between keys", () => {
  const { model, r } = field();
  const items: string[] = [];
  let draft = "";
  let seen = 0;
  // The app: keeps the draft, adds it on Enter and clears the field (as render() would).
  const app = (msgs: InputMessage[]) => {
    for (const m of msgs) {
      if (m.kind === "value_change") [draft, seen] = [m.value ?? "", m.seq ?? 0];
      if (m.kind === "key" && m.key === "enter" && draft !== "") {
        items.push(draft);
        draft = "";
        model.apply(set({ value: "", value_seq: seen }));
      }
    }
  };
  app(r.handleInput("one\rtwo\rthree\rfo", app));
  assertEquals(items, ["one", "two", "three"]);
  r.frame();
  assertEquals(r.takeEvents(), [], "nothing to merge: each clear came before the next key");
  assertEquals(r.screenText().split("\n")[0].trimEnd(), "fo");
  r.close();
});
