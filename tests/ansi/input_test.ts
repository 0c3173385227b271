/**
 * Keyboard, paste and mouse: terminal bytes to INPUT messages, with focus,
 * editing, keybindings and interrupt.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import type { InputMessage } from "../../src/protocol/messages/types.ts";
import { InputParser, type TermEvent } from "../../src/render/ansi/input_parser.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { modelOf } from "./_util.ts";

const keys = (evs: TermEvent[]) => evs.map((e) => (e.type === "key" ? e.key : e.type));

Deno.test("parser: legacy keys, CSI and SS3 sequences with modifiers", () => {
  const p = new InputParser();
  assertEquals(
    keys(p.push("a\r\t\x7f\x03\x1bx\x1b[A\x1bOP\x1b[1;5C\x1b[3~\x1b[5;2~\x1b[Z\x1b[1;3H")),
    [
      "a",
      "enter",
      "tab",
      "backspace",
      "ctrl+c",
      "alt+x",
      "up",
      "f1",
      "ctrl+right",
      "delete",
      "shift+pageup",
      "shift+tab",
      "alt+home",
    ],
  );
  const shifted = p.push("A");
  assertEquals(shifted, [{ type: "key", key: "shift+a", text: "A" }]);
  assertEquals(p.push("é日"), [{ type: "key", key: "é", text: "é" }, {
    type: "key",
    key: "日",
    text: "日",
  }]);
});

Deno.test("parser: kitty keyboard protocol and modifyOtherKeys", () => {
  const p = new InputParser();
  assertEquals(keys(p.push("\x1b[99;5u\x1b[99;6u\x1b[13;2u\x1b[27u\x1b[97;1:3u\x1b[27;5;105~")), [
    "ctrl+c",
    "ctrl+shift+c",
    "shift+enter",
    "escape",
    // (the release event of 'a' is dropped)
    "ctrl+i",
  ]);
  assertEquals(p.push("\x1b[97;2u"), [{ type: "key", key: "shift+a", text: "A" }]);
});

Deno.test("parser: sequences split across reads; a lone ESC waits for flush", () => {
  const p = new InputParser();
  assertEquals(p.push("\x1b"), []);
  assert(p.pending);
  assertEquals(keys(p.push("[1;5")), []);
  assertEquals(keys(p.push("A")), ["ctrl+up"]);
  assertEquals(p.push("\x1b"), []);
  assertEquals(keys(p.flush()), ["escape"]);
  assert(!p.pending);
  // UTF-8 split inside a character.
  const bytes = new TextEncoder().encode("日");
  assertEquals(p.push(bytes.subarray(0, 2)), []);
  assertEquals(keys(p.push(bytes.subarray(2))), ["日"]);
});

Deno.test("parser: bracketed paste (split anywhere), mouse, focus and replies", () => {
  const p = new InputParser();
  const input =
    "\x1b[200~line 1\r\nline\x1b2\x1b[201~\x1b[<0;5;3M\x1b[<64;1;1M\x1b[<35;2;2M\x1b[I\x1b[?1u";
  const all: TermEvent[] = [];
  for (const ch of input) all.push(...p.push(ch));
  assertEquals(all, [
    { type: "paste", text: "line 1\r\nline\x1b2" },
    { type: "mouse", action: "press", button: 0, x: 4, y: 2, mods: "" },
    { type: "mouse", action: "wheel", button: 0, x: 0, y: 0, mods: "" },
    { type: "mouse", action: "move", button: 3, x: 1, y: 1, mods: "" },
    { type: "focus", focused: true },
    { type: "reply", sequence: "\x1b[?1u" },
  ]);
});

function app(extra: Record<string, unknown>[] = []) {
  return modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "input", placeholder: "name", width: 12 },
      {
        id: 3,
        type: "box",
        interactive: "clickable",
        children: [{ id: 4, type: "text", content: "OK" }],
      },
      {
        id: 5,
        type: "box",
        interactive: "focusable",
        tab_index: -1,
        children: [{ id: 6, type: "text", content: "skip" }],
      },
      ...extra.map((e) => e as { id: number; type: string }),
    ],
  });
}

const kinds = (msgs: InputMessage[]) =>
  msgs.map((m) =>
    [m.kind, m.target, m.key ?? m.value ?? m.action].filter((x) => x !== undefined).join(":")
  );

Deno.test("focus: autofocus, tab order, tab_index -1 skipped, focus/blur events", () => {
  const model = app();
  const r = new Renderer({ model, width: 20, height: 6, colorDepth: "none" });
  r.frame();
  assertEquals(kinds(r.takeEvents()), ["focus:2"]);
  assertEquals(kinds(r.handleInput("\t")), ["blur:2", "focus:3"]);
  assertEquals(kinds(r.handleInput("\t")), ["blur:3", "focus:2"], "wraps; 5 is not in tab order");
  assertEquals(kinds(r.handleInput("\x1b[Z")), ["blur:2", "focus:3"]);
  assertEquals(kinds(r.handleInput("\r")), ["click:3"], "enter activates a clickable");
  assertEquals(kinds(r.handleInput(" ")), ["click:3"], "so does space");
  r.close();
});

Deno.test("input editing: typing, caret moves, word delete, paste, wide characters", () => {
  const model = app();
  const r = new Renderer({ model, width: 20, height: 6, colorDepth: "none" });
  r.frame();
  r.takeEvents();
  const values = (msgs: InputMessage[]) =>
    msgs.filter((m) => m.kind === "value_change").map((m) => m.value);
  assertEquals(values(r.handleInput("hello world")).at(-1), "hello world");
  assertEquals(values(r.handleInput("\x17")), ["hello "], "ctrl+w deletes a word");
  assertEquals(values(r.handleInput("\x1b[D\x1b[D日本")), ["hell日o ", "hell日本o "]);
  assertEquals(values(r.handleInput("\x1b[H\x1b[3~")), ["ell日本o "], "home, delete");
  assertEquals(
    values(r.handleInput("\x1b[200~a\nb\x1b[201~")),
    ["a bell日本o "],
    "paste, one line",
  );
  r.frame();
  assert(r.screenText().startsWith("a bell日本o"), r.screenText());
  assertEquals(kinds(r.handleInput("\r")), ["key:2:enter"], "enter submits as a key event");
  // A controlled input: the app echoes the value, then clears the field. The app wins.
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { value: "a bell日本o " } }] });
  r.frame();
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { value: "" } }] });
  r.frame();
  assertEquals(values(r.handleInput("x")), ["x"]);
  r.close();
});

Deno.test("input editing: an app that never echoed clears the field by setting the same value", () => {
  const model = app();
  const r = new Renderer({ model, width: 20, height: 6, colorDepth: "none" });
  r.frame();
  r.handleInput("hi");
  r.frame();
  assert(r.screenText().startsWith("hi"), r.screenText());
  // The model still says "" (the app kept the text itself); after a submit it sets "" again.
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { value: "" } }] });
  r.frame();
  assert(!r.screenText().startsWith("hi"), r.screenText());
  // An echo of what was typed last does not move the caret or drop the text.
  r.handleInput("ab");
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { value: "ab" } }] });
  r.frame();
  r.handleInput("\x1b[Dc");
  r.frame();
  assert(r.screenText().startsWith("acb"), r.screenText());
  r.close();
});

Deno.test("keybindings: app bindings carry their action; ctrl+c interrupts", () => {
  const model = app();
  model.apply({
    type: "DEFINE",
    slot: 300,
    value: { kind: "keybind", action: "save", key: "ctrl+s" },
  });
  let interrupted = 0;
  const r = new Renderer({
    model,
    width: 20,
    height: 6,
    colorDepth: "none",
    onInterrupt: () => interrupted++,
  });
  r.frame();
  r.takeEvents();
  const [save] = r.handleInput("\x13");
  assertEquals([save.kind, save.key, save.action, save.target], ["key", "ctrl+s", "save", 2]);
  assertEquals(r.handleInput("\x03"), []);
  assertEquals(interrupted, 1);
  assertEquals(r.handleInput("\x1b[99;6u"), [], "the standard interrupt slot's key (kitty)");
  assertEquals(interrupted, 2);
  // An app binding of ctrl+c wins over interrupting.
  model.apply({
    type: "DEFINE",
    slot: 301,
    value: { kind: "keybind", action: "copy-row", key: "ctrl+c" },
  });
  assertEquals(kinds(r.handleInput("\x03")), ["key:2:ctrl+c"]);
  assertEquals(r.handleInput("\x03")[0].action, "copy-row");
  assertEquals(interrupted, 2);
  r.close();
});

Deno.test("without an interrupt handler ctrl+c is a key event", () => {
  const r = new Renderer({
    model: app(),
    width: 20,
    height: 6,
    colorDepth: "none",
    autoFocus: false,
  });
  r.frame();
  assertEquals(kinds(r.handleInput("\x03")), ["key:ctrl+c"]);
  r.close();
});

Deno.test("mouse: click focuses and reports cell coordinates in the target; hover when enabled", () => {
  const model = app();
  const r = new Renderer({ model, width: 20, height: 6, colorDepth: "none", autoFocus: false });
  r.frame();
  // "OK" is on row 1 (0-based); SGR coordinates are 1-based.
  const msgs = r.handleInput("\x1b[<0;2;2M\x1b[<0;2;2m");
  assertEquals(msgs, [
    { type: "INPUT", kind: "focus", target: 3 },
    { type: "INPUT", kind: "click", target: 3, x: 1, y: 0, button: 0 },
  ]);
  assertEquals(r.handleInput("\x1b[<35;2;2M"), [], "no hover events unless asked for");
  r.hover = true;
  assertEquals(r.handleInput("\x1b[<35;3;2M"), [{
    type: "INPUT",
    kind: "hover",
    target: 3,
    x: 2,
    y: 0,
  }]);
  assertEquals(
    r.handleInput("\x1b[<35;3;6M"),
    [{ type: "INPUT", kind: "hover" }],
    "left: hover with no target",
  );
  assertEquals(r.handleInput("\x1b[<35;4;6M"), [], "once");
  // A press on one node and release on another is not a click.
  assertEquals(kinds(r.handleInput("\x1b[<0;2;2M\x1b[<0;2;1m")), []);
  r.close();
});

Deno.test("modal boxes trap focus and pointer", () => {
  const model = app([
    {
      id: 7,
      type: "box",
      modal: true,
      children: [
        {
          id: 8,
          type: "box",
          interactive: "clickable",
          children: [{ id: 9, type: "text", content: "Yes" }],
        },
        {
          id: 10,
          type: "box",
          interactive: "clickable",
          children: [{ id: 11, type: "text", content: "No" }],
        },
      ],
    },
  ]);
  const r = new Renderer({ model, width: 20, height: 8, colorDepth: "none" });
  r.frame();
  assertEquals(kinds(r.takeEvents()), ["focus:8"], "focus starts inside the modal");
  assertEquals(kinds(r.handleInput("\t\t")), ["blur:8", "focus:10", "blur:10", "focus:8"]);
  assertEquals(
    r.handleInput("\x1b[<0;2;2M\x1b[<0;2;2m"),
    [],
    "clicks outside the modal are ignored",
  );
  model.apply({ type: "PATCH", patches: [{ target: 7, remove: true }] });
  r.frame();
  assertEquals(kinds(r.takeEvents()), ["blur:8", "focus:2"], "closing the modal frees focus");
  r.close();
});

Deno.test("canvas pointer events are in canvas units", () => {
  const model = modelOf({ id: 1, type: "canvas", width: 200, height: 100, cols: 20, rows: 5 });
  const r = new Renderer({ model, width: 20, height: 5, colorDepth: "none" });
  r.frame();
  const [down] = r.handleInput("\x1b[<0;11;3M");
  assertEquals([down.kind, down.action, down.x, down.y], ["canvas_pointer", "down", 105, 50]);
  const [move] = r.handleInput("\x1b[<32;12;3M");
  assertEquals([move.action, move.x], ["move", 115], "drag while pressed");
  assertEquals(r.handleInput("\x1b[<0;12;3m")[0].action, "up");
  r.close();
});
