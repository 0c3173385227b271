/** Canvas layout and fills: what the dashboard example relies on. */
import { assertEquals } from "../_util/assert.ts";
import { modelOf, setup } from "./_util.ts";

Deno.test("canvas: a growing canvas beside a fixed column leaves the column its width", async () => {
  const model = modelOf({
    id: 1,
    type: "box",
    dir: "row",
    gap: 2,
    children: [
      { id: 10, type: "canvas", width: 240, height: 64, grow: 1, alt: "chart" },
      {
        id: 20,
        type: "box",
        dir: "row",
        width: 30,
        gap: 1,
        children: [
          { id: 21, type: "text", content: "service", width: 12 },
          { id: 22, type: "text", content: "rps", width: 8 },
          { id: 23, type: "text", content: "p99 ms" },
        ],
      },
    ],
  });
  const t = await setup(model, 80, 10);
  // 80 = canvas 48 + gap 2 + column 30: nothing wraps or spills.
  assertEquals(t.screen.lines()[0], "chart" + " ".repeat(45) + "service      rps      p99 ms");
  t.dispose();
});

Deno.test("canvas: a filled rectangle colors whole cells' backgrounds, not dots", async () => {
  const model = modelOf({ id: 1, type: "canvas", width: 20, height: 20, cols: 10, rows: 5 });
  model.apply({
    type: "CANVAS",
    target: 1,
    mode: "vector2d",
    commands: [
      ["set_fill", "#102030"],
      ["fill_rect", 0, 0, 20, 20],
      ["set_stroke", "#00ff00"],
      [
        "begin_path",
      ],
      ["move_to", 0, 10],
      ["line_to", 20, 10],
      ["stroke"],
    ],
  });
  const t = await setup(model, 10, 5);
  const blank = t.screen.cell(3, 0);
  assertEquals([blank.char.trim(), blank.bg], ["", "#102030"]);
  const line = t.screen.cell(3, 2);
  assertEquals([line.fg, line.bg], ["#00ff00", "#102030"]);
  t.dispose();
});
