/**
 * The quit rule as the renderer applies it (docs/ansi.md, "Quitting"): q when
 * nothing takes it, ctrl+q anywhere, ctrl+c interrupts; an app takes a key by
 * binding it; `quit` keybind slots add keys; the key-hint line says which key
 * quits now.
 */
import { assertEquals } from "../_util/assert.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { hintLine } from "../../src/render/ansi/hint_line.ts";
import { modelOf } from "./_util.ts";

function start() {
  const model = modelOf({
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
      { id: 5, type: "input", value: "fixed", readonly: true, width: 8 },
    ],
  });
  const seen: string[] = [];
  const r = new Renderer({
    model,
    width: 30,
    height: 6,
    colorDepth: "none",
    onQuit: () => seen.push("quit"),
    onInterrupt: () => seen.push("interrupt"),
  });
  r.frame();
  r.takeEvents();
  return { model, r, seen };
}

const hints = (r: Renderer) => r.keyHints().map((h) => `${h.key} ${h.label}`).join(" | ");

Deno.test("quit rule: q is text in an input, quits elsewhere; ctrl+q quits anywhere; ctrl+c interrupts", () => {
  const { r, seen } = start();
  // The input has the focus: q is typed, and the hint names ctrl+q.
  assertEquals(r.handleInput("q").map((m) => [m.kind, m.value]), [["value_change", "q"]]);
  assertEquals(hints(r), "ctrl+q quit");
  assertEquals(seen, []);
  assertEquals(r.handleInput("\x11"), [], "ctrl+q");
  assertEquals(seen, ["quit"]);
  // On the button q quits, and the hint says q.
  r.handleInput("\t");
  r.frame();
  assertEquals(hints(r), "q quit");
  assertEquals(r.handleInput("q"), []);
  assertEquals(seen, ["quit", "quit"]);
  // A read-only input takes no typing: q quits there too.
  r.handleInput("\t");
  r.frame();
  assertEquals(r.typing, false);
  r.handleInput("q");
  assertEquals(r.handleInput("\x03"), [], "ctrl+c");
  r.handleInput("\x1b[113;5u"); // ctrl+q, kitty keyboard protocol
  assertEquals(seen, ["quit", "quit", "quit", "interrupt", "quit"]);
  // Shift+q is no quit key.
  assertEquals(r.handleInput("Q").map((m) => m.key), ["shift+q"]);
});

Deno.test("quit rule: an app that binds q or ctrl+q takes it; a quit slot adds a key", () => {
  const { model, r, seen } = start();
  r.handleInput("\t"); // the button
  model.apply({ type: "DEFINE", slot: 200, value: { kind: "keybind", key: "q", action: "queue" } });
  r.frame();
  assertEquals(r.handleInput("q").map((m) => [m.kind, m.key, m.action]), [["key", "q", "queue"]]);
  assertEquals(hints(r), "q queue | ctrl+q quit", "the hint moves to ctrl+q");
  model.apply({
    type: "DEFINE",
    slot: 201,
    value: { kind: "keybind", key: "ctrl+q", action: "quick_save" },
  });
  r.frame();
  assertEquals(r.handleInput("\x11").map((m) => m.action), ["quick_save"]);
  assertEquals(seen, []);
  model.apply({
    type: "DEFINE",
    slot: 202,
    value: { kind: "keybind", key: "f10", action: "quit" },
  });
  r.frame();
  assertEquals(hints(r), "q queue | ctrl+q quick save | f10 quit");
  r.handleInput("\x1b[21~"); // F10
  assertEquals(seen, ["quit"]);
});

Deno.test("quit rule: without handlers the keys are plain key events", () => {
  const model = modelOf({ id: 1, type: "box", interactive: "clickable", children: [] });
  const r = new Renderer({ model, width: 10, height: 2, colorDepth: "none" });
  r.frame();
  r.takeEvents();
  assertEquals(r.handleInput("q\x11").map((m) => m.key), ["q", "ctrl+q"]);
});

Deno.test("key-hint line: keys bold, labels dim, cut to the width, control characters dropped", () => {
  const h = [{ key: "ctrl+s", label: "save\x1b[31m" }, { key: "q", label: "quit" }];
  assertEquals(
    hintLine(h, 40),
    "\x1b[0m \x1b[1mctrl+s\x1b[22m \x1b[2msave [31m\x1b[22m  \x1b[1mq\x1b[22m \x1b[2mquit\x1b[22m\x1b[K",
  );
  // A hint that does not fit whole is left out; plain drops the attributes.
  const plain = [{ key: "ctrl+s", label: "save" }, { key: "q", label: "quit" }];
  assertEquals(hintLine(plain, 12, true), "\x1b[0m ctrl+s save\x1b[K");
  assertEquals(hintLine(plain, 20, true), "\x1b[0m ctrl+s save  q quit\x1b[K");
});
