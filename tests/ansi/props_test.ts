/**
 * One prop name per meaning in the terminal (docs/sdk.md): `password`,
 * image `data` with `format: "rgba"`, text `align`, theme role colors; the
 * older spellings (`secret`, `kind: "password"`, `rgba`, `text_align`) still
 * read on the wire.
 */
import { assertEquals } from "../_util/assert.ts";
import { modelOf, setup } from "./_util.ts";

Deno.test("ansi props: password masking by `password`, and the older spellings", async () => {
  for (const mask of [{ password: true }, { secret: true }, { kind: "password" }]) {
    const t = await setup(
      modelOf({ id: 1, type: "input", value: "hunter2", ...mask }),
      10,
      1,
      { autoFocus: false },
    );
    assertEquals(t.screen.lines()[0].trimEnd(), "•••••••", JSON.stringify(mask));
    t.dispose();
  }
  const t = await setup(modelOf({ id: 1, type: "input", value: "plain" }), 10, 1);
  assertEquals(t.screen.lines()[0].trimEnd(), "plain");
  t.dispose();
});

Deno.test("ansi props: image pixels in `data` with format rgba, or the older `rgba`", async () => {
  // 1 x 2 pixels: red over blue, one half-block cell.
  const px = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]);
  for (const props of [{ data: px, format: "rgba" }, { rgba: px }]) {
    const t = await setup(
      modelOf({
        id: 1,
        type: "box",
        children: [{ id: 2, type: "image", width: 1, height: 2, ...props }],
      }),
      4,
      1,
    );
    const c = t.screen.cell(0, 0);
    assertEquals([c.char, c.fg, c.bg], ["▀", "#ff0000", "#0000ff"], Object.keys(props).join());
    t.dispose();
  }
  // An encoded image shows its alt text in a box.
  const t = await setup(
    modelOf({ id: 1, type: "image", data: new Uint8Array(8), format: "png", alt: "logo" }),
    8,
    3,
  );
  assertEquals(t.screen.lines(), ["╭──────╮", "│logo  │", "╰──────╯"]);
  t.dispose();
});

Deno.test("ansi props: text `align` (and `text_align`); theme roles as colors", async () => {
  const t = await setup(
    modelOf({
      id: 1,
      type: "box",
      children: [
        { id: 2, type: "text", content: "mid", align: "center" },
        { id: 3, type: "text", content: "end", text_align: "right" },
        { id: 4, type: "text", content: "accent", color: "accent" },
      ],
    }),
    9,
    3,
  );
  assertEquals(t.screen.lines(), ["   mid", "      end", "accent"]);
  assertEquals(t.screen.cell(0, 2).fg, "#89b4fa");
  t.dispose();
});
