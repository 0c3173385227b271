/**
 * What the user sees: renderer output replayed through @xterm/headless and
 * compared as screen lines and cell colors.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { slot } from "../../src/protocol/slot_ref.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { modelOf, setup } from "./_util.ts";
import { Screen } from "./_xterm.ts";

const counter = () =>
  modelOf({
    id: 1,
    type: "box",
    padding: [0, 1],
    children: [
      { id: 2, type: "text", content: "Counter: 0", style: { text_size: slot(82) } },
      {
        id: 3,
        type: "box",
        interactive: "clickable",
        background: slot(2),
        align_self: "start",
        padding: [0, 1],
        children: [{ id: 4, type: "text", content: "Increment", color: "#ffffff" }],
      },
    ],
  });

Deno.test("draws the spec's counter: text, heading bold, button background from a slot", async () => {
  const t = await setup(counter(), 20, 4, { autoFocus: false });
  assertEquals(t.screen.lines(), [" Counter: 0", "  Increment ", "", ""]);
  const heading = t.screen.cell(1, 0);
  assert(heading.bold, "heading size is bold");
  const button = t.screen.cell(2, 1);
  assertEquals([button.char, button.fg, button.bg], ["I", "#ffffff", "#89b4fa"]);
  assertEquals(t.screen.cell(1, 1).bg, "#89b4fa"); // padding takes the background too
  assertEquals(t.screen.cell(13, 1).bg, "default");
  t.dispose();
});

Deno.test("a patch redraws only what changed, and the screen matches", async () => {
  const model = counter();
  const t = await setup(model, 20, 4, { autoFocus: false });
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { content: "Counter: 1" } }] });
  const bytes = await t.draw();
  const text = new TextDecoder().decode(bytes!);
  assert(!text.includes("Counter"), `only the changed cell: ${JSON.stringify(text)}`);
  assert(bytes!.length < 40, `small frame: ${bytes!.length} bytes`);
  assertEquals(t.screen.lines()[0], " Counter: 1");
  assertEquals(t.renderer.frame(), null, "nothing changed since");
  t.dispose();
});

Deno.test("live re-theming: redefining a color slot repaints what uses it", async () => {
  const model = counter();
  const t = await setup(model, 20, 4, { autoFocus: false });
  model.apply({
    type: "DEFINE",
    slot: 2,
    value: { kind: "color", role: "accent", value: "#ff0000" },
  }, "viewer");
  await t.draw();
  assertEquals(t.screen.cell(2, 1).bg, "#ff0000");
  assertEquals(t.screen.lines()[1], "  Increment ");
  t.dispose();
});

Deno.test("color depth: truecolor, 256, 16 and none", async () => {
  const cases: [string, string][] = [["truecolor", "#89b4fa"], ["256", "p111"], ["16", "p12"], [
    "none",
    "default",
  ]];
  for (const [depth, want] of cases) {
    const t = await setup(counter(), 20, 4, {
      colorDepth: depth as "none",
      autoFocus: false,
    });
    assertEquals(t.screen.cell(2, 1).bg, want, depth);
    assertEquals(t.screen.lines()[1].trimEnd(), "  Increment", depth);
    t.dispose();
  }
});

Deno.test("color depth from the environment", async () => {
  const env = { TERM: "xterm-256color", COLORTERM: "truecolor" };
  for (
    const [e, want] of [[env, "#89b4fa"], [{ ...env, NO_COLOR: "1" }, "default"], [{
      TERM: "xterm",
    }, "p12"]] as const
  ) {
    const t = await setup(counter(), 20, 4, { colorDepth: undefined, env: e, autoFocus: false });
    assertEquals(t.screen.cell(2, 1).bg, want, JSON.stringify(e));
    t.dispose();
  }
});

Deno.test("styles: slot references, nested styles, attributes, spans", async () => {
  const model = modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "text", content: "styled", style: slot(200) },
      {
        id: 3,
        type: "text",
        spans: [{ text: "a" }, { text: "b", style: { underline: true, color: "red" } }, {
          text: "c",
          strikethrough: true,
        }],
      },
      { id: 4, type: "text", content: "dim", dim: true, inverse: true },
    ],
  });
  model.apply({ type: "DEFINE", slot: 201, value: { kind: "color", value: "#123456" } });
  model.apply({
    type: "DEFINE",
    slot: 200,
    value: { kind: "style", color: slot(201), background: "error", italic: true, weight: "bold" },
  });
  const t = await setup(model, 10, 3);
  const a = t.screen.cell(0, 0);
  assertEquals([a.fg, a.bg, a.italic, a.bold], ["#123456", "#f38ba8", true, true]);
  const b = t.screen.cell(1, 1);
  assertEquals([b.char, b.underline, b.fg], ["b", true, "p1"]);
  assert(t.screen.cell(2, 1).strike && !t.screen.cell(0, 1).underline);
  const d = t.screen.cell(0, 2);
  assert(d.dim && d.inverse);
  t.dispose();
});

Deno.test("layout: rows, gaps, justify, align, percent and grow widths, borders", async () => {
  const model = modelOf({
    id: 1,
    type: "box",
    children: [
      {
        id: 2,
        type: "box",
        dir: "row",
        gap: 1,
        children: [
          { id: 3, type: "text", content: "left" },
          { id: 4, type: "text", content: "mid", grow: 1, text_align: "center" },
          { id: 5, type: "text", content: "right" },
        ],
      },
      {
        id: 6,
        type: "box",
        dir: "row",
        justify: "space-between",
        children: [{ id: 7, type: "text", content: "a" }, { id: 8, type: "text", content: "b" }],
      },
      {
        id: 9,
        type: "box",
        dir: "row",
        children: [
          {
            id: 10,
            type: "box",
            width: "50%",
            border: "double",
            children: [{ id: 11, type: "text", content: "half" }],
          },
          {
            id: 12,
            type: "box",
            width: "grow",
            border: "round",
            align: "end",
            children: [{ id: 13, type: "text", content: "r" }],
          },
        ],
      },
    ],
  });
  const t = await setup(model, 20, 6);
  assertEquals(t.screen.lines().slice(0, 5), [
    "left    mid    right",
    "a                  b",
    "╔════════╗╭────────╮",
    "║half    ║│       r│",
    "╚════════╝╰────────╯",
  ]);
  t.dispose();
});

Deno.test("text wraps by display width and truncates with an ellipsis", async () => {
  const model = modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "text", content: "日本語のテキストを折り返す" },
      { id: 3, type: "text", content: "a long line that will not fit", wrap: false },
      { id: 4, type: "text", content: "/very/long/path/to/file.txt", wrap: "truncate-start" },
    ],
  });
  const t = await setup(model, 10, 6);
  assertEquals(t.screen.lines().slice(0, 5), [
    "日本語のテ",
    "キストを折",
    "り返す",
    "a long li…",
    "…/file.txt",
  ]);
  t.dispose();
});

Deno.test("wide characters: replacing them with narrow ones leaves no debris", async () => {
  const model = modelOf({ id: 1, type: "text", content: "日本😀x" });
  const t = await setup(model, 8, 1);
  assertEquals(t.screen.lines()[0], "日本😀x");
  assertEquals([t.screen.cell(0, 0).char, t.screen.cell(1, 0).char, t.screen.cell(6, 0).char], [
    "日",
    "",
    "x",
  ]);
  for (const content of ["ab本cd", "a日b", "", "😀😀😀😀", "abcdefgh"]) {
    model.apply({ type: "PATCH", patches: [{ target: 1, set: { content } }] });
    await t.draw();
    assertEquals(t.screen.lines()[0].trimEnd(), content, `after ${content}`);
  }
  t.dispose();
});

Deno.test("resize relayouts and redraws everything", async () => {
  const model = modelOf({
    id: 1,
    type: "box",
    border: true,
    children: [{ id: 2, type: "text", content: "one two three four" }],
  });
  const t = await setup(model, 24, 4);
  assertEquals(t.screen.lines()[1], "│one two three four    │");
  t.renderer.resize(12, 5);
  t.screen.term.resize(12, 5);
  await t.draw();
  assertEquals(t.screen.lines(), [
    "┌──────────┐",
    "│one two   │",
    "│three four│",
    "│          │",
    "└──────────┘",
  ]);
  t.dispose();
});

Deno.test("separator, image alt text in a box, half-block pixels", async () => {
  const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  const model = modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "separator" },
      { id: 3, type: "image", alt: "logo" },
      { id: 4, type: "image", alt: "px", rgba, width: 2, height: 2, cols: 2 },
    ],
  });
  const t = await setup(model, 10, 6);
  const lines = t.screen.lines();
  assertEquals(lines.slice(0, 5), ["──────────", "╭────────╮", "│logo    │", "╰────────╯", "▀▀"]);
  const px = t.screen.cell(0, 4);
  assertEquals([px.fg, px.bg], ["#ff0000", "#0000ff"]);
  t.dispose();
});

Deno.test("canvas: vector drawing in colored Braille cells", async () => {
  const model = modelOf({
    id: 1,
    type: "canvas",
    width: 40,
    height: 40,
    cols: 10,
    rows: 5,
    alt: "chart",
  });
  model.apply({
    type: "CANVAS",
    target: 1,
    mode: "vector2d",
    commands: [
      ["set_fill", "#00ff00"],
      ["fill_rect", 0, 0, 20, 40],
      ["set_stroke", "red"],
      [
        "begin_path",
      ],
      ["move_to", 20, 0],
      ["line_to", 40, 40],
      ["stroke"],
    ],
  });
  const t = await setup(model, 10, 5);
  // Cells the rectangle covers whole take its color as their background.
  const c = t.screen.cell(0, 0);
  assertEquals([c.char.trim(), c.bg], ["", "#00ff00"]);
  const line = t.screen.cell(5, 0);
  assert(
    line.char >= "\u2800" && line.char <= "\u28ff" && line.char !== "\u2800",
    `braille ${line.char}`,
  );
  assertEquals(line.fg, "p1");
  assertEquals(t.screen.cell(9, 0).char, "", "nothing drawn at the top right");
  t.dispose();
});

Deno.test("canvas without a drawing shows its alt text", async () => {
  const t = await setup(
    modelOf({ id: 1, type: "canvas", alt: "sales chart", cols: 12, rows: 1 }),
    12,
    1,
  );
  assertEquals(t.screen.lines()[0], "sales chart");
  t.dispose();
});

Deno.test("region: draws into a sub-rectangle of the screen", async () => {
  const model = modelOf({
    id: 1,
    type: "box",
    border: true,
    children: [{ id: 2, type: "text", content: "in" }],
  });
  const t = await setup(model, 6, 3, { region: { x: 3, y: 2 } });
  assertEquals(t.screen.lines(), ["", "", "   ┌────┐", "   │in  │", "   └────┘"]);
  t.dispose();
});

Deno.test("inline mode: as tall as the content, grows and shrinks, leaves the cursor below", async () => {
  const model = modelOf({
    id: 1,
    type: "box",
    children: [{ id: 2, type: "text", content: "line 1" }],
  });
  const renderer = new Renderer({ model, width: 20, height: 10, colorDepth: "none", inline: true });
  const screen = new Screen(20, 6);
  await screen.write("$ app\r\n");
  await screen.write(renderer.frame());
  assertEquals(renderer.frameHeight, 1);
  model.apply({
    type: "PATCH",
    patches: [{
      target: 1,
      children_insert: { index: 1, node: { id: 3, type: "text", props: { content: "line 2" } } },
    }],
  });
  await screen.write(renderer.frame());
  assertEquals(renderer.frameHeight, 2);
  assertEquals(screen.lines().slice(0, 4), ["$ app", "line 1", "line 2", ""]);
  model.apply({ type: "PATCH", patches: [{ target: 3, remove: true }] });
  await screen.write(renderer.frame());
  assertEquals(screen.lines().slice(0, 3), ["$ app", "line 1", ""]);
  await screen.write(renderer.release());
  assertEquals(screen.cursor(), { x: 0, y: 2 }, "on a fresh line below the frame");
  renderer.close();
  screen.dispose();
});
